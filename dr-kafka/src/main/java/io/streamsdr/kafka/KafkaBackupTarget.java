package io.streamsdr.kafka;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka cluster protected by a MirrorMaker 2 mirror, as a {@link BackupTarget}:
 * <ul>
 *   <li>its RPO is the mirror's lag in time (the age of the oldest committed source record not yet
 *       copied) and it is healthy while that stays within {@code maxLag} and every mirrored topic
 *       exists on the backup;</li>
 *   <li>a recovery point is a {@link RecoveryPoint.Kind#SYNC_POINT sync point}: taken at time t, it
 *       is usable once the backup holds every committed record the source had at t.</li>
 * </ul>
 * Immutable settings; the list of sync points it took is kept in memory, newest first.
 *
 * <pre>{@code
 * BackupTarget kafka = KafkaBackupTarget.watching(MirrorMonitor.of(forward))
 *     .withName("kafka")
 *     .withMaxLag(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 */
public final class KafkaBackupTarget implements BackupTarget, AutoCloseable {
    private final MirrorMonitor monitor;
    private final String name;
    private final Duration maxLag;
    private final Poller poller;
    private final PollPolicy policy;
    private final LinkedList<RecoveryPoint> points = new LinkedList<>();

    private KafkaBackupTarget(Builder b) {
        this.monitor = b.monitor.withClock(b.poller.clock());
        this.name = b.name;
        this.maxLag = b.maxLag;
        this.poller = b.poller;
        this.policy = b.policy;
    }

    /**
     * A target whose state comes from this monitor.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code monitor} is null
     */
    public static Builder watching(MirrorMonitor monitor) {
        return new Builder(Rules.notNull("mirror monitor", monitor));
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Records now as t, notes the source's last stable offsets, and waits until MM2 has copied every
     * committed record below them.
     *
     * @throws TimedOutException when the mirror does not get there within the poll policy's timeout
     */
    @Override
    public RecoveryPoint takeRecoveryPoint() {
        Instant t = poller.clock().instant();
        Map<TopicPartition, Long> atT;
        try {
            atT = monitor.sourceEnds();
        } catch (ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("could not read the source's end offsets: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
        Wait<MirrorLag> wait = Wait.<MirrorLag>until("backup '" + name + "' to hold everything the source had at " + t, () -> monitor.lag(atT))
                .withSuccessWhen(MirrorLag::caughtUp)
                .withAcceptor(Acceptor.retryOnError(MirrorMonitor::transientError));
        poller.await(wait, policy);
        long records = atT.values().stream().mapToLong(Long::longValue).sum();
        RecoveryPoint point = new RecoveryPoint("sync-" + monitor.mirror().config().flow() + "-" + t.toEpochMilli(), name,
                RecoveryPoint.Kind.SYNC_POINT, t, null, Map.of(
                        "flow", monitor.mirror().config().flow(),
                        "partitions", String.valueOf(atT.size()),
                        "sourceEndOffsetsSum", String.valueOf(records),
                        "usableAt", poller.clock().instant().toString()));
        synchronized (points) {
            points.addFirst(point);
        }
        return point;
    }

    /** The sync points this target took, newest first. */
    @Override
    public List<RecoveryPoint> recoveryPoints() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    /**
     * RPO = the mirror's lag in time; healthy when it is at most {@code maxLag}, the mirror runs,
     * and every mirrored source topic exists on the backup. Never throws: an unreachable cluster is an
     * unhealthy status.
     */
    @Override
    public ProtectionStatus protectionStatus() {
        Instant now = poller.clock().instant();
        try {
            MirrorLag lag = monitor.lag();
            Duration rpo = lag.maxLagTime();
            List<String> missing = new ArrayList<>(monitor.sourceTopics());
            missing.removeAll(monitor.backupTopics());
            List<String> problems = new ArrayList<>();
            if (rpo.compareTo(maxLag) > 0) {
                problems.add("mirror lag " + rpo.toMillis() + " ms is above the " + maxLag.toMillis() + " ms allowed (" + lag + ")");
            }
            if (!missing.isEmpty()) {
                problems.add("topics missing on the backup: " + missing);
            }
            if (!monitor.mirror().isRunning()) {
                problems.add("MirrorMaker 2 " + lag.flow() + " is not running");
            }
            if (!problems.isEmpty()) {
                return ProtectionStatus.unhealthy(name, now, rpo, String.join("; ", problems));
            }
            return ProtectionStatus.healthy(name, now, rpo);
        } catch (RuntimeException e) {
            return ProtectionStatus.unhealthy(name, now, null, "cannot measure the mirror: " + e.getMessage());
        }
    }

    /** Closes the Kafka clients this target opened (not the mirror). */
    @Override
    public void close() {
        monitor.close();
    }

    /** The monitor behind it. */
    public MirrorMonitor monitor() {
        return monitor;
    }

    /** Builds a {@link KafkaBackupTarget}. */
    public static final class Builder {
        private final MirrorMonitor monitor;
        private String name = "kafka";
        private Duration maxLag = Duration.ofMinutes(1);
        private Poller poller = Poller.system();
        private PollPolicy policy = PollPolicy.defaults().withPollInterval(Duration.ofMillis(500), 1.5, Duration.ofSeconds(5));

        private Builder(MirrorMonitor monitor) {
            this.monitor = monitor;
        }

        /**
         * The name reports show; default {@code kafka}.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when blank
         */
        public Builder withName(String name) {
            this.name = Rules.notBlank("backup target name", name);
            return this;
        }

        /**
         * The most lag in time that is still healthy; default 1 minute.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when negative
         */
        public Builder withMaxLag(Duration maxLag) {
            this.maxLag = Rules.notNegative("max lag", maxLag);
            return this;
        }

        /**
         * The poller sync points wait through, and whose clock RPO is measured on; default {@link Poller#system()}.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when null
         */
        public Builder withPoller(Poller poller) {
            this.poller = Rules.notNull("poller", poller);
            return this;
        }

        /**
         * How a sync point waits; default every 0.5 s growing to 5 s, for 10 minutes.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy policy) {
            this.policy = Rules.notNull("poll policy", policy);
            return this;
        }

        /** The target. */
        public KafkaBackupTarget build() {
            return new KafkaBackupTarget(this);
        }
    }
}
