package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.BackupSet;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.StepReport;
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

    /** The source instance, available now (created earlier, as far as the fake knows). */
    RdsDatabase source(InMemoryRds rds, int retention) {
        rds.createAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8")
                .backupRetentionPeriod(retention).dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"));
        return RdsDatabase.builder(rds, "streams-db").build();
    }

    Poller poller() {
        return Poller.using(clock, clock);
    }

    RunContext ctx() {
        return RunContext.of(poller());
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    PlanReport run(RdsRestore restore) {
        return RestorePlan.builder("p").withFragment(restore.fragment()).build().execute(options());
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    @Test
    void aSnapshotIsAwaitedThroughCreatingUntilAvailable() {
        InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(7)).build();
        RdsDatabase db = source(rds, 7);
        Instant start = clock.instant();
        rds.resetCallCounts();

        RecoveryPoint p = db.takeSnapshot("snap-1", poller());

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
        db.takeSnapshot("snap", poller());
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
        db.takeSnapshot("snap", poller());

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void aRestoreLongerThanTheTimeoutFailsWithTheLastStateSeen() {
        InMemoryRds rds = rds(Duration.ofHours(3));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap", poller());

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
        db.takeSnapshot("snap", poller());
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
        db.takeSnapshot("snap", poller());
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").build();
        rds.resetCallCounts();

        PlanReport report = RestorePlan.builder("p").withFragment(restore.fragment()).build()
                .execute(options().onEvents(new PlanListener() {
                    @Override
                    public void stepProgress(String stepId, String message, Instant at) {
                        if (message.contains("restore of 'dr' requested")) {
                            rds.throttleNextCalls(2);
                            rds.failNextCalls(1);
                        }
                    }
                }));

        report.throwIfFailed();
        assertThat(stepOf(report, "rds-restore").attempts()).isEqualTo(1);
        assertThat(rds.calls("DescribeDBInstances")).isGreaterThanOrEqualTo(2 + 3 + 1);
    }

    @Test
    void whenTheTransientErrorBudgetIsSpentThePlanFailsClearly() {
        InMemoryRds rds = rds(Duration.ofMinutes(10));
        RdsDatabase db = source(rds, 7).toBuilder().withTransientErrorBudget(2).build();
        db.takeSnapshot("snap", poller());
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").build();

        PlanReport report = RestorePlan.builder("p").withFragment(restore.fragment()).build()
                .execute(options().onEvents(new PlanListener() {
                    @Override
                    public void stepProgress(String stepId, String message, Instant at) {
                        if (message.contains("restore of 'dr' requested")) {
                            rds.failNextCalls(50);
                        }
                    }
                }));

        assertThat(db.transientErrorBudget()).isEqualTo(2);
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(TerminalStateException.class)
                .hasMessageStartingWith("RDS instance 'dr' to be available cannot complete: gave up after 3 throttling or server errors "
                        + "in a row (the transient-error budget is 2; raise it with withTransientErrorBudget); last: InternalFailure (HTTP 500): "
                        + "An internal error occurred. (after ")
                .cause().isInstanceOf(CallFailedException.class).cause().isInstanceOf(RdsException.class);
    }

    @Test
    void aResumedStepWhoseTokenDoesNotMatchTheInstanceIsRefused() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap", poller());
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
        clock.advance(Duration.ofHours(1));
        Instant lrt = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0).latestRestorableTime();
        Instant earliest = db.recoveryPoints(ctx()).get(0).windowStart().orElseThrow();
        Instant now = clock.instant();
        rds.resetCallCounts();

        PlanReport report = run(db.restoreToPointInTime(now).toInstance("dr").build());

        assertThat(lrt).isEqualTo(now.minus(Duration.ofMinutes(5)));
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'restore time must be restorable': restore time " + now + " is after the latest restorable "
                        + "time " + lrt + " of 'streams-db'. To proceed anyway: use restoreToLatestRestorableTime(), or a time between "
                        + earliest + " and " + lrt);
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isZero();
    }

    @Test
    void pointInTimeRestoreBeforeTheEarliestRestorableTimeIsRefusedNamingBothTimes() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        Instant oldestAutomated = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("streams-db").snapshotType("automated"))
                .dbSnapshots().get(0).snapshotCreateTime();
        clock.advance(Duration.ofHours(3));
        Instant lrt = clock.instant().minus(Duration.ofMinutes(5));
        Instant tooEarly = oldestAutomated.minus(Duration.ofMinutes(1));
        rds.resetCallCounts();

        PlanReport report = run(db.restoreToPointInTime(tooEarly).toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'restore time must be restorable': restore time " + tooEarly + " is before the earliest "
                        + "restorable time " + oldestAutomated + " of 'streams-db' (its oldest automated backup within the 7-day retention). "
                        + "To proceed anyway: use a time between " + oldestAutomated + " and " + lrt + ", or restore from an older snapshot");
        assertThat(rds.calls("RestoreDBInstanceToPointInTime")).isZero();
        assertThat(rds.instanceIds()).containsExactly("streams-db");
    }

    @Test
    void pointInTimeRestoreToTheEarliestRestorableTimeItselfSucceeds() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        clock.advance(Duration.ofHours(3));
        Instant earliest = db.recoveryPoints(ctx()).get(0).windowStart().orElseThrow();

        PlanReport report = run(db.restoreToPointInTime(earliest).toInstance("dr").build()).throwIfFailed();

        assertThat(report.rpo().get(db.name())).isEqualTo(Duration.between(earliest, stepOf(report, "rds-restore").startedAt().orElseThrow()));
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
        db.takeSnapshot("snap", poller());

        run(db.restoreFromSnapshot("snap").toInstance("dr").withSourceSettings(RdsRestore.SourceSettings.IGNORE).withMultiAz(true).build())
                .throwIfFailed();

        DBInstance dr = rds.describeDBInstances(r -> r.dbInstanceIdentifier("dr")).dbInstances().get(0);
        assertThat(dr.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("default");
        assertThat(dr.multiAZ()).isTrue();
    }

    @Test
    void aRestoreFromASourceThatIsGoneNeedsExplicitSettings() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("snap", poller());
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-db").skipFinalSnapshot(true));
        clock.advance(Duration.ofMinutes(5));

        PlanReport report = run(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'source instance must exist to copy its settings': RDS instance 'streams-db' was not found, "
                        + "so its subnet group, security groups and parameter group cannot be copied. To proceed anyway: give them with "
                        + "withDbSubnetGroup(..), withVpcSecurityGroups(..), withDbParameterGroup(..) and call "
                        + "withSourceSettings(SourceSettings.IGNORE)");
    }

    @Test
    void enablingBackupsWaitsThroughModifyingAndBackingUp() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 0);
        Instant start = clock.instant();

        AutomatedBackups result = db.enableAutomatedBackups(7, poller());

        assertThat(result.outageExpected()).isTrue();
        assertThat(clock.elapsedSince(start)).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
        assertThat(db.protectionStatus(ctx()).healthy()).isTrue();
    }

    @Test
    void protectionIsUnhealthyWhenTheNewestPointIsOlderThanTheMaximum() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7).toBuilder().withMaxRpo(Duration.ofMinutes(1)).build();
        clock.advance(Duration.ofHours(1)); // the fake's latest restorable time trails now by 5 minutes

        ProtectionStatus status = db.protectionStatus(ctx());

        assertThat(status.healthy()).isFalse();
        assertThat(status.rpo()).contains(Duration.ofMinutes(5));
        assertThat(status.reason()).contains("the newest restorable moment is PT5M old, more than the maximum PT1M");
    }

    @Test
    void theStatusNamesTheNewestPointSoThatAMonitorNeedsOneLook() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        clock.advance(Duration.ofHours(1));
        rds.resetCallCounts();

        ProtectionStatus status = db.protectionStatus(ctx());

        RecoveryPoint newest = status.newestRecoveryPoint().orElseThrow();
        assertThat(newest.id()).isEqualTo("streams-db-point-in-time");
        assertThat(newest.kind()).isEqualTo(RecoveryPoint.Kind.POINT_IN_TIME_WINDOW);
        assertThat(newest.capturedAt()).as("the latest restorable time, 5 minutes behind in the fake")
                .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
        assertThat(status.recoverableTo()).contains(newest.capturedAt());
        assertThat(status.rpo()).contains(Duration.ofMinutes(5));
        assertThat(rds.calls("DescribeDBInstances") + rds.calls("DescribeDBSnapshots")).as("one look, two RDS calls").isEqualTo(2);
        assertThat(db.kind()).isEqualTo("rds");
        assertThat(db.expectedInterval()).contains(RdsDatabase.TRANSACTION_LOG_INTERVAL).contains(Duration.ofMinutes(5));
    }

    @Test
    void withoutAutomatedBackupsTheNewestPointIsTheNewestSnapshot() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 0);
        db.takeSnapshot("older", poller());
        clock.advance(Duration.ofHours(2));
        RecoveryPoint newer = db.takeSnapshot("newer", poller());
        clock.advance(Duration.ofHours(1));

        ProtectionStatus status = db.protectionStatus(ctx());

        assertThat(status.healthy()).isFalse();
        assertThat(status.newestRecoveryPoint()).hasValueSatisfying(p -> {
            assertThat(p.id()).isEqualTo("newer");
            assertThat(p.kind()).isEqualTo(RecoveryPoint.Kind.MANUAL_SNAPSHOT);
            assertThat(p.capturedAt()).isEqualTo(newer.capturedAt());
        });
        assertThat(status.rpo()).contains(Duration.between(newer.capturedAt(), clock.instant()));
    }

    @Test
    void pruningByAgeKeepsTheNewestCountAsAFloor() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("d1", poller());
        clock.advance(Duration.ofDays(10));
        db.takeSnapshot("d10", poller());
        clock.advance(Duration.ofDays(10));
        db.takeSnapshot("d20", poller());

        List<RecoveryPoint> byAge = db.pruning(PrunePolicy.olderThan(Duration.ofDays(5))).preview(clock);
        List<RecoveryPoint> withFloor = db.pruning(PrunePolicy.keepLast(2).withMaxAge(Duration.ofDays(5))).preview(clock);

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

        RecoveryPoint window = db.recoveryPoints(ctx()).get(0);

        assertThat(window.kind()).isEqualTo(RecoveryPoint.Kind.POINT_IN_TIME_WINDOW);
        assertThat(window.windowStart()).contains(oldestAutomated);
        assertThat(window.capturedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
        assertThat(window.attributes()).containsEntry("retentionDays", "7");
    }

    @Test
    void recoveryPointsReadEveryPage() {
        InMemoryRds rds = InMemoryRds.builder(clock).withPageSize(2).build();
        RdsDatabase db = source(rds, 7);
        for (int i = 0; i < 5; i++) {
            db.takeSnapshot("s" + i, poller());
        }

        assertThat(db.recoveryPoints(ctx())).filteredOn(p -> p.kind() == RecoveryPoint.Kind.MANUAL_SNAPSHOT).hasSize(5);
    }

    @Test
    void theManualSnapshotQuotaSurfacesAsAwsSaysIt() {
        InMemoryRds rds = InMemoryRds.builder(clock).withManualSnapshotQuota(1).build();
        RdsDatabase db = source(rds, 7);
        db.takeSnapshot("one", poller());

        assertThatThrownBy(() -> db.takeSnapshot("two", poller())).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: CreateDBSnapshot 'two' of RDS instance 'streams-db': Cannot create more than 1 manual snapshots "
                        + "(Service: Rds, Status Code: 400, Request ID: null)")
                .cause().isInstanceOf(RdsException.class)
                .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("SnapshotQuotaExceeded"));
    }

    @Test
    void anEncryptedSnapshotNeedsAKmsKeyToBeCopied() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        InMemoryRds us = InMemoryRds.builder(clock).withRegion("us-east-1").build().linkRegion(rds);
        rds.createAvailableInstance(r -> r.dbInstanceIdentifier("enc").storageEncrypted(true));
        RdsDatabase enc = RdsDatabase.builder(rds, "enc").build();
        enc.takeSnapshot("enc-snap", poller());
        SnapshotCopy withoutKey = enc.copySnapshot("enc-snap").toRegion("us-east-1", us).build();
        rds.resetCallCounts();

        assertThatThrownBy(() -> withoutKey.execute(poller()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'an encrypted snapshot is copied with a key of the destination region': RDS snapshot "
                        + "'enc-snap' is encrypted and no KMS key of us-east-1 was given. To proceed anyway: call "
                        + "withKmsKeyId(\"arn:aws:kms:us-east-1:...\")");
        assertThat(us.calls("CopyDBSnapshot")).isZero();
        RecoveryPoint copy = withoutKey.toBuilder().withKmsKeyId("alias/dr").build().execute(poller());
        assertThat(copy.attributes()).containsEntry("encrypted", "true").containsEntry("region", "us-east-1");
        assertThat(us.snapshotIds()).containsExactly("enc-snap");
    }

    // ------------------------------------------------------------------ an instance that is not available yet

    @Test
    void aRecoveryPointOfAnInstanceStillCreatingWaitsThroughTheContextsPollerThenSnapshots() {
        InMemoryRds rds = InMemoryRds.builder(clock).withCreateDuration(Duration.ofMinutes(5)).withSnapshotDuration(Duration.ofMinutes(3))
                .build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        Instant start = clock.instant();
        Instant available = rds.availableAt("streams-db");

        RecoveryPoint point = db.takeRecoveryPoint(ctx());

        // the user's first test: this was refused with "instance must be available to be snapshotted" while the fake said creating
        assertThat(available).isEqualTo(start.plus(Duration.ofMinutes(7)));
        assertThat(point.capturedAt()).isAfterOrEqualTo(available).isBefore(available.plus(Duration.ofSeconds(31)));
        assertThat(point.id()).isEqualTo(db.snapshotIdAt(point.capturedAt()));
        assertThat(clock.instant()).isAfterOrEqualTo(point.capturedAt().plus(Duration.ofMinutes(3)));
        assertThat(rds.calls("CreateDBSnapshot")).isEqualTo(1);
    }

    @Test
    void aRecoveryPointOfAnInstanceThatNeverBecomesAvailableIsRefusedNamingTheStatus() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        Instant start = clock.instant();

        for (String status : List.of("failed", "deleting", "incompatible-parameters")) {
            rds.forceInstanceStatus("streams-db", status);
            assertThatThrownBy(() -> db.takeRecoveryPoint(ctx())).isInstanceOf(PreconditionFailedException.class)
                    .hasMessage("Refused by guard rail 'instance must be available to be snapshotted': RDS instance 'streams-db' is " + status
                            + ", from which it never becomes available on its own");
        }
        rds.forceInstanceStatus("streams-db", "stopped");
        assertThatThrownBy(() -> db.takeRecoveryPoint(ctx())).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'instance must be available to be snapshotted': RDS instance 'streams-db' is stopped, "
                        + "from which it never becomes available on its own. To proceed anyway: start it "
                        + "(aws rds start-db-instance --db-instance-identifier streams-db) and call again");
        assertThat(rds.calls("CreateDBSnapshot")).isZero();
        assertThat(clock.instant()).isEqualTo(start);
    }

    @Test
    void anInstanceThatFailsWhileBeingWaitedForEndsTheWaitAtOnce() {
        InMemoryRds rds = InMemoryRds.builder(clock).withCreateDuration(Duration.ofMinutes(30)).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
        Instant start = clock.instant();
        // while the wait looks again and again, the instance fails 10 minutes in
        RunContext failingAfter10Minutes = RunContext.of(poller().onProgress(look -> {
            if (clock.elapsedSince(start).compareTo(Duration.ofMinutes(10)) >= 0) {
                rds.forceInstanceStatus("streams-db", "failed");
            }
        }));

        assertThatThrownBy(() -> db.takeRecoveryPoint(failingAfter10Minutes)).isInstanceOf(TerminalStateException.class)
                .hasMessageStartingWith("RDS instance 'streams-db' to be available cannot complete: instance status is 'failed', "
                        + "from which it never becomes available");
        // the failure is set by the first look at or after minute 10 and seen by the next one: at most two look intervals
        // (60 s + 10% jitter each) after minute 10, not the policy's 2 hours
        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusSeconds(2 * 66));
        assertThat(rds.calls("CreateDBSnapshot")).isZero();
    }

    @Test
    void enablingBackupsOnAnInstanceStillCreatingWaitsForItFirst() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(0));
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();

        AutomatedBackups result = db.enableAutomatedBackups(7, poller());

        assertThat(result.change()).isEqualTo(AutomatedBackups.Change.TURNED_ON_WITH_RESTART);
        assertThat(rds.calls("ModifyDBInstance")).isEqualTo(1);
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0).dbInstanceStatus())
                .isEqualTo("available");
    }

    // ------------------------------------------------------------------ backupAll: the run's time, timeout and cancellation

    @Test
    void backupAllOfA45MinuteSnapshotRunsOnTheOptionsVirtualTime() {
        InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(45)).build();
        RdsDatabase db = source(rds, 7);
        Instant start = clock.instant();

        BackupSet backups = Installation.named("streams").protect(db).build().backupAll(options());

        assertThat(backups.succeeded()).as(backups.toText()).isTrue();
        RecoveryPoint point = backups.points().get(db.name());
        assertThat(point.id()).isEqualTo("streams-db-20260101000000");
        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(45), Duration.ofMinutes(47));
        assertThat(backups.rpo()).containsKey(db.name());
    }

    @Test
    void backupAllStopsTheRdsWaitAtTheBackupTimeout() {
        InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(45)).build();
        RdsDatabase db = source(rds, 7);
        Instant start = clock.instant();

        BackupSet backups = Installation.named("streams").protect(db).withBackupTimeout(Duration.ofMinutes(10)).build().backupAll(options());

        assertThat(backups.succeeded()).isFalse();
        assertThat(backups.points()).isEmpty();
        assertThat(backups.report().failure().orElseThrow()).hasRootCauseInstanceOf(TimedOutException.class);
        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    }

    // ------------------------------------------------------------------ failed calls are the library's exceptions

    @Test
    void aFailedCallOutsideAPlanIsACallFailedExceptionNamingTheCallWithTheSdkCause() {
        InMemoryRds rds = rds(Duration.ofMinutes(5));
        RdsDatabase db = source(rds, 7);
        rds.failNextCalls(2);

        assertThatThrownBy(() -> db.recoveryPoints(ctx())).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: DescribeDBSnapshots of RDS instance 'streams-db': An internal error occurred. "
                        + "(Service: Rds, Status Code: 500, Request ID: null)")
                .cause().isInstanceOf(RdsException.class);
        assertThatThrownBy(() -> db.protectionStatus(ctx())).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: DescribeDBInstances of RDS instance 'streams-db': An internal error occurred. "
                        + "(Service: Rds, Status Code: 500, Request ID: null)");
    }
}
