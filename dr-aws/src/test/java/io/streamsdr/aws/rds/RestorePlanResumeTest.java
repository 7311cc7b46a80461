package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snapshot → restore → endpoint used by a later step; a crash right after the restore call, then a resume. */
class RestorePlanResumeTest {

    /** The process "dies": after {@code limit} records the journal throws an Error and keeps nothing more. */
    static final class CrashingJournal implements Journal {
        final Journal delegate;
        final int limit;
        int written;

        CrashingJournal(Journal delegate, int limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public Optional<JournalRecord> load() {
            return delegate.load();
        }

        @Override
        public synchronized void record(String planName, String fingerprint, StepRecord step) {
            if (written >= limit) {
                written++;
                throw new SimulatedCrash("the JVM died before journal record " + written + " (" + step.stepId() + ")");
            }
            written++;
            delegate.record(planName, fingerprint, step);
        }
    }

    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    @Test
    void aCrashRightAfterTheRestoreCallAndAResumeCreateOneInstanceAndFeedTheEndpointOn(@TempDir Path dir) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(25)).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7)
                .dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"));
        clock.advance(Duration.ofMinutes(10));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).build();
        RdsSnapshotStep snapshot = db.snapshotStep("snapshot");
        RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-dr").build();
        List<String> helmSaw = new CopyOnWriteArrayList<>();
        RestorePlan plan = RestorePlan.builder("failover")
                .withStep(snapshot.step())
                .withStep(restore.step().dependsOn(snapshot.stepId()))
                .withStep(Step.named("helm-upgrade").dependsOn(restore.stepId()).consumes(restore.endpointAddress())
                        .withAction(ctx -> helmSaw.add("externalizedMariadb.host=" + ctx.input(restore.endpointAddress()))))
                .build();
        Path journalFile = dir.resolve("failover.journal.json");
        // records: snapshot RUNNING, snapshot checkpoint (its id), snapshot SUCCEEDED, restore RUNNING, restore checkpoint
        // (token, before the call); the 6th, the checkpoint just after the restore call, is where the JVM "dies"
        CrashingJournal crashing = new CrashingJournal(Journal.file(journalFile), 5);

        assertThatThrownBy(() -> plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(crashing)))
                .isInstanceOf(SimulatedCrash.class);

        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        assertThat(helmSaw).isEmpty();

        PlanReport resumed = plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(Journal.file(journalFile)));

        resumed.throwIfFailed();
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).as("no second restore").isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        assertThat(resumed.step("snapshot").status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
        assertThat(resumed.step(restore.stepId()).resumed()).isTrue();
        String host = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).endpoint().address();
        assertThat(helmSaw).containsExactly("externalizedMariadb.host=" + host);
    }

    @Test
    void aCrashAfterTheSnapshotWasRequestedMakesTheResumeReuseIt(@TempDir Path dir) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(20)).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
        clock.advance(Duration.ofMinutes(10));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).build();
        RdsSnapshotStep snapshot = db.snapshotStep("snapshot");
        RestorePlan plan = RestorePlan.builder("backup").withStep(snapshot.step()).build();
        Path journalFile = dir.resolve("backup.journal.json");

        // records: snapshot RUNNING, its id checkpoint; the JVM "dies" at the next one, the step's end
        assertThatThrownBy(() -> plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(new CrashingJournal(Journal.file(journalFile), 2))))
                .isInstanceOf(SimulatedCrash.class);
        String requested = rds.snapshotIds().stream().filter(id -> !id.startsWith("rds:")).findFirst().orElseThrow();
        clock.advance(Duration.ofHours(1));

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(Journal.file(journalFile))).throwIfFailed();

        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
        assertThat(report.step("snapshot").outputs()).containsEntry(snapshot.snapshotId().name(), requested);
    }

    @Test
    void aCrashBeforeTheRestoreCallMakesTheResumeCallIt(@TempDir Path dir) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(5)).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
        clock.advance(Duration.ofMinutes(10));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).build();
        RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-dr").build();
        RestorePlan plan = RestorePlan.builder("pitr").withStep(restore.step()).build();
        Path journalFile = dir.resolve("pitr.journal.json");

        // records: restore RUNNING; the token checkpoint (before the call) is where the JVM "dies"
        assertThatThrownBy(() -> plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(new CrashingJournal(Journal.file(journalFile), 1))))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isZero();

        plan.execute(RunOptions.defaults().withTime(clock, clock).withJournal(Journal.file(journalFile))).throwIfFailed();

        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isEqualTo(1);
    }
}
