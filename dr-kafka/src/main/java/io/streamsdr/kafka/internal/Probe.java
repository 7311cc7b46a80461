package io.streamsdr.kafka.internal;

import io.streamsdr.core.Poller;
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
     * without one are absent. Reads through {@code poller} for at most {@code timeout}.
     *
     * @param where the cluster read, for messages ("Kafka cluster 'prod' (h:9092)")
     * @throws io.streamsdr.core.CallFailedException when the cluster cannot be read
     * @throws io.streamsdr.core.TimedOutException  when a range is not read within {@code timeout}
     */
    public static Map<TopicPartition, Long> firstCommitted(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, long[]> ranges,
            Poller poller, Duration timeout, String where) {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (ranges.isEmpty()) {
            return found;
        }
        String call = "read committed records of " + where;
        Set<TopicPartition> pending = new HashSet<>(ranges.keySet());
        try {
            KafkaCalls.call(call, () -> {
                reader.assign(ranges.keySet());
                ranges.forEach((tp, r) -> reader.seek(tp, r[0]));
                return null;
            });
            KafkaCalls.readUntil(poller, "the first committed record of " + ranges.size() + " offset ranges of " + where + " to be read",
                    timeout, () -> KafkaCalls.call(call, () -> {
                        for (ConsumerRecord<byte[], byte[]> rec : reader.poll(Duration.ofMillis(100))) {
                            TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
                            if (pending.remove(tp)) {
                                if (rec.offset() < ranges.get(tp)[1]) {
                                    found.put(tp, rec.timestamp());
                                } // else past the range: nothing committed inside it
                                reader.pause(Set.of(tp));
                            }
                        }
                        pending.removeIf(tp -> reader.position(tp) >= ranges.get(tp)[1]);
                        return pending.isEmpty();
                    }), () -> pending.size() + " ranges left: " + pending);
        } finally {
            reader.unsubscribe(); // the next probe starts from a clean assignment, none paused
        }
        return found;
    }
}
