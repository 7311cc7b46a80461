package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * One contract, run against the in-memory fake and against moto_server: what RdsDatabase and its
 * restore steps do, seen through the RDS API.
 */
abstract class RdsContractTest {
    static final String SOURCE = "streams-db";

    VirtualClock clock;

    /** A client of the region under test (eu-west-1). */
    abstract RdsClient client();

    /** A client of another region (us-east-1) that can copy snapshots from the first by ARN. */
    abstract RdsClient otherRegionClient();

    /** Resets the backend and sets {@link #clock}. */
    abstract void resetBackend();

    /** The source instance's network settings, as the fixture created them. */
    abstract String subnetGroup();

    abstract String securityGroup();

    abstract String parameterGroup();

    @BeforeEach
    void setUp() {
        resetBackend();
    }

    /** Creates the source instance with the fixture's network settings; it may still be on its way to available. */
    void requestSource(int retentionDays) {
        client().createDBInstance(r -> r.dbInstanceIdentifier(SOURCE).engine("mariadb").engineVersion("10.11.8")
                .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1")
                .backupRetentionPeriod(retentionDays).dbSubnetGroupName(subnetGroup()).vpcSecurityGroupIds(securityGroup())
                .dbParameterGroupName(parameterGroup()).multiAZ(true).publiclyAccessible(false));
    }

    /** Creates the source instance with the fixture's network settings and waits until it is available. */
    RdsDatabase createSource(int retentionDays) {
        requestSource(retentionDays);
        RdsWaits.awaitAvailable(poller(), client(), SOURCE, 10, RdsDatabase.DEFAULT_POLL_POLICY);
        return database();
    }

    RdsDatabase database() {
        return RdsDatabase.builder(client(), SOURCE).withSnapshotTags(Map.of("owner", "dr-tests")).build();
    }

    /** The test's time: every wait and "now" of the calls outside a plan. */
    Poller poller() {
        return Poller.using(clock, clock);
    }

    RunContext run() {
        return RunContext.of(poller());
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    DBInstance describe(String id) {
        return client().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    @Test
    void snapshotIsNamedByTheTemplateTaggedAndAvailable() {
        RdsDatabase db = createSource(7);
        String expectedId = db.nextSnapshotId(clock);

        RecoveryPoint point = db.takeRecoveryPoint(run());

        assertThat(expectedId).matches(SOURCE + "-\\d{14}");
        assertThat(point.id()).isEqualTo(expectedId);
        assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.MANUAL_SNAPSHOT);
        var snap = client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(expectedId)).dbSnapshots().get(0);
        assertThat(snap.status()).isEqualTo("available");
        List<Tag> tags = client().listTagsForResource(r -> r.resourceName(snap.dbSnapshotArn())).tagList();
        assertThat(tags).contains(Tag.builder().key("owner").value("dr-tests").build());
    }

    @Test
    void aRecoveryPointOfAnInstanceStillBeingCreatedWaitsUntilItIsAvailable() {
        requestSource(7);
        RdsDatabase db = database();

        RecoveryPoint point = db.takeRecoveryPoint(run());

        assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.MANUAL_SNAPSHOT);
        assertThat(describe(SOURCE).dbInstanceStatus()).isEqualTo("available");
        var snap = client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(point.id())).dbSnapshots().get(0);
        assertThat(snap.status()).isEqualTo("available");
        assertThat(snap.dbInstanceIdentifier()).isEqualTo(SOURCE);
    }

    @Test
    void takingTheSameSnapshotIdTwiceIsRefusedByAGuardRail() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("manual-1", poller());

        assertThatThrownBy(() -> db.takeSnapshot("manual-1", poller()))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'snapshot id must be new': RDS snapshot 'manual-1' already exists. "
                        + "To proceed anyway: take the snapshot under another id");
    }

    @Test
    void enablingAutomatedBackupsFromZeroWarnsOfTheOutageAndIsIdempotent() {
        RdsDatabase db = createSource(0);

        AutomatedBackups first = db.enableAutomatedBackups(7, poller());
        AutomatedBackups again = db.enableAutomatedBackups(7, poller());

        assertThat(first).isEqualTo(new AutomatedBackups(SOURCE, 0, 7, AutomatedBackups.Change.TURNED_ON_WITH_RESTART));
        assertThat(first.changed()).isTrue();
        assertThat(first.outageExpected()).isTrue();
        assertThat(first.note()).isEqualTo("automated backups turned on with 7 days of retention; the instance restarted (an outage), "
                + "since switching the retention between 0 and a non-zero value restarts the instance: an outage");
        assertThat(describe(SOURCE).backupRetentionPeriod()).isEqualTo(7);
        assertThat(again).isEqualTo(new AutomatedBackups(SOURCE, 7, 7, AutomatedBackups.Change.NONE));
        assertThat(again.changed()).isFalse();
        assertThat(again.note()).isEqualTo("automated backups already on with 7 days of retention; nothing changed "
                + "(note: switching the retention between 0 and a non-zero value restarts the instance: an outage)");
    }

    @Test
    void changingANonZeroRetentionCausesNoOutage() {
        RdsDatabase db = createSource(3);

        AutomatedBackups result = db.enableAutomatedBackups(14, poller());

        assertThat(result.change()).isEqualTo(AutomatedBackups.Change.RETENTION_CHANGED);
        assertThat(result.changed()).isTrue();
        assertThat(result.outageExpected()).isFalse();
        assertThat(result.note()).isEqualTo("backup retention changed from 3 to 14 days, without an outage "
                + "(note: switching the retention between 0 and a non-zero value restarts the instance: an outage)");
        assertThat(describe(SOURCE).backupRetentionPeriod()).isEqualTo(14);
    }

    @Test
    void recoveryPointsAreNewestFirstAndIncludeThePointInTimeWindow() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("manual-a", poller());
        clock.advance(Duration.ofMinutes(10));
        db.takeSnapshot("manual-b", poller());

        List<RecoveryPoint> points = db.recoveryPoints(run());

        assertThat(points).extracting(RecoveryPoint::id).contains("manual-a", "manual-b", SOURCE + "-point-in-time");
        assertThat(points).extracting(RecoveryPoint::kind).contains(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT,
                RecoveryPoint.Kind.POINT_IN_TIME_WINDOW);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).capturedAt()).isBeforeOrEqualTo(points.get(i - 1).capturedAt());
        }
        RecoveryPoint window = points.stream().filter(p -> p.kind() == RecoveryPoint.Kind.POINT_IN_TIME_WINDOW).findFirst().orElseThrow();
        assertThat(window.windowStart()).get().satisfies(start -> assertThat(start).isBeforeOrEqualTo(window.capturedAt()));
        assertThat(points.indexOf(points.stream().filter(p -> p.id().equals("manual-b")).findFirst().orElseThrow()))
                .isLessThan(points.indexOf(points.stream().filter(p -> p.id().equals("manual-a")).findFirst().orElseThrow()));
    }

    @Test
    void protectionIsHealthyWithAutomatedBackupsAndRpoComesFromTheLatestRestorableTime() {
        RdsDatabase db = createSource(7);

        ProtectionStatus status = db.protectionStatus(run());

        assertThat(status.healthy()).as(String.valueOf(status.reason())).isTrue();
        assertThat(status.observedAt()).isEqualTo(clock.instant());
        Instant lrt = describe(SOURCE).latestRestorableTime();
        Duration rpo = status.rpo().orElseThrow();
        // moto moves the latest restorable time with its own clock, so compare within a few seconds
        assertThat(rpo).isBetween(Duration.ZERO, Duration.ofHours(1));
        assertThat(Duration.between(lrt, status.observedAt()).minus(rpo).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void protectionIsUnhealthyWhenAutomatedBackupsAreOff() {
        RdsDatabase db = createSource(0);
        db.takeSnapshot("manual-only", poller());

        ProtectionStatus status = db.protectionStatus(run());

        assertThat(status.healthy()).isFalse();
        assertThat(status.reason()).contains("automated backups are off (retention 0 days): no point-in-time restore; "
                + "RPO is the age of the newest snapshot; turn them on with enableAutomatedBackups(days, poller)");
        assertThat(status.rpo()).isPresent();
    }

    @Test
    void protectionIsUnhealthyWhenTheInstanceIsMissing() {
        ProtectionStatus status = database().protectionStatus(run());

        assertThat(status.healthy()).isFalse();
        assertThat(status.reason()).contains("RDS instance 'streams-db' was not found");
        assertThat(status.rpo()).isEmpty();
    }

    @Test
    void pruningPreviewsThenDeletesOnlyOlderManualSnapshots() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("keep-old", poller());
        clock.advance(Duration.ofMinutes(5));
        db.takeSnapshot("keep-mid", poller());
        clock.advance(Duration.ofMinutes(5));
        db.takeSnapshot("keep-new", poller());
        SnapshotPruning pruning = db.pruning(PrunePolicy.keepLast(1));

        List<RecoveryPoint> preview = pruning.preview(clock);
        assertThat(preview).extracting(RecoveryPoint::id).containsExactly("keep-mid", "keep-old");
        assertThat(db.recoveryPoints(run())).extracting(RecoveryPoint::id).contains("keep-old", "keep-mid", "keep-new");

        List<RecoveryPoint> deleted = pruning.execute(clock);

        assertThat(deleted).extracting(RecoveryPoint::id).containsExactly("keep-mid", "keep-old");
        List<RecoveryPoint> left = db.recoveryPoints(run());
        assertThat(left).extracting(RecoveryPoint::id).contains("keep-new").doesNotContain("keep-mid", "keep-old");
        assertThat(left).extracting(RecoveryPoint::kind).contains(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);
    }

    @Test
    void aSnapshotCopiedToAnotherRegionIsAvailableThereWithItsTags() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("to-copy", poller());

        RecoveryPoint copy = db.copySnapshot("to-copy").toRegion("us-east-1", otherRegionClient()).withTargetSnapshotId("to-copy-dr")
                .build().execute(poller());

        assertThat(copy.id()).isEqualTo("to-copy-dr");
        assertThat(copy.attributes()).containsEntry("region", "us-east-1");
        var there = otherRegionClient().describeDBSnapshots(r -> r.dbSnapshotIdentifier("to-copy-dr")).dbSnapshots().get(0);
        assertThat(there.status()).isEqualTo("available");
    }

    @Test
    void restoreFromSnapshotKeepsTheSourceNetworkSettingsAndFeedsTheEndpointToALaterStep() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("before-disaster", poller());
        RdsRestore restore = db.restoreFromSnapshot("before-disaster").toInstance("streams-db-dr").build();
        AtomicReference<String> seenHost = new AtomicReference<>();
        RestorePlan plan = RestorePlan.builder("failover")
                .withFragment(restore.fragment())
                .withStep(Step.named("helm-upgrade").dependsOn(restore.id()).consumes(restore.endpointAddress(), restore.endpointPort())
                        .withAction(ctx -> seenHost.set(ctx.input(restore.endpointAddress()) + ":" + ctx.input(restore.endpointPort()))))
                .build();

        PlanReport report = plan.execute(options()).throwIfFailed();

        DBInstance restored = describe("streams-db-dr");
        assertThat(seenHost.get()).isEqualTo(restored.endpoint().address() + ":" + restored.endpoint().port());
        assertThat(restore.id()).isEqualTo("rds-restore");
        assertThat(restore.instanceArn().name()).isEqualTo("rds-restore.instance.arn");
        assertThat(stepOf(report, restore.id()).outputs()).containsEntry(restore.instanceArn().name(), restored.dbInstanceArn());
        assertSameNetworkSettings(restored);
        assertThat(report.rpo()).containsKey(db.name());
    }

    @Test
    void aSnapshotStepFeedsItsIdToTheRestoreStep() {
        RdsDatabase db = createSource(7);
        RdsSnapshotStep snapshot = db.snapshotStep().build();
        RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-drill").build();

        PlanReport report = RestorePlan.builder("drill").withFragment(snapshot.fragment())
                .withFragment(restore.fragment().dependsOn(snapshot.fragment()))
                .build().execute(options()).throwIfFailed();

        assertThat(snapshot.snapshotId().name()).isEqualTo("rds-snapshot.snapshot.id");
        String snapId = stepOf(report, "rds-snapshot").outputs().get(snapshot.snapshotId().name());
        assertThat(snapId).matches(SOURCE + "-\\d{14}");
        assertThat(client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapId)).dbSnapshots().get(0).status()).isEqualTo("available");
        assertSameNetworkSettings(describe("streams-db-drill"));
    }

    @Test
    void restoreToTheLatestRestorableTimeKeepsTheSourceNetworkSettings() {
        RdsDatabase db = createSource(7);
        clock.advance(Duration.ofMinutes(30));
        RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-pitr").withId("pitr").build();

        PlanReport report = RestorePlan.builder("pitr-plan").withFragment(restore.fragment()).build().execute(options()).throwIfFailed();

        assertSameNetworkSettings(describe("streams-db-pitr"));
        assertThat(stepOf(report, "pitr").outputs()).containsKey("pitr.endpoint.address");
    }

    @Test
    void twoRestoresWithTwoIdsShareOnePlan() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap", poller());
        RdsRestore first = db.restoreFromSnapshot("snap").toInstance("streams-db-a").withId("rds-a").build();
        RdsRestore second = first.toBuilder().toInstance("streams-db-b").withId("rds-b").build();

        PlanReport report = RestorePlan.builder("two").withFragment(first.fragment()).withFragment(second.fragment()).build()
                .execute(options()).throwIfFailed();

        assertThat(stepOf(report, "rds-a").outputs()).containsEntry("rds-a.endpoint.address", describe("streams-db-a").endpoint().address());
        assertThat(stepOf(report, "rds-b").outputs()).containsEntry("rds-b.endpoint.address", describe("streams-db-b").endpoint().address());
        assertSameNetworkSettings(describe("streams-db-b"));
    }

    @Test
    void aPointInTimeBeforeTheEarliestRestorableTimeIsRefusedByThePreconditionAndTheStep() {
        RdsDatabase db = createSource(7);
        clock.advance(Duration.ofMinutes(30));
        RecoveryPoint window = db.recoveryPoints(run()).stream().filter(p -> p.kind() == RecoveryPoint.Kind.POINT_IN_TIME_WINDOW)
                .findFirst().orElseThrow();
        Instant earliest = window.windowStart().orElseThrow();
        Instant tooEarly = earliest.minus(Duration.ofHours(1));
        RestorePlan plan = RestorePlan.builder("pitr").withFragment(db.restoreToPointInTime(tooEarly).toInstance("streams-db-old").build()
                .fragment()).build();

        CheckResult check = plan.checkPreconditions(clock).get(1);
        PlanReport report = plan.execute(options());

        Instant latest = describe(SOURCE).latestRestorableTime();
        String expected = "Refused by guard rail 'restore time must be restorable': restore time " + tooEarly
                + " is before the earliest restorable time " + earliest + " of 'streams-db' (its oldest automated backup within the "
                + "7-day retention). To proceed anyway: use a time between " + earliest + " and ";
        assertThat(check.name()).isEqualTo("instance 'streams-db' can be restored to " + tooEarly + " (point in time)");
        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).startsWith(expected).endsWith(", or restore from an older snapshot");
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageStartingWith(expected).hasMessageEndingWith(", or restore from an older snapshot");
        assertThat(latest).isNotNull();
        assertThat(client().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier).doesNotContain("streams-db-old");
    }

    @Test
    void aPointInTimeInTheFutureIsRefusedByThePreconditionAndTheStep() {
        RdsDatabase db = createSource(7);
        Instant future = clock.instant().plus(Duration.ofHours(1));
        RestorePlan plan = RestorePlan.builder("pitr").withFragment(db.restoreToPointInTime(future).toInstance("streams-db-new").build()
                .fragment()).build();

        CheckResult check = plan.checkPreconditions(clock).get(1);
        PlanReport report = plan.execute(options());

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).startsWith("Refused by guard rail 'restore time must be restorable': restore time " + future
                + " is after the latest restorable time ").contains("To proceed anyway: use restoreToLatestRestorableTime(), or a time between ");
        assertThat(report.failure().orElseThrow().getCause()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'restore time must not be in the future': restore time " + future + " is after now ("
                        + clock.instant() + ") on the run's clock. To proceed anyway: use restoreToLatestRestorableTime() for the newest moment");
        assertThat(client().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier).doesNotContain("streams-db-new");
    }

    @Test
    void restoreOverridesWinOverTheSourceSettings() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap", poller());
        RdsRestore restore = db.restoreFromLatestSnapshot().toInstance("streams-db-small").withInstanceClass("db.t3.small")
                .withMultiAz(false).build();

        RestorePlan.builder("p").withFragment(restore.fragment()).build().execute(options()).throwIfFailed();

        DBInstance restored = describe("streams-db-small");
        assertThat(restored.dbInstanceClass()).isEqualTo("db.t3.small");
        // moto ignores MultiAZ on a snapshot restore; InMemoryRdsTest checks that the request carries it
        assertThat(restored.vpcSecurityGroups()).extracting(VpcSecurityGroupMembership::vpcSecurityGroupId).containsExactly(securityGroup());
    }

    @Test
    void restoringOntoAnExistingInstanceIsRefusedAndChangesNothing() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap", poller());
        client().createDBInstance(r -> r.dbInstanceIdentifier("taken").engine("mariadb").engineVersion("10.11.8")
                .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1"));
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("taken").build();

        PlanReport report = RestorePlan.builder("p").withFragment(restore.fragment()).build().execute(options());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure()).get().extracting(Throwable::getCause).isInstanceOf(PreconditionFailedException.class);
        assertThat(stepOf(report, restore.id()).error()).get().asString().contains("restore target must not exist")
                .contains("'taken' already exists");
        assertThat(client().describeDBInstances().dbInstances()).hasSize(2);
    }

    void assertSameNetworkSettings(DBInstance restored) {
        assertThat(restored.dbSubnetGroup().dbSubnetGroupName()).isEqualTo(subnetGroup());
        assertThat(restored.vpcSecurityGroups()).extracting(VpcSecurityGroupMembership::vpcSecurityGroupId).containsExactly(securityGroup());
        assertThat(restored.dbParameterGroups().get(0).dbParameterGroupName()).isEqualTo(parameterGroup());
        assertThat(restored.multiAZ()).isTrue();
        assertThat(restored.publiclyAccessible()).isFalse();
        assertThat(restored.dbInstanceClass()).isEqualTo("db.t3.micro");
    }

    @Test
    void preconditionsHoldOnAHealthySourceFailOnAnExistingTargetOrMissingSnapshotAndCreateNothing() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap-1", poller());
        client().createDBInstance(r -> r.dbInstanceIdentifier("taken").engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1"));
        List<String> instancesBefore = client().describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).toList();

        List<CheckResult> healthy = RestorePlan.builder("p")
                .withFragment(db.restoreFromSnapshot("snap-1").toInstance("streams-dr").build().fragment()).build().checkPreconditions(clock);
        List<CheckResult> refused = RestorePlan.builder("p")
                .withFragment(db.restoreFromSnapshot("no-such-snap").toInstance("taken").build().fragment()).build().checkPreconditions(clock);

        assertThat(healthy).allMatch(CheckResult::passed, "passed");
        assertThat(healthy).extracting(CheckResult::name).contains("snapshot 'snap-1' is available in region eu-west-1");
        assertThat(healthy.get(0).detail()).isEqualTo("no instance 'streams-dr' in region eu-west-1");
        assertThat(refused).extracting(CheckResult::passed).containsExactly(false, false, true);
        assertThat(refused.get(0).detail()).contains("'restore target must not exist'").contains("RDS instance 'taken' already exists");
        assertThat(refused.get(1).detail()).contains("RDS snapshot 'no-such-snap' was not found");
        assertThat(client().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrderElementsOf(instancesBefore).doesNotContain("streams-dr");
    }

    // ------------------------------------------------------------------ read replicas (issue 14)

    /** Waits through the poller until the replica is available: moto makes it available at once, the fake after minutes. */
    void awaitReplica(String id) {
        RdsWaits.awaitAvailable(poller(), client(), id, 10, RdsDatabase.DEFAULT_POLL_POLICY);
    }

    @Test
    void aReadReplicaNamesItsSourceAndPassesThePromotionsPreconditions() {
        RdsDatabase db = createSource(7);
        client().createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").sourceDBInstanceIdentifier(SOURCE)
                .dbInstanceClass("db.t3.small"));
        awaitReplica("streams-db-replica");

        DBInstance replica = describe("streams-db-replica");
        assertThat(replica.readReplicaSourceDBInstanceIdentifier()).isEqualTo(SOURCE);
        assertThat(replica.dbInstanceClass()).isEqualTo("db.t3.small");
        assertThat(replica.engine()).isEqualTo("mariadb");
        assertThat(describe(SOURCE).readReplicaDBInstanceIdentifiers()).containsExactly("streams-db-replica");
        RdsReplicaPromotion promote = db.promoteReplica("streams-db-replica").withReplicaLag(id -> java.util.Optional.of(Duration.ofSeconds(3)))
                .build();
        List<CheckResult> checks = RestorePlan.builder("failover").withFragment(promote.fragment()).build().checkPreconditions(run());
        assertThat(checks).allMatch(CheckResult::passed, "all pass");
        assertThat(checks.get(0).detail()).isEqualTo("read replica of " + SOURCE + ", status available, class db.t3.small");
        assertThat(checks.get(1).detail()).isEqualTo("lag 3s");
    }

    @Test
    void promotingAReplicaIsAcceptedAndSetsItsBackupRetention() {
        createSource(7);
        client().createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").sourceDBInstanceIdentifier(SOURCE));
        awaitReplica("streams-db-replica");

        DBInstance promoted = client().promoteReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").backupRetentionPeriod(3)).dbInstance();

        assertThat(promoted.dbInstanceIdentifier()).isEqualTo("streams-db-replica");
        assertThat(promoted.backupRetentionPeriod()).isEqualTo(3);
        assertThat(describe("streams-db-replica").endpoint().address()).isNotBlank();
    }

    @Test
    void aPromotionOfAnInstanceOfAnotherSourceIsRefusedByThePrecondition() {
        RdsDatabase db = createSource(7);
        client().createDBInstance(r -> r.dbInstanceIdentifier("other-db").engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1").backupRetentionPeriod(7));
        RdsWaits.awaitAvailable(poller(), client(), "other-db", 10, RdsDatabase.DEFAULT_POLL_POLICY);
        client().createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("other-replica").sourceDBInstanceIdentifier("other-db"));
        awaitReplica("other-replica");

        List<CheckResult> checks = RestorePlan.builder("failover").withFragment(db.promoteReplica("other-replica")
                .withReplicaLag(id -> java.util.Optional.of(Duration.ZERO)).build().fragment()).build().checkPreconditions(run());

        assertThat(checks.get(0).passed()).isFalse();
        assertThat(checks.get(0).detail()).isEqualTo("Refused by guard rail 'promote a read replica of the protected source': RDS instance"
                + " 'other-replica' is a read replica of 'other-db', not of 'streams-db'. To proceed anyway: name a replica of 'streams-db'");
    }

    // ------------------------------------------------------------------ pre-staged instance (issue 14)

    @Test
    void aPrestagedStandbyIsRestoredStoppedReplacedByANewerSnapshotAndStartedAtFailover() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("nightly-1", poller());
        RdsPrestagedInstance standby = db.prestaged("streams-db-standby").build();
        RestorePlan refresh = RestorePlan.builder("refresh").withFragment(standby.refreshFragment()).build();

        refresh.execute(options()).throwIfFailed();

        DBInstance stopped = describe("streams-db-standby");
        assertThat(stopped.dbInstanceStatus()).isEqualTo("stopped");
        assertThat(stopped.tagList()).extracting(t -> t.key() + "=" + t.value())
                .contains(RdsPrestagedInstance.SOURCE_TAG + "=" + SOURCE, RdsPrestagedInstance.SNAPSHOT_TAG + "=nightly-1");
        assertSameNetworkSettings(stopped);
        clock.advance(Duration.ofMinutes(1));
        db.takeSnapshot("nightly-2", poller());
        refresh.execute(options()).throwIfFailed();
        assertThat(describe("streams-db-standby").tagList()).extracting(t -> t.key() + "=" + t.value())
                .contains(RdsPrestagedInstance.SNAPSHOT_TAG + "=nightly-2");

        PlanReport failover = RestorePlan.builder("failover").withFragment(standby.fragment()).build().execute(options()).throwIfFailed();

        DBInstance started = describe("streams-db-standby");
        assertThat(started.dbInstanceStatus()).isEqualTo("available");
        assertThat(stepOf(failover, standby.id()).outputs()).containsEntry(standby.endpointAddress().name(), started.endpoint().address());
        assertThat(failover.rpo()).containsKey(db.name());
    }
}
