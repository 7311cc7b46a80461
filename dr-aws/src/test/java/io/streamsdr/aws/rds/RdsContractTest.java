package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
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

    /** Creates the source instance with the fixture's network settings and waits until it is available. */
    RdsDatabase createSource(int retentionDays) {
        client().createDBInstance(r -> r.dbInstanceIdentifier(SOURCE).engine("mariadb").engineVersion("10.11.8")
                .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1")
                .backupRetentionPeriod(retentionDays).dbSubnetGroupName(subnetGroup()).vpcSecurityGroupIds(securityGroup())
                .dbParameterGroupName(parameterGroup()).multiAZ(true).publiclyAccessible(false));
        RdsDatabase db = database();
        db.poller().await(RdsWaits.instanceAvailable(client(), SOURCE, 10, clock), RdsDatabase.DEFAULT_POLL_POLICY);
        return db;
    }

    RdsDatabase database() {
        return RdsDatabase.builder(client(), SOURCE).withTime(clock, clock).withSnapshotTags(Map.of("owner", "dr-tests")).build();
    }

    DBInstance describe(String id) {
        return client().describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    @Test
    void snapshotIsNamedByTheTemplateTaggedAndAvailable() {
        RdsDatabase db = createSource(7);
        String expectedId = db.nextSnapshotId();

        RecoveryPoint point = db.takeRecoveryPoint();

        assertThat(expectedId).matches(SOURCE + "-\\d{14}");
        assertThat(point.id()).isEqualTo(expectedId);
        assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.MANUAL_SNAPSHOT);
        var snap = client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(expectedId)).dbSnapshots().get(0);
        assertThat(snap.status()).isEqualTo("available");
        List<Tag> tags = client().listTagsForResource(r -> r.resourceName(snap.dbSnapshotArn())).tagList();
        assertThat(tags).contains(Tag.builder().key("owner").value("dr-tests").build());
    }

    @Test
    void takingTheSameSnapshotIdTwiceIsRefusedByAGuardRail() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("manual-1");

        assertThatThrownBy(() -> db.takeSnapshot("manual-1"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("snapshot id must be new").hasMessageContaining("'manual-1' already exists");
    }

    @Test
    void enablingAutomatedBackupsFromZeroWarnsOfTheOutageAndIsIdempotent() {
        RdsDatabase db = createSource(0);

        AutomatedBackups first = db.enableAutomatedBackups(7);
        AutomatedBackups again = db.enableAutomatedBackups(7);

        assertThat(first.changed()).isTrue();
        assertThat(first.previousRetentionDays()).isZero();
        assertThat(first.outageExpected()).isTrue();
        assertThat(first.note()).contains("outage");
        assertThat(describe(SOURCE).backupRetentionPeriod()).isEqualTo(7);
        assertThat(again.changed()).isFalse();
        assertThat(again.note()).contains("switching the retention between 0 and a non-zero value restarts the instance");
    }

    @Test
    void changingANonZeroRetentionCausesNoOutage() {
        RdsDatabase db = createSource(3);

        AutomatedBackups result = db.enableAutomatedBackups(14);

        assertThat(result.changed()).isTrue();
        assertThat(result.outageExpected()).isFalse();
        assertThat(describe(SOURCE).backupRetentionPeriod()).isEqualTo(14);
    }

    @Test
    void recoveryPointsAreNewestFirstAndIncludeThePointInTimeWindow() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("manual-a");
        clock.advance(Duration.ofMinutes(10));
        db.takeSnapshot("manual-b");

        List<RecoveryPoint> points = db.recoveryPoints();

        assertThat(points).extracting(RecoveryPoint::id).contains("manual-a", "manual-b", SOURCE + "-point-in-time");
        assertThat(points).extracting(RecoveryPoint::kind).contains(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT,
                RecoveryPoint.Kind.POINT_IN_TIME_WINDOW);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).capturedAt()).isBeforeOrEqualTo(points.get(i - 1).capturedAt());
        }
        RecoveryPoint window = points.stream().filter(p -> p.kind() == RecoveryPoint.Kind.POINT_IN_TIME_WINDOW).findFirst().orElseThrow();
        assertThat(window.window()).isPresent();
        assertThat(window.windowStart()).isBeforeOrEqualTo(window.capturedAt());
        assertThat(points.indexOf(points.stream().filter(p -> p.id().equals("manual-b")).findFirst().orElseThrow()))
                .isLessThan(points.indexOf(points.stream().filter(p -> p.id().equals("manual-a")).findFirst().orElseThrow()));
    }

    @Test
    void protectionIsHealthyWithAutomatedBackupsAndRpoComesFromTheLatestRestorableTime() {
        RdsDatabase db = createSource(7);

        ProtectionStatus status = db.protectionStatus();

        assertThat(status.healthy()).as(String.valueOf(status.reason())).isTrue();
        Instant lrt = describe(SOURCE).latestRestorableTime();
        // moto moves the latest restorable time with its own clock, so compare within a few seconds
        assertThat(status.rpo()).isBetween(Duration.ZERO, Duration.ofHours(1));
        assertThat(Duration.between(lrt, status.observedAt()).minus(status.rpo()).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void protectionIsUnhealthyWhenAutomatedBackupsAreOff() {
        RdsDatabase db = createSource(0);
        db.takeSnapshot("manual-only");

        ProtectionStatus status = db.protectionStatus();

        assertThat(status.healthy()).isFalse();
        assertThat(status.reason()).contains("automated backups are off");
        assertThat(status.currentRpo()).isPresent();
    }

    @Test
    void protectionIsUnhealthyWhenTheInstanceIsMissing() {
        ProtectionStatus status = database().protectionStatus();

        assertThat(status.healthy()).isFalse();
        assertThat(status.reason()).contains("was not found");
    }

    @Test
    void pruningPreviewsThenDeletesOnlyOlderManualSnapshots() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("keep-old");
        clock.advance(Duration.ofMinutes(5));
        db.takeSnapshot("keep-mid");
        clock.advance(Duration.ofMinutes(5));
        db.takeSnapshot("keep-new");
        SnapshotPruning pruning = db.pruning(PrunePolicy.keepLast(1));

        List<RecoveryPoint> preview = pruning.preview();
        assertThat(preview).extracting(RecoveryPoint::id).containsExactly("keep-mid", "keep-old");
        assertThat(db.recoveryPoints()).extracting(RecoveryPoint::id).contains("keep-old", "keep-mid", "keep-new");

        List<RecoveryPoint> deleted = pruning.execute();

        assertThat(deleted).extracting(RecoveryPoint::id).containsExactly("keep-mid", "keep-old");
        List<RecoveryPoint> left = db.recoveryPoints();
        assertThat(left).extracting(RecoveryPoint::id).contains("keep-new").doesNotContain("keep-mid", "keep-old");
        assertThat(left).extracting(RecoveryPoint::kind).contains(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);
    }

    @Test
    void aSnapshotCopiedToAnotherRegionIsAvailableThereWithItsTags() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("to-copy");

        RecoveryPoint copy = db.copySnapshot("to-copy").toRegion("us-east-1", otherRegionClient()).withTargetSnapshotId("to-copy-dr")
                .build().execute();

        assertThat(copy.id()).isEqualTo("to-copy-dr");
        assertThat(copy.attributes()).containsEntry("region", "us-east-1");
        var there = otherRegionClient().describeDBSnapshots(r -> r.dbSnapshotIdentifier("to-copy-dr")).dbSnapshots().get(0);
        assertThat(there.status()).isEqualTo("available");
    }

    @Test
    void restoreFromSnapshotKeepsTheSourceNetworkSettingsAndFeedsTheEndpointToALaterStep() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("before-disaster");
        RdsRestore restore = db.restoreFromSnapshot("before-disaster").toInstance("streams-db-dr").build();
        AtomicReference<String> seenHost = new AtomicReference<>();
        RestorePlan plan = RestorePlan.builder("failover")
                .withStep(restore.step())
                .withStep(Step.named("helm-upgrade").dependsOn(restore.stepId()).consumes(restore.endpointAddress(), restore.endpointPort())
                        .withAction(ctx -> seenHost.set(ctx.input(restore.endpointAddress()) + ":" + ctx.input(restore.endpointPort()))))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        DBInstance restored = describe("streams-db-dr");
        assertThat(seenHost.get()).isEqualTo(restored.endpoint().address() + ":" + restored.endpoint().port());
        assertThat(report.step(restore.stepId()).outputs()).containsEntry(restore.instanceArn().name(), restored.dbInstanceArn());
        assertSameNetworkSettings(restored);
        assertThat(report.rpo()).containsKey(db.name());
    }

    @Test
    void aSnapshotStepFeedsItsIdToTheRestoreStep() {
        RdsDatabase db = createSource(7);
        RdsSnapshotStep snapshot = db.snapshotStep("rds-snapshot");
        RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-drill").build();

        PlanReport report = RestorePlan.builder("drill").withStep(snapshot.step()).withStep(restore.step().dependsOn(snapshot.stepId()))
                .build().execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        String snapId = report.step("rds-snapshot").outputs().get(snapshot.snapshotId().name());
        assertThat(snapId).matches(SOURCE + "-\\d{14}");
        assertThat(client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapId)).dbSnapshots().get(0).status()).isEqualTo("available");
        assertSameNetworkSettings(describe("streams-db-drill"));
    }

    @Test
    void restoreToTheLatestRestorableTimeKeepsTheSourceNetworkSettings() {
        RdsDatabase db = createSource(7);
        clock.advance(Duration.ofMinutes(30));
        RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-pitr").withStepId("pitr").build();

        RestorePlan.builder("pitr-plan").withStep(restore.step()).build().execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        assertSameNetworkSettings(describe("streams-db-pitr"));
    }

    @Test
    void restoreOverridesWinOverTheSourceSettings() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap");
        RdsRestore restore = db.restoreFromLatestSnapshot().toInstance("streams-db-small").withInstanceClass("db.t3.small")
                .withMultiAz(false).build();

        RestorePlan.builder("p").withStep(restore.step()).build().execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        DBInstance restored = describe("streams-db-small");
        assertThat(restored.dbInstanceClass()).isEqualTo("db.t3.small");
        // moto ignores MultiAZ on a snapshot restore; InMemoryRdsTest checks that the request carries it
        assertThat(restored.vpcSecurityGroups()).extracting(VpcSecurityGroupMembership::vpcSecurityGroupId).containsExactly(securityGroup());
    }

    @Test
    void restoringOntoAnExistingInstanceIsRefusedAndChangesNothing() {
        RdsDatabase db = createSource(7);
        db.takeSnapshot("snap");
        client().createDBInstance(r -> r.dbInstanceIdentifier("taken").engine("mariadb").engineVersion("10.11.8")
                .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1"));
        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("taken").build();

        PlanReport report = RestorePlan.builder("p").withStep(restore.step()).build().execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure()).get().extracting(Throwable::getCause).isInstanceOf(PreconditionFailedException.class);
        assertThat(report.step(restore.stepId()).error()).contains("restore target must not exist").contains("'taken' already exists");
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
        db.takeSnapshot("snap-1");
        client().createDBInstance(r -> r.dbInstanceIdentifier("taken").engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1"));
        List<String> instancesBefore = client().describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).toList();

        List<io.streamsdr.core.CheckResult> healthy = RestorePlan.builder("p")
                .withStep(db.restoreFromSnapshot("snap-1").toInstance("streams-dr").build().step()).build().checkPreconditions(clock);
        List<io.streamsdr.core.CheckResult> refused = RestorePlan.builder("p")
                .withStep(db.restoreFromSnapshot("no-such-snap").toInstance("taken").build().step()).build().checkPreconditions(clock);

        assertThat(healthy).allMatch(io.streamsdr.core.CheckResult::passed, "passed");
        assertThat(healthy).extracting(io.streamsdr.core.CheckResult::name).contains("snapshot 'snap-1' is available in region eu-west-1");
        assertThat(healthy.get(0).detail()).isEqualTo("no instance 'streams-dr' in region eu-west-1");
        assertThat(refused).extracting(io.streamsdr.core.CheckResult::passed).containsExactly(false, false, true);
        assertThat(refused.get(0).detail()).contains("'restore target must not exist'").contains("RDS instance 'taken' already exists");
        assertThat(refused.get(1).detail()).contains("RDS snapshot 'no-such-snap' was not found");
        assertThat(client().describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactlyInAnyOrderElementsOf(instancesBefore).doesNotContain("streams-dr");
    }
}
