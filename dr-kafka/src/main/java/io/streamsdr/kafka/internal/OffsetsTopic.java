package io.streamsdr.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The Connect offsets topic that MirrorMaker 2's source connector commits to: which upstream offset
 * it has copied last, per source partition. Keys are {@code ["<connector>",{"cluster":..,"partition":..,"topic":..}]},
 * values {@code {"offset":N}}, both written by Connect's JsonConverter without schemas.
 *
 * <p>Reads incrementally with one long-lived read_committed consumer. Not thread-safe.
 */
public final class OffsetsTopic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, String> cluster;
    private final String topic;
    private final String connector;
    private final String sourceAlias;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    public OffsetsTopic(Map<String, String> targetCluster, String topic, String connector, String sourceAlias) {
        this.cluster = targetCluster;
        this.topic = topic;
        this.connector = connector;
        this.sourceAlias = sourceAlias;
    }

    /** The last copied upstream offset per source partition, read up to the topic's current end. */
    public Map<TopicPartition, Long> lastCopied(Duration timeout) {
        if (consumer == null) {
            Map<String, String> props = new HashMap<>(cluster);
            props.put("fetch.max.wait.ms", "50"); // a new commit is seen within 50 ms, not fetch.max.wait.ms (500 ms)
            KafkaConsumer<byte[], byte[]> c = Clients.reader(props);
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
                return Map.of(); // MM2 has not created it yet: nothing copied
            }
            List<TopicPartition> tps = new ArrayList<>();
            infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            consumer = c;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read MirrorMaker 2's offsets topic '" + topic + "' to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                apply(r.key(), r.value());
            }
        }
        return Map.copyOf(committed);
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(byte[] key, byte[] value) {
        if (key == null) {
            return;
        }
        try {
            JsonNode k = JSON.readTree(key);
            if (!k.isArray() || k.size() != 2 || !connector.equals(k.get(0).asText())) {
                return;
            }
            JsonNode part = k.get(1);
            if (!part.has("cluster") || !part.has("topic") || !part.has("partition") || !sourceAlias.equals(part.get("cluster").asText())) {
                return;
            }
            TopicPartition tp = new TopicPartition(part.get("topic").asText(), part.get("partition").asInt());
            if (value == null) {
                committed.remove(tp);
                return;
            }
            JsonNode v = JSON.readTree(value);
            if (v != null && v.has("offset")) {
                committed.put(tp, v.get("offset").asLong());
            }
        } catch (java.io.IOException e) {
            // not a record of MM2's source connector
        }
    }

    /**
     * Writes "last copied = next - 1" for each partition, before MM2 starts, so that it resumes exactly
     * at {@code next}. Creates the topic as Connect would (compacted) when it does not exist yet.
     */
    public void seed(Map<TopicPartition, Long> next, int partitions, short replicationFactor) throws ExecutionException, InterruptedException {
        try (Admin admin = Clients.admin(cluster)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                            .configs(Map.of("cleanup.policy", "compact")))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        try (JsonConverter keys = new JsonConverter(); JsonConverter values = new JsonConverter();
                KafkaProducer<byte[], byte[]> producer = Clients.writer(cluster)) {
            keys.configure(Map.of("schemas.enable", "false"), true);
            values.configure(Map.of("schemas.enable", "false"), false);
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                // The same map MirrorUtils.wrapPartition builds (a HashMap), so the key bytes match MM2's own.
                Map<String, Object> partition = new HashMap<>();
                partition.put("topic", e.getKey().topic());
                partition.put("partition", e.getKey().partition());
                partition.put("cluster", sourceAlias);
                byte[] k = keys.fromConnectData(connector, null, List.of(connector, partition));
                Map<String, Object> offset = new LinkedHashMap<>();
                offset.put("offset", e.getValue() - 1);
                byte[] v = values.fromConnectData(connector, null, offset);
                producer.send(new ProducerRecord<>(topic, k, v)).get();
            }
        }
    }

    /** Partitions known. */
    public Set<TopicPartition> known() {
        return committed.keySet();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }
}
