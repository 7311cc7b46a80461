package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunContext;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka data check on two real KRaft clusters: production, and a "restored" cluster that holds what a
 * restore brought back (written here record by record, same keys, values, headers and timestamps). Records
 * written after the newest one restored are loss within the RPO; an older one missing, or one production
 * never held, fails the check, each listed.
 */
class KafkaDataCheckTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static Clusters clusters;
    static KafkaCluster production;
    static KafkaCluster restored;

    @BeforeAll
    static void start() {
        clusters = new Clusters("KafkaDataCheckTest");
        production = clusters.start("production");
        restored = clusters.start("restored");
        clusters.createTopics(production, 2, "streams.events", "streams.audit");
        clusters.createTopics(restored, 2, "streams.events", "streams.audit");
        // production: events e0..e9 one second apart; audit a0..a3
        write(production, "streams.events", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), "e");
        write(production, "streams.audit", List.of(0, 1, 2, 3), "a");
        // restored: events e0..e6 (the restore point is e6, at 12:00:06); audit without a1, plus one nobody wrote
        write(restored, "streams.events", List.of(0, 1, 2, 3, 4, 5, 6), "e");
        write(restored, "streams.audit", List.of(0, 2, 3, 42), "a");
    }

    @AfterAll
    static void stop() {
        clusters.close();
    }

    static void write(KafkaCluster cluster, String topic, List<Integer> ids, String prefix) {
        try (KafkaProducer<byte[], byte[]> p = Clusters.producer(cluster, null)) {
            for (int i : ids) {
                ProducerRecord<byte[], byte[]> r = Clusters.record(topic, prefix + i);
                p.send(new ProducerRecord<>(topic, i % 2, T0.plusSeconds(i).toEpochMilli(), r.key(), r.value(), r.headers()));
            }
            p.flush();
        }
    }

    static RunContext at(Instant now) {
        VirtualClock clock = VirtualClock.startingAt(now);
        return RunContext.of(Poller.using(clock, clock));
    }

    @Test
    void recordsWrittenAfterTheNewestRestoredRecordAreLossWithinTheRpo() {
        KafkaDataCheck check = KafkaDataCheck.builder("kafka", production).restoredOn(restored).withTopics("streams\\.events").build();
        DataBaseline before = check.capture(at(T0.plusSeconds(20)));

        DataEvidence e = check.verify(at(T0.plusSeconds(60)), before);

        assertThat(before.items().keySet()).containsExactly("streams.events-0", "streams.events-1");
        assertThat(before.count()).isEqualTo(10);
        assertThat(before.newestHeartbeat()).contains(T0.plusSeconds(9));
        assertThat(e.passed()).as(e.summary()).isTrue();
        assertThat(e.summary()).isEqualTo("7 records compared; 3 records lost within the RPO (written after the newest heartbeat restored); "
                + "newest heartbeat restored 2026-03-01T12:00:06Z, RPO from data 14s");
        assertThat(e.differences()).extracting(d -> d.item() + " " + d.detail().replaceAll("[0-9a-f]{16}", "H") + " " + d.withinRpo())
                .containsExactlyInAnyOrder("streams.events-1 record H, written 2026-03-01T12:00:07Z true",
                        "streams.events-0 record H, written 2026-03-01T12:00:08Z true",
                        "streams.events-1 record H, written 2026-03-01T12:00:09Z true");
    }

    @Test
    void anOlderRecordMissingAndARecordProductionNeverHeldFailTheCheck() {
        KafkaDataCheck check = KafkaDataCheck.builder("kafka", production).restoredOn(restored).withTopics("streams\\.audit").build();
        DataBaseline before = check.capture(at(T0.plusSeconds(60)));

        DataEvidence e = check.verify(at(T0.plusSeconds(90)), before);

        assertThat(e.passed()).isFalse();
        assertThat(e.unexplained()).isEqualTo(2);
        assertThat(e.restoredHeartbeat()).contains(T0.plusSeconds(42));
        assertThat(e.differences()).extracting(d -> d.kind() + " " + d.item() + " " + d.detail().replaceAll("[0-9a-f]{16}", "H"))
                .containsExactly("EXTRA streams.audit-0 record H: not on production at the disaster, written 2026-03-01T12:00:42Z",
                        "MISSING streams.audit-1 record H, written 2026-03-01T12:00:01Z");
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> KafkaDataCheck.builder("kafka", production).build()).hasMessage(
                "Invalid restored cluster of 'kafka': must be given: add restoredOn(newProduction)");
        assertThatThrownBy(() -> KafkaDataCheck.builder(" ", production)).hasMessage("Invalid component of the Kafka check: must not be blank");
        assertThatThrownBy(() -> KafkaDataCheck.builder("kafka", production).withTopics("streams.(")).hasMessage(
                "Invalid topics of 'kafka' 'streams.(': must be a valid Java regular expression: Unclosed group near index 9");
        KafkaDataCheck check = KafkaDataCheck.builder("kafka", production).restoredOn(restored).build();
        assertThatThrownBy(() -> check.verify(at(T0), DataBaseline.of("kafka", "records", T0, List.of(), Optional.empty()))).hasMessage(
                "Invalid data baseline of 'kafka': was not captured by a Kafka check: pass what capture(ctx) returned");
        assertThat(check.toBuilder().withTimeout(Duration.ofSeconds(30)).build()).hasToString(
                "KafkaDataCheck[kafka: " + MirrorConfig.DEFAULT_TOPICS + " of production against restored]");
    }
}
