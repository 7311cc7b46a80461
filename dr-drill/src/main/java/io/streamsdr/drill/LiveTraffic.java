package io.streamsdr.drill;

import io.streamsdr.kafka.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streams at work until the disaster: one record at a fixed real-time rate to a production topic,
 * stamped with the drill's clock, so that the mirror is never idle and a failover's RPO is the
 * mirror's real lag at the disaster, not the age of a batch written at start-up.
 */
final class LiveTraffic implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();

    private LiveTraffic(KafkaCluster cluster, Clock clock, String topic, Duration every) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streams-live-traffic");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            long n = sent.incrementAndGet();
            String key = "live-" + n;
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, clock.millis(), key.getBytes(StandardCharsets.UTF_8),
                    ("{\"event\":\"live\",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
            record.headers().add("origin", "streams-drill".getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    acked.incrementAndGet();
                }
            });
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts writing one record to {@code topic} every {@code every} of real time. */
    static LiveTraffic start(KafkaCluster cluster, Clock clock, String topic, Duration every) {
        return new LiveTraffic(cluster, clock, topic, every);
    }

    /** Records production acknowledged so far. */
    long acknowledged() {
        return acked.get();
    }

    /** Stops writing and waits (up to 5 s) for the records in flight to be acknowledged. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
