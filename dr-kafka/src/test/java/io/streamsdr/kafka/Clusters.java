package io.streamsdr.kafka;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The clusters of one test class, started with dr-testkit's {@link EmbeddedKafka} fixture, each in its own
 * directory under {@code target/kafka-it/<test>-<random>/}, and the test data helpers dr-kafka's tests share.
 */
final class Clusters implements AutoCloseable {
    /** How the tests wait for MirrorMaker 2: every 200 ms, for up to 90 s. */
    static final PollPolicy FAST = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(200)), Duration.ofSeconds(90));
    private final Map<String, EmbeddedKafka> started = new LinkedHashMap<>();
    private final Path base;

    Clusters(String testName) {
        this.base = Path.of("target", "kafka-it", testName + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    }

    /** Starts one more cluster and describes it under {@code alias}. */
    KafkaCluster start(String alias) {
        EmbeddedKafka kafka = EmbeddedKafka.named(alias).withDirectory(base.resolve(alias)).start();
        started.put(alias, kafka);
        return KafkaCluster.named(alias).withBootstrapServers(kafka.bootstrapServers()).build();
    }

    /** The fixture of the cluster started under {@code alias}. */
    EmbeddedKafka fixture(String alias) {
        return started.get(alias);
    }

    /** Creates the topics on the cluster started under the cluster's alias, returning once their leaders answer. */
    void createTopics(KafkaCluster cluster, int partitions, String... topics) {
        started.get(cluster.alias()).createTopics(partitions, topics);
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaCluster cluster, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p);
    }

    /** Writes {@code count} records with unique keys {@code prefix-i} and one header, spread over the topics by key. */
    static void produce(KafkaCluster cluster, String prefix, int count, String... topics) {
        try (KafkaProducer<byte[], byte[]> p = producer(cluster, null)) {
            for (int i = 0; i < count; i++) {
                p.send(record(topics[i % topics.length], prefix + "-" + i));
            }
            p.flush();
        }
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                ("value of " + key).getBytes(StandardCharsets.UTF_8));
        r.headers().add("origin", key.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** A consumer group that reads every partition of the topics to the log end and commits. */
    static void consumeToEnd(KafkaCluster cluster, String group, String... topics) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t).forEach(pi -> tps.add(new TopicPartition(t, pi.partition())));
            }
            c.assign(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200));
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            tps.forEach(tp -> commit.put(tp, new OffsetAndMetadata(c.position(tp))));
            c.commitSync(commit);
        }
    }

    static Map<TopicPartition, Long> groupOffsets(KafkaCluster cluster, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> out.put(tp, o == null ? -1 : o.offset()));
            return out;
        }
    }

    static MirrorConfig.Builder testConfig(KafkaCluster source, KafkaCluster target) {
        return MirrorConfig.from(source).to(target).withReplicationFactor(1).withInternalReplicationFactor(1)
                .withRefreshInterval(Duration.ofSeconds(1))
                .withOffsetFlushInterval(Duration.ofMillis(500));
    }

    /** Closes every cluster, last started first; each deletes its directory. */
    @Override
    public void close() {
        List<EmbeddedKafka> all = new ArrayList<>(started.values());
        java.util.Collections.reverse(all);
        RuntimeException failure = null;
        for (EmbeddedKafka k : all) {
            try {
                k.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
