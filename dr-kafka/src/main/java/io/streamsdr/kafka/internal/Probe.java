package io.streamsdr.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks for committed records in offset ranges with a read_committed consumer. Transaction markers
 * and aborted records are skipped by the consumer, so "no record in [from, to)" means nothing there
 * needs copying, even when end offsets differ.
 */
public final class Probe {
    private Probe() {
    }

    /**
     * The timestamp of the first committed record in {@code [from, to)} per partition; partitions
     * without one are absent.
     */
    public static Map<TopicPartition, Long> firstCommitted(KafkaConsumer<byte[], byte[]> reader,
            Map<TopicPartition, long[]> ranges, Duration timeout) {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (ranges.isEmpty()) {
            return found;
        }
        reader.assign(ranges.keySet());
        ranges.forEach((tp, r) -> reader.seek(tp, r[0]));
        Set<TopicPartition> pending = new HashSet<>(ranges.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> rec : reader.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                if (pending.contains(tp) && rec.offset() < ranges.get(tp)[1]) {
                    found.put(tp, rec.timestamp());
                    pending.remove(tp);
                    reader.pause(Set.of(tp));
                } else if (pending.contains(tp)) {
                    pending.remove(tp); // past the range: nothing committed inside it
                    reader.pause(Set.of(tp));
                }
            }
            pending.removeIf(tp -> reader.position(tp) >= ranges.get(tp)[1]);
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + pending + " within " + timeout);
            }
        }
        reader.unsubscribe();
        return found;
    }
}
