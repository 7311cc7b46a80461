package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
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
    static final PollPolicy FAST = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(200)), Duration.ofSeconds(90));
    static KafkaPair kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;

    @BeforeAll
    static void clusters() throws Exception {
        kafka = new KafkaPair("backup");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        KafkaPair.createTopics(prod, 3, "streams.a", "streams.b", "other");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    @Order(1)
    void backupMirrorsDataAndGroupsAndReportsLagAsRpo() throws Exception {
        KafkaPair.produce(prod, "first", 3000, "streams.a", "streams.b", "other");
        KafkaPair.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        MirrorConfig config = KafkaPair.testConfig(prod, backup).build();
        try (Mirror forward = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            MirrorLag before = monitor.lag();
            assertThat(before.caughtUp()).isFalse();
            assertThat(before.lagRecords()).isEqualTo(2000); // 'other' is not mirrored

            forward.start();
            MirrorLag done = monitor.awaitDone(Poller.system(), FAST, Duration.ofMillis(500));
            assertThat(done.caughtUp()).isTrue();
            assertThat(done.partitions()).hasSize(6).allSatisfy(p -> assertThat(p.lagTime()).isZero());

            assertThat(monitor.backupTopics()).contains("streams.a", "streams.b", "heartbeats", "prod.checkpoints.internal",
                    "mm2-offsets.prod.internal", "mm2-offset-syncs.prod.internal").doesNotContain("other", "prod.streams.a");
            VerificationReport report = ZeroLossVerifier.between(prod, backup).verify();
            assertThat(report.exact()).as(report.toString()).isTrue();
            assertThat(report.sourceRecords()).isEqualTo(2000);

            monitor.awaitGroupsTranslated(Poller.system(), FAST);
            assertThat(KafkaPair.groupOffsets(backup, "billing")).isEqualTo(KafkaPair.groupOffsets(prod, "billing"));

            KafkaBackupTarget target = KafkaBackupTarget.watching(monitor).withName("kafka").withMaxLag(Duration.ofSeconds(30))
                    .withPollPolicy(FAST).build();
            ProtectionStatus healthy = target.protectionStatus();
            assertThat(healthy.healthy()).as(healthy.toString()).isTrue();
            assertThat(healthy.rpo()).isLessThan(Duration.ofSeconds(30));

            Instant t = Instant.now();
            KafkaPair.produce(prod, "second", 600, "streams.a", "streams.b");
            RecoveryPoint point = target.takeRecoveryPoint();
            assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.SYNC_POINT);
            assertThat(point.capturedAt()).isAfterOrEqualTo(t);
            assertThat(target.recoveryPoints()).containsExactly(point);
            assertThat(ZeroLossVerifier.between(prod, backup).verify().lost()).isZero();
        }
    }

    @Test
    @Order(2)
    void lagInTimeMakesTheTargetUnhealthyWhenTheMirrorIsStopped() throws Exception {
        MirrorConfig config = KafkaPair.testConfig(prod, backup).build();
        try (Mirror stopped = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(stopped)) {
            KafkaPair.produce(prod, "unmirrored", 30, "streams.a");
            KafkaBackupTarget target = KafkaBackupTarget.watching(monitor).withMaxLag(Duration.ZERO).build();
            ProtectionStatus status = target.protectionStatus();
            assertThat(status.healthy()).isFalse();
            assertThat(status.reason()).contains("mirror lag", "is not running");
            assertThat(monitor.lag().lagRecords()).isEqualTo(30);
            assertThat(monitor.lag().maxLagTime()).isPositive();
        }
    }

    @Test
    @Order(3)
    void stoppedMidStreamAndRestartedLosesNothing() throws Exception {
        MirrorConfig config = KafkaPair.testConfig(prod, backup).build();
        Thread writer = new Thread(() -> {
            try {
                KafkaPair.produce(prod, "stream", 40_000, "streams.a", "streams.b");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Mirror forward = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            forward.start();
            writer.start();
            // stop as soon as MM2 has copied part of the stream
            Poller.system().await(io.streamsdr.core.Wait.until("some copying", () -> committedSum(forward))
                    .withSuccessWhen(n -> n > 3000), FAST);
            forward.stop();
            writer.join();
            forward.start();
            monitor.awaitDone(Poller.system(), FAST, Duration.ofMillis(500));
        }
        VerificationReport report = ZeroLossVerifier.between(prod, backup).verify();
        assertThat(report.lost()).as(report.toString()).isZero();
        assertThat(report.unexpected()).isZero();
    }

    private static long committedSum(Mirror m) {
        Map<TopicPartition, Long> c = m.committedOffsets(Duration.ofSeconds(10));
        return c.values().stream().mapToLong(Long::longValue).sum();
    }
}
