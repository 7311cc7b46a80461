package io.streamsdr.drill;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What Streams does to Kafka in the drill: its topics, records written by a producer, and a consumer group that reads them. */
final class StreamsTraffic {
    private static final PollPolicy READY = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(100)), Duration.ofSeconds(30));

    private StreamsTraffic() {
    }


    /**
     * Writes {@code count} records with unique keys {@code <topic>-<i>} and one header, round robin over
     * the topics, stamped with {@code clock}'s time (so lag in time reads on the drill's clock).
     *
     * @return records written per topic
     */
    static Map<String, Long> produce(KafkaCluster cluster, Clock clock, List<String> topics, int count) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Long> perTopic = new LinkedHashMap<>();
        topics.forEach(t -> perTopic.put(t, 0L));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                String topic = topics.get(i % topics.size());
                String key = topic + "-" + i;
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, clock.millis(),
                        key.getBytes(StandardCharsets.UTF_8), ("{\"event\":" + i + ",\"payload\":\"value of " + key + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                record.headers().add("origin", "streams-drill".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                perTopic.merge(topic, 1L, Long::sum);
            }
            producer.flush();
        }
        return perTopic;
    }

    /**
     * A consumer group that reads every partition of the topics to the log end and commits there.
     *
     * @return the records it read
     */
    static long consumeToEnd(KafkaCluster cluster, String group, List<String> topics) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(pi -> partitions.add(new TopicPartition(t, pi.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            partitions.forEach(tp -> commit.put(tp, new OffsetAndMetadata(consumer.position(tp))));
            consumer.commitSync(commit);
        }
        return read;
    }

    /** A group's committed offsets on a cluster. */
    static Map<TopicPartition, Long> groupOffsets(KafkaCluster cluster, String group) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> out.put(tp, o == null ? -1 : o.offset()));
            return out;
        }
    }
}
