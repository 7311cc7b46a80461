package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.kafka.internal.OffsetsTopic;
import io.streamsdr.kafka.internal.Rules;
import io.streamsdr.kafka.internal.SaslLibraries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dedicated MM2 driver in this JVM ({@code connect-mirror-maker.sh <file> --clusters <target>}). */
final class InProcessMirror implements Mirror {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessMirror.class);
    /** The connector name under which the dedicated driver commits source offsets. */
    static final String SOURCE_CONNECTOR = "MirrorSourceConnector";

    private final MirrorConfig config;
    private MirrorMaker mirrorMaker;
    private OffsetsTopic offsets;

    InProcessMirror(MirrorConfig config) {
        this.config = Rules.notNull("mirror config", config);
    }

    @Override
    public MirrorConfig config() {
        return config;
    }

    @Override
    public synchronized void start(Poller poller) {
        if (mirrorMaker != null) {
            return;
        }
        for (KafkaCluster c : List.of(config.source(), config.target())) {
            SaslLibraries.requireMskIam(c.clientProperties(), "Kafka cluster '" + c.alias() + "'");
        }
        LOG.info("Starting MirrorMaker 2 in process: {}", config.flow());
        MirrorMaker mm;
        try {
            mm = new MirrorMaker(config.toProperties(), List.of(config.target().alias()));
            mm.start();
        } catch (RuntimeException e) {
            throw new CallFailedException("start MirrorMaker 2 " + config.flow() + " in this JVM", e);
        }
        mirrorMaker = mm;
    }

    @Override
    public synchronized void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller) {
        Rules.notNull("offsets to start at", nextOffsets);
        if (mirrorMaker != null) {
            throw new PreconditionFailedException("a mirror's start offsets are set before it starts", "MirrorMaker 2 " + config.flow()
                    + " is running; setting where it starts now would rewind or skip records", null);
        }
        int partitions = Integer.parseInt(config.toProperties().getOrDefault(config.target().alias() + ".offset.storage.partitions", "25"));
        short rf = Short.parseShort(config.toProperties().get("offset.storage.replication.factor"));
        offsetsTopic().seed(nextOffsets, partitions, rf);
        start(poller);
    }

    @Override
    public synchronized void stop(Poller poller) {
        stop();
    }

    private void stop() {
        if (mirrorMaker == null) {
            return;
        }
        LOG.info("Stopping MirrorMaker 2 in process: {}", config.flow());
        try {
            mirrorMaker.stop();
            mirrorMaker.awaitStop();
        } catch (RuntimeException e) {
            throw new CallFailedException("stop MirrorMaker 2 " + config.flow() + " in this JVM", e);
        } finally {
            mirrorMaker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return mirrorMaker != null;
    }

    @Override
    public synchronized Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout) {
        Rules.notNull("poller", poller);
        Rules.positive("timeout of reading committed offsets", timeout);
        Map<TopicPartition, Long> read = offsetsTopic().lastCopied(poller, timeout);
        if (read.isEmpty() && offsets.known().isEmpty()) {
            offsets.close(); // the topic may not exist yet: look again next time
            offsets = null;
        }
        return read;
    }

    private OffsetsTopic offsetsTopic() {
        if (offsets == null) {
            KafkaCluster target = config.target();
            offsets = new OffsetsTopic(target.clientProperties(), "Kafka cluster '" + target.alias() + "' (" + target.bootstrapServers() + ")",
                    config.offsetsTopic(), SOURCE_CONNECTOR, config.source().alias());
        }
        return offsets;
    }

    /** Stops MirrorMaker 2 (it runs in this JVM) and closes the reader of its offsets. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (offsets != null) {
                offsets.close();
                offsets = null;
            }
        }
    }

    @Override
    public String toString() {
        return "in-process MirrorMaker 2 " + config.flow();
    }
}
