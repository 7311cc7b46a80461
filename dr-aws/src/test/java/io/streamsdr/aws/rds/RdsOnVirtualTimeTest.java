package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/** What only simulated time can show: states that take minutes, throttling, failures, timeouts. */
class RdsOnVirtualTimeTest {
    final VirtualClock clock = VirtualClock.create();

    InMemoryRds rds(Duration restore) {
        return InMemoryRds.builder(clock).withRestoreDuration(restore).build();
    }

    RdsDatabase source(InMemoryRds rds, int retention) {
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8")
                .backupRetentionPeriod(retention).dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).build();
        db.poller().await(RdsWaits.instanceAvailable(rds, "streams-db", 10, clock), RdsDatabase.DEFAULT_POLL_POLICY);
        return db;
    }

    PlanReport run(RdsRestore restore) {
        return RestorePlan.builder("p").withStep(restore.step()).build().execute(RunOptions.defaults().withTime(clock, clock));
    }

    @Test
    void aSnapshotIsAwaitedThroughCreatingUntilAvailable() {
        InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(7)).build();
        RdsDatabase db = source(rds, 7);
        Instant start = clock.instant();
        rds.resetCallCounts();

        RecoveryPoint p = db.takeSnapshot("snap-1");

        assertThat(p.capturedAt()).isEqualTo(start);
        Duration waited = clock.elapsedSince(start);
        // looks at 30 s, then 45 s, then every 60 s, each ±10% jitter: the first look after minute 7 comes at most 66 s late
        assertThat(waited).isBetween(Duration.ofMinutes(7), Duration.ofMinutes(7).plusSeconds(66));
        assertThat(rds.calls("DescribeDBSnapshots")).isBetween(6, 10);
    }

    @Test
    void aRestoreOf45MinutesIsDetectedWithin30sAndWithFewerCallsThanTheSdkWaiter() {
        InMemoryRds rds = rds(Duration.ofMinutes(45));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");
        rds.resetCallCounts();
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").build();

        PlanReport report = run(restore);

        report.throwIfFailed();
        Duration late = Duration.between(rds.availableAt("dr"), report.finishedAt());
        assertThat(late).isBetween(Duration.ZERO, Duration.ofSeconds(33));
        assertThat(rds.calls("DescribeDBInstances")).isLessThanOrEqualTo(60);
        assertThat(rds.calls("RestoreDBInstanceFromDBSnapshot")).isEqualTo(1);
    }

    @Test
    void restoresLongerThanTheSdkWaitersHalfHourStillSucceed() {
        InMemoryRds rds = rds(Duration.ofMinutes(95));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void aRestoreLongerThanTheTimeoutFailsWithTheLastStateSeen() {
        InMemoryRds rds = rds(Duration.ofHours(3));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(TimedOutException.class)
                .hasMessageContaining("RDS instance 'dr' to be available did not complete within 2h")
                .hasMessageContaining("last state seen: status creating");
    }

    @Test
    void aTerminalStateFailsAtOnce() {
        InMemoryRds rds = rds(Duration.ofMinutes(20));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");
        rds.endRestoresIn("incompatible-restore");
        Instant start = clock.instant();

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("instance status is 'incompatible-restore'");
        assertThat(clock.elapsedSince(start)).isLessThan(Duration.ofMinutes(22));
    }

    @Test
    void throttlingAndServerErrorsWhileWaitingAreLookedAtAgain() {
        InMemoryRds rds = rds(Duration.ofMinutes(10));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").build();
        rds.resetCallCounts();

        PlanReport report = RestorePlan.builder("p").withStep(restore.step()).build()
                .execute(RunOptions.defaults().withTime(clock, clock).onEvents(new PlanListener() {
                    @Override
                    public void stepProgress(String stepId, String message, Instant at) {
                        if (message.contains("restore of 'dr' requested")) {
                            rds.throttleNextCalls(2);
                            rds.failNextCalls(1);
                        }
                    }
                }));

        report.throwIfFailed();
        assertThat(report.step("rds-restore").attempts()).isEqualTo(1);
        assertThat(rds.calls("DescribeDBInstances")).isGreaterThanOrEqualTo(2 + 3 + 1);
    }

    @Test
    void whenTheTransientErrorBudgetIsSpentThePlanFailsClearly() {
        InMemoryRds rds = rds(Duration.ofMinutes(10));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).withTransientErrorBudget(2).build();
        source(rds, 7).takeSnapshot("snap");
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").build();

        PlanReport report = RestorePlan.builder("p").withStep(restore.step()).build()
                .execute(RunOptions.defaults().withTime(clock, clock).onEvents(new PlanListener() {
                    @Override
                    public void stepProgress(String stepId, String message, Instant at) {
                        if (message.contains("restore of 'dr' requested")) {
                            rds.failNextCalls(50);
                        }
                    }
                }));

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("gave up after 3 throttling or server errors in a row")
                .hasMessageContaining("InternalFailure (HTTP 500)");
    }

    @Test
    void aResumedStepWhoseTokenDoesNotMatchTheInstanceIsRefused() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");
        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier("dr").dbSnapshotIdentifier("snap"));

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("this plan's journal does not show step 'rds-restore' creating it");
    }

    @Test
    void pointInTimeRestoreNeedsAutomatedBackups() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 0);
        rds.resetCallCounts();

        PlanReport report = run(db.restoreToLatestRestorableTime().toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("has a backup retention of 0 days");
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isZero();
    }

    @Test
    void pointInTimeRestoreToAnInstantAfterTheLatestRestorableTimeIsRefused() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        Instant lrt = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0).latestRestorableTime();
        RdsRestore restore = db.restoreToPointInTime(clock.instant()).toInstance("dr").build();

        PlanReport report = run(restore);

        assertThat(lrt).isBefore(clock.instant());
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("is after the latest restorable time");
    }

    @Test
    void pointInTimeRestoreToAnEarlierInstantRecordsTheRpo() {
        InMemoryRds rds = rds(Duration.ofMinutes(15));
        RdsDatabase db = source(rds, 7);
        clock.advance(Duration.ofHours(2));
        Instant target = clock.instant().minus(Duration.ofHours(1));

        PlanReport report = run(db.restoreToPointInTime(target).toInstance("dr").build()).throwIfFailed();

        // The data lost is the hour after the restore point; the 15 minutes of the restore are RTO, not RPO.
        assertThat(report.rpo().get(db.name())).isEqualTo(Duration.ofHours(1));
        DBInstance dr = rds.describeDBInstances(r -> r.dbInstanceIdentifier("dr")).dbInstances().get(0);
        assertThat(dr.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("private");
    }

    @Test
    void withoutCopyingTheSourceARestoreLandsInTheDefaultsLikeAwsDoes() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");

        run(db.restoreFromSnapshot("snap").toInstance("dr").withSourceSettingsCopied(false).withMultiAz(true).build()).throwIfFailed();

        DBInstance dr = rds.describeDBInstances(r -> r.dbInstanceIdentifier("dr")).dbInstances().get(0);
        assertThat(dr.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("default");
        assertThat(dr.multiAZ()).isTrue();
    }

    @Test
    void aRestoreFromASourceThatIsGoneNeedsExplicitSettings() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap");
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-db").skipFinalSnapshot(true));
        clock.advance(Duration.ofMinutes(5));

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("withSourceSettingsCopied(false)");
    }

    @Test
    void enablingBackupsWaitsThroughModifyingAndBackingUp() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 0);
        Instant start = clock.instant();

        AutomatedBackups result = db.enableAutomatedBackups(7);

        assertThat(result.outageExpected()).isTrue();
        assertThat(clock.elapsedSince(start)).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
        assertThat(db.protectionStatus().healthy()).isTrue();
    }

    @Test
    void protectionIsUnhealthyWhenTheNewestPointIsOlderThanTheMaximum() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withTime(clock, clock).withMaxRpo(Duration.ofMinutes(1)).build();
        source(rds, 7);
        clock.advance(Duration.ofHours(1)); // the fake's latest restorable time trails now by 5 minutes

        ProtectionStatus status = db.protectionStatus();

        assertThat(status.healthy()).isFalse();
        assertThat(status.reason()).contains("more than the maximum PT1M");
    }

    @Test
    void pruningByAgeKeepsTheNewestCountAsAFloor() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("d1");
        clock.advance(Duration.ofDays(10));
        db.takeSnapshot("d10");
        clock.advance(Duration.ofDays(10));
        db.takeSnapshot("d20");

        List<RecoveryPoint> byAge = db.pruning(PrunePolicy.olderThan(Duration.ofDays(5))).preview();
        List<RecoveryPoint> withFloor = db.pruning(PrunePolicy.keepLast(2).withMaxAge(Duration.ofDays(5))).preview();

        assertThat(byAge).extracting(RecoveryPoint::id).containsExactly("d10", "d1");
        assertThat(withFloor).extracting(RecoveryPoint::id).containsExactly("d1");
    }

    @Test
    void thePointInTimeWindowRunsFromTheOldestAutomatedSnapshotToTheLatestRestorableTime() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        clock.advance(Duration.ofHours(3));
        Instant oldestAutomated = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("streams-db").snapshotType("automated"))
                .dbSnapshots().get(0).snapshotCreateTime();

        RecoveryPoint window = db.recoveryPoints().get(0);

        assertThat(window.kind()).isEqualTo(RecoveryPoint.Kind.POINT_IN_TIME_WINDOW);
        assertThat(window.windowStart()).isEqualTo(oldestAutomated);
        assertThat(window.capturedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
        assertThat(window.attributes()).containsEntry("retentionDays", "7");
    }

    @Test
    void recoveryPointsReadEveryPage() {
        InMemoryRds rds = InMemoryRds.builder(clock).withPageSize(2).build();
        RdsDatabase db = source(rds, 7);
        for (int i = 0; i < 5; i++) {
            db.takeSnapshot("s" + i);
        }

        assertThat(db.recoveryPoints()).filteredOn(p -> p.kind() == RecoveryPoint.Kind.MANUAL_SNAPSHOT).hasSize(5);
    }

    @Test
    void theManualSnapshotQuotaSurfacesAsAwsSaysIt() {
        InMemoryRds rds = InMemoryRds.builder(clock).withManualSnapshotQuota(1).build();
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("one");

        assertThatThrownBy(() -> db.takeSnapshot("two")).isInstanceOf(RdsException.class)
                .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("SnapshotQuotaExceeded"));
    }

    @Test
    void anEncryptedSnapshotNeedsAKmsKeyToBeCopied() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        InMemoryRds us = InMemoryRds.builder(clock).withRegion("us-east-1").build().linkRegion(rds);
        RdsDatabase db = source(rds, 7);
        rds.createDBInstance(r -> r.dbInstanceIdentifier("enc").storageEncrypted(true));
        clock.advance(Duration.ofMinutes(10));
        RdsDatabase enc = RdsDatabase.builder(rds, "enc").withTime(clock, clock).build();
        enc.takeSnapshot("enc-snap");

        assertThatThrownBy(() -> enc.copySnapshot("enc-snap").toRegion("us-east-1", us).build().execute())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Invalid KMS key id: must be given because snapshot 'enc-snap' is encrypted");
        RecoveryPoint copy = enc.copySnapshot("enc-snap").toRegion("us-east-1", us).withKmsKeyId("alias/dr").build().execute();
        assertThat(copy.attributes()).containsEntry("encrypted", "true");
        assertThat(db).isNotNull();
    }
}
