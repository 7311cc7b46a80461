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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The promote-a-read-replica strategy on the in-memory RDS, on virtual time: the replica made ahead of time,
 * its lag as the RPO, the promotion with its reboot waited for until writable, the guard rails, and a crash at
 * every journal write resuming into exactly one promotion.
 */
class RdsReplicaPromotionTest {
    final VirtualClock clock = VirtualClock.create();

    InMemoryRds fake() {
        return InMemoryRds.builder(clock).withPromoteDuration(Duration.ofMinutes(4)).withRebootDuration(Duration.ofMinutes(1))
                .withReplicaLag(Duration.ofSeconds(7))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("other-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7))
                .build();
    }

    /** A replica of {@code source} made now and waited for (5 simulated minutes of creating). */
    void replica(InMemoryRds rds, String id, String source) {
        rds.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier(id).sourceDBInstanceIdentifier(source));
        clock.advance(Duration.ofMinutes(6));
    }

    RdsReplicaPromotion promotion(InMemoryRds rds, String replica) {
        return RdsDatabase.builder(rds, "streams-db").build().promoteReplica(replica).withReplicaLag(rds::replicaLag)
                .withMaxLag(Duration.ofMinutes(1)).build();
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    static StepReport stepOf(PlanReport report, String id) {
        return report.step(id).orElseThrow(() -> new AssertionError("no step '" + id + "' in " + report));
    }

    @Test
    void theReplicaIsPromotedThroughItsRebootAndItsLagIsTheRpo() {
        InMemoryRds rds = fake();
        replica(rds, "streams-db-replica", "streams-db");
        DBInstance before = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-replica")).dbInstances().get(0);
        assertThat(before.readReplicaSourceDBInstanceIdentifier()).isEqualTo("streams-db");
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db")).dbInstances().get(0).readReplicaDBInstanceIdentifiers())
                .containsExactly("streams-db-replica");
        RdsReplicaPromotion promote = promotion(rds, "streams-db-replica");
        Instant start = clock.instant();

        PlanReport report = RestorePlan.builder("failover").withFragment(promote.fragment()).build().execute(options()).throwIfFailed();

        // 4 minutes of modifying + rebooting, seen within one 5 s look (jitter 10%)
        assertThat(clock.elapsedSince(start)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(4).plusSeconds(6));
        DBInstance after = rds.describeDBInstances(r -> r.dbInstanceIdentifier("streams-db-replica")).dbInstances().get(0);
        assertThat(after.dbInstanceStatus()).isEqualTo("available");
        assertThat(after.readReplicaSourceDBInstanceIdentifier()).isNull();
        assertThat(after.backupRetentionPeriod()).isEqualTo(RdsReplicaPromotion.DEFAULT_BACKUP_RETENTION_DAYS);
        assertThat(stepOf(report, "rds-promote").outputs()).containsEntry("rds-promote.endpoint.address", after.endpoint().address())
                .containsEntry("rds-promote.endpoint.port", "3306").containsEntry("rds-promote.instance.arn", after.dbInstanceArn());
        assertThat(report.rpo()).containsEntry("rds streams-db", Duration.ofSeconds(7));
        assertThat(rds.calls("PromoteReadReplica")).isEqualTo(1);
        assertThat(rds.replicaLag("streams-db-replica")).isEmpty();
    }

    @Test
    void theFakeGoesThroughModifyingAndRebootingAndRefusesASecondPromotion() {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        rds.promoteReadReplica(r -> r.dbInstanceIdentifier("r1"));
        List<String> seen = new java.util.ArrayList<>();
        for (int s = 0; s <= 5 * 60; s += 30) {
            DBInstance i = rds.describeDBInstances(r -> r.dbInstanceIdentifier("r1")).dbInstances().get(0);
            seen.add(i.dbInstanceStatus() + (i.readReplicaSourceDBInstanceIdentifier() == null ? "/writable" : "/replica"));
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(seen.stream().distinct().toList()).containsExactly("modifying/replica", "rebooting/replica", "available/writable");
        assertThatThrownBy(() -> rds.promoteReadReplica(r -> r.dbInstanceIdentifier("r1"))).isInstanceOf(RdsException.class)
                .hasMessageStartingWith("DB Instance is not a read replica.");
    }

    @Test
    void aReplicaBackingUpOrModifyingIsRefusedByThePreviewAndByRds() {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        for (String status : List.of("backing-up", "modifying")) {
            rds.forceInstanceStatus("r1", status);
            List<CheckResult> checks = RestorePlan.builder("failover").withFragment(promotion(rds, "r1").fragment()).build()
                    .checkPreconditions(RunContext.of(options().poller()));

            assertThat(checks.get(0).passed()).isFalse();
            assertThat(checks.get(0).detail()).isEqualTo("Refused by guard rail 'the replica must be available to be promoted': read replica 'r1' is " + status + "; RDS does not promote a replica that is"
                    + " backing-up, modifying or in any state but available. To proceed anyway: wait until it is available");
            assertThatThrownBy(() -> rds.promoteReadReplica(r -> r.dbInstanceIdentifier("r1"))).isInstanceOf(RdsException.class)
                    .hasMessageStartingWith("Database instance is not in available state (status " + status + ").");
        }
        assertThat(rds.calls("PromoteReadReplica")).isEqualTo(2); // only the direct calls: the plan never ran
    }

    @Test
    void aReplicaOfAnotherDatabaseIsRefusedBeforeAnyPromotion() {
        InMemoryRds rds = fake();
        replica(rds, "other-replica", "other-db");

        PlanReport report = RestorePlan.builder("failover").withFragment(promotion(rds, "other-replica").fragment()).build().execute(options());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElseThrow()).hasMessageContaining(
                "RDS instance 'other-replica' is a read replica of 'other-db', not of 'streams-db'. To proceed anyway: name a replica of 'streams-db'");
        assertThat(rds.calls("PromoteReadReplica")).isZero();
    }

    @Test
    void aPrimaryIsNotAReplicaAndAReplicaLaggingMoreThanTheObjectiveIsRefused() {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        rds.setReplicaLag("r1", Duration.ofSeconds(127)); // over the 1-minute maximum
        List<CheckResult> lagging = RestorePlan.builder("f").withFragment(promotion(rds, "r1").fragment()).build()
                .checkPreconditions(RunContext.of(options().poller()));
        List<CheckResult> primary = RestorePlan.builder("f").withFragment(promotion(rds, "other-db").fragment()).build()
                .checkPreconditions(RunContext.of(options().poller()));

        assertThat(lagging.get(0).passed()).isTrue();
        assertThat(lagging.get(1).detail()).isEqualTo("Refused by guard rail 'the replica lag must be at most the maximum lag': read replica 'r1' lags 2m7s, more than 1m."
                + " To proceed anyway: wait until it catches up, or raise the maximum with withMaxLag(..)");
        assertThat(primary.get(0).detail()).isEqualTo("Refused by guard rail 'promote a read replica of the protected source': RDS instance 'other-db' is not a read replica (it may have been promoted already)."
                + " To proceed anyway: promote a replica of 'streams-db', or restore instead");
        assertThat(primary.get(1).detail()).startsWith("Refused by guard rail 'the replica lag must be known': no lag is known for read replica 'other-db'");
        assertThat(rds.calls("PromoteReadReplica")).isZero();
    }

    @Test
    void noBackupsNoReplicaAndAReplicaKeepsItsSourcesBackupsOn() {
        InMemoryRds rds = InMemoryRds.builder(clock)
                .withAvailableInstance(r -> r.dbInstanceIdentifier("no-backups").engine("mariadb").backupRetentionPeriod(0))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7)).build();

        assertThatThrownBy(() -> rds.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("r0").sourceDBInstanceIdentifier("no-backups")))
                .isInstanceOf(RdsException.class).hasMessageStartingWith("Automated backups are not enabled for this database instance.");
        replica(rds, "r1", "streams-db");
        assertThatThrownBy(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("streams-db").backupRetentionPeriod(0)))
                .isInstanceOf(RdsException.class)
                .hasMessageStartingWith("Automated backups cannot be disabled on a DB instance that has read replicas.");
        assertThat(rds.replicaLag("r1")).contains(Duration.ofSeconds(5));
        rds.forceInstanceStatus("streams-db", "failed");
        clock.advance(Duration.ofHours(1));
        assertThat(rds.replicaLag("r1")).as("the last value before the source failed").contains(Duration.ofSeconds(5));
    }

    @Test
    void theStrategyTellsThePreviewTheReplicasLagNow() throws Exception {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        rds.setReplicaLag("r1", Duration.ofSeconds(42));
        var strategy = promotion(rds, "r1").fragment().strategy().orElseThrow();

        assertThat(strategy.component()).isEqualTo("rds streams-db");
        assertThat(strategy.name()).isEqualTo("promote read replica 'r1'");
        assertThat(strategy.expectedTime()).isEqualTo(RdsReplicaPromotion.EXPECTED_TIME);
        assertThat(strategy.dataLoss().orElseThrow().now(RunContext.of(options().poller()))).isEqualTo(Optional.of(Duration.ofSeconds(42)));
    }

    // ------------------------------------------------------------------ crash anywhere, promote once

    static IntStream promoteWrites() {
        // RUNNING, the lag (before the call), the outputs and SUCCEEDED
        return IntStream.range(0, 3);
    }

    @ParameterizedTest(name = "crash before journal write {0}")
    @MethodSource("promoteWrites")
    void aPromotionKilledBeforeAnyJournalWriteResumesIntoExactlyOnePromotion(int write, @TempDir Path dir) {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        Journal onDisk = Journal.file(dir.resolve("failover.journal.json"));
        RestorePlan plan = RestorePlan.builder("failover").withFragment(promotion(rds, "r1").fragment()).build();

        assertThatThrownBy(() -> plan.execute(options().withJournal(CrashingJournal.crashingBeforeWrite(onDisk, write))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class);
        int callsBeforeResume = rds.calls("PromoteReadReplica");
        PlanReport resumed = plan.execute(options().withJournal(onDisk)).throwIfFailed();

        assertThat(callsBeforeResume).isEqualTo(write < 2 ? 0 : 1);
        assertThat(rds.calls("PromoteReadReplica")).as("promotions over both runs").isEqualTo(1);
        assertThat(resumed.rpo()).containsEntry("rds streams-db", Duration.ofSeconds(7));
    }

    @Test
    void aPromotionKilledJustAfterItsLagCheckpointPromotesOnResume(@TempDir Path dir) {
        InMemoryRds rds = fake();
        replica(rds, "r1", "streams-db");
        Journal onDisk = Journal.file(dir.resolve("failover.journal.json"));
        RestorePlan plan = RestorePlan.builder("failover").withFragment(promotion(rds, "r1").fragment()).build();

        assertThatThrownBy(() -> plan.execute(options().withJournal(CrashingJournal.crashingAfterWrite(onDisk, 2))))
                .isInstanceOf(CrashingJournal.SimulatedCrash.class).hasMessageContaining(RdsReplicaPromotion.LAG_CHECKPOINT);
        assertThat(rds.calls("PromoteReadReplica")).isZero();
        rds.setReplicaLag("r1", Duration.ofSeconds(30)); // the lag read before the crash is the one recorded

        PlanReport resumed = plan.execute(options().withJournal(onDisk)).throwIfFailed();

        assertThat(rds.calls("PromoteReadReplica")).isEqualTo(1);
        assertThat(resumed.rpo()).containsEntry("rds streams-db", Duration.ofSeconds(7));
    }
}
