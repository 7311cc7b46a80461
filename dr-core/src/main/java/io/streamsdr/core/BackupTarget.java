package io.streamsdr.core;

import java.util.List;

/**
 * One protected component: an RDS instance, a Kafka cluster mirrored by MirrorMaker 2, a Kubernetes
 * namespace backed up by Velero. Providers implement it; dr-testkit has a fake with scripted
 * latency and failures.
 *
 * <p>Implementations wait through the {@link Poller}, so that tests run on virtual time.
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
     */
    RecoveryPoint takeRecoveryPoint();

    /** The recovery points that exist now, newest first. */
    List<RecoveryPoint> recoveryPoints();

    /** The current RPO and whether protection is healthy. */
    ProtectionStatus protectionStatus();
}
