package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * A plan step that takes a manual snapshot of an RDS instance and waits until it is available.
 * Immutable; make it with {@link RdsDatabase#snapshotStep(String)}.
 *
 * <pre>{@code
 * RdsSnapshotStep snapshot = db.snapshotStep("rds-snapshot");
 * RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-dr").build();
 * RestorePlan plan = RestorePlan.builder("drill")
 *     .withStep(snapshot.step())
 *     .withStep(restore.step().dependsOn(snapshot.stepId()))
 *     .build();
 * }</pre>
 *
 * <p>The snapshot id (the database's template at the run's time) is saved in the plan's journal before
 * the CreateDBSnapshot call; a resumed run finds it and waits for that snapshot instead of taking another.
 */
public final class RdsSnapshotStep {
    static final String CHECKPOINT = "snapshot-id";
    private final RdsDatabase database;
    private final String stepId;
    private final StepOutput<String> snapshotId;

    RdsSnapshotStep(RdsDatabase database, String stepId) {
        this.database = database;
        this.stepId = stepId;
        this.snapshotId = StepOutput.string(stepId + ".snapshot.id");
    }

    /** The step id. */
    public String stepId() {
        return stepId;
    }

    /** The output with the snapshot's id: {@code <stepId>.snapshot.id}. */
    public StepOutput<String> snapshotId() {
        return snapshotId;
    }

    /** The step; add {@code dependsOn}, a timeout or a retry policy to it as needed. */
    public Step.Builder step() {
        return Step.named(stepId)
                .withDescription("take a manual snapshot of RDS instance '" + database.instanceId() + "' and wait until it is available")
                .publishes(snapshotId)
                .withAction(this::run);
    }

    private void run(StepContext ctx) {
        String id = ctx.checkpoint(CHECKPOINT).orElse(null);
        boolean exists = false;
        if (id == null) {
            id = database.snapshotIdAt(ctx.now());
            ctx.saveCheckpoint(CHECKPOINT, id);
        } else {
            exists = exists(id);
        }
        if (!exists) {
            database.requestSnapshot(id);
        }
        ctx.progress("snapshot '" + id + "' " + (exists ? "was requested by an earlier run" : "requested") + "; waiting for it");
        DBSnapshot done = ctx.poller().await(RdsWaits.snapshotAvailable(database.client(), id, database.transientErrorBudget(), ctx.clock()),
                database.pollPolicy()).value();
        ctx.publish(snapshotId, done.dbSnapshotIdentifier());
    }

    private boolean exists(String id) {
        try {
            return !database.client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(id)).dbSnapshots().isEmpty();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "RdsSnapshotStep[" + stepId + ", " + database.instanceId() + "]";
    }
}
