package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.RecoveryPoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * A pruning of one instance's manual snapshots by a {@link PrunePolicy}: {@link #preview(Clock)} what it
 * would delete, then {@link #execute(Clock)}. Each call reads the current snapshots afresh and measures
 * their age against "now" on the clock it is given (the run's clock; a {@code VirtualClock} in tests).
 * Immutable; make it with {@link RdsDatabase#pruning(PrunePolicy)}.
 */
public final class SnapshotPruning {
    private final RdsDatabase database;
    private final PrunePolicy policy;

    SnapshotPruning(RdsDatabase database, PrunePolicy policy) {
        this.database = database;
        this.policy = policy;
    }

    /** The policy. */
    public PrunePolicy policy() {
        return policy;
    }

    /**
     * The manual snapshots that {@link #execute(Clock)} would delete now on {@code clock}, newest first.
     * Deletes nothing.
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     * @throws CallFailedException           when reading the snapshots fails
     */
    public List<RecoveryPoint> preview(Clock clock) {
        Instant now = AwsRules.notNull("clock", clock).instant();
        List<RecoveryPoint> manual = new ArrayList<>();
        for (DBSnapshot s : database.snapshots()) {
            if ("available".equals(s.status()) && s.snapshotCreateTime() != null && !"automated".equals(s.snapshotType())) {
                manual.add(database.toRecoveryPoint(s, s.snapshotCreateTime()));
            }
        }
        manual.sort((a, b) -> b.capturedAt().compareTo(a.capturedAt()));
        List<RecoveryPoint> doomed = new ArrayList<>();
        for (int i = 0; i < manual.size(); i++) {
            RecoveryPoint p = manual.get(i);
            if (i < policy.keepLastCount().orElse(0)) {
                continue;
            }
            boolean old = policy.maxAge().map(age -> p.capturedAt().isBefore(now.minus(age))).orElse(true);
            if (old) {
                doomed.add(p);
            }
        }
        return List.copyOf(doomed);
    }

    /**
     * Deletes what {@link #preview(Clock)} lists now on {@code clock} and returns it. A snapshot already gone
     * counts as deleted.
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     * @throws CallFailedException           when reading or deleting a snapshot fails (those deleted before stay deleted)
     */
    public List<RecoveryPoint> execute(Clock clock) {
        List<RecoveryPoint> doomed = preview(clock);
        for (RecoveryPoint p : doomed) {
            database.deleteSnapshot(p.id());
        }
        return doomed;
    }

    @Override
    public String toString() {
        return "SnapshotPruning[" + database.instanceId() + ", " + policy + "]";
    }
}
