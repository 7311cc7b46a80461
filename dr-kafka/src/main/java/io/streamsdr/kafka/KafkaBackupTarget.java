package io.streamsdr.kafka;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.ReplicationLag;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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
 * Its time is the run's: every method takes the {@link RunContext} (a backup step's inside
 * {@code Installation.backupAll}, {@code RunContext.of(poller)} outside a plan), so "now" and every
 * wait come from it. Immutable settings ({@link #toBuilder()} for a changed copy); the sync points it
 * took are kept in memory, newest first.
 *
 * <pre>{@code
 * BackupTarget kafka = KafkaBackupTarget.watching(MirrorMonitor.of(forward))
 *     .withName("kafka")
 *     .withMaxLag(Duration.ofMinutes(1))
 *     .build();
 * ProtectionStatus status = kafka.protectionStatus(RunContext.of(Poller.system()));
 * }</pre>
 */
public final class KafkaBackupTarget implements BackupTarget, AutoCloseable {
    private final MirrorMonitor monitor;
    private final String name;
    private final Duration maxLag;
    private final PollPolicy policy;
    private final LinkedList<RecoveryPoint> points = new LinkedList<>();

    private KafkaBackupTarget(Builder b) {
        this.monitor = b.monitor;
        this.name = b.name;
        this.maxLag = b.maxLag;
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

    /** A builder holding this target's settings (the same monitor), to build a changed copy; the copy starts with no sync points. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String name() {
        return name;
    }

    /** The most lag in time that is still healthy. */
    public Duration maxLag() {
        return maxLag;
    }

    /** How a sync point waits. */
    public PollPolicy pollPolicy() {
        return policy;
    }

    /**
     * Records now ({@code ctx.now()}) as t, notes the source's last stable offsets, and waits through
     * {@code ctx.poller()} until MM2 has copied every committed record below them.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code ctx} is null
     * @throws io.streamsdr.core.CallFailedException when the source's end offsets cannot be read
     * @throws TimedOutException     when the mirror does not get there within the poll policy's timeout (or the step's)
     * @throws CancellationException when the run is cancelled meanwhile
     */
    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        Rules.notNull("run context", ctx);
        Instant t = ctx.now();
        Map<TopicPartition, Long> atT = monitor.sourceEnds();
        Wait<MirrorLag> wait = Wait.<MirrorLag>until("backup '" + name + "' to hold everything the source had at " + t,
                        () -> monitor.lag(atT, ctx.poller()))
                .withSuccessWhen(MirrorLag::caughtUp)
                .withAcceptor(Acceptor.retryOnError(MirrorMonitor::transientError));
        ctx.poller().await(wait, policy);
        long records = atT.values().stream().mapToLong(Long::longValue).sum();
        String flow = monitor.mirror().config().flow();
        RecoveryPoint point = RecoveryPoint.of("sync-" + flow + "-" + t.toEpochMilli(), name, RecoveryPoint.Kind.SYNC_POINT, t, Map.of(
                "flow", flow,
                "partitions", String.valueOf(atT.size()),
                "sourceEndOffsetsSum", String.valueOf(records),
                "usableAt", ctx.now().toString()));
        ctx.progress("sync point of " + flow + " at " + t + " usable: the backup holds every committed record the source had then");
        synchronized (points) {
            points.addFirst(point);
        }
        return point;
    }

    /**
     * The sync points this target took, newest first. Reads nothing remote.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code ctx} is null
     */
    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        Rules.notNull("run context", ctx);
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    /**
     * RPO = the mirror's lag in time at {@code ctx.now()}; healthy when it is at most {@code maxLag},
     * the mirror runs, and every mirrored source topic exists on the backup. The status carries the lag over
     * the whole mirror ({@link ProtectionStatus#replicationLag()}: records not copied yet, summed over the
     * partitions, and the RPO). An unreachable cluster is an unhealthy status with no RPO, not an exception.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code ctx} is null
     * @throws CancellationException when the run is cancelled meanwhile
     */
    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        Rules.notNull("run context", ctx);
        Instant now = ctx.now();
        try {
            MirrorLag lag = monitor.lag(ctx.poller());
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
            ReplicationLag total = new ReplicationLag(lag.lagRecords(), rpo);
            if (!problems.isEmpty()) {
                return ProtectionStatus.unhealthy(name, now, rpo, String.join("; ", problems)).withReplicationLag(total);
            }
            return ProtectionStatus.healthy(name, now, rpo).withReplicationLag(total);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            return ProtectionStatus.unhealthy(name, now, "cannot measure the mirror: " + e.getMessage());
        }
    }

    /** {@code kafka}: the meters' {@code kind} tag of a mirrored Kafka cluster. */
    @Override
    public String kind() {
        return "kafka";
    }

    /**
     * Empty: a mirror copies continuously, so no recovery point is "due"; watch its lag
     * ({@code streamsdr_mirror_lag_seconds}) against the RPO objective instead.
     */
    @Override
    public Optional<Duration> expectedInterval() {
        return Optional.empty();
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

    @Override
    public String toString() {
        return "KafkaBackupTarget[" + name + ", " + monitor.mirror().config().flow() + ", max lag " + maxLag.toMillis() + " ms]";
    }

    /** Builds a {@link KafkaBackupTarget}. Not thread-safe. */
    public static final class Builder {
        private final MirrorMonitor monitor;
        private String name = "kafka";
        private Duration maxLag = Duration.ofMinutes(1);
        private PollPolicy policy = PollPolicy.defaults().withPollInterval(Duration.ofMillis(500), 1.5, Duration.ofSeconds(5));

        private Builder(MirrorMonitor monitor) {
            this.monitor = monitor;
        }

        private Builder(KafkaBackupTarget from) {
            this.monitor = from.monitor;
            this.name = from.name;
            this.maxLag = from.maxLag;
            this.policy = from.policy;
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
         * How a sync point waits; default every 0.5 s growing to 5 s, for 10 minutes (a step's timeout
         * also applies).
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
