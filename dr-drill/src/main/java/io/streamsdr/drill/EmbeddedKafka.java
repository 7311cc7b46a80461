package io.streamsdr.drill;

import io.streamsdr.kafka.KafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One single-node KRaft cluster in this JVM (combined broker and controller, ephemeral loopback
 * ports), with its data in a private directory: a broker whose log directory vanishes halts the
 * whole JVM, so nothing is shared with {@code java.io.tmpdir}. Settings as dr-kafka's tests use them.
 */
final class EmbeddedKafka implements AutoCloseable {
    private static final Object STDOUT = new Object();
    private final KafkaClusterTestKit kit;
    private final KafkaCluster cluster;
    private boolean stopped;

    private EmbeddedKafka(KafkaClusterTestKit kit, KafkaCluster cluster) {
        this.kit = kit;
        this.cluster = cluster;
    }

    static EmbeddedKafka start(String alias, Path directory) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(directory).build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")
                .setConfigProp("transaction.max.timeout.ms", "900000")
                // Records carry the drill's scaled time, which runs ahead of the broker's real clock (by an
                // hour after one real minute at factor 60): Kafka 4 refuses timestamps over 1 h ahead by default.
                .setConfigProp("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE))
                .build();
        try {
            formatQuietly(kit);
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception | Error e) {
            try {
                kit.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new EmbeddedKafka(kit, KafkaCluster.named(alias).withBootstrapServers(kit.bootstrapServers()).build());
    }

    /**
     * The test kit formats storage with two plain prints to standard output per cluster (a path and a
     * long metadata dump), which no logging configuration silences: drop those two lines, keep anything
     * else printed meanwhile. Formats one cluster at a time, as standard output is one for the JVM.
     */
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

    KafkaCluster cluster() {
        return cluster;
    }

    synchronized boolean isRunning() {
        return !stopped;
    }

    /**
     * Shuts the broker and controller down; does nothing the second time.
     *
     * @throws IllegalStateException when the test kit fails to close (interrupted included, with the interrupt kept)
     */
    synchronized void stop() {
        if (!stopped) {
            stopped = true;
            try {
                kit.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping Kafka cluster '" + cluster.alias() + "'", e);
            } catch (Exception e) {
                throw new IllegalStateException("could not stop Kafka cluster '" + cluster.alias() + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
