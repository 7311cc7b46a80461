package io.streamsdr.drill;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.WaitResult;
import io.streamsdr.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka post-restore check: write one uniquely keyed record to new production and read it back
 * from the backup cluster, where only the restarted forward mirror can have put it.
 */
final class Sentinel {
    private Sentinel() {
    }

    /**
     * Writes the sentinel to {@code topic} on {@code from}, then reads {@code topic} on {@code to} from
     * the end offsets it had before the write, until the sentinel arrives or {@code within} passes
     * (real time: Kafka runs in real time).
     *
     * @return what happened, in words
     * @throws IllegalStateException when the sentinel did not arrive in time
     */
    static String roundTrip(KafkaCluster from, KafkaCluster to, String topic, Duration within) throws Exception {
        String key = "streams-dr-sentinel-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(to))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            ends.forEach(consumer::seek);
            RecordMetadata written;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(from))) {
                written = producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        "round trip".getBytes(StandardCharsets.UTF_8))).get();
            }
            // Kafka runs in real time: the wait is on the real-time poller, each look a 200 ms consumer poll.
            Wait<Optional<ConsumerRecord<byte[], byte[]>>> arrived = Wait.<Optional<ConsumerRecord<byte[], byte[]>>>until(
                            "sentinel " + key + " to reach " + to.alias(), () -> {
                                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                        return Optional.of(r);
                                    }
                                }
                                return Optional.empty();
                            })
                    .withSuccessWhen(Optional::isPresent)
                    .withStateDescription(r -> r.isPresent() ? "arrived" : "not yet");
            try {
                WaitResult<Optional<ConsumerRecord<byte[], byte[]>>> seen = Poller.system().await(arrived,
                        new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(1)), within));
                ConsumerRecord<byte[], byte[]> r = seen.value().orElseThrow().orElseThrow();
                return "written to " + from.alias() + " " + topic + "-" + written.partition() + "@" + written.offset() + ", read on "
                        + to.alias() + " " + topic + "-" + r.partition() + "@" + r.offset() + " after " + seen.elapsed().toMillis()
                        + " ms (real time)";
            } catch (TimedOutException e) {
                throw new IllegalStateException("sentinel " + key + " written to " + from.alias() + " " + topic + "-" + written.partition() + "@"
                        + written.offset() + " did not reach " + to.alias() + " within " + within.toSeconds() + " s: is the forward mirror running?",
                        e);
            }
        }
    }

    private static Properties consumerProps(KafkaCluster cluster) {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    private static Properties producerProps(KafkaCluster cluster) {
        Properties p = new Properties();
        p.putAll(cluster.clientProperties());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

}
