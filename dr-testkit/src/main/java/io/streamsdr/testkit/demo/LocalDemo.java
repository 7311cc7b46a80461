package io.streamsdr.testkit.demo;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A full Streams failover, run by the real plan engine on simulated services and a
 * {@link VirtualClock}: about 25 minutes of recovery in about a second.
 *
 * <pre>
 * ./mvnw -B -q -Pdemo -DskipTests verify -pl dr-testkit -am
 * </pre>
 *
 * <p>The plan is the runbook's: restore the Kubernetes namespace (Velero), the database (RDS) and
 * the Kafka data (MirrorMaker 2 failback) in parallel; then ONE Helm upgrade that points Streams at
 * the restored database and Kafka; wait for the rollout; restart the forward mirror; verify. The
 * demo prints the preview, the progress, and the report; writes {@code report.json} and
 * {@code report.html}; and exits non-zero when the plan fails or misses an objective
 * (RTO 45 minutes, RPO 15 minutes).
 *
 * <p>Options: {@code --out <dir>} where the reports go (default {@code target/demo});
 * {@code --rds-restore-minutes <n>} how long the simulated RDS restore takes (default 20; try 50 to
 * see the RTO missed).
 */
public final class LocalDemo {

    /** The restored database's endpoint: published by the RDS restore, read by the Helm upgrade. */
    public static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
    /** The Kafka cluster Streams should use again: published by the failback, read by the Helm upgrade. */
    public static final StepOutput<String> KAFKA_BOOTSTRAP = StepOutput.string("kafka.bootstrap.servers");

    /** The objectives the demo is measured against. */
    public static final Objectives OBJECTIVES = Objectives.none()
            .withRto(Duration.ofMinutes(45))
            .withRpo(Duration.ofMinutes(15));

    private static final Duration DEFAULT_RDS_RESTORE = Duration.ofMinutes(20);

    private LocalDemo() {
    }

    /** Runs the demo; exits with 1 when the plan failed or missed an objective, 2 on bad arguments. */
    public static void main(String[] args) {
        int exitCode = run(args, System.out);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Runs the demo, printing to {@code out}.
     *
     * @return 0 when the plan succeeded and met its objectives, 1 when not, 2 on bad arguments
     * @throws UncheckedIOException when the reports cannot be written
     */
    public static int run(String[] args, PrintStream out) {
        Path outDir = Path.of("target", "demo");
        Duration rdsRestore = DEFAULT_RDS_RESTORE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            if (arg.equals("--out") && hasValue) {
                outDir = Path.of(args[++i]);
            } else if (arg.equals("--rds-restore-minutes") && hasValue && args[i + 1].matches("\\d{1,4}")) {
                rdsRestore = Duration.ofMinutes(Integer.parseInt(args[++i]));
            } else {
                out.println("Unknown or incomplete argument '" + arg + "'.");
                out.println("Usage: LocalDemo [--out <dir>] [--rds-restore-minutes <n>]");
                return 2;
            }
        }

        // 1. The world before the disaster, on simulated time: the newest RDS snapshot is 5 minutes
        //    old, and the mirror to the backup Kafka cluster is 4 seconds behind.
        VirtualClock clock = VirtualClock.create();
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withKind(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withKind(RecoveryPoint.Kind.SYNC_POINT);
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        Instant disasterAt = clock.instant();

        // 2. The plan: look at it before running it.
        RestorePlan plan = failoverPlan(rds, kafka, disasterAt, rdsRestore);
        out.println(plan.preview().toText());

        // 3. Run it on the virtual clock, with progress on the console.
        PlanReport report = plan.execute(RunOptions.defaults()
                .withTime(clock, clock)
                .onEvents(PlanListener.console(out)));

        // 4. The evidence.
        out.println();
        out.println(report.toText());
        writeReports(report, outDir);
        out.println("Reports: " + outDir.resolve("report.json") + " and " + outDir.resolve("report.html"));

        boolean passed = report.succeeded() && report.objectivesMet();
        out.println(passed ? "Failover drill PASSED." : "Failover drill FAILED: see the report above.");
        return passed ? 0 : 1;
    }

    /**
     * The Streams failover as a plan. The step actions simulate the services; with the real
     * providers only the actions change, not the plan's shape.
     *
     * @param rds        the protected database; the restore uses its newest recovery point
     * @param kafka      the protected Kafka cluster; its newest sync point says what the failback keeps
     * @param disasterAt when the disaster struck: data after the newest recovery point before it is lost
     * @param rdsRestore how long the simulated RDS restore takes
     */
    public static RestorePlan failoverPlan(FakeBackupTarget rds, FakeBackupTarget kafka, Instant disasterAt,
            Duration rdsRestore) {
        return RestorePlan.builder("streams-failover")
                .withObjectives(OBJECTIVES)

                .withStep(Step.named("velero-restore")
                        .withDescription("Velero: restore namespace 'streams' from the newest Completed backup")
                        .withAction(ctx -> {
                            SimulatedOperation restore = SimulatedOperation.start(ctx, Duration.ofMinutes(3));
                            ctx.poller().await(Wait.until("Velero restore 'streams-failover' to complete",
                                            () -> restore.isDone() ? "Completed" : "InProgress")
                                    .withSuccessWhen("Completed"::equals), every(Duration.ofSeconds(30)));
                        }))

                .withStep(Step.named("rds-restore")
                        .withDescription("RDS: restore instance 'streams-dr' from the newest snapshot")
                        .publishes(DB_HOST)
                        .withAction(ctx -> {
                            RecoveryPoint snapshot = rds.recoveryPoints().get(0);
                            ctx.recordRpo("rds", Duration.between(snapshot.capturedAt(), disasterAt));
                            ctx.progress("restoring from " + snapshot.id() + ", captured at " + snapshot.capturedAt());
                            SimulatedOperation restore = SimulatedOperation.start(ctx, rdsRestore);
                            ctx.poller().await(Wait.until("RDS instance 'streams-dr' to be available",
                                            () -> restore.isDone() ? "available" : "creating")
                                    .withSuccessWhen("available"::equals), every(Duration.ofMinutes(1)));
                            ctx.publish(DB_HOST, "streams-dr.cluster-local.example");
                        }))

                .withStep(Step.named("kafka-failback")
                        .withDescription("MirrorMaker 2: stop the forward mirror, mirror backup -> new production until lag is 0")
                        .publishes(KAFKA_BOOTSTRAP)
                        .withAction(ctx -> {
                            RecoveryPoint syncPoint = kafka.recoveryPoints().get(0);
                            ctx.recordRpo("kafka", Duration.between(syncPoint.capturedAt(), disasterAt));
                            long recordsToReplay = 240_000;
                            SimulatedOperation mirror = SimulatedOperation.start(ctx, Duration.ofMinutes(8));
                            ctx.poller().await(Wait.until("reverse mirror to catch up",
                                            () -> Math.round(recordsToReplay * (1 - mirror.fractionDone())))
                                    .withSuccessWhen(lag -> lag == 0)
                                    .withStateDescription(lag -> "lag " + lag + " records"), every(Duration.ofMinutes(1)));
                            ctx.progress("reverse mirror stopped");
                            ctx.publish(KAFKA_BOOTSTRAP, "b-1.streams-prod-2.kafka.local:9092,b-2.streams-prod-2.kafka.local:9092");
                        }))

                .withStep(Step.named("helm-upgrade")
                        .withDescription("Helm: upgrade release 'streams' to use the restored database and Kafka, in one rollout")
                        .dependsOn("velero-restore", "rds-restore", "kafka-failback")
                        .consumes(DB_HOST, KAFKA_BOOTSTRAP)
                        .withAction(ctx -> {
                            ctx.progress("--set externalizedMariadb.host=" + ctx.input(DB_HOST));
                            ctx.progress("--set externalizedKafka.bootstrapServers=" + ctx.input(KAFKA_BOOTSTRAP));
                            ctx.sleep(Duration.ofMinutes(1));
                        }))

                .withStep(Step.named("rollout-wait")
                        .withDescription("Kubernetes: wait until every Streams deployment is ready")
                        .dependsOn("helm-upgrade")
                        .withAction(ctx -> {
                            int replicas = 8;
                            SimulatedOperation rollout = SimulatedOperation.start(ctx, Duration.ofMinutes(2));
                            ctx.poller().await(Wait.until("Streams deployments to be ready",
                                            () -> (int) Math.floor(replicas * rollout.fractionDone()))
                                    .withSuccessWhen(ready -> ready == replicas)
                                    .withStateDescription(ready -> ready + "/" + replicas + " ready"), every(Duration.ofSeconds(15)));
                        }))

                .withStep(Step.named("restart-forward-mirror")
                        .withDescription("MirrorMaker 2: mirror new production -> backup again, so the next disaster is covered")
                        .dependsOn("rollout-wait")
                        .withAction(ctx -> ctx.sleep(Duration.ofMinutes(1))))

                .withStep(Step.named("verify")
                        .withDescription("Smoke test: Streams answers and reads from the restored database and Kafka")
                        .dependsOn("restart-forward-mirror")
                        .consumes(DB_HOST, KAFKA_BOOTSTRAP)
                        .withAction(ctx -> {
                            ctx.progress("database " + ctx.input(DB_HOST) + " reachable");
                            ctx.progress("kafka " + ctx.input(KAFKA_BOOTSTRAP) + " reachable");
                            ctx.sleep(Duration.ofSeconds(30));
                        }))
                .build();
    }

    /** Look every {@code interval}, first after one interval, for at most two hours. */
    private static PollPolicy every(Duration interval) {
        return PollPolicy.defaults()
                .withInitialDelay(interval)
                .withBackoff(Backoff.fixed(interval))
                .withTimeout(Duration.ofHours(2));
    }

    /** A remote operation that takes a known time on the run's clock: what a service's status call would show. */
    private static final class SimulatedOperation {
        private final Clock clock;
        private final Instant startedAt;
        private final Duration takes;

        private SimulatedOperation(Clock clock, Duration takes) {
            this.clock = clock;
            this.startedAt = clock.instant();
            this.takes = takes;
        }

        static SimulatedOperation start(StepContext ctx, Duration takes) {
            return new SimulatedOperation(ctx.clock(), takes);
        }

        boolean isDone() {
            return fractionDone() >= 1.0;
        }

        double fractionDone() {
            Duration elapsed = Duration.between(startedAt, clock.instant());
            return takes.isZero() ? 1.0 : Math.min(1.0, (double) elapsed.toNanos() / takes.toNanos());
        }
    }

    private static void writeReports(PlanReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), report.toJson());
            Files.writeString(dir.resolve("report.html"), report.toHtml());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the reports into " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
