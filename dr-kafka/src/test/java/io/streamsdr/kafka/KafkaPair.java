package io.streamsdr.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Real single-node KRaft clusters in this JVM, each in a private directory under target/ (a broker
 * whose log dir vanishes halts the JVM, so nothing shares java.io.tmpdir).
 */
@SuppressWarnings("try")
final class KafkaPair implements AutoCloseable {
    private final List<KafkaClusterTestKit> kits = new ArrayList<>();
    private final Path base;

    KafkaPair(String testName) {
        this.base = Path.of("target", "kafka-it", testName + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    }

    /** Starts one more cluster and describes it under {@code alias}. */
    KafkaCluster start(String alias) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(base.resolve(alias)).build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                // abort a killed producer's transaction soon after its timeout (default: checked every 10 s)
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
                .setConfigProp("transaction.max.timeout.ms", "900000")
                .build();
        kits.add(kit);
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return KafkaCluster.named(alias).withBootstrapServers(kit.bootstrapServers()).build();
    }

    static void createTopics(KafkaCluster cluster, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            List<NewTopic> list = new ArrayList<>();
            for (String t : topics) {
                list.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(list).all().get();
            awaitReady(admin, List.of(topics));
        }
    }

    /**
     * Waits until every partition of the topics answers ListOffsets, i.e. its leader has opened it.
     * Writing earlier races the partition's creation: an idempotent producer's first batch can fail
     * with NOT_LEADER while its second succeeds, and the retried first batch then fails with
     * OutOfOrderSequence forever.
     */
    static void awaitReady(Admin admin, List<String> topics) {
        io.streamsdr.core.Poller.system().await(io.streamsdr.core.Wait.until("topics " + topics + " to be ready", () -> {
            try {
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> req = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions().forEach(
                        p -> req.put(new TopicPartition(d.name(), p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
                admin.listOffsets(req).all().get();
                return true;
            } catch (Exception e) {
                return false;
            }
        }).withSuccessWhen(Boolean::booleanValue), new io.streamsdr.core.PollPolicy(java.time.Duration.ZERO,
                io.streamsdr.core.Backoff.fixed(java.time.Duration.ofMillis(100)), java.time.Duration.ofSeconds(30)));
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
    static void produce(KafkaCluster cluster, String prefix, int count, String... topics) throws Exception {
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

    @Override
    public void close() throws Exception { // NOPMD
        for (KafkaClusterTestKit kit : kits) {
            kit.close();
        }
        deleteTree(base);
    }

    /** Removes a directory tree the clusters left (their data under target/). */
    static void deleteTree(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
