package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RDS restore's guard rails as preconditions: each passes on a healthy source, fails with the
 * guard rail's message when it must, names the client's region, and checking them changes nothing.
 */
class RdsRestorePreconditionsTest {
    final VirtualClock clock = VirtualClock.create();
    final InMemoryRds rds = InMemoryRds.builder(clock).withSnapshotDuration(Duration.ofMinutes(7)).build();

    /** A source instance, available, with the given backup retention (0: no automated snapshot either). */
    RdsDatabase source(int retention) {
        rds.createAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8")
                .backupRetentionPeriod(retention).dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"));
        return RdsDatabase.builder(rds, "streams-db").build();
    }

    Poller poller() {
        return Poller.using(clock, clock);
    }

    List<CheckResult> check(RdsRestore restore) {
        return RestorePlan.builder("p").withFragment(restore.fragment()).build().checkPreconditions(clock);
    }

    static CheckResult named(List<CheckResult> results, String namePart) {
        return results.stream().filter(r -> r.name().contains(namePart)).findFirst()
                .orElseThrow(() -> new AssertionError("no precondition named '" + namePart + "' in " + results));
    }

    @Test
    void everySourceKindPassesOnAHealthySourceAndNamesTheRegion() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());

        List<CheckResult> named = check(db.restoreFromSnapshot("snap").toInstance("dr").build());
        List<CheckResult> latest = check(db.restoreFromLatestSnapshot().toInstance("dr").build());
        List<CheckResult> pitr = check(db.restoreToLatestRestorableTime().toInstance("dr").build());

        assertThat(named).extracting(CheckResult::name).containsExactly("new instance 'dr' does not exist yet",
                "snapshot 'snap' is available in region eu-west-1", "instance 'streams-db' exists, to copy its settings from");
        assertThat(latest).extracting(CheckResult::name).containsExactly("new instance 'dr' does not exist yet",
                "instance 'streams-db' has an available snapshot in region eu-west-1",
                "instance 'streams-db' exists, to copy its settings from");
        assertThat(pitr).extracting(CheckResult::name).containsExactly("new instance 'dr' does not exist yet",
                "instance 'streams-db' keeps automated backups (point in time)");
        assertThat(List.of(named, latest, pitr)).allSatisfy(results -> assertThat(results).allSatisfy(r -> {
            assertThat(r.passed()).as(r.toString()).isTrue();
            assertThat(r.subject()).isEqualTo("rds-restore");
        }));
        assertThat(named.get(0).detail()).isEqualTo("no instance 'dr' in region eu-west-1");
        assertThat(named.get(1).detail()).startsWith("snapshot 'snap' (available, manual, data as of ")
                .contains("arn:aws:rds:eu-west-1:");
        // The manual snapshot was taken after the automated one: the newest wins.
        assertThat(latest.get(1).detail()).startsWith("snapshot 'snap' (available, manual");
        assertThat(pitr.get(1).detail()).startsWith("retention 7 days, restorable from ");
    }

    @Test
    void anExistingTargetFailsWithTheGuardRailAndItsOverride() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());
        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier("dr").dbSnapshotIdentifier("snap"));

        CheckResult target = named(check(db.restoreFromSnapshot("snap").toInstance("dr").build()), "does not exist yet");

        assertThat(target.passed()).isFalse();
        assertThat(target.detail()).isEqualTo("Refused by guard rail 'restore target must not exist': RDS instance 'dr' already exists"
                + " (status creating). To proceed anyway: restore into another instance with toInstance(\"...\"), or delete 'dr' first");
    }

    @Test
    void noAvailableSnapshotFailsTheLatestSnapshotRestore() {
        RdsDatabase db = source(0); // no automated snapshots
        db.takeSnapshot("done", poller());
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("still-creating"));
        rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier("done"));

        CheckResult latest = named(check(db.restoreFromLatestSnapshot().toInstance("dr").build()), "has an available snapshot");

        assertThat(rds.snapshotIds()).containsExactly("still-creating");
        assertThat(latest.passed()).isFalse();
        assertThat(latest.detail()).isEqualTo("Refused by guard rail 'a snapshot must exist': RDS instance 'streams-db' has no available snapshot");
    }

    @Test
    void aNamedSnapshotThatIsMissingOrNotYetAvailableFails() {
        RdsDatabase db = source(7);
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("creating"));

        CheckResult missing = named(check(db.restoreFromSnapshot("nope").toInstance("dr").build()), "is available in");
        CheckResult creating = named(check(db.restoreFromSnapshot("creating").toInstance("dr").build()), "is available in");

        assertThat(missing.passed()).isFalse();
        assertThat(missing.name()).isEqualTo("snapshot 'nope' is available in region eu-west-1");
        assertThat(missing.detail()).isEqualTo("Refused by guard rail 'snapshot must exist': RDS snapshot 'nope' was not found");
        assertThat(creating.passed()).isFalse();
        assertThat(creating.detail()).isEqualTo("Refused by guard rail 'snapshot must be available': RDS snapshot 'creating' is creating");

        clock.advance(Duration.ofMinutes(7));
        assertThat(named(check(db.restoreFromSnapshot("creating").toInstance("dr").build()), "is available in").passed()).isTrue();
    }

    @Test
    void pointInTimeFailsWithoutAutomatedBackupsOrOutsideTheRestorableWindow() {
        RdsDatabase noBackups = source(0);

        CheckResult latest = named(check(noBackups.restoreToLatestRestorableTime().toInstance("dr").build()), "point in time");

        assertThat(latest.passed()).isFalse();
        assertThat(latest.detail()).isEqualTo("Refused by guard rail 'point-in-time restore needs automated backups': "
                + "RDS instance 'streams-db' has a backup retention of 0 days");

        Instant beforeBackups = clock.instant();
        noBackups.enableAutomatedBackups(7, poller());
        clock.advance(Duration.ofHours(1));
        Instant lrt = clock.instant().minus(Duration.ofMinutes(5));
        Instant earliest = noBackups.recoveryPoints(RunContext.of(poller())).get(0).windowStart().orElseThrow();
        CheckResult tooLate = named(check(noBackups.restoreToPointInTime(clock.instant()).toInstance("dr").build()), "point in time");
        CheckResult tooEarly = named(check(noBackups.restoreToPointInTime(beforeBackups).toInstance("dr").build()), "point in time");
        CheckResult within = named(check(noBackups.restoreToPointInTime(clock.instant().minus(Duration.ofMinutes(30)))
                .toInstance("dr").build()), "point in time");

        assertThat(earliest).isAfter(beforeBackups);
        assertThat(tooLate.passed()).isFalse();
        assertThat(tooLate.name()).isEqualTo("instance 'streams-db' can be restored to " + clock.instant() + " (point in time)");
        assertThat(tooLate.detail()).isEqualTo("Refused by guard rail 'restore time must be restorable': restore time " + clock.instant()
                + " is after the latest restorable time " + lrt + " of 'streams-db'. To proceed anyway: use restoreToLatestRestorableTime(), "
                + "or a time between " + earliest + " and " + lrt);
        assertThat(tooEarly.passed()).isFalse();
        assertThat(tooEarly.detail()).isEqualTo("Refused by guard rail 'restore time must be restorable': restore time " + beforeBackups
                + " is before the earliest restorable time " + earliest + " of 'streams-db' (its oldest automated backup within the "
                + "7-day retention). To proceed anyway: use a time between " + earliest + " and " + lrt + ", or restore from an older snapshot");
        assertThat(within.passed()).as(within.toString()).isTrue();
        assertThat(within.detail()).isEqualTo("retention 7 days, restorable from " + earliest + " to " + lrt);
    }

    @Test
    void aSnapshotRestoreThatCopiesTheSourcesSettingsFailsItsCheckWhenTheSourceIsGone() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-db").skipFinalSnapshot(true));
        clock.advance(Duration.ofMinutes(5));

        List<CheckResult> copying = check(db.restoreFromSnapshot("snap").toInstance("dr").build());
        List<CheckResult> explicit = check(db.restoreFromSnapshot("snap").toInstance("dr")
                .withSourceSettings(RdsRestore.SourceSettings.IGNORE).withDbSubnetGroup("private").build());

        // Before this check existed, the preview said ready and the step then failed on the missing source.
        CheckResult source = named(copying, "to copy its settings from");
        assertThat(source.passed()).isFalse();
        assertThat(source.detail()).isEqualTo("Refused by guard rail 'source instance must exist to copy its settings': RDS instance "
                + "'streams-db' was not found, so its subnet group, security groups and parameter group cannot be copied. To proceed anyway: "
                + "give them with withDbSubnetGroup(..), withVpcSecurityGroups(..), withDbParameterGroup(..) and call "
                + "withSourceSettings(SourceSettings.IGNORE)");
        assertThat(explicit).extracting(CheckResult::name).noneMatch(n -> n.contains("to copy its settings from"));
        assertThat(explicit).allMatch(CheckResult::passed);
    }

    @Test
    void aSnapshotRestoreThatCopiesTheSourcesSettingsShowsWhatItWillCopy() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());

        CheckResult source = named(check(db.restoreFromLatestSnapshot().toInstance("dr").build()), "to copy its settings from");

        assertThat(source.passed()).isTrue();
        assertThat(source.name()).isEqualTo("instance 'streams-db' exists, to copy its settings from");
        assertThat(source.detail()).contains("DB subnet group private").contains("sg-0123abcd").contains("db.t3.micro");
    }

    @Test
    void anErrorWhileCheckingCountsAsFailedNotAsPassed() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());
        rds.throttleNextCalls(1);

        List<CheckResult> results = check(db.restoreFromSnapshot("snap").toInstance("dr").build());

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail()).isEqualTo("could not be checked: Call failed: DescribeDBInstances of RDS instance 'dr': "
                + "Rate exceeded (Service: Rds, Status Code: 400, Request ID: null)");
        assertThat(results.get(1).passed()).isTrue();
    }

    @Test
    void checkingMakesOnlyReadCallsAndCreatesNothing() {
        RdsDatabase db = source(7);
        db.takeSnapshot("snap", poller());
        clock.advance(Duration.ofHours(2));
        List<String> instances = rds.instanceIds();
        List<String> snapshots = rds.snapshotIds();
        rds.resetCallCounts();

        List<CheckResult> results = new java.util.ArrayList<>();
        for (RdsRestore restore : List.of(db.restoreFromSnapshot("snap").toInstance("dr").build(),
                db.restoreFromLatestSnapshot().toInstance("dr").build(),
                db.restoreToLatestRestorableTime().toInstance("dr").build(),
                db.restoreToPointInTime(clock.instant().minus(Duration.ofHours(1))).toInstance("dr").build())) {
            results.addAll(check(restore));
        }

        assertThat(results).hasSize(10);
        Map<String, Integer> calls = rds.callCounts();
        assertThat(calls).isNotEmpty();
        assertThat(calls.keySet()).allSatisfy(op -> assertThat(op).startsWith("Describe"));
        assertThat(rds.instanceIds()).isEqualTo(instances).doesNotContain("dr");
        assertThat(rds.snapshotIds()).isEqualTo(snapshots);
    }
}
