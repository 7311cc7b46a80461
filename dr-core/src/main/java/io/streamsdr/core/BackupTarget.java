package io.streamsdr.core;

import java.util.List;

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

    /** The current RPO and whether protection is healthy. Reads only. */
    ProtectionStatus protectionStatus(RunContext ctx);
}
