package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * The waits dr-aws runs on RDS, with their acceptors. Every wait runs on the poller it is given (the
 * step's, or the caller's): none reads the system's time. A failed describe call surfaces as a
 * {@link io.streamsdr.core.CallFailedException} naming the call and the resource.
 */
final class RdsWaits {
    /**
     * Instance states from which {@code available} never comes on its own: the SDK waiter's list, plus
     * storage-full, stopped and stopping (only a start-db-instance brings those back), restore-error,
     * delete-precheck and the inaccessible-encryption-credentials states.
     */
    static final Set<String> INSTANCE_TERMINAL = Set.of("failed", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "incompatible-option-group", "deleted", "deleting", "delete-precheck", "storage-full",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable", "restore-error", "stopped",
            "stopping");
    /** Snapshot states from which {@code available} never comes. */
    static final Set<String> SNAPSHOT_TERMINAL = Set.of("failed", "deleted", "deleting", "incompatible-restore");

    private RdsWaits() {
    }

    static Wait<DBInstance> instanceAvailable(RdsClient client, String instanceId, int errorBudget, Clock clock) {
        String what = "RDS instance '" + instanceId + "' to be available";
        return Wait.<DBInstance>until(what, describeInstance(what, client, instanceId, errorBudget, clock))
                .withStateDescription(i -> "status " + i.dbInstanceStatus())
                .withAcceptor(Acceptor.successWhen(i -> "available".equals(i.dbInstanceStatus())))
                .withAcceptor(Acceptor.failureWhen(i -> INSTANCE_TERMINAL.contains(i.dbInstanceStatus()),
                        i -> "instance status is '" + i.dbInstanceStatus() + "', from which it never becomes available"))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient))
                .withAcceptor(Acceptor.failureOnError(e -> AwsErrors.hasCode(e, "DBInstanceNotFound", "DBInstanceNotFoundFault"),
                        e -> "the instance no longer exists (" + AwsErrors.describe(e) + ")"));
    }

    /**
     * Waits until the instance is available, in two phases: while it is {@code creating} (the long part of a
     * restore or a creation) by {@code policy}; once it has left {@code creating} (backing-up, modifying,
     * rebooting: the last minutes) by {@link RdsDatabase#FINISHING_POLL_POLICY}, within what is left of
     * {@code policy}'s timeout. So the wait costs few calls during the long part and still sees the end
     * within 30 s.
     */
    static DBInstance awaitAvailable(Poller poller, RdsClient client, String instanceId, int errorBudget, PollPolicy policy) {
        Clock clock = poller.clock();
        Instant start = clock.instant();
        String what = "RDS instance '" + instanceId + "' to be available";
        Wait<DBInstance> leftCreating = Wait.<DBInstance>until(what, describeInstance(what, client, instanceId, errorBudget, clock))
                .withStateDescription(i -> "status " + i.dbInstanceStatus())
                .withAcceptor(Acceptor.failureWhen(i -> INSTANCE_TERMINAL.contains(i.dbInstanceStatus()),
                        i -> "instance status is '" + i.dbInstanceStatus() + "', from which it never becomes available"))
                .withAcceptor(Acceptor.successWhen(i -> !"creating".equals(i.dbInstanceStatus())))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient))
                .withAcceptor(Acceptor.failureOnError(e -> AwsErrors.hasCode(e, "DBInstanceNotFound", "DBInstanceNotFoundFault"),
                        e -> "the instance no longer exists (" + AwsErrors.describe(e) + ")"));
        DBInstance seen = valueOf(poller.await(leftCreating, policy), what);
        if ("available".equals(seen.dbInstanceStatus())) {
            return seen;
        }
        Duration left = policy.timeout().minus(Duration.between(start, clock.instant()));
        if (left.isZero() || left.isNegative()) {
            throw new TimedOutException(what, policy.timeout(), 0, "status " + seen.dbInstanceStatus());
        }
        return valueOf(poller.await(instanceAvailable(client, instanceId, errorBudget, clock),
                RdsDatabase.FINISHING_POLL_POLICY.withTimeout(left)), what);
    }

    static Wait<DBSnapshot> snapshotAvailable(RdsClient client, String snapshotId, int errorBudget, Clock clock) {
        String what = "RDS snapshot '" + snapshotId + "' to be available";
        Supplier<DBSnapshot> probe = budgeted(what, errorBudget, clock,
                () -> AwsCalls.call("DescribeDBSnapshots of RDS snapshot '" + snapshotId + "'",
                        () -> client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().get(0)));
        return Wait.<DBSnapshot>until(what, probe)
                .withStateDescription(s -> "status " + s.status() + (s.percentProgress() == null ? "" : ", " + s.percentProgress() + "%"))
                .withAcceptor(Acceptor.successWhen(s -> "available".equals(s.status())))
                .withAcceptor(Acceptor.failureWhen(s -> SNAPSHOT_TERMINAL.contains(s.status()),
                        s -> "snapshot status is '" + s.status() + "', from which it never becomes available"))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient))
                .withAcceptor(Acceptor.failureOnError(e -> AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault"),
                        e -> "the snapshot no longer exists (" + AwsErrors.describe(e) + ")"));
    }

    /** Waits until the snapshot is available and returns it as last described. */
    static DBSnapshot awaitSnapshot(Poller poller, RdsClient client, String snapshotId, int errorBudget, PollPolicy policy) {
        return valueOf(poller.await(snapshotAvailable(client, snapshotId, errorBudget, poller.clock()), policy),
                "RDS snapshot '" + snapshotId + "' to be available");
    }

    private static Supplier<DBInstance> describeInstance(String what, RdsClient client, String instanceId, int errorBudget, Clock clock) {
        return budgeted(what, errorBudget, clock, () -> AwsCalls.call("DescribeDBInstances of RDS instance '" + instanceId + "'",
                () -> client.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances().get(0)));
    }

    /** A wait that succeeded on a described value always holds it; an empty one is a bug in an acceptor. */
    private static <T> T valueOf(WaitResult<T> result, String what) {
        return result.value().orElseThrow(() -> new IllegalStateException("the wait for " + what + " succeeded without a value"));
    }

    /**
     * Lets transient errors (throttling, 5xx, I/O) through to the wait's retry acceptor, up to
     * {@code budget} in a row; the next one ends the wait with a {@link TerminalStateException}.
     */
    private static <T> Supplier<T> budgeted(String what, int budget, Clock clock, Supplier<T> call) {
        int[] inARow = {0};
        int[] looks = {0};
        Instant[] start = {null};
        return () -> {
            if (start[0] == null) {
                start[0] = clock.instant();
            }
            looks[0]++;
            try {
                T value = call.get();
                inARow[0] = 0;
                return value;
            } catch (RuntimeException e) {
                if (AwsErrors.isTransient(e) && ++inARow[0] > budget) {
                    TerminalStateException t = new TerminalStateException(what,
                            "gave up after " + inARow[0] + " throttling or server errors in a row (the transient-error budget is "
                                    + budget + "; raise it with withTransientErrorBudget); last: " + AwsErrors.describe(e),
                            looks[0], Duration.between(start[0], clock.instant()));
                    t.initCause(e);
                    throw t;
                }
                throw e;
            }
        };
    }
}
