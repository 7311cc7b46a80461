package io.streamsdr.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Poller;
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
import org.apache.kafka.clients.consumer.CloseOptions;
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
    private final String where;
    private final String topic;
    private final String connector;
    private final String sourceAlias;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param targetCluster the client properties of the cluster that holds the topic
     * @param where         that cluster, for messages ("Kafka cluster 'backup' (h:9092)")
     */
    public OffsetsTopic(Map<String, String> targetCluster, String where, String topic, String connector, String sourceAlias) {
        this.cluster = targetCluster;
        this.where = where;
        this.topic = topic;
        this.connector = connector;
        this.sourceAlias = sourceAlias;
    }

    /**
     * The last copied upstream offset per source partition, read up to the topic's current end through
     * {@code poller}, for at most {@code timeout}.
     *
     * @throws io.streamsdr.core.CallFailedException when the topic cannot be read
     * @throws io.streamsdr.core.TimedOutException  when it is not read to its end in time
     */
    public Map<TopicPartition, Long> lastCopied(Poller poller, Duration timeout) {
        String call = "read MirrorMaker 2's offsets topic '" + topic + "' on " + where;
        if (consumer == null) {
            Map<String, String> props = new HashMap<>(cluster);
            props.put("fetch.max.wait.ms", "50"); // a new commit is seen within 50 ms, not fetch.max.wait.ms (500 ms)
            KafkaConsumer<byte[], byte[]> c = Clients.reader(props);
            List<PartitionInfo> infos;
            try {
                infos = KafkaCalls.call(call, () -> c.partitionsFor(topic, timeout));
            } catch (RuntimeException e) {
                c.close(CloseOptions.timeout(Duration.ZERO));
                throw e;
            }
            if (infos == null || infos.isEmpty()) {
                c.close(CloseOptions.timeout(Duration.ZERO));
                return Map.of(); // MM2 has not created it yet: nothing copied
            }
            List<TopicPartition> tps = new ArrayList<>();
            infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            consumer = c;
        }
        Map<TopicPartition, Long> end = KafkaCalls.call(call, () -> consumer.endOffsets(consumer.assignment(), timeout));
        KafkaCalls.readUntil(poller, "MirrorMaker 2's offsets topic '" + topic + "' on " + where + " to be read to its end", timeout,
                () -> KafkaCalls.call(call, () -> {
                    if (caughtUp(end)) {
                        return true;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        apply(r.key(), r.value());
                    }
                    return caughtUp(end);
                }), () -> "read up to " + positions() + " of " + end);
        return Map.copyOf(committed);
    }

    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> p = new HashMap<>();
        consumer.assignment().forEach(tp -> p.put(tp, consumer.position(tp)));
        return p;
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
     *
     * @throws io.streamsdr.core.CallFailedException when the topic cannot be created or written
     */
    public void seed(Map<TopicPartition, Long> next, int partitions, short replicationFactor) {
        try (Admin admin = Clients.admin(cluster)) {
            if (!KafkaCalls.get(admin.listTopics().names(), "ListTopics of " + where).contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                            .configs(Map.of("cleanup.policy", "compact")))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new CallFailedException("CreateTopics '" + topic + "' on " + where, e.getCause());
                    }
                } catch (InterruptedException e) {
                    throw KafkaCalls.interrupted("CreateTopics '" + topic + "' on " + where);
                }
            }
        }
        String call = "write MirrorMaker 2's start offsets to '" + topic + "' on " + where;
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
                KafkaCalls.get(producer.send(new ProducerRecord<>(topic, k, v)), call);
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
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }
}
