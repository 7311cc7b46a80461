package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import software.amazon.awssdk.services.rds.model.DBSnapshot;

/**
 * Plan work that takes a manual snapshot of an RDS instance and waits until it is available: a
 * one-step {@link PlanFragment} that publishes the snapshot's id. Immutable; start it with
 * {@link RdsDatabase#snapshotStep()}.
 *
 * <pre>{@code
 * RdsSnapshotStep snapshot = db.snapshotStep().build();                        // id "rds-snapshot"
 * RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-drill").build();
 * RestorePlan plan = RestorePlan.builder("drill")
 *     .withFragment(snapshot.fragment())
 *     .withFragment(restore.fragment().dependsOn(snapshot.fragment()))
 *     .build();
 * }</pre>
 *
 * <p>What the step does: waits through the step's poller until the instance is {@code available} when it
 * is on its way there (refusing one that never will be: stopped, deleting, failed...), names the snapshot
 * by the database's template at the run's time, saves that id in the plan's journal, and only then calls
 * CreateDBSnapshot; then it waits through the step's poller until the snapshot is available and publishes
 * {@code <id>.snapshot.id}. A resumed run finds the saved id and, when the snapshot exists, only waits for
 * it; when the earlier run died before the call, it makes the call with the same id. So a crash anywhere
 * leaves exactly one snapshot.
 */
public final class RdsSnapshotStep {
    /** The default id of the fragment, its step and the prefix of its output. */
    public static final String DEFAULT_ID = "rds-snapshot";
    static final String CHECKPOINT = "snapshot-id";
    private static final String OUTPUT_SUFFIX = ".snapshot.id";

    private final RdsDatabase database;
    private final String id;
    private final StepOutput<String> snapshotId;
    private final PlanFragment fragment;

    private RdsSnapshotStep(Builder b) {
        this.database = b.database;
        this.id = b.id;
        this.snapshotId = StepOutput.string(id + OUTPUT_SUFFIX);
        this.fragment = PlanFragment.of(Step.named(id)
                .withDescription("take a manual snapshot of RDS instance '" + database.instanceId() + "' and wait until it is available")
                .publishes(snapshotId)
                .withAction(this::run));
    }

    /** A builder holding this step's settings. */
    public Builder toBuilder() {
        return new Builder(database).withId(id);
    }

    /** The id of the fragment and of its one step. */
    public String id() {
        return id;
    }

    /** The output with the snapshot's id: {@code <id>.snapshot.id}. */
    public StepOutput<String> snapshotId() {
        return snapshotId;
    }

    /**
     * The work, as a one-step fragment for {@link io.streamsdr.core.RestorePlan.Builder#withFragment}; make it
     * wait for other work with {@link PlanFragment#dependsOn}, bound it with {@link PlanFragment#withTimeout}.
     */
    public PlanFragment fragment() {
        return fragment;
    }

    private void run(StepContext ctx) {
        String sid = ctx.checkpoint(CHECKPOINT).orElse(null);
        if (sid != null && database.snapshotExists(sid)) {
            ctx.progress("snapshot '" + sid + "' was requested by an earlier run; waiting for it");
        } else {
            database.awaitSnapshottable(ctx.poller(), ctx::progress);
            if (sid == null) {
                sid = database.snapshotIdAt(ctx.now());
                ctx.saveCheckpoint(CHECKPOINT, sid); // before the call: a resumed run looks for this id instead of taking another
            }
            database.requestSnapshot(sid);
            ctx.progress("snapshot '" + sid + "' requested; waiting for it");
        }
        DBSnapshot done = RdsWaits.awaitSnapshot(ctx.poller(), database.client(), sid, database.transientErrorBudget(), database.pollPolicy());
        ctx.publish(snapshotId, done.dbSnapshotIdentifier());
    }

    @Override
    public String toString() {
        return "RdsSnapshotStep[" + id + ", " + database.instanceId() + "]";
    }

    /** Builds an {@link RdsSnapshotStep}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsDatabase database;
        private String id = DEFAULT_ID;

        Builder(RdsDatabase database) {
            this.database = database;
        }

        /**
         * The id of the fragment and its step; default {@value RdsSnapshotStep#DEFAULT_ID}. The output is named
         * after it ({@code <id>.snapshot.id}), so two snapshot steps in one plan need two ids.
         *
         * @throws InvalidConfigurationException when it breaks the id rule (1 to 63 letters, digits, '.', '_' or '-',
         *         starting with a letter or digit), or is longer than 51 characters (so that {@code <id>.snapshot.id}
         *         fits in 63)
         */
        public Builder withId(String id) {
            this.id = AwsRules.fragmentId("snapshot step id", id, OUTPUT_SUFFIX);
            return this;
        }

        /** The step. */
        public RdsSnapshotStep build() {
            return new RdsSnapshotStep(this);
        }
    }
}
