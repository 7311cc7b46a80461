package io.streamsdr.aws.rds;

import io.streamsdr.core.RecoveryPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A pruning of one instance's manual snapshots by a {@link PrunePolicy}: {@link #preview()} what it
 * would delete, then {@link #execute()}. Each call reads the current snapshots afresh.
 */
public final class SnapshotPruning {
    private final RdsDatabase database;
    private final PrunePolicy policy;

    SnapshotPruning(RdsDatabase database, PrunePolicy policy) {
        this.database = database;
        this.policy = policy;
    }

    /** The manual snapshots that {@link #execute()} would delete now, newest first. Deletes nothing. */
    public List<RecoveryPoint> preview() {
        List<RecoveryPoint> manual = new ArrayList<>();
        for (RecoveryPoint p : database.recoveryPoints()) {
            if (p.kind() == RecoveryPoint.Kind.MANUAL_SNAPSHOT) {
                manual.add(p);
            }
        }
        List<RecoveryPoint> doomed = new ArrayList<>();
        java.time.Instant now = database.clock().instant();
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

    /** Deletes what {@link #preview()} lists now and returns it. */
    public List<RecoveryPoint> execute() {
        List<RecoveryPoint> doomed = preview();
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
