package io.streamsdr.kafka;

import io.streamsdr.kafka.internal.OffsetsTopic;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
    public synchronized void start() {
        if (mirrorMaker != null) {
            return;
        }
        LOG.info("Starting MirrorMaker 2 in process: {}", config.flow());
        MirrorMaker mm = new MirrorMaker(config.toProperties(), List.of(config.target().alias()));
        mm.start();
        mirrorMaker = mm;
    }

    @Override
    public synchronized void startAt(Map<TopicPartition, Long> nextOffsets) {
        if (mirrorMaker != null) {
            throw new IllegalStateException("MirrorMaker 2 " + config.flow() + " is running: stop it before setting where it starts");
        }
        try {
            int partitions = Integer.parseInt(config.toProperties().getOrDefault(config.target().alias() + ".offset.storage.partitions", "25"));
            short rf = Short.parseShort(config.toProperties().get("offset.storage.replication.factor"));
            new OffsetsTopic(config.target().clientProperties(), config.offsetsTopic(), SOURCE_CONNECTOR, config.source().alias())
                    .seed(nextOffsets, partitions, rf);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set MirrorMaker 2's start offsets in '" + config.offsetsTopic() + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while setting MirrorMaker 2's start offsets");
        }
        start();
    }

    @Override
    public synchronized void stop() {
        if (mirrorMaker == null) {
            return;
        }
        LOG.info("Stopping MirrorMaker 2 in process: {}", config.flow());
        mirrorMaker.stop();
        mirrorMaker.awaitStop();
        mirrorMaker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return mirrorMaker != null;
    }

    @Override
    public synchronized Map<TopicPartition, Long> committedOffsets(Duration timeout) {
        if (offsets == null) {
            offsets = new OffsetsTopic(config.target().clientProperties(), config.offsetsTopic(), SOURCE_CONNECTOR, config.source().alias());
        }
        Map<TopicPartition, Long> read = offsets.lastCopied(timeout);
        if (read.isEmpty() && offsets.known().isEmpty()) {
            offsets.close(); // the topic may not exist yet: look again next time
            offsets = null;
        }
        return read;
    }

    @Override
    public synchronized void close() {
        stop();
        if (offsets != null) {
            offsets.close();
            offsets = null;
        }
    }

    @Override
    public String toString() {
        return "in-process MirrorMaker 2 " + config.flow();
    }
}
