package io.streamsdr.kafka;

import io.streamsdr.core.Poller;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One running MirrorMaker 2 flow that Streams DR can start and stop: in this JVM
 * ({@link #inProcess(MirrorConfig)}), or as the three MM2 connectors on a Kafka Connect cluster
 * ({@link ConnectMirror#on(java.net.URI, MirrorConfig)}). Implement it to drive a mirror that runs
 * elsewhere (a {@code connect-mirror-maker.sh} process on a tooling host).
 *
 * <p>A method that calls out and may have to try again (a Connect cluster answers 409 while it
 * rebalances) takes the {@link Poller} its retries wait through: inside a plan step the step's
 * ({@code ctx.poller()}), outside one the caller's ({@link Poller#system()} for real time).
 */
public interface Mirror extends AutoCloseable {

    /** What this mirror copies, from where to where. */
    MirrorConfig config();

    /**
     * Starts copying; does nothing when already running. MM2 resumes from its committed offsets.
     *
     * @param poller what retries wait through
     * @throws io.streamsdr.core.InvalidConfigurationException when a cluster uses {@link MskIam} and this JVM runs the
     *         mirror without {@value MskIam#ARTIFACT} on its class path (before any connection)
     * @throws io.streamsdr.core.CallFailedException when it cannot be started
     */
    void start(Poller poller);

    /**
     * Starts copying each listed source partition at the given offset (the next one to copy) instead
     * of at MM2's committed offsets; other partitions resume as usual. Failback uses it to restart the
     * forward mirror from new production exactly where the backup already is.
     *
     * @param poller what retries wait through
     * @throws io.streamsdr.core.PreconditionFailedException when the mirror is running (stop it first)
     * @throws io.streamsdr.core.CallFailedException         when the offsets cannot be set or it cannot be started
     */
    void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller);

    /**
     * Stops gracefully (MM2 commits what it copied); does nothing when not running.
     *
     * @param poller what retries wait through
     * @throws io.streamsdr.core.CallFailedException when it cannot be stopped
     */
    void stop(Poller poller);

    /**
     * Whether it is running.
     *
     * @throws io.streamsdr.core.CallFailedException when that cannot be found out
     */
    boolean isRunning();

    /**
     * The last upstream offset MM2 has copied and committed, per source partition; a partition it
     * has not committed yet is absent. It lags the copy by the offset flush interval.
     *
     * @param poller  what reading (and retrying) waits through
     * @param timeout how long reading may take
     * @throws io.streamsdr.core.CallFailedException when they cannot be read
     * @throws io.streamsdr.core.TimedOutException  when reading takes longer than {@code timeout}
     */
    Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout);

    /**
     * Releases what this handle holds in this JVM. A mirror that runs in this JVM
     * ({@link #inProcess}) stops with it; one that runs elsewhere (on a Connect cluster) goes on
     * running: stop it with {@link #stop(Poller)}.
     */
    @Override
    void close();

    /** MirrorMaker 2's dedicated driver in this JVM, with only the target's herder (nothing is written to the source). */
    static Mirror inProcess(MirrorConfig config) {
        return new InProcessMirror(config);
    }
}
