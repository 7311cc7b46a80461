package io.streamsdr.testkit.kafka;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.OptionalDependency;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft Kafka cluster in this JVM (a combined broker and controller), for
 * tests, benchmarks and the local drill: THE embedded-Kafka fixture of Streams DR, so that they
 * cannot drift apart. Loopback only: it listens on ephemeral ports of {@code localhost}. Starts in
 * a few seconds (the first cluster of a JVM; later ones in about one), stops with {@link #stop()},
 * and {@link #close()} also deletes its data directory.
 *
 * <pre>{@code
 * try (EmbeddedKafka backup = EmbeddedKafka.named("backup").withDirectory(dir.resolve("backup")).start()) {
 *     backup.createTopics(3, "streams.a", "streams.b");       // returns once every partition has a leader
 *     KafkaCluster cluster = KafkaCluster.named("backup").withBootstrapServers(backup.bootstrapServers()).build();
 *     examplesWith(cluster);                                 // the test's code
 * }
 * }</pre>
 *
 * <p><b>Broker settings.</b> Three harnesses had drifted apart before this one (dr-kafka's tests, the
 * local drill, the failback benchmark); it keeps the union of their settings, each needed by one of
 * them and harmless to the others:
 * <ul>
 *   <li>{@code group.initial.rebalance.delay.ms=0}: a consumer group forms at once (all three);</li>
 *   <li>{@code offsets.topic.replication.factor=1}, {@code transaction.state.log.replication.factor=1},
 *       {@code transaction.state.log.min.isr=1}: one broker (all three);</li>
 *   <li>{@code offsets.topic.num.partitions=5} and {@code transaction.state.log.num.partitions=5}
 *       instead of 50 each: the first consumer group and the first transaction do not wait for 50
 *       partitions to be created (the benchmark lacked the second; kept, its runs only get faster);</li>
 *   <li>{@code transaction.abort.timed.out.transaction.cleanup.interval.ms=500} and
 *       {@code transaction.max.timeout.ms=900000}: a killed exactly-once MirrorMaker 2's open transaction
 *       is aborted soon after its timeout instead of up to 10 s later (dr-kafka's exactly-once tests
 *       and the drill; the benchmark had neither);</li>
 *   <li>{@code log.message.timestamp.after.max.ms=}{@link Long#MAX_VALUE}: records may carry timestamps
 *       ahead of the broker's clock. The local drill writes records on its scaled clock, which runs an
 *       hour ahead after one real minute at factor 60, and Kafka 4 refuses timestamps over an hour
 *       ahead by default (only the drill had it; a test never writes future timestamps by accident
 *       that it would want refused).</li>
 * </ul>
 * Add or override one with {@link Builder#withBrokerProperty}.
 *
 * <p><b>Its directory is its own.</b> A broker whose log directory vanishes halts the whole JVM
 * (no exception, no shutdown hooks), so the data never goes to a directory others clean, such as
 * {@code java.io.tmpdir}: by default it goes to a new directory under {@code target/embedded-kafka}
 * of the working directory (Maven's build directory when a module's tests run). The test kit's two
 * plain prints to standard output while formatting storage (a path and a long metadata dump, which
 * no logging configuration silences) are dropped. A cluster that fails to start is closed before
 * the error is thrown.
 *
 * <p>It needs Kafka's test kit on the class path: {@code org.apache.kafka:kafka-test-common-runtime}
 * and {@code org.apache.kafka:kafka_2.13}, optional dependencies of dr-testkit (add them in test scope).
 * Thread-safe.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The broker settings every cluster gets, in the order documented above. */
    static final Map<String, String> DEFAULT_BROKER_PROPERTIES;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
        p.put("transaction.max.timeout.ms", "900000");
        p.put("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
        DEFAULT_BROKER_PROPERTIES = Collections.unmodifiableMap(p);
    }

    /** How long {@link #createTopics} waits for the new partitions' leaders. */
    private static final PollPolicy TOPICS_READY = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(100)), Duration.ofSeconds(30));
    /** Standard output is one per JVM: clusters are formatted one at a time while it is filtered. */
    private static final Object STDOUT = new Object();

    private final String name;
    private final Path directory;
    private final KafkaClusterTestKit kit;
    private final String bootstrapServers;
    private boolean stopped;
    private boolean deleted;

    private EmbeddedKafka(String name, Path directory, KafkaClusterTestKit kit) {
        this.name = name;
        this.directory = directory;
        this.kit = kit;
        this.bootstrapServers = kit.bootstrapServers();
    }

    /**
     * Starts describing a cluster; {@code name} names its directory, its messages and its threads'
     * errors (use the alias the test gives the cluster: {@code "prod"}, {@code "backup"}).
     *
     * @throws InvalidConfigurationException when the name is not 1 to 63 letters, digits, '.', '_' or
     *         '-' starting with a letter or digit; when Kafka's test kit is not on the class path (the
     *         message names the artifacts, version and scope to add)
     */
    public static Builder named(String name) {
        Check.id("embedded Kafka cluster name", name);
        requireTestKit(TEST_KIT, EmbeddedKafka.class.getClassLoader());
        return new Builder(name);
    }

    /** The Kafka version dr-testkit is built and tested with. */
    static final String KAFKA_VERSION = "4.3.1";

    /** Kafka's test kit and the broker it starts, in {@link #KAFKA_VERSION}. */
    static final List<OptionalDependency> TEST_KIT = List.of(
            OptionalDependency.ofClass("org.apache.kafka.common.test.KafkaClusterTestKit", "org.apache.kafka:kafka-test-common-runtime",
                    KAFKA_VERSION),
            OptionalDependency.ofClass("kafka.server.KafkaRaftServer", "org.apache.kafka:kafka_2.13", KAFKA_VERSION),
            OptionalDependency.ofClass("org.apache.kafka.clients.admin.Admin", "org.apache.kafka:kafka-clients", KAFKA_VERSION));

    /**
     * Fails, naming the artifacts to add, when one of {@code needs} is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when one or more are missing
     */
    static void requireTestKit(List<OptionalDependency> needs, ClassLoader loader) {
        OptionalDependency.require("EmbeddedKafka", OptionalDependency.Scope.TEST, "dr-testkit declares Kafka's test kit optional;"
                + " keep every org.apache.kafka artifact on one version", needs, loader);
    }

    /** The name given to {@link #named}. */
    public String name() {
        return name;
    }

    /** The bootstrap servers, {@code localhost:<port>}; the same after {@link #stop()}, though nothing answers then. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the cluster's data. */
    public Path directory() {
        return directory;
    }

    /** Whether the cluster runs: started, and neither {@link #stop() stopped} nor closed. */
    public synchronized boolean isRunning() {
        return !stopped;
    }

    /**
     * Creates the topics (replication factor 1) and returns once each partition answers ListOffsets,
     * i.e. its leader has opened it. Writing any earlier races the partition's creation: an
     * idempotent producer's first batch can fail with NOT_LEADER while its second succeeds, and the
     * retried first batch then fails with OutOfOrderSequence forever.
     *
     * @throws InvalidConfigurationException when {@code partitions} is less than 1 or no topic is named
     * @throws CallFailedException           when the cluster refuses to create them (a topic that exists already included)
     * @throws io.streamsdr.core.TimedOutException when a partition has no leader after 30 s
     */
    public void createTopics(int partitions, String... topics) {
        if (partitions < 1) {
            throw new InvalidConfigurationException("partitions of the topics to create", "must be at least 1, was " + partitions);
        }
        Check.notNull("topics to create", topics);
        if (topics.length == 0) {
            throw new InvalidConfigurationException("topics to create", "must name at least one topic");
        }
        List<String> names = new ArrayList<>();
        for (String t : topics) {
            names.add(Check.notBlank("topic to create", t));
        }
        try (Admin admin = admin()) {
            List<NewTopic> create = names.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            get(admin.createTopics(create).all(), "CreateTopics " + names);
            Poller.system().await(Wait.until("every partition of " + names + " on embedded Kafka cluster '" + name + "' to have a leader",
                    () -> partitionsAnswering(admin, names)).withSuccessWhen(Boolean::booleanValue), TOPICS_READY);
        }
    }

    private boolean partitionsAnswering(Admin admin, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            admin.listOffsets(latest).all().get();
            return true;
        } catch (ExecutionException e) {
            return false; // not yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the topics of embedded Kafka cluster '" + name + "'");
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers, "client.id", "embedded-kafka-" + name + "-admin"));
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String call) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new CallFailedException(call + " on embedded Kafka cluster '" + name + "' (" + bootstrapServers + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during " + call + " on embedded Kafka cluster '" + name + "'");
        }
    }

    /**
     * Shuts the broker and controller down (a drill that simulates the loss of production stops it and
     * goes on with the others); does nothing the second time. Kafka's test kit removes the data as it
     * shuts down.
     *
     * @throws CallFailedException   when the test kit fails to shut down
     * @throws CancellationException when interrupted meanwhile (the interrupt is kept)
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            kit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while stopping embedded Kafka cluster '" + name + "'");
        } catch (Exception e) {
            throw new CallFailedException("stop embedded Kafka cluster '" + name + "'", e);
        }
    }

    /**
     * {@link #stop()}s the cluster, then deletes its data directory if anything is left of it; does
     * nothing the second time.
     *
     * @throws CallFailedException when it fails to shut down or the directory cannot be deleted
     */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (!deleted) {
                deleted = true;
                deleteTree(directory);
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CallFailedException("delete the data directory " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + name + ", " + bootstrapServers + (isRunning() ? "" : ", stopped") + ", " + directory + "]";
    }

    /** Describes an {@link EmbeddedKafka} before it starts. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private Path directory;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>(DEFAULT_BROKER_PROPERTIES);

        private Builder(String name) {
            this.name = name;
        }

        /**
         * The directory for the cluster's data, created when absent; default a new directory
         * {@code target/embedded-kafka/<name>-<random>} under the working directory. It belongs to the
         * cluster: {@link EmbeddedKafka#close()} deletes it.
         *
         * @throws InvalidConfigurationException when null, or when it exists and is not an empty directory
         */
        public Builder withDirectory(Path directory) {
            Check.notNull("directory of embedded Kafka cluster '" + name + "'", directory);
            if (Files.exists(directory) && !isEmptyDirectory(directory)) {
                throw new InvalidConfigurationException("directory of embedded Kafka cluster '" + name + "' (" + directory + ")",
                        "must not exist yet or be an empty directory: the cluster deletes it when closed");
            }
            this.directory = directory.toAbsolutePath().normalize();
            return this;
        }

        private static boolean isEmptyDirectory(Path dir) {
            if (!Files.isDirectory(dir)) {
                return false;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * One more broker setting, or another value for one of the defaults (see the class comment).
         *
         * @throws InvalidConfigurationException when the key is blank or the value null
         */
        public Builder withBrokerProperty(String key, String value) {
            brokerProperties.put(Check.notBlank("broker property key", key),
                    Check.notNull("broker property '" + key + "' of embedded Kafka cluster '" + name + "'", value));
            return this;
        }

        /**
         * Formats its storage, starts it and waits until its broker is ready.
         *
         * @throws CallFailedException   when it fails to start (it is closed first)
         * @throws CancellationException when interrupted meanwhile
         */
        public EmbeddedKafka start() {
            Path dir = directory != null ? directory
                    : Path.of("target", "embedded-kafka", name + "-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
            KafkaClusterTestKit kit;
            try {
                Files.createDirectories(dir);
                TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                        .setBaseDirectory(dir).build();
                KafkaClusterTestKit.Builder b = new KafkaClusterTestKit.Builder(nodes);
                brokerProperties.forEach(b::setConfigProp);
                kit = b.build();
            } catch (Exception e) {
                throw new CallFailedException("start embedded Kafka cluster '" + name + "' in " + dir, e);
            }
            try {
                formatQuietly(kit);
                kit.startup();
                kit.waitForReadyBrokers();
                return new EmbeddedKafka(name, dir, kit);
            } catch (Exception | Error e) {
                try {
                    kit.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    CancellationException c = new CancellationException("interrupted while starting embedded Kafka cluster '" + name + "'");
                    c.initCause(e);
                    throw c;
                }
                if (e instanceof Error error) {
                    throw error;
                }
                throw new CallFailedException("start embedded Kafka cluster '" + name + "' in " + dir, e);
            }
        }
    }

    /** Formats with the test kit's two plain prints to standard output dropped; anything else printed meanwhile is kept. */
    private static void formatQuietly(KafkaClusterTestKit kit) throws Exception {
        synchronized (STDOUT) {
            PrintStream original = System.out;
            DroppingLines filter = new DroppingLines(original, "Formatting metadata directory", "Bootstrap metadata:");
            System.setOut(new PrintStream(filter, true, StandardCharsets.UTF_8));
            try {
                kit.format();
            } finally {
                System.out.flush();
                System.setOut(original);
                filter.release();
            }
        }
    }

    /** Forwards whole lines, except those starting with one of the prefixes. */
    private static final class DroppingLines extends OutputStream {
        private final PrintStream target;
        private final List<String> prefixes;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        DroppingLines(PrintStream target, String... prefixes) {
            this.target = target;
            this.prefixes = List.of(prefixes);
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                release();
            }
        }

        synchronized void release() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!text.isEmpty() && prefixes.stream().noneMatch(text::startsWith)) {
                target.print(text);
                target.flush();
            }
        }
    }
}
