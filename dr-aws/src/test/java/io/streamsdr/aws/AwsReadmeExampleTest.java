package io.streamsdr.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.rds.AutomatedBackups;
import io.streamsdr.aws.rds.PrunePolicy;
import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.aws.rds.RdsSnapshotStep;
import io.streamsdr.aws.velero.VeleroAwsPrerequisites;
import io.streamsdr.aws.velero.VeleroAwsResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryIam;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.InMemoryS3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The code of docs/aws.md and of the README's AWS section, compiled and run on the fakes. */
class AwsReadmeExampleTest {

    @Test
    void theDocumentedExamplesRun(@TempDir Path dir) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds fake = InMemoryRds.builder(clock)
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(0))
                .build();
        RdsClient rdsClient = fake;

        List<String> helmSets = new java.util.concurrent.CopyOnWriteArrayList<>();
        // README:aws-rds:start
        // given: RdsClient rdsClient; VirtualClock clock; Path dir; List<String> helmSets
        RdsDatabase db = RdsDatabase.builder(rdsClient, "streams-db")
                .withSnapshotTags(Map.of("owner", "dr"))
                .build();
        RunContext run = RunContext.of(Poller.using(clock, clock));             // in production: RunContext.system(), real time
        AutomatedBackups backups = db.enableAutomatedBackups(7, run.poller());  // 0 is refused; the result warns of the outage
        RecoveryPoint snapshot = db.takeRecoveryPoint(run);                     // "streams-db-<yyyyMMddHHmmss>", waited until available
        List<RecoveryPoint> points = db.recoveryPoints(run);                    // newest first, with the point-in-time window
        ProtectionStatus status = db.protectionStatus(run);                     // RPO from the latest restorable time
        List<RecoveryPoint> wouldGo = db.pruning(PrunePolicy.keepLast(10).withMaxAge(Duration.ofDays(30))).preview(run.clock());

        RdsRestore restore = db.restoreToLatestRestorableTime()
                .toInstance("streams-db-dr")                  // a NEW instance; the source's network settings are copied
                .build();
        RestorePlan plan = RestorePlan.builder("failover")
                .withFragment(restore.fragment())             // one step, "rds-restore"
                .withStep(Step.named("helm-upgrade").dependsOn(restore.id()).consumes(restore.endpointAddress())
                        .withAction(ctx -> helmSets.add("externalizedMariadb.host=" + ctx.input(restore.endpointAddress()))))
                .build();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock)
                .withJournal(Journal.file(dir.resolve("failover.journal.json"))));
        // README:aws-rds:end

        // --- docs/aws.md: a drill that snapshots, then restores that snapshot
        RdsSnapshotStep snap = db.snapshotStep().build();                                       // id "rds-snapshot"
        RdsRestore drill = db.restoreFromSnapshot(snap.snapshotId()).toInstance("streams-db-drill").withId("rds-drill").build();
        PlanReport drillReport = RestorePlan.builder("drill")
                .withFragment(snap.fragment())
                .withFragment(drill.fragment().dependsOn(snap.fragment()))
                .build()
                .execute(RunOptions.defaults().withTime(clock, clock));

        S3Client s3 = InMemoryS3.inRegion("eu-west-1");
        IamClient iam = InMemoryIam.create(clock);
        // README:aws-velero:start
        // given: S3Client s3; IamClient iam; Path dir
        VeleroAwsResult velero = VeleroAwsPrerequisites.builder(s3, iam)
                .withRegion("eu-west-1")
                .withBucket("streams-velero-backups")
                .withUserName("velero")
                .withCredentialsFile(dir.resolve("velero-credentials"))
                .build()
                .execute();
        // README:aws-velero:end

        assertThat(backups.outageExpected()).isTrue();
        assertThat(snapshot.id()).matches("streams-db-\\d{14}");
        assertThat(points).isNotEmpty();
        assertThat(status.healthy()).isTrue();
        assertThat(wouldGo).isEmpty();
        assertThat(report.succeeded()).isTrue();
        assertThat(helmSets).containsExactly("externalizedMariadb.host=streams-db-dr.abcdefghijkl.eu-west-1.rds.amazonaws.com");
        assertThat(drillReport.succeeded()).isTrue();
        assertThat(drillReport.step("rds-drill").orElseThrow().outputs()).containsKey("rds-drill.endpoint.address");
        assertThat(velero.accessKeyCreated()).isTrue();
    }
}
