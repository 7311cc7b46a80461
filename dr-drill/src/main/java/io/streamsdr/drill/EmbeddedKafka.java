package io.streamsdr.drill;

import io.streamsdr.kafka.KafkaCluster;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One single-node KRaft cluster in this JVM (combined broker and controller, ephemeral loopback
 * ports), with its data in a private directory: a broker whose log directory vanishes halts the
 * whole JVM, so nothing is shared with {@code java.io.tmpdir}. Settings as dr-kafka's tests use them.
 */
final class EmbeddedKafka implements AutoCloseable {
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
            kit.format();
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

    KafkaCluster cluster() {
        return cluster;
    }

    synchronized boolean isRunning() {
        return !stopped;
    }

    /** Shuts the broker and controller down; does nothing the second time. */
    synchronized void stop() throws Exception {
        if (!stopped) {
            stopped = true;
            kit.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
