package io.streamsdr.aws.javadoc;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.rds.PrunePolicy;
import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.aws.rds.RdsSnapshotStep;
import io.streamsdr.aws.velero.VeleroAwsPrerequisites;
import io.streamsdr.aws.velero.VeleroAwsResult;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryIam;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.InMemoryS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Javadoc examples of dr-aws's RDS and Velero-on-AWS classes, and dr-core's {@code Drill} example (it
 * deletes an RDS instance), compiled and run against the in-memory RDS, S3 and IAM on a virtual clock.
 * {@code JavadocExamplesTest} keeps each {@code // JAVADOC:} region identical to its example.
 */
class AwsJavadocExamplesTest {
    private final VirtualClock clock = VirtualClock.create();
    private final RunOptions options = RunOptions.defaults().withTime(clock, clock);
    private final InMemoryRds rds = InMemoryRds.builder(clock)
            .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7))
            .build();
    private final RdsClient rdsClient = rds;
    private final RdsDatabase db = RdsDatabase.builder(rdsClient, "streams-db").build();
    private final List<Map<String, String>> helmUpgrades = new CopyOnWriteArrayList<>();

    /** What a Helm re-point does here: records the values it would set. */
    private final class Chart {
        void upgrade(Map<String, String> values) {
            helmUpgrades.add(values);
        }
    }

    private final Chart helm = new Chart();

    @Test
    void drill() {
        RdsRestore rdsRestore = db.restoreToLatestRestorableTime().toInstance("streams-dr").build();
        Failover failover = Installation.named("streams").protect(db).build().failover("streams-failover")
                .restore(rdsRestore.fragment())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").consumes(rdsRestore.endpointAddress())
                        .withAction(ctx -> helm.upgrade(Map.of("externalizedMariadb.host", ctx.input(rdsRestore.endpointAddress()))))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15)))
                .build();
        clock.advance(Duration.ofMinutes(10));   // transaction logs are shipped every 5 minutes: the latest restorable time moves on
        // JAVADOC:io.streamsdr.core.Drill:start
        DrillReport report = failover.drill()
            .verify("restored database is available", () -> "status " + status("streams-dr"))
            .teardownIfRan(rdsRestore.fragment(), "delete the restored instance", () -> {
                rds.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-dr").skipFinalSnapshot(true));
                return "deletion of streams-dr requested";
            })
            .run(options);
        assertThat(report).meetsRto(Duration.ofMinutes(45)).meetsRpo(Duration.ofMinutes(15));   // dr-testkit
        // JAVADOC:io.streamsdr.core.Drill:end

        assertThat(report).passed().verificationHeld("restored database is available").tornDown("delete the restored instance");
        assertThat(report.verifications().get(0).detail()).isEqualTo("status available");
        assertThat(status("streams-dr")).isEqualTo("deleting");
        assertThat(helmUpgrades).hasSize(1);
    }

    private String status(String instance) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(instance)).dbInstances().get(0).dbInstanceStatus();
    }

    @Test
    void rdsDatabase() {
        rds.createAvailableInstance(r -> r.dbInstanceIdentifier("orders-db").engine("mariadb").backupRetentionPeriod(0));
        // JAVADOC:io.streamsdr.aws.rds.RdsDatabase:start
        RdsDatabase db = RdsDatabase.builder(rdsClient, "orders-db")
            .withSnapshotTags(Map.of("owner", "dr"))
            .build();
        RunContext run = RunContext.of(Poller.using(clock, clock));    // a test's virtual time; RunContext.system() is real time
        db.enableAutomatedBackups(7, run.poller());
        RecoveryPoint snap = db.takeRecoveryPoint(run);        // "orders-db-20260101120000", waited until available
        ProtectionStatus status = db.protectionStatus(run);    // RPO from the latest restorable time
        db.pruning(PrunePolicy.keepLast(10).withMaxAge(Duration.ofDays(30))).preview(run.clock());
        // JAVADOC:io.streamsdr.aws.rds.RdsDatabase:end

        assertThat(snap.id()).matches("orders-db-\\d{14}");
        assertThat(rds.snapshotIds()).contains(snap.id());
        assertThat(status).isHealthy();
    }

    @Test
    void rdsRestore() {
        clock.advance(Duration.ofMinutes(10));
        // JAVADOC:io.streamsdr.aws.rds.RdsRestore:start
        RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-dr").build();
        RestorePlan plan = RestorePlan.builder("failover")
            .withFragment(restore.fragment())                                       // step "rds-restore"
            .withStep(Step.named("helm-upgrade").dependsOn(restore.id()).consumes(restore.endpointAddress())
                .withAction(ctx -> helm.upgrade(Map.of("externalizedMariadb.host", ctx.input(restore.endpointAddress())))))
            .build();
        // JAVADOC:io.streamsdr.aws.rds.RdsRestore:end

        PlanReport report = plan.execute(options);
        assertThat(report).succeeded().step("rds-restore").ranOnce();
        assertThat(helmUpgrades).containsExactly(Map.of("externalizedMariadb.host", "streams-db-dr.abcdefghijkl.eu-west-1.rds.amazonaws.com"));
        assertThat(rds.instanceIds()).contains("streams-db-dr");
    }

    @Test
    void rdsSnapshotStep() {
        // JAVADOC:io.streamsdr.aws.rds.RdsSnapshotStep:start
        RdsSnapshotStep snapshot = db.snapshotStep().build();                        // id "rds-snapshot"
        RdsRestore restore = db.restoreFromSnapshot(snapshot.snapshotId()).toInstance("streams-db-drill").build();
        RestorePlan plan = RestorePlan.builder("drill")
            .withFragment(snapshot.fragment())
            .withFragment(restore.fragment().dependsOn(snapshot.fragment()))
            .build();
        // JAVADOC:io.streamsdr.aws.rds.RdsSnapshotStep:end

        PlanReport report = plan.execute(options);
        assertThat(report).succeeded();
        assertThat(report).step("rds-restore").startedAfter("rds-snapshot");
        assertThat(rds.snapshotIds()).contains(report.step("rds-snapshot").orElseThrow().outputs().get(snapshot.snapshotId().name()));
        assertThat(rds.instanceIds()).contains("streams-db-drill");
    }

    @Test
    void snapshotCopy() {
        InMemoryRds rdsClientInFrankfurt = InMemoryRds.builder(clock).withRegion("eu-central-1").build().linkRegion(rds);
        db.takeSnapshot("streams-db-20260101120000", Poller.using(clock, clock));
        Poller poller = Poller.using(clock, clock);
        // JAVADOC:io.streamsdr.aws.rds.SnapshotCopy:start
        RecoveryPoint copy = db.copySnapshot("streams-db-20260101120000")
            .toRegion("eu-central-1", rdsClientInFrankfurt)
            .withKmsKeyId("arn:aws:kms:eu-central-1:123456789012:key/...")   // required when the source is encrypted
            .build()
            .execute(poller);                                        // waits until the copy is available (Poller.system(): real time)
        // JAVADOC:io.streamsdr.aws.rds.SnapshotCopy:end

        assertThat(copy.attributes()).containsEntry("region", "eu-central-1");
        assertThat(rdsClientInFrankfurt.snapshotIds()).containsExactly("streams-db-20260101120000");
    }

    @Test
    void veleroAwsPrerequisites(@TempDir Path dir) throws Exception {
        S3Client s3 = InMemoryS3.inRegion("eu-west-1");
        IamClient iam = InMemoryIam.create(clock);
        Path credentials = dir.resolve("velero-credentials");
        // JAVADOC:io.streamsdr.aws.velero.VeleroAwsPrerequisites:start
        VeleroAwsResult r = VeleroAwsPrerequisites.builder(s3, iam)
            .withRegion("eu-west-1")
            .withBucket("streams-velero-backups")
            .withUserName("velero")
            .withCredentialsFile(credentials)                  // e.g. Path.of("velero-credentials")
            .build()
            .execute();
        // helm install velero ... --set-file credentials.secretContents.cloud=velero-credentials
        // JAVADOC:io.streamsdr.aws.velero.VeleroAwsPrerequisites:end

        assertThat(r.accessKeyCreated()).isTrue();
        assertThat(Files.readString(credentials)).startsWith("[default]").contains("aws_access_key_id=");
        assertThat(r.bucketCreated()).isTrue();
    }
}
