package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.CrashingJournal;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RDS steps that create something, killed at every journal write and resumed: a crash anywhere
 * leaves exactly one snapshot, exactly one new instance, and a resumed run that succeeds and feeds the
 * endpoint on. Each step saves what it will create BEFORE the create call; these tests prove it.
 */
class RestorePlanResumeTest {
    final VirtualClock clock = VirtualClock.create();

    RunOptions options(Journal journal) {
        return RunOptions.defaults().withTime(clock, clock).withJournal(journal);
    }

    InMemoryRds fake() {
        return InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(25)).withSnapshotDuration(Duration.ofMinutes(20))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8")
                        .backupRetentionPeriod(7).dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"))
                .build();
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    /** How many journal writes a clean run of {@code plan} makes. */
    int writesOfACleanRun(java.util.function.Function<InMemoryRds, RestorePlan> plan, Path dir) {
        CrashingJournal counting = CrashingJournal.crashingOnRequest(Journal.file(dir.resolve("clean.journal.json")));
        VirtualClock own = VirtualClock.create();
        InMemoryRds rds = InMemoryRds.builder(own).withRestoreDuration(Duration.ofMinutes(25)).withSnapshotDuration(Duration.ofMinutes(20))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7)).build();
        plan.apply(rds).execute(RunOptions.defaults().withTime(own, own).withJournal(counting)).throwIfFailed();
        return counting.writes();
    }

    // ------------------------------------------------------------------ the restore step

    static RestorePlan restorePlan(InMemoryRds rds) {
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        return RestorePlan.builder("failover").withFragment(db.restoreToLatestRestorableTime().toInstance("streams-db-dr").build().fragment())
                .build();
    }

    static IntStream restoreWrites() {
        // RUNNING, the token (before the call), the RPO (before the call), "requested" (after the call), SUCCEEDED
        return IntStream.range(0, 5);
    }

    @Test
    void aCleanRestoreMakesFiveJournalWrites(@TempDir Path dir) {
        assertThat(writesOfACleanRun(RestorePlanResumeTest::restorePlan, dir)).isEqualTo(5);
    }

    @ParameterizedTest(name = "crash before journal write {0}")
    @MethodSource("restoreWrites")
    void aRestoreKilledBeforeAnyJournalWriteResumesIntoExactlyOneInstance(int write, @TempDir Path dir) {
        InMemoryRds rds = fake();
        Journal onDisk = Journal.file(dir.resolve("failover.journal.json"));
        RestorePlan plan = restorePlan(rds);

        assertThatThrownBy(() -> plan.execute(options(CrashingJournal.crashingBeforeWrite(onDisk, write))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class);
        int callsBeforeResume = rds.calls("RestoreDBInstanceToPointInTime");
        PlanReport resumed = plan.execute(options(onDisk));

        resumed.throwIfFailed();
        // the call is made after the token and RPO checkpoints (writes 2 and 3): before them, the dead run never called
        assertThat(callsBeforeResume).isEqualTo(write < 3 ? 0 : 1);
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).as("restore calls over both runs").isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        String host = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).endpoint().address();
        assertThat(stepOf(resumed, "rds-restore").outputs()).containsEntry("rds-restore.endpoint.address", host);
        assertThat(resumed.rpo()).containsKey("rds streams-db");
    }

    @Test
    void aRestoreKilledJustAfterItsTokenCheckpointMakesTheCallOnResume(@TempDir Path dir) {
        InMemoryRds rds = fake();
        Journal onDisk = Journal.file(dir.resolve("failover.journal.json"));
        RestorePlan plan = restorePlan(rds);

        // write 1 is the step's RUNNING record, write 2 its token: the JVM dies between saving the token and the call
        assertThatThrownBy(() -> plan.execute(options(CrashingJournal.crashingAfterWrite(onDisk, 2))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class).hasMessageContaining("restore-token");
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isZero();

        PlanReport resumed = plan.execute(options(onDisk)).throwIfFailed();

        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        assertThat(stepOf(resumed, "rds-restore").resumed()).isTrue();
        // the instance carries the token the dead run saved: a third run would recognise it as its own
        String token = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).tagList().stream()
                .filter(t -> t.key().equals(RdsRestore.TOKEN_TAG)).findFirst().orElseThrow().value();
        assertThat(onDisk.load().orElseThrow().steps().get("rds-restore").checkpoints()).containsEntry(RdsRestore.TOKEN_CHECKPOINT, token);
    }

    // ------------------------------------------------------------------ the snapshot step

    static RestorePlan snapshotPlan(InMemoryRds rds) {
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        return RestorePlan.builder("backup").withFragment(db.snapshotStep().build().fragment()).build();
    }

    static IntStream snapshotWrites() {
        // RUNNING, the snapshot id (before the call), SUCCEEDED
        return IntStream.range(0, 3);
    }

    @Test
    void aCleanSnapshotMakesThreeJournalWrites(@TempDir Path dir) {
        assertThat(writesOfACleanRun(RestorePlanResumeTest::snapshotPlan, dir)).isEqualTo(3);
    }

    @ParameterizedTest(name = "crash before journal write {0}")
    @MethodSource("snapshotWrites")
    void aSnapshotKilledBeforeAnyJournalWriteResumesIntoExactlyOneSnapshot(int write, @TempDir Path dir) {
        InMemoryRds rds = fake();
        Journal onDisk = Journal.file(dir.resolve("backup.journal.json"));
        RestorePlan plan = snapshotPlan(rds);

        assertThatThrownBy(() -> plan.execute(options(CrashingJournal.crashingBeforeWrite(onDisk, write))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class);
        clock.advance(Duration.ofMinutes(3)); // the next JVM starts later: a new id would differ from the one the dead run took
        PlanReport resumed = plan.execute(options(onDisk)).throwIfFailed();

        List<String> manual = rds.snapshotIds().stream().filter(id -> !id.startsWith("rds:")).toList();
        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
        assertThat(manual).hasSize(1);
        assertThat(stepOf(resumed, "rds-snapshot").outputs()).containsEntry("rds-snapshot.snapshot.id", manual.get(0));
    }

    @Test
    void aSnapshotKilledJustAfterItsIdCheckpointTakesThatIdOnResume(@TempDir Path dir) {
        InMemoryRds rds = fake();
        Journal onDisk = Journal.file(dir.resolve("backup.journal.json"));
        RestorePlan plan = snapshotPlan(rds);

        assertThatThrownBy(() -> plan.execute(options(CrashingJournal.crashingAfterWrite(onDisk, 2))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class).hasMessageContaining(RdsSnapshotStep.CHECKPOINT);
        String saved = onDisk.load().orElseThrow().steps().get("rds-snapshot").checkpoints().get(RdsSnapshotStep.CHECKPOINT);
        assertThat(rds.calls("CreateDBSnapshot")).isZero();
        clock.advance(Duration.ofHours(1));

        PlanReport resumed = plan.execute(options(onDisk)).throwIfFailed();

        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
        assertThat(saved).isEqualTo("streams-db-20260101000000");
        assertThat(stepOf(resumed, "rds-snapshot").outputs()).containsEntry("rds-snapshot.snapshot.id", saved);
    }

    // ------------------------------------------------------------------ both, and the step that consumes the endpoint

    @Test
    void aCrashRightAfterTheRestoreCallAndAResumeCreateOneInstanceAndFeedTheEndpointOn(@TempDir Path dir) {
        InMemoryRds rds = fake();
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        RdsSnapshotStep snapshot = db.snapshotStep().withId("snapshot").build();
        RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-dr").build();
        List<String> helmSaw = new CopyOnWriteArrayList<>();
        RestorePlan plan = RestorePlan.builder("failover")
                .withFragment(snapshot.fragment())
                .withFragment(restore.fragment().dependsOn(snapshot.fragment()))
                .withStep(Step.named("helm-upgrade").dependsOn(restore.id()).consumes(restore.endpointAddress())
                        .withAction(ctx -> helmSaw.add("externalizedMariadb.host=" + ctx.input(restore.endpointAddress()))))
                .build();
        Journal onDisk = Journal.file(dir.resolve("failover.journal.json"));
        // snapshot: RUNNING, id, SUCCEEDED; restore: RUNNING, token, RPO, then the call; the next write, "requested", never lands
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(onDisk, 6);

        assertThatThrownBy(() -> plan.execute(options(crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class)
                .hasMessageContaining("rds-restore");

        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        assertThat(helmSaw).isEmpty();

        PlanReport resumed = plan.execute(options(onDisk));

        resumed.throwIfFailed();
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).as("no second restore").isEqualTo(1);
        assertThat(rds.instanceIds()).containsExactly("streams-db", "streams-db-dr");
        assertThat(stepOf(resumed, "snapshot").status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
        assertThat(stepOf(resumed, restore.id()).resumed()).isTrue();
        String host = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).endpoint().address();
        assertThat(helmSaw).containsExactly("externalizedMariadb.host=" + host);
    }
}
