package io.streamsdr.drill.readme;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.BackupSet;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunOptions;
import io.streamsdr.drill.LocalStreams;
import io.streamsdr.drill.StreamsDrill;
import io.streamsdr.kafka.VerificationReport;
import io.streamsdr.kafka.ZeroLossVerifier;
import io.streamsdr.testkit.ScaledClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's worked example: the Streams failover as a JUnit 5 DR drill on the local parts (three
 * KRaft clusters with the real MirrorMaker 2, the in-memory RDS on real MariaDB servers, the mock Kubernetes API with the
 * fake Velero, the real Helm engine) on a clock running 60 times faster than real time. After the
 * README's part, the test looks at the world itself: what Helm changed, what Kafka holds, and that
 * nothing is left running.
 */
class StreamsDrillExampleTest {

    private final List<InetSocketAddress> ports = new ArrayList<>();
    private Path runDirectory;

    // README:drill-junit:start
    // given: void whatTheDrillDid(LocalStreams streams, StreamsDrill drill, DrillReport report)
    @Test
    @Timeout(300)
    void theStreamsFailoverDrillMeetsItsObjectives(@TempDir Path reports) throws Exception {
        try (LocalStreams streams = LocalStreams.builder(Path.of("target", "drill")).start()) {
            ScaledClock clock = streams.clock(); // 1 real second = 1 simulated minute
            RunOptions options = RunOptions.defaults().withTime(clock, clock);

            // Before the disaster: a recovery point of every component, in parallel.
            StreamsDrill drill = StreamsDrill.of(streams, StreamsDrill.OBJECTIVES);
            BackupSet backups = drill.installation().backupAll(options);
            assertThat(backups.succeeded()).isTrue();

            streams.disaster(); // production Kafka lost, namespace deleted, database failed

            // The failover (composed now, from the newest backups), previewed against what is left.
            FailoverPreview preview = drill.failover().preview(options);
            assertThat(preview.ready()).as(preview.toText()).isTrue();

            DrillReport report = drill.drill()   // post-restore checks and teardown come with the recipe
                    .verify("new production holds every record of the backup", () -> {
                        VerificationReport copy = ZeroLossVerifier.between(streams.backup(), streams.newProduction()).verify(Poller.system());
                        if (!copy.exact()) {
                            throw new AssertionError(copy.toString());
                        }
                        return copy.toString();
                    })
                    .run(options.onEvents(PlanListener.console(System.out)));

            Files.writeString(reports.resolve("report.html"), report.toHtml());
            assertThat(report).passed()
                    .meetsRto(Duration.ofMinutes(45))
                    .meetsRpo(Duration.ofMinutes(15))
                    .verificationHeld("new production holds every record of the backup");
            whatTheDrillDid(streams, drill, report); // the build checks more than a drill needs to: see below
        }
    }
    // README:drill-junit:end

    /** What the drill did, seen from the parts themselves. */
    private void whatTheDrillDid(LocalStreams streams, StreamsDrill drill, DrillReport report) throws IOException {
        runDirectory = streams.runDirectory();
        ports.add(loopback(port(streams.production().bootstrapServers())));
        ports.add(loopback(port(streams.backup().bootstrapServers())));
        ports.add(loopback(port(streams.newProduction().bootstrapServers())));
        ports.add(loopback(URI.create(streams.kubernetes().url()).getPort()));
        ports.addAll(streams.engine().listening().values()); // the production database's MariaDB server
        Failover failover = drill.failover();
        assertThat(failover.plan().step("helm-upgrade").orElseThrow().dependencies())
                .containsExactlyInAnyOrder("velero-restore", "rds-restore", "kafka.publish-bootstrap");
        assertThat(failover.plan().step("kafka.restart-forward").orElseThrow().dependencies()).contains("helm-upgrade");
        // The critical path runs through the 20-minute RDS restore, or through the Kafka branch when its real
        // seconds (scaled x60) add up to more on a loaded machine; either way it ends with the one upgrade.
        assertThat(report).plan().succeeded();
        List<String> critical = report.plan().orElseThrow().criticalPath();
        assertThat(critical.subList(critical.size() - 2, critical.size())).containsExactly("helm-upgrade", "kafka.restart-forward");
        assertThat(critical.get(0)).isIn("rds-restore", "kafka.stop-forward");
        assertThat(report.plan().orElseThrow().step("rds-restore").orElseThrow().duration().orElseThrow()).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(23));
        assertThat(report.plan().orElseThrow().step("velero-restore").orElseThrow().duration().orElseThrow()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
        assertThat(report.rpo()).containsOnlyKeys("rds", "kafka", "namespace streams");
        assertThat(report.preconditions()).hasSize(6).allMatch(c -> c.passed());
        assertThat(report.verifications()).hasSize(4).allMatch(c -> c.passed());
        assertThat(report.teardown()).allMatch(c -> c.passed()).extracting(c -> c.name()).containsExactly(
                "uninstall the restored release and delete namespace 'streams'",
                "delete the restored RDS instance 'streams-dr'",
                "stop the restarted forward mirror");
        // One Helm revision carried both values (the teardown uninstalled it after): the restored database and new production.
        String restoredHost = report.plan().orElseThrow().step("rds-restore").orElseThrow().outputs().get("rds-restore.endpoint.address");
        String restoredPort = report.plan().orElseThrow().step("rds-restore").orElseThrow().outputs().get("rds-restore.endpoint.port");
        ports.add(new InetSocketAddress(restoredHost, Integer.parseInt(restoredPort))); // the restored database's MariaDB server
        assertThat(restoredHost).startsWith("127.0.0.").isNotEqualTo(streams.oldDatabaseHost());
        assertThat(report.verifications().get(0).detail()).startsWith("SELECT 1 answered by MariaDB 11.4.5-MariaDB at " + restoredHost + ":"
                + restoredPort + " (database streams) as 'streams': instance streams-dr");
        // Evidence from data: every component compared what came back with production just before the disaster.
        assertThat(report.evidence()).extracting(e -> e.component()).containsExactly("rds", "kafka", "namespace streams");
        assertThat(report).dataCheckPassed("rds", streams.baselines().get(0).count() / 2)
                .dataCheckPassed("kafka", streams.recordsWritten())
                .dataCheckPassed("namespace streams", 4) // the chart's two Deployments and ConfigMap, and streams-settings
                .dataRpoAtMost("rds", Duration.ofMinutes(15)).dataRpoAtMost("kafka", Duration.ofMinutes(15))
                .dataRpoAtMost("namespace streams", Duration.ofMinutes(15));
        assertThat(report.evidence("rds").orElseThrow().lostWithinRpo()).as("rows written after the snapshot").isPositive();
        // The restore step measures from the snapshot to its restore request, after the disaster and the preview; the data from the
        // newest heartbeat in the snapshot to the disaster: never more, and more than nothing (rows came after the snapshot).
        assertThat(report.dataRpo().get("rds")).isPositive().isLessThanOrEqualTo(report.rpo().get("rds"));
        assertThat(report.toJson()).doesNotContain(streams.databaseConnection().password().reveal());
        assertThat(report.verifications().get(2).detail()).contains("DB_HOST=" + restoredHost,
                "KAFKA_BOOTSTRAP_SERVERS=" + streams.newProduction().bootstrapServers());
        assertThat(report.verifications().get(1).detail()).contains("written to new-production", "read on backup");
        // the teardown deleted the restored instance: it is deleting, or (2 simulated minutes later) gone
        assertThat(streams.rds().describeDBInstances().dbInstances()).extracting(i -> i.dbInstanceIdentifier() + " " + i.dbInstanceStatus())
                .filteredOn(s -> s.startsWith("streams-dr ")).isSubsetOf("streams-dr deleting");
        assertThat(report.toJson()).doesNotContain("password");
    }

    /** Nothing is left running or on disk after the drill's world closed. */
    @AfterEach
    void nothingIsLeftBehind() {
        if (runDirectory == null) {
            return; // the world never started; the test failed for that reason
        }
        assertThat(runDirectory).doesNotExist();
        assertThat(ports).hasSizeGreaterThanOrEqualTo(6);
        for (InetSocketAddress address : ports) {
            assertThat(accepts(address)).as("something still listens on " + address).isFalse();
        }
    }

    private static int port(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
