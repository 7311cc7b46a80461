package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.CrashingJournal;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The pre-staged instance on the in-memory RDS, on virtual time: the scheduled refresh (restore the newest snapshot,
 * replace an older standby, leave it stopped or running, resume after a crash into exactly one restore), the failover
 * (start, wait, the snapshot's age as the RPO), its guard rails, and the fake's start/stop states and refusals.
 */
class RdsPrestagedInstanceTest {
    final VirtualClock clock = VirtualClock.create();

    InMemoryRds fake() {
        return InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(10)).withStartDuration(Duration.ofMinutes(5))
                .withStopDuration(Duration.ofMinutes(3))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8")
                        .dbInstanceClass("db.r6g.large").backupRetentionPeriod(7))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("other-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7))
                .build();
    }

    /** A manual snapshot of {@code instance} taken now and waited for; returns its creation time. */
    Instant snapshot(InMemoryRds rds, String instance, String id) {
        Instant at = clock.instant();
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier(instance).dbSnapshotIdentifier(id));
        clock.advance(Duration.ofMinutes(4));
        return at;
    }

    RdsPrestagedInstance standby(InMemoryRds rds, RdsPrestagedInstance.StandbyState state) {
        return RdsDatabase.builder(rds, "streams-db").build().prestaged("streams-db-standby").withState(state)
                .withMaxAge(Duration.ofHours(2)).build();
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    DBInstance describe(InMemoryRds rds, String id) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    static Map<String, String> tags(DBInstance i) {
        return i.tagList().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    PlanReport refresh(RdsPrestagedInstance standby) {
        return RestorePlan.builder("refresh").withFragment(standby.refreshFragment()).build().execute(options()).throwIfFailed();
    }

    @Test
    void theRefreshRestoresTheNewestSnapshotLeavesItStoppedAndReplacesItWhenANewerOneExists() {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        Instant second = snapshot(rds, "streams-db", "nightly-2");
        RdsPrestagedInstance standby = standby(rds, RdsPrestagedInstance.StandbyState.STOPPED);
        Instant start = clock.instant();

        refresh(standby);

        // 10 minutes of restore, 3 of stopping, each seen within a 30 s look
        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(13), Duration.ofMinutes(14).plusSeconds(10));
        DBInstance s = describe(rds, "streams-db-standby");
        assertThat(s.dbInstanceStatus()).isEqualTo("stopped");
        assertThat(s.dbInstanceClass()).as("copied from the source").isEqualTo("db.r6g.large");
        assertThat(tags(s)).containsEntry(RdsPrestagedInstance.SOURCE_TAG, "streams-db")
                .containsEntry(RdsPrestagedInstance.SNAPSHOT_TAG, "nightly-2")
                .containsEntry(RdsPrestagedInstance.SNAPSHOT_TIME_TAG, second.toString());

        refresh(standby); // nothing newer: nothing restored, nothing deleted
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(1);
        assertThat(rds.calls("DeleteDBInstance")).isZero();

        snapshot(rds, "streams-db", "nightly-3");
        refresh(standby);
        assertThat(rds.calls("DeleteDBInstance")).isEqualTo(1);
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(2);
        assertThat(rds.calls("StopDBInstance")).isEqualTo(2);
        assertThat(tags(describe(rds, "streams-db-standby"))).containsEntry(RdsPrestagedInstance.SNAPSHOT_TAG, "nightly-3");
        assertThat(describe(rds, "streams-db-standby").dbInstanceStatus()).isEqualTo("stopped");
    }

    @Test
    void theFailoverStartsAStoppedStandbyWaitsUntilAvailableAndRecordsTheSnapshotsAgeAsRpo() {
        InMemoryRds rds = fake();
        Instant taken = snapshot(rds, "streams-db", "nightly-1");
        RdsPrestagedInstance standby = standby(rds, RdsPrestagedInstance.StandbyState.STOPPED);
        refresh(standby);
        clock.advance(Duration.ofMinutes(30));
        Instant start = clock.instant();

        PlanReport report = RestorePlan.builder("failover").withFragment(standby.fragment()).build().execute(options()).throwIfFailed();

        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(40));
        DBInstance after = describe(rds, "streams-db-standby");
        assertThat(after.dbInstanceStatus()).isEqualTo("available");
        assertThat(stepOf(report, "rds-prestaged").outputs()).containsEntry("rds-prestaged.endpoint.address", after.endpoint().address())
                .containsEntry("rds-prestaged.endpoint.port", "3306").containsEntry("rds-prestaged.instance.arn", after.dbInstanceArn());
        assertThat(report.rpo()).containsEntry("rds streams-db", Duration.between(taken, start));
        assertThat(rds.calls("StartDBInstance")).isEqualTo(1);
    }

    @Test
    void aRunningStandbyIsOnlyLookedAtAndCostsItsInstanceHoursWhereAStoppedOneCostsItsStorage() {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        RdsPrestagedInstance running = standby(rds, RdsPrestagedInstance.StandbyState.RUNNING);
        refresh(running);
        assertThat(describe(rds, "streams-db-standby").dbInstanceStatus()).isEqualTo("available");
        Instant start = clock.instant();

        RestorePlan.builder("failover").withFragment(running.fragment()).build().execute(options()).throwIfFailed();

        assertThat(clock.elapsedSince(start)).isLessThan(Duration.ofMinutes(1));
        assertThat(rds.calls("StartDBInstance") + rds.calls("StopDBInstance")).isZero();
        assertThat(running.standingCostPerMonth(new BigDecimal("0.272"), new BigDecimal("11.50"))).isEqualByComparingTo("210.06");
        assertThat(running.toBuilder().withState(RdsPrestagedInstance.StandbyState.STOPPED).build()
                .standingCostPerMonth(new BigDecimal("0.272"), new BigDecimal("11.50"))).isEqualByComparingTo("11.50");
        assertThat(running.fragment().strategy().orElseThrow().expectedTime()).isEqualTo(RdsPrestagedInstance.EXPECTED_TIME_RUNNING);
    }

    @Test
    void aStandbyOlderThanTheMaximumAgeMakesThePreviewSaySoAndTheFailoverRefuse() throws Exception {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        RdsPrestagedInstance standby = standby(rds, RdsPrestagedInstance.StandbyState.STOPPED);
        refresh(standby);
        clock.advance(Duration.ofHours(3));
        RestorePlan plan = RestorePlan.builder("failover").withFragment(standby.fragment()).build();

        List<CheckResult> checks = plan.checkPreconditions(RunContext.of(options().poller()));

        assertThat(checks.get(0).passed()).isTrue();
        assertThat(checks.get(1).passed()).isFalse();
        assertThat(checks.get(1).detail()).matches("Refused by guard rail 'the pre-staged instance's snapshot must be at most the maximum age':"
                + " pre-staged instance 'streams-db-standby' holds snapshot nightly-1 of \\S+, 3h1[0-9]m[0-9]+s old, more than 2h\\."
                + " To proceed anyway: refresh it \\(refreshFragment\\(\\)\\), restore a snapshot instead, or raise the maximum with withMaxAge\\(\\.\\.\\)");
        assertThat(standby.fragment().strategy().orElseThrow().dataLoss().orElseThrow().now(RunContext.of(options().poller())))
                .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofHours(3)));
        PlanReport report = plan.execute(options());
        assertThat(report.succeeded()).isFalse();
        assertThat(rds.calls("StartDBInstance")).isZero();
    }

    @Test
    void anInstanceThatIsNotAPrestagedRestoreOfTheSourceIsRefusedByTheFailoverAndTheRefresh() {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        RdsPrestagedInstance notOurs = RdsDatabase.builder(rds, "streams-db").build().prestaged("other-db").build();

        List<CheckResult> failover = RestorePlan.builder("f").withFragment(notOurs.fragment()).build()
                .checkPreconditions(RunContext.of(options().poller()));
        PlanReport refresh = RestorePlan.builder("r").withFragment(notOurs.refreshFragment()).build().execute(options());

        assertThat(failover.get(0).detail()).isEqualTo("Refused by guard rail 'the pre-staged instance must be a restore of the protected source':"
                + " RDS instance 'other-db' is not tagged streams-dr:prestaged-source, not of 'streams-db'."
                + " To proceed anyway: name the standby the refresh of 'streams-db' made");
        assertThat(refresh.succeeded()).isFalse();
        assertThat(rds.calls("DeleteDBInstance") + rds.calls("RestoreDBInstanceFromDBSnapshot")).isZero();
        assertThat(describe(rds, "other-db").dbInstanceStatus()).isEqualTo("available");
        List<CheckResult> missing = RestorePlan.builder("f").withFragment(RdsDatabase.builder(rds, "streams-db").build()
                .prestaged("nowhere").build().fragment()).build().checkPreconditions(RunContext.of(options().poller()));
        assertThat(missing.get(0).detail()).isEqualTo("Refused by guard rail 'the pre-staged instance must exist': RDS instance 'nowhere' was not found."
                + " To proceed anyway: run the refresh fragment (refreshFragment()) before any disaster, or restore a snapshot instead");
    }

    @Test
    void theFakeStopsAndStartsThroughItsStatesAndRefusesAWrongState() {
        InMemoryRds rds = fake();
        assertThatThrownBy(() -> rds.startDBInstance(r -> r.dbInstanceIdentifier("streams-db"))).isInstanceOf(RdsException.class)
                .hasMessageStartingWith("Instance streams-db is not stopped, it is in available state.");
        rds.stopDBInstance(r -> r.dbInstanceIdentifier("streams-db"));
        assertThatThrownBy(() -> rds.stopDBInstance(r -> r.dbInstanceIdentifier("streams-db"))).isInstanceOf(RdsException.class)
                .hasMessageStartingWith("Instance streams-db is not in available state (status stopping).");
        clock.advance(Duration.ofMinutes(3));
        assertThat(describe(rds, "streams-db").dbInstanceStatus()).isEqualTo("stopped");
        rds.startDBInstance(r -> r.dbInstanceIdentifier("streams-db"));
        assertThat(describe(rds, "streams-db").dbInstanceStatus()).isEqualTo("starting");
        clock.advance(Duration.ofMinutes(5));
        assertThat(describe(rds, "streams-db").dbInstanceStatus()).isEqualTo("available");
    }

    @Test
    void theJavadocExampleRefreshesThenFailsOver() {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        // JAVADOC:io.streamsdr.aws.rds.RdsPrestagedInstance:start
        RdsPrestagedInstance standby = db.prestaged("streams-db-standby")
                .withState(RdsPrestagedInstance.StandbyState.STOPPED)   // storage only between refreshes
                .withMaxAge(Duration.ofHours(26))                       // the failover refuses an older standby
                .build();
        RestorePlan refresh = RestorePlan.builder("standby-refresh")    // run nightly, after the snapshot
                .withFragment(standby.refreshFragment())
                .build();
        RestorePlan failover = RestorePlan.builder("failover")
                .withFragment(standby.fragment())                       // in place of a restore: the same outputs
                .build();
        // JAVADOC:io.streamsdr.aws.rds.RdsPrestagedInstance:end

        refresh.execute(options()).throwIfFailed();
        assertThat(describe(rds, "streams-db-standby").dbInstanceStatus()).isEqualTo("stopped");
        PlanReport report = failover.execute(options()).throwIfFailed();
        assertThat(describe(rds, "streams-db-standby").dbInstanceStatus()).isEqualTo("available");
        assertThat(stepOf(report, standby.id()).outputs()).containsKey(standby.endpointAddress().name());
    }

    // ------------------------------------------------------------------ crash anywhere, restore once

    static IntStream refreshWrites() {
        // RUNNING, the snapshot (before the call), SUCCEEDED
        return IntStream.range(0, 3);
    }

    @ParameterizedTest(name = "crash before journal write {0}")
    @MethodSource("refreshWrites")
    void aRefreshKilledBeforeAnyJournalWriteResumesIntoExactlyOneRestore(int write, @TempDir Path dir) {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        Journal onDisk = Journal.file(dir.resolve("refresh.journal.json"));
        RestorePlan plan = RestorePlan.builder("refresh").withFragment(standby(rds, RdsPrestagedInstance.StandbyState.STOPPED)
                .refreshFragment()).build();
        assertThatThrownBy(() -> plan.execute(options().withJournal(CrashingJournal.crashingBeforeWrite(onDisk, write))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class);

        plan.execute(options().withJournal(onDisk)).throwIfFailed();

        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).as("restores over both runs").isEqualTo(1);
        assertThat(describe(rds, "streams-db-standby").dbInstanceStatus()).isEqualTo("stopped");
    }

    @Test
    void aRefreshKilledJustAfterItsSnapshotCheckpointRestoresThatSnapshotOnResume(@TempDir Path dir) {
        InMemoryRds rds = fake();
        snapshot(rds, "streams-db", "nightly-1");
        Journal onDisk = Journal.file(dir.resolve("refresh.journal.json"));
        RestorePlan plan = RestorePlan.builder("refresh").withFragment(standby(rds, RdsPrestagedInstance.StandbyState.STOPPED)
                .refreshFragment()).build();
        assertThatThrownBy(() -> plan.execute(options().withJournal(CrashingJournal.crashingAfterWrite(onDisk, 2))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class).hasMessageContaining(RdsPrestagedInstance.SNAPSHOT_CHECKPOINT);
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isZero();
        snapshot(rds, "streams-db", "nightly-2"); // newer, but the run resumes with the snapshot it chose

        plan.execute(options().withJournal(onDisk)).throwIfFailed();

        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(1);
        assertThat(tags(describe(rds, "streams-db-standby"))).containsEntry(RdsPrestagedInstance.SNAPSHOT_TAG, "nightly-1");
    }
}
