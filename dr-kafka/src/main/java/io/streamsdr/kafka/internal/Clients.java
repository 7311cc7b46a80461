package io.streamsdr.kafka.internal;

import io.streamsdr.core.CallFailedException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients made from a cluster's client properties; none of them commits a consumer group. A client
 * Kafka refuses to make is a {@link CallFailedException}; one whose MSK IAM library is missing an
 * {@link io.streamsdr.core.InvalidConfigurationException} naming the artifact, before any connection.
 */
public final class Clients {
    private Clients() {
    }

    public static Admin admin(Map<String, String> cluster) {
        Map<String, Object> p = new HashMap<>(cluster);
        p.put("client.id", "streams-dr-admin-" + UUID.randomUUID());
        p.putIfAbsent("request.timeout.ms", "15000");
        p.putIfAbsent("default.api.timeout.ms", "30000");
        return create("an admin client", cluster, () -> Admin.create(p));
    }

    /** A read_committed consumer with no group: it assigns partitions and never commits. */
    public static KafkaConsumer<byte[], byte[]> reader(Map<String, String> cluster) {
        Map<String, Object> p = new HashMap<>(cluster);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "streams-dr-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // never create a topic by looking at it (an auto-created MM2 offsets topic is not compacted and kills the worker)
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return create("a consumer", cluster, () -> new KafkaConsumer<>(p));
    }

    /**
     * A reader for probes that need one record per partition: small fetches, so a look at a partition
     * far behind does not pull megabytes (the broker still returns at least one batch).
     */
    public static KafkaConsumer<byte[], byte[]> probe(Map<String, String> cluster) {
        Map<String, String> p = new HashMap<>(cluster);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "16384");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "262144");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        return reader(p);
    }

    public static KafkaProducer<byte[], byte[]> writer(Map<String, String> cluster) {
        Map<String, Object> p = new HashMap<>(cluster);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "streams-dr-writer-" + UUID.randomUUID());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return create("a producer", cluster, () -> new KafkaProducer<>(p));
    }

    /** A client made now; Kafka's refusal (an unresolvable bootstrap server, a bad setting) as a {@link CallFailedException}. */
    private static <T> T create(String what, Map<String, String> cluster, Supplier<T> make) {
        SaslLibraries.requireMskIam(cluster, "Kafka at " + cluster.get("bootstrap.servers"));
        try {
            return make.get();
        } catch (KafkaException e) {
            throw new CallFailedException("create " + what + " for Kafka at " + cluster.get("bootstrap.servers"), e);
        }
    }
}
