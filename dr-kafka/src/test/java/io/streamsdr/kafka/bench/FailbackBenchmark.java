package io.streamsdr.kafka.bench;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Step;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.KafkaCluster;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.kafka.Mirror;
import io.streamsdr.kafka.MirrorConfig;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Failback throughput: our failback path (reverse MM2 started by the plan, "done" detected by
 * MirrorMonitor) against a single-thread consume→produce copy loop, on the same 200,000 records of
 * 1 KB over 2 topics × 3 partitions, in pairs whose order alternates (MM2 first, then the copy loop first), the first
 * pair a warm-up that is discarded; it prints every pair, the median, min, max and inter-quartile range of the ratios,
 * and the machine's load average. Run with
 * {@code ./mvnw -B -q -Pbench-failback -DskipTests verify -pl dr-kafka -am}. Prints figures; asserts nothing.
 */
public final class FailbackBenchmark {
    static final int RECORDS = Integer.getInteger("bench.records", 200_000);
    static final int PAIRS = Integer.getInteger("bench.pairs", 7);
    static final PollPolicy LANDING = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(20)), Duration.ofMinutes(10));

    private FailbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of("target", "kafka-bench", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddedKafka backupKafka = EmbeddedKafka.named("backup").withDirectory(base.resolve("backup")).start();
                EmbeddedKafka prodKafka = EmbeddedKafka.named("prod2").withDirectory(base.resolve("prod2")).start()) {
            KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers(backupKafka.bootstrapServers()).build();
            KafkaCluster newProd = KafkaCluster.named("prod2").withBootstrapServers(prodKafka.bootstrapServers()).build();
            double loadBefore = os.getSystemLoadAverage();
            System.out.printf("Failback benchmark: %,d records of 1 KB over 2 topics x 3 partitions, %d pairs (pair 0 is a warm-up, discarded),"
                    + " order alternating (MM2 first in even pairs), %d cores, load average %.1f at start%n",
                    RECORDS, PAIRS, Runtime.getRuntime().availableProcessors(), loadBefore);
            List<double[]> rows = new ArrayList<>();
            for (int rep = 0; rep < PAIRS; rep++) {
                String prefix = "r" + rep;
                createAndFill(backupKafka, prefix);
                boolean mm2First = rep % 2 == 0;
                Result mm2;
                Result copy;
                if (mm2First) {
                    mm2 = failbackPath(backup, newProd, prefix);
                    copy = copyLoop(backup, prodKafka, prefix);
                } else {
                    copy = copyLoop(backup, prodKafka, prefix);
                    mm2 = failbackPath(backup, newProd, prefix);
                }
                System.out.printf("pair %d%s (%s first, load %.1f)  MM2 failback: total %,8.0f rec/s  steady %,8.0f rec/s  start-up %5d ms"
                                + "  done detected %4d ms after last record  | copy loop: total %,8.0f rec/s  steady %,8.0f rec/s"
                                + "  | ratio total %.2f steady %.2f%n",
                        rep, rep == 0 ? " [warm-up]" : "", mm2First ? "MM2" : "copy", os.getSystemLoadAverage(), mm2.total, mm2.steady,
                        mm2.startupMs, mm2.detectionMs, copy.total, copy.steady, mm2.total / copy.total, mm2.steady / copy.steady);
                if (rep > 0) {
                    rows.add(new double[] {mm2.total, mm2.steady, copy.total, copy.steady, mm2.detectionMs, mm2.startupMs,
                            mm2.total / copy.total, mm2.steady / copy.steady});
                }
            }
            if (rows.isEmpty()) {
                System.out.println("no measured pair: run with -Dbench.pairs=2 or more");
                return;
            }
            System.out.printf("ratio MM2/copy loop over %d measured pairs: start-up included median %.2f (min %.2f, max %.2f, IQR %.2f-%.2f;"
                            + " goal >= 0.8), steady median %.2f (min %.2f, max %.2f, IQR %.2f-%.2f; goal >= 0.9)%n", rows.size(),
                    median(col(rows, 6)), min(col(rows, 6)), max(col(rows, 6)), quantile(col(rows, 6), 0.25), quantile(col(rows, 6), 0.75),
                    median(col(rows, 7)), min(col(rows, 7)), max(col(rows, 7)), quantile(col(rows, 7), 0.25), quantile(col(rows, 7), 0.75));
            System.out.printf("medians: MM2 total %,.0f rec/s, MM2 steady %,.0f rec/s, copy loop total %,.0f rec/s, copy loop steady %,.0f rec/s,"
                            + " MM2 start-up %.0f ms (min %.0f, max %.0f), done detected %.0f ms after the last record (goal <= 1000)%n",
                    median(col(rows, 0)), median(col(rows, 1)), median(col(rows, 2)), median(col(rows, 3)), median(col(rows, 5)),
                    min(col(rows, 5)), max(col(rows, 5)), median(col(rows, 4)));
            System.out.printf("load average %.1f at start, %.1f at end (2 cores: above 2 the figures are noisy)%n", loadBefore, os.getSystemLoadAverage());
        }
    }

    /** The MM2 tuning the benchmark uses; docs/kafka.md explains each setting. */
    static MirrorConfig.Builder tuned(MirrorConfig.Builder b, String source, String target) {
        return b.withTasksMax(Integer.getInteger("bench.tasks", 2))
                .withProperty(target + ".offset.storage.partitions", "5")
                .withProperty(target + ".status.storage.partitions", "1")
                .withProperty(target + ".producer.linger.ms", "20")
                .withProperty(target + ".producer.batch.size", "524288")
                .withProperty(target + ".producer.buffer.memory", "134217728")
                .withProperty(target + ".producer.compression.type", "none")
                .withProperty(target + ".producer.max.request.size", "4194304")
                .withProperty(source + ".consumer.max.poll.records", "4000")
                .withProperty(source + ".consumer.fetch.min.bytes", "262144")
                .withProperty(source + ".consumer.fetch.max.wait.ms", "50")
                .withProperty(source + ".consumer.max.partition.fetch.bytes", "4194304")
                .withProperty(source + ".consumer.fetch.max.bytes", "16777216");
    }

    record Result(double total, double steady, long startupMs, long detectionMs) {
    }

    static Result failbackPath(KafkaCluster backup, KafkaCluster newProd, String prefix) throws Exception {
        // the forward mirror of the lost production: only its configuration matters here (it is not running)
        KafkaCluster lost = KafkaCluster.named("prod").withBootstrapServers("localhost:1").build();
        MirrorConfig forwardConfig = tuned(MirrorConfig.from(lost).to(backup), "prod", "backup")
                .withTopics(prefix + "\\..*").withReplicationFactor(1).withInternalReplicationFactor(1)
                .withRefreshInterval(Duration.ofSeconds(1)).withOffsetFlushInterval(Duration.ofMillis(100)).build();
        Mirror forward = Mirror.inProcess(forwardConfig);
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).withStableWindow(Duration.ZERO)
                .withPollPolicy(new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(100)), Duration.ofMinutes(10))).build();
        Set<String> timed = Set.of("kafka.stop-forward", "kafka.start-reverse", "kafka.await-reverse", "kafka.stop-reverse");
        RestorePlan.Builder plan = RestorePlan.builder("bench-" + prefix);
        for (Step s : failback.restoreSteps().steps()) {
            if (timed.contains(s.id())) {
                plan.withStep(s);
            }
        }
        List<TopicPartition> tps = partitions(prefix);
        AtomicReference<Instant[]> landed = new AtomicReference<>();
        AtomicReference<Instant> committedAt = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            landed.set(watchLanding(newProd, tps));
            // when MM2's committed offsets (what "done" reads) reached the last record: splits the detection delay.
            // Its own reader (a second handle on the same flow), so that it never holds up the plan's looks.
            try (Mirror reader = Mirror.inProcess(failback.reverseConfig())) {
                Poller.system().await(Wait.until("MM2 to commit the last offsets",
                        () -> reader.committedOffsets(Poller.system(), Duration.ofSeconds(5)).values().stream().mapToLong(Long::longValue).sum())
                        .withSuccessWhen(n -> n >= RECORDS - tps.size()), LANDING);
            }
            committedAt.set(Instant.now());
        });
        watcher.start();
        Instant start = Instant.now();
        AtomicReference<Instant> doneAt = new AtomicReference<>();
        io.streamsdr.core.PlanListener onDone = new io.streamsdr.core.PlanListener() {
            @Override
            public void stepProgress(String stepId, String message, Instant at) {
                if (Boolean.getBoolean("bench.trace")) {
                    System.out.println("    " + Instant.now() + " " + stepId + ": " + message.substring(0, Math.min(160, message.length())));
                }
                if (message.startsWith("mirroring done")) {
                    doneAt.compareAndSet(null, Instant.now());
                }
            }
        };
        PlanReport report = plan.build().execute(io.streamsdr.core.RunOptions.defaults().onEvents(onDone)).throwIfFailed();
        watcher.join();
        Instant done = doneAt.get() != null ? doneAt.get() : report.step("kafka.await-reverse").orElseThrow().endedAt().orElseThrow();
        try (io.streamsdr.kafka.MirrorMonitor m = io.streamsdr.kafka.MirrorMonitor.of(failback.mirrors().reverse().orElseThrow())) {
            m.lag(Poller.system());
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                m.lag(Poller.system());
            }
            System.out.printf("  (one lag() look takes %d ms on this machine now)%n", (System.nanoTime() - t0) / 5_000_000);
        }
        Instant first = landed.get()[0];
        System.out.printf("  (last record landed at %s; MM2 committed the last offsets %d ms after the last record landed)%n", landed.get()[1],
                Duration.between(landed.get()[1], committedAt.get()).toMillis());
        Instant last = landed.get()[1];
        return new Result(RECORDS / secs(start, last), RECORDS / secs(first, last), Duration.between(start, first).toMillis(),
                Duration.between(last, done).toMillis());
    }

    /** When the first record and the last record landed on the target (end offsets polled every 20 ms). */
    static Instant[] watchLanding(KafkaCluster target, List<TopicPartition> tps) {
        Instant[] firstLast = new Instant[2];
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.bootstrapServers()))) {
            Poller.system().await(Wait.until("records to land", () -> sumEnds(admin, tps)).withSuccessWhen(n -> {
                if (n > 0 && firstLast[0] == null) {
                    firstLast[0] = Instant.now();
                }
                if (n >= RECORDS) {
                    firstLast[1] = Instant.now();
                    return true;
                }
                return false;
            }).withAcceptor(io.streamsdr.core.Acceptor.retryOnError(e -> true)), LANDING);
        }
        return firstLast;
    }

    static long sumEnds(Admin admin, List<TopicPartition> tps) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            tps.stream().filter(tp -> existing.contains(tp.topic())).forEach(tp -> req.put(tp, OffsetSpec.latest()));
            if (req.size() < tps.size()) {
                return 0;
            }
            return admin.listOffsets(req).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One thread: assign all six partitions, poll, send asynchronously, flush at the end. */
    static Result copyLoop(KafkaCluster source, EmbeddedKafka target, String prefix) {
        List<TopicPartition> tps = partitions(prefix);
        target.createTopics(3, "copy." + prefix + ".a", "copy." + prefix + ".b");
        Instant start = Instant.now();
        Instant first = null;
        long copied = 0;
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", source.bootstrapServers());
        c.put("key.deserializer", ByteArrayDeserializer.class);
        c.put("value.deserializer", ByteArrayDeserializer.class);
        c.put("max.poll.records", 2000);
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", target.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class);
        p.put("value.serializer", ByteArraySerializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (copied < RECORDS) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (first == null) {
                        first = Instant.now();
                    }
                    producer.send(new ProducerRecord<>("copy." + r.topic(), r.partition(), r.key(), r.value(), r.headers()));
                    copied++;
                }
            }
            producer.flush();
        }
        Instant end = Instant.now();
        return new Result(RECORDS / secs(start, end), RECORDS / secs(first, end), Duration.between(start, first).toMillis(), 0);
    }

    static void createAndFill(EmbeddedKafka cluster, String prefix) {
        cluster.createTopics(3, prefix + ".a", prefix + ".b");
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class);
        p.put("value.serializer", ByteArraySerializer.class);
        p.put("linger.ms", 20);
        p.put("batch.size", 262144);
        SplittableRandom random = new SplittableRandom(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = new byte[1000];
                random.nextBytes(value);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(i % 2 == 0 ? prefix + ".a" : prefix + ".b",
                        ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
                r.headers().add("h", new byte[] {(byte) i});
                producer.send(r);
            }
            producer.flush();
        }
    }

    static List<TopicPartition> partitions(String prefix) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : List.of(prefix + ".a", prefix + ".b")) {
            for (int i = 0; i < 3; i++) {
                tps.add(new TopicPartition(t, i));
            }
        }
        return tps;
    }

    static double secs(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    static double[] col(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }

    static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** The q-quantile, linear between the two nearest ranks. */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
