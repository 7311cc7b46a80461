package io.streamsdr.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One protected component: an RDS instance, a Kafka cluster mirrored by MirrorMaker 2, a Kubernetes
 * namespace backed up by Velero. Providers implement it; dr-testkit has a fake with scripted
 * latency and failures.
 *
 * <p>Every method takes the {@link RunContext} of the run it is part of and takes its time from it:
 * waits go through {@link RunContext#poller()}, "now" is {@link RunContext#now()}, so a step's
 * timeout and cancellation apply and tests run on virtual time. Inside
 * {@link Installation#backupAll(RunOptions)} the context is the backup step's; outside a plan, pass
 * {@link RunContext#of(Poller)}.
 *
 * <p>For monitoring ({@link io.streamsdr.core.monitoring.ProtectionMonitor}, docs/monitoring.md) a target also says
 * what sort of component it is ({@link #kind()}) and how often a new recovery point is due
 * ({@link #expectedInterval()}); both are configuration, read without a remote call, and have defaults, so
 * a target written before them keeps compiling. A mirror reports its lag in its
 * {@link ProtectionStatus#replicationLag() status}.
 */
public interface BackupTarget {

    /** The component's name as reports show it ({@code "rds"}, {@code "kafka"}, {@code "namespace streams"}). */
    String name();

    /**
     * Takes a recovery point now and waits until it is usable (a snapshot {@code available}, a
     * backup {@code Completed}, a mirror caught up).
     *
     * @throws TimedOutException      when it did not become usable in time
     * @throws TerminalStateException when it failed
     * @throws java.util.concurrent.CancellationException when the run was cancelled meanwhile
     */
    RecoveryPoint takeRecoveryPoint(RunContext ctx);

    /** The recovery points that exist now, newest first. Reads only. */
    List<RecoveryPoint> recoveryPoints(RunContext ctx);

    /**
     * The current RPO and whether protection is healthy. Reads only. A status that names its
     * {@link ProtectionStatus#newestRecoveryPoint() newest recovery point} and, for a mirror, its
     * {@link ProtectionStatus#replicationLag() lag}, spares a monitor a second look.
     */
    ProtectionStatus protectionStatus(RunContext ctx);

    /**
     * What sort of component this is, as a low-cardinality label for meters and status: {@code rds},
     * {@code kafka}, {@code velero}, or your own word. It must be short and fixed (lower-case letters, digits,
     * '_' or '-', starting with a letter, at most 32 characters): the meters refuse anything else when they are
     * built. Configuration: no remote call. Default {@value #DEFAULT_KIND}.
     */
    default String kind() {
        return DEFAULT_KIND;
    }

    /**
     * How often a new recovery point is due, where a schedule or a retention setting defines it (a Velero
     * schedule's cron, RDS's transaction-log uploads); empty where nothing does (a mirror copies continuously:
     * watch its lag instead). The alert "recovery point too old" fires at twice this. Configuration: no
     * remote call. Default: empty.
     */
    default Optional<Duration> expectedInterval() {
        return Optional.empty();
    }

    /** The {@link #kind()} of a target that does not say: {@value}. */
    String DEFAULT_KIND = "custom";
}
