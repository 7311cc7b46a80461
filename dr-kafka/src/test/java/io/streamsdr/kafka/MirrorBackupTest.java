package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Wait;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Backup with a real MirrorMaker 2 between two real KRaft clusters. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorBackupTest {
    static final Poller REAL_TIME = Poller.system();
    static Clusters kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;

    @BeforeAll
    static void clusters() {
        kafka = new Clusters("backup");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        kafka.createTopics(prod, 3, "streams.a", "streams.b", "other");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    @Order(1)
    void backupMirrorsDataAndGroupsAndReportsLagAsRpo() throws Exception {
        Clusters.produce(prod, "first", 3000, "streams.a", "streams.b", "other");
        Clusters.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        MirrorConfig config = Clusters.testConfig(prod, backup).build();
        try (Mirror forward = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            MirrorLag before = monitor.lag(REAL_TIME);
            assertThat(before.caughtUp()).isFalse();
            assertThat(before.lagRecords()).isEqualTo(2000); // 'other' is not mirrored

            forward.start(REAL_TIME);
            MirrorLag done = monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ofMillis(500));
            assertThat(done.caughtUp()).isTrue();
            assertThat(done.partitions()).hasSize(6).allSatisfy(p -> assertThat(p.lagTime()).isZero());

            assertThat(monitor.backupTopics()).contains("streams.a", "streams.b", "heartbeats", "prod.checkpoints.internal",
                    "mm2-offsets.prod.internal", "mm2-offset-syncs.prod.internal").doesNotContain("other", "prod.streams.a");
            VerificationReport report = ZeroLossVerifier.between(prod, backup).verify(REAL_TIME);
            assertThat(report.exact()).as(report.toString()).isTrue();
            assertThat(report.sourceRecords()).isEqualTo(2000);

            monitor.awaitGroupsTranslated(REAL_TIME, Clusters.FAST);
            assertThat(Clusters.groupOffsets(backup, "billing")).isEqualTo(Clusters.groupOffsets(prod, "billing"));

            KafkaBackupTarget target = KafkaBackupTarget.watching(monitor).withName("kafka").withMaxLag(Duration.ofSeconds(30))
                    .withPollPolicy(Clusters.FAST).build();
            RunContext ctx = RunContext.of(REAL_TIME);
            ProtectionStatus healthy = target.protectionStatus(ctx);
            assertThat(healthy.healthy()).as(healthy.toString()).isTrue();
            assertThat(healthy.rpo()).hasValueSatisfying(rpo -> assertThat(rpo).isLessThan(Duration.ofSeconds(30)));
            // the lag over the whole mirror rides on the status, for the monitor's meters: caught up, so 0 records
            assertThat(healthy.replicationLag()).hasValueSatisfying(lag -> {
                assertThat(lag.records()).isZero();
                assertThat(lag.time()).isEqualTo(healthy.rpo().orElseThrow());
            });
            assertThat(target.kind()).isEqualTo("kafka");
            assertThat(target.expectedInterval()).as("a mirror copies continuously: nothing is due").isEmpty();

            Instant t = Instant.now();
            Clusters.produce(prod, "second", 600, "streams.a", "streams.b");
            RecoveryPoint point = target.takeRecoveryPoint(ctx);
            assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.SYNC_POINT);
            assertThat(point.capturedAt()).isAfterOrEqualTo(t);
            assertThat(point.attributes()).containsEntry("flow", "prod->backup").containsEntry("sourceEndOffsetsSum", "2600");
            assertThat(target.recoveryPoints(ctx)).containsExactly(point);
            assertThat(ZeroLossVerifier.between(prod, backup).verify(REAL_TIME).lost()).isZero();
            // a changed copy keeps the monitor, starts with no sync points
            KafkaBackupTarget renamed = target.toBuilder().withName("kafka-eu").build();
            assertThat(renamed.name()).isEqualTo("kafka-eu");
            assertThat(renamed.maxLag()).isEqualTo(Duration.ofSeconds(30));
            assertThat(renamed.monitor()).isSameAs(monitor);
            assertThat(renamed.recoveryPoints(ctx)).isEmpty();
        }
    }

    @Test
    @Order(2)
    void lagInTimeMakesTheTargetUnhealthyWhenTheMirrorIsStopped() {
        MirrorConfig config = Clusters.testConfig(prod, backup).build();
        try (Mirror stopped = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(stopped)) {
            Clusters.produce(prod, "unmirrored", 30, "streams.a");
            KafkaBackupTarget target = KafkaBackupTarget.watching(monitor).withMaxLag(Duration.ZERO).build();
            ProtectionStatus status = target.protectionStatus(RunContext.of(REAL_TIME));
            assertThat(status.healthy()).isFalse();
            assertThat(status.reason()).hasValueSatisfying(r -> assertThat(r).contains("mirror lag", "is not running"));
            assertThat(status.replicationLag()).as("an unhealthy mirror still reports its lag")
                    .hasValueSatisfying(lag -> {
                        assertThat(lag.records()).isEqualTo(30);
                        assertThat(lag.time()).isEqualTo(status.rpo().orElseThrow()).isPositive();
                    });
            assertThat(monitor.lag(REAL_TIME).lagRecords()).isEqualTo(30);
            assertThat(monitor.lag(REAL_TIME).maxLagTime()).isPositive();
        }
    }

    @Test
    @Order(3)
    void aMirrorThatCannotBeReadIsAnUnhealthyStatusWithoutRpo() {
        MirrorConfig config = Clusters.testConfig(prod, backup).build();
        Mirror unreadable = new Mirror() {
            @Override
            public MirrorConfig config() {
                return config;
            }

            @Override
            public void start(Poller poller) {
            }

            @Override
            public void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller) {
            }

            @Override
            public void stop(Poller poller) {
            }

            @Override
            public boolean isRunning() {
                return true;
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout) {
                throw new CallFailedException("read MirrorMaker 2's offsets topic on Kafka cluster 'backup'", new IOException("disk on fire"));
            }

            @Override
            public void close() {
            }
        };
        try (MirrorMonitor monitor = MirrorMonitor.of(unreadable)) {
            ProtectionStatus status = KafkaBackupTarget.watching(monitor).build().protectionStatus(RunContext.of(REAL_TIME));
            assertThat(status.healthy()).isFalse();
            assertThat(status.rpo()).isEmpty();
            assertThat(status.replicationLag()).as("nothing measured, no lag").isEmpty();
            assertThat(status.reason()).hasValue("cannot measure the mirror: Call failed: read MirrorMaker 2's offsets topic on"
                    + " Kafka cluster 'backup': disk on fire");
        }
    }

    @Test
    @Order(4)
    void stoppedMidStreamAndRestartedLosesNothing() throws Exception {
        MirrorConfig config = Clusters.testConfig(prod, backup).build();
        Thread writer = new Thread(() -> Clusters.produce(prod, "stream", 40_000, "streams.a", "streams.b"));
        try (Mirror forward = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            forward.start(REAL_TIME);
            writer.start();
            // stop as soon as MM2 has copied part of the stream
            REAL_TIME.await(Wait.until("some copying", () -> committedSum(forward)).withSuccessWhen(n -> n > 3000), Clusters.FAST);
            forward.stop(REAL_TIME);
            writer.join();
            forward.start(REAL_TIME);
            monitor.awaitDone(REAL_TIME, Clusters.FAST, Duration.ofMillis(500));
        }
        VerificationReport report = ZeroLossVerifier.between(prod, backup).verify(REAL_TIME);
        assertThat(report.lost()).as(report.toString()).isZero();
        assertThat(report.unexpected()).isZero();
    }

    private static long committedSum(Mirror m) {
        Map<TopicPartition, Long> c = m.committedOffsets(REAL_TIME, Duration.ofSeconds(10));
        return c.values().stream().mapToLong(Long::longValue).sum();
    }
}
