package io.streamsdr.aws;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.BackupSet;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/** The README's generic drill (no Streams recipe) and its fake, run on virtual time. */
class DrillReadmeExampleTest {

    @Test
    void theGenericDrillRunsVerifiesAndTearsDownWhatItMade() {
        VirtualClock clock = VirtualClock.create();
        // README:aws-fake:start
        // given: VirtualClock clock
        InMemoryRds rdsClient = InMemoryRds.builder(clock)   // behaves like RDS on the clock: a restore takes 20 simulated minutes
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7))
                .build();                                     // "available" at once; createDBInstance would keep it "creating" for 5 minutes
        // README:aws-fake:end
        RdsDatabase db = RdsDatabase.builder(rdsClient, "streams-db").build();
        RunOptions options = RunOptions.defaults().withTime(clock, clock);
        List<String> helmSets = new CopyOnWriteArrayList<>();

        DrillReport report = genericDrill(db, rdsClient, options, helmSets);

        assertThat(report).passed()
                .meetsRto(Duration.ofMinutes(30))
                .meetsRpo("rds streams-db", Duration.ofMinutes(15))   // the RdsDatabase's component name
                .verificationHeld("the restored instance is available")
                .tornDown("delete streams-db-dr");
        assertThat(report.verifications()).extracting(CheckResult::detail).containsExactly("streams-db-dr is available");
        assertThat(report.teardown()).extracting(CheckResult::name).containsExactly("forget the re-point", "delete streams-db-dr");
        assertThat(helmSets).isEmpty();
        assertThat(rdsClient.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).dbInstanceStatus())
                .isEqualTo("deleting");
    }

    @Test
    void aDrillRefusedOverAnExistingInstanceLeavesItAlone() {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rdsClient = InMemoryRds.builder(clock)
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db-dr").engine("mariadb"))
                .build();
        RdsDatabase db = RdsDatabase.builder(rdsClient, "streams-db").build();

        DrillReport report = genericDrill(db, rdsClient, RunOptions.defaults().withTime(clock, clock), new CopyOnWriteArrayList<>());

        assertThat(report).didNotPass();
        assertThat(report.teardown()).extracting(CheckResult::name).containsExactly("forget the re-point", "delete streams-db-dr");
        assertThat(report.teardown().get(0).detail()).isEqualTo("cleared");
        assertThat(report.teardown().get(1).detail()).startsWith("skipped: step 'rds-restore' did not run");
        assertThat(rdsClient.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr")).dbInstances().get(0).dbInstanceStatus())
                .isEqualTo("available");
    }

    private static DrillReport genericDrill(RdsDatabase db, RdsClient rdsClient, RunOptions options, List<String> helmSets) {
        // README:drill-generic:start
        // given: RdsDatabase db; RdsClient rdsClient; RunOptions options; List<String> helmSets
        Installation installation = Installation.named("streams").protect(db).build();
        BackupSet backups = installation.backupAll(options);          // a snapshot to restore from

        RdsRestore restore = db.restoreFromLatestSnapshot().toInstance("streams-db-dr").build();
        Failover failover = installation.failover("rds-failover")
                .restore(restore.fragment())
                .repoint(PlanFragment.of(Step.named("repoint")               // your re-point: here, what Helm would be told
                        .consumes(restore.endpointAddress())
                        .withAction(ctx -> helmSets.add("externalizedMariadb.host=" + ctx.input(restore.endpointAddress())))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(30)).withRpo(Duration.ofMinutes(15)))
                .build();

        DrillReport report = failover.drill()
                .verify("the restored instance is available", () -> {   // returns what it saw, or throws
                    String status = rdsClient.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-dr"))
                            .dbInstances().get(0).dbInstanceStatus();
                    if (!status.equals("available")) {
                        throw new AssertionError("streams-db-dr is " + status);
                    }
                    return "streams-db-dr is available";
                })
                .teardownIfRan(restore.fragment(), "delete streams-db-dr", () -> {   // only when the restore ran
                    rdsClient.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-db-dr").skipFinalSnapshot(true));
                    return "deleted streams-db-dr";
                })
                .teardown("forget the re-point", () -> {                     // always; last registered runs first
                    helmSets.clear();
                    return "cleared";
                })
                .run(options);
        // README:drill-generic:end
        assertThat(backups.succeeded()).isTrue();
        return report;
    }
}
