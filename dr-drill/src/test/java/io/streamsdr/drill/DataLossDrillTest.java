package io.streamsdr.drill;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.BackupSet;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.ScaledClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drill loses data on purpose, on the real parts, and reports exactly that loss: table {@code events} is
 * out of the database while the RDS snapshot is taken (dropped before the backup completed, back right after),
 * a ConfigMap changes after the Velero backup, and Streams goes on writing rows after the snapshot. The first
 * two fail the drill, each named; the rows written after the snapshot are loss within the RPO; Kafka, untouched,
 * passes.
 */
class DataLossDrillTest {

    @Test
    @Timeout(300)
    void theDrillReportsExactlyTheDataItLost() {
        try (LocalStreams streams = LocalStreams.builder(Path.of("target", "drill-loss")).withRecords(2_000).start()) {
            ScaledClock clock = streams.clock();
            RunOptions options = RunOptions.defaults().withTime(clock, clock);
            StreamsDrill drill = StreamsDrill.of(streams, StreamsDrill.OBJECTIVES);

            streams.engine().execute(LocalStreams.DB_INSTANCE, "RENAME TABLE streams.events TO streams.events_aside");
            BackupSet backups = drill.installation().backupAll(options);
            streams.engine().execute(LocalStreams.DB_INSTANCE, "RENAME TABLE streams.events_aside TO streams.events");
            streams.client().configMaps().inNamespace(LocalStreams.NAMESPACE).withName(LocalStreams.SETTINGS)
                    .edit(c -> new ConfigMapBuilder(c).addToData("featureFlag", "off").build());
            long written = streams.rowsWritten();
            Poller.system().await(Wait.until("20 more rows written after the snapshot", streams::rowsWritten)
                    .withSuccessWhen(n -> n >= written + 20), new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(100)), Duration.ofSeconds(60)));
            streams.disaster();
            DrillReport report = drill.drill().run(options);

            assertThat(backups.succeeded()).isTrue();
            assertThat(report).didNotPass().dataCheckPassed("kafka", streams.recordsWritten());
            assertThat(report.plan().orElseThrow().succeeded()).isTrue();
            DataEvidence rds = report.evidence("rds").orElseThrow();
            assertThat(rds.unexplained()).as(rds.summary()).isEqualTo(1);
            assertThat(rds.differences().get(0).toString()).matches("missing streams\\.events: table missing on 127\\.0\\.0\\.\\d+:\\d+ "
                    + "\\(it had \\d+ rows at the disaster\\)");
            assertThat(rds.lostWithinRpo()).as("orders written after the snapshot").isGreaterThanOrEqualTo(20);
            assertThat(rds.differences()).filteredOn(DataEvidence.Difference::withinRpo)
                    .allSatisfy(d -> assertThat(d.toString()).startsWith("missing streams.orders: id "));
            DataEvidence namespace = report.evidence("namespace streams").orElseThrow();
            assertThat(namespace.differenceCount()).isEqualTo(1);
            assertThat(namespace.differences().get(0).toString())
                    .matches("changed ConfigMap/streams-settings: digest [0-9a-f]{16} at the disaster, [0-9a-f]{16} restored");
            assertThat(report.failures()).hasSize(2).satisfiesExactly(
                    f -> assertThat(f).startsWith("data check of rds failed: ").contains("1 difference the restore point does not explain, "
                            + "first: missing streams.events: table missing on "),
                    f -> assertThat(f).startsWith("data check of namespace streams failed: ").contains("first: changed ConfigMap/streams-settings"));
            assertThat(report.toText()).contains("[FAILED] rds", "[ok]     kafka", "[FAILED] namespace streams");
        }
    }
}
