package io.streamsdr.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One running MirrorMaker 2 flow that Streams DR can start and stop: in this JVM
 * ({@link #inProcess(MirrorConfig)}), or as the three MM2 connectors on a Kafka Connect cluster
 * ({@link ConnectMirror#on(java.net.URI, MirrorConfig)}). Implement it to drive a mirror that runs
 * elsewhere (a {@code connect-mirror-maker.sh} process on a tooling host).
 */
public interface Mirror extends AutoCloseable {

    /** What this mirror copies, from where to where. */
    MirrorConfig config();

    /** Starts copying; does nothing when already running. MM2 resumes from its committed offsets. */
    void start();

    /**
     * Starts copying each listed source partition at the given offset (the next one to copy) instead
     * of at MM2's committed offsets; other partitions resume as usual. Failback uses it to restart the
     * forward mirror from new production exactly where the backup already is.
     *
     * @throws IllegalStateException when the mirror is running
     */
    void startAt(Map<TopicPartition, Long> nextOffsets);

    /** Stops gracefully (MM2 commits what it copied); does nothing when not running. */
    void stop();

    /** Whether it is running. */
    boolean isRunning();

    /**
     * The last upstream offset MM2 has copied and committed, per source partition; a partition it
     * has not committed yet is absent. It lags the copy by the offset flush interval.
     *
     * @param timeout how long reading may take
     */
    Map<TopicPartition, Long> committedOffsets(Duration timeout);

    /** Stops it. */
    @Override
    default void close() {
        stop();
    }

    /** MirrorMaker 2's dedicated driver in this JVM, with only the target's herder (nothing is written to the source). */
    static Mirror inProcess(MirrorConfig config) {
        return new InProcessMirror(config);
    }
}
