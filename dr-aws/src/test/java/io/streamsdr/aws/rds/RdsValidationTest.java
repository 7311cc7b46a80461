package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.StepOutput;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values are refused before any call, naming the field and the rule; every message is asserted whole. */
class RdsValidationTest {
    static final VirtualClock CLOCK = VirtualClock.create();
    static final Poller POLLER = Poller.using(CLOCK, CLOCK);
    static final String INSTANCE_RULE = "(1 to 63 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen)";
    static final String SNAPSHOT_RULE = "(1 to 255 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen)";
    static final String ID_RULE = "must be 1 to 63 characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'";
    static InMemoryRds rds = InMemoryRds.create(CLOCK);

    @BeforeEach
    void freshFake() {
        rds = InMemoryRds.create(CLOCK);
    }

    @AfterEach
    void noCallWasMade() {
        assertThat(rds.calls()).as("calls the fake saw: " + rds.callCounts()).isZero();
    }

    static RdsDatabase db() {
        return RdsDatabase.builder(rds, "streams-db").build();
    }

    static Arguments bad(String what, ThrowingCallable call, String message) {
        return Arguments.of(what, call, message);
    }

    static Stream<Arguments> invalidInputs() {
        Map<String, String> awsTag = Map.of("aws:owner", "x");
        Map<String, String> longKey = Map.of("k".repeat(129), "x");
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        return Stream.of(
                bad("instance id starting with a digit", () -> RdsDatabase.builder(rds, "1streams"),
                        "Invalid instance id '1streams': must begin with a letter " + INSTANCE_RULE),
                bad("instance id with two hyphens", () -> RdsDatabase.builder(rds, "streams--db"),
                        "Invalid instance id 'streams--db': must not contain two consecutive hyphens " + INSTANCE_RULE),
                bad("instance id ending in a hyphen", () -> RdsDatabase.builder(rds, "streams-"),
                        "Invalid instance id 'streams-': must not end with a hyphen " + INSTANCE_RULE),
                bad("instance id with an underscore", () -> RdsDatabase.builder(rds, "streams_db"),
                        "Invalid instance id 'streams_db': must contain only ASCII letters, digits and hyphens, found '_' " + INSTANCE_RULE),
                bad("instance id of 64 characters", () -> RdsDatabase.builder(rds, "a".repeat(64)),
                        "Invalid instance id '" + "a".repeat(64) + "': must be at most 63 characters, was 64 " + INSTANCE_RULE),
                bad("empty instance id", () -> RdsDatabase.builder(rds, ""), "Invalid instance id '': must not be empty " + INSTANCE_RULE),
                bad("null instance id", () -> RdsDatabase.builder(rds, null), "Invalid instance id: must not be null " + INSTANCE_RULE),
                bad("null client", () -> RdsDatabase.builder(null, "streams-db"), "Invalid RDS client: must not be null"),
                bad("snapshot id with a dot", () -> db().takeSnapshot("snap.1", POLLER),
                        "Invalid snapshot id 'snap.1': must contain only ASCII letters, digits and hyphens, found '.' " + SNAPSHOT_RULE),
                bad("snapshot id with two hyphens", () -> db().takeSnapshot("snap--1", POLLER),
                        "Invalid snapshot id 'snap--1': must not contain two consecutive hyphens " + SNAPSHOT_RULE),
                bad("snapshot id starting with a hyphen", () -> db().takeSnapshot("-snap", POLLER),
                        "Invalid snapshot id '-snap': must begin with a letter " + SNAPSHOT_RULE),
                bad("snapshot id of 256 characters", () -> db().takeSnapshot("s".repeat(256), POLLER),
                        "Invalid snapshot id '" + "s".repeat(256) + "': must be at most 255 characters, was 256 " + SNAPSHOT_RULE),
                bad("snapshot without a poller", () -> db().takeSnapshot("snap", null), "Invalid poller: must not be null"),
                bad("retention of 0 days", () -> db().enableAutomatedBackups(0, POLLER), "Invalid backup retention days: must be between 1 and 35 "
                        + "days, was 0: a retention of 0 disables automated backups and point-in-time restore"),
                bad("retention of 36 days", () -> db().enableAutomatedBackups(36, POLLER),
                        "Invalid backup retention days: must be between 1 and 35 days (the RDS limit), was 36"),
                bad("negative retention", () -> db().enableAutomatedBackups(-1, POLLER),
                        "Invalid backup retention days: must be between 1 and 35 days (the RDS limit), was -1"),
                bad("enabling backups without a poller", () -> db().enableAutomatedBackups(7, null), "Invalid poller: must not be null"),
                bad("recovery point without a context", () -> db().takeRecoveryPoint(null), "Invalid run context: must not be null"),
                bad("recovery points without a context", () -> db().recoveryPoints(null), "Invalid run context: must not be null"),
                bad("protection status without a context", () -> db().protectionStatus(null), "Invalid run context: must not be null"),
                bad("next snapshot id without a clock", () -> db().nextSnapshotId(null), "Invalid clock: must not be null"),
                bad("template making a bad id", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotIdTemplate("{instance}_{timestamp}"),
                        "Invalid snapshot id template '{instance}_{timestamp}': makes ids like 'streams-db_20260101000000', which break the "
                                + "rule: must contain only ASCII letters, digits and hyphens, found '_' " + SNAPSHOT_RULE),
                bad("template ending in a hyphen", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotIdTemplate("{instance}-"),
                        "Invalid snapshot id template '{instance}-': makes ids like 'streams-db-', which break the rule: must not end with a "
                                + "hyphen " + SNAPSHOT_RULE),
                bad("tag key with aws: prefix", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(awsTag),
                        "Invalid snapshot tags key 'aws:owner': must not start with 'aws:' (reserved by AWS)"),
                bad("tag key of 129 characters", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(longKey),
                        "Invalid snapshot tags key '" + "k".repeat(129) + "': must be 1 to 128 characters"),
                bad("51 tags", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(tooMany),
                        "Invalid snapshot tags: must hold at most 50 tags (the AWS limit), held 51"),
                bad("zero max RPO", () -> RdsDatabase.builder(rds, "streams-db").withMaxRpo(Duration.ZERO), "Invalid max RPO: must be positive, was 0s"),
                bad("negative error budget", () -> RdsDatabase.builder(rds, "streams-db").withTransientErrorBudget(-1),
                        "Invalid transient error budget: must be between 0 and 1000, was -1"),
                bad("null poll policy", () -> RdsDatabase.builder(rds, "streams-db").withPollPolicy(null), "Invalid poll policy: must not be null"),
                bad("null restore time", () -> db().restoreToPointInTime(null), "Invalid restore time: must not be null"),
                bad("null snapshot output", () -> db().restoreFromSnapshot((StepOutput<String>) null), "Invalid snapshot id output: must not be null"),
                bad("restore target equal to the source", () -> db().restoreFromSnapshot("snap").toInstance("STREAMS-DB"),
                        "Invalid target instance id 'STREAMS-DB': must differ from the source instance id: a restore always creates a new instance"),
                bad("restore target with two hyphens", () -> db().restoreFromSnapshot("snap").toInstance("dr--db"),
                        "Invalid target instance id 'dr--db': must not contain two consecutive hyphens " + INSTANCE_RULE),
                bad("restore without a target", () -> db().restoreFromSnapshot("snap").build(),
                        "Invalid target instance id: must be given: call toInstance(\"new-instance-id\")"),
                bad("restore snapshot id ending in a hyphen", () -> db().restoreFromSnapshot("snap-"),
                        "Invalid restore snapshot id 'snap-': must not end with a hyphen " + SNAPSHOT_RULE),
                bad("restore instance class", () -> db().restoreFromSnapshot("snap").withInstanceClass("t3.micro"),
                        "Invalid instance class 't3.micro': must look like 'db.<family>.<size>', for example 'db.t3.micro'"),
                bad("restore security group id", () -> db().restoreFromSnapshot("snap").withVpcSecurityGroups("sg-xyz"),
                        "Invalid VPC security group 'sg-xyz': must be 'sg-' followed by 8 or 17 lowercase hexadecimal digits, for example 'sg-0123abcd'"),
                bad("no security group", () -> db().restoreFromSnapshot("snap").withVpcSecurityGroups(),
                        "Invalid VPC security groups: must hold at least one security group id"),
                bad("restore port too low", () -> db().restoreFromSnapshot("snap").withPort(80),
                        "Invalid port: must be between 1150 and 65535 (the RDS range), was 80"),
                bad("subnet group with a slash", () -> db().restoreFromSnapshot("snap").withDbSubnetGroup("a/b"),
                        "Invalid DB subnet group 'a/b': must be 1 to 255 letters, digits, periods, underscores, spaces or hyphens"),
                bad("parameter group with two hyphens", () -> db().restoreFromSnapshot("snap").withDbParameterGroup("pg--1"),
                        "Invalid DB parameter group 'pg--1': must not contain two consecutive hyphens " + SNAPSHOT_RULE),
                bad("restore id too long for its outputs", () -> db().restoreFromSnapshot("snap").withId("s".repeat(47)),
                        "Invalid restore id '" + "s".repeat(47) + "': must be at most 46 characters, so that '<id>.endpoint.address' fits in 63; was 47"),
                bad("restore id with a space", () -> db().restoreFromSnapshot("snap").withId("rds restore"),
                        "Invalid restore id 'rds restore': " + ID_RULE),
                bad("null source settings", () -> db().restoreFromSnapshot("snap").withSourceSettings(null), "Invalid source settings: must not be null"),
                bad("null restore poll policy", () -> db().restoreFromSnapshot("snap").withPollPolicy(null),
                        "Invalid restore poll policy: must not be null"),
                bad("restore tags with aws: prefix", () -> db().restoreFromSnapshot("snap").withTags(awsTag),
                        "Invalid restore tags key 'aws:owner': must not start with 'aws:' (reserved by AWS)"),
                bad("snapshot step id too long for its output", () -> db().snapshotStep().withId("s".repeat(52)),
                        "Invalid snapshot step id '" + "s".repeat(52) + "': must be at most 51 characters, so that '<id>.snapshot.id' fits in 63; was 52"),
                bad("snapshot step id with a slash", () -> db().snapshotStep().withId("rds/snapshot"), "Invalid snapshot step id 'rds/snapshot': " + ID_RULE),
                bad("copy to a bad region", () -> db().copySnapshot("snap").toRegion("Europe", rds),
                        "Invalid destination region 'Europe': must be an AWS region code such as 'eu-west-1'"),
                bad("copy without destination", () -> db().copySnapshot("snap").build(),
                        "Invalid destination region: must be given: call toRegion(\"eu-central-1\", client)"),
                bad("copy with a blank KMS key", () -> db().copySnapshot("snap").withKmsKeyId(" "), "Invalid KMS key id: must not be blank"),
                bad("copy target id with an underscore", () -> db().copySnapshot("snap").withTargetSnapshotId("dr_snap"),
                        "Invalid target snapshot id 'dr_snap': must contain only ASCII letters, digits and hyphens, found '_' " + SNAPSHOT_RULE),
                bad("copy without a poller", () -> db().copySnapshot("snap").toRegion("us-east-1", rds).build().execute(null),
                        "Invalid poller: must not be null"),
                bad("keep-last of 0", () -> PrunePolicy.keepLast(0),
                        "Invalid prune keepLast: must be at least 1, was 0: to delete by age only, use PrunePolicy.olderThan(maxAge)"),
                bad("negative max age", () -> PrunePolicy.olderThan(Duration.ofDays(-1)), "Invalid prune maxAge: must be a positive duration, was PT-24H"),
                bad("null prune policy", () -> db().pruning(null), "Invalid prune policy: must not be null"),
                bad("pruning preview without a clock", () -> db().pruning(PrunePolicy.keepLast(1)).preview(null), "Invalid clock: must not be null"),
                bad("pruning without a clock", () -> db().pruning(PrunePolicy.keepLast(1)).execute(null), "Invalid clock: must not be null"),
                bad("automated backups with a blank instance", () -> new AutomatedBackups(" ", 0, 7, AutomatedBackups.Change.NONE),
                        "Invalid instance id of automated backups: must not be blank"),
                bad("automated backups without a change", () -> new AutomatedBackups("db", 0, 7, null),
                        "Invalid change of automated backups: must not be null"),
                bad("automated backups with a negative retention", () -> new AutomatedBackups("db", -1, 7, AutomatedBackups.Change.NONE),
                        "Invalid retention of automated backups: must not be negative, was -1 → 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    }

    @Test
    void thereAreAtLeast50Cases() {
        assertThat(invalidInputs().count()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aRestoreTimeIsCheckedWhereTimeIsKnownNotInTheBuilder() {
        // The builder has no clock: "not in the future" and the restorable window are the step's and its precondition's to check.
        Instant future = CLOCK.instant().plus(Duration.ofDays(365));

        RdsRestore restore = db().restoreToPointInTime(future).toInstance("dr").build();

        assertThat(restore.description()).isEqualTo("restore RDS instance 'streams-db' as of " + future
                + " into new instance 'dr' with the network settings of 'streams-db', wait until available, publish its endpoint");
    }

    @Test
    void toBuilderKeepsEverySettingAndBuildCopies() {
        RdsDatabase db = RdsDatabase.builder(rds, "streams-db").withName("rds").withMaxRpo(Duration.ofHours(2)).withTransientErrorBudget(3)
                .withSnapshotIdTemplate("dr-{instance}-{timestamp}").withSnapshotTags(Map.of("owner", "dr")).build();
        RdsDatabase copy = db.toBuilder().build();
        RdsDatabase.Builder builder = db.toBuilder();
        RdsDatabase renamed = builder.withName("renamed").build();
        builder.withName("again");

        assertThat(copy.name()).isEqualTo("rds");
        assertThat(copy.maxRpo()).isEqualTo(Duration.ofHours(2));
        assertThat(copy.transientErrorBudget()).isEqualTo(3);
        assertThat(copy.nextSnapshotId(CLOCK)).isEqualTo("dr-streams-db-20260101000000");
        assertThat(copy.snapshotTags()).isEqualTo(Map.of("owner", "dr"));
        assertThat(copy.pollPolicy()).isEqualTo(RdsDatabase.DEFAULT_POLL_POLICY);
        assertThat(renamed.name()).isEqualTo("renamed");
        assertThat(db.name()).isEqualTo("rds");

        RdsRestore restore = db.restoreFromSnapshot("snap").toInstance("dr").withId("dr-restore").withMultiAz(true).build();
        RdsRestore other = restore.toBuilder().toInstance("dr-2").build();
        assertThat(other.id()).isEqualTo("dr-restore");
        assertThat(other.targetInstanceId()).isEqualTo("dr-2");
        assertThat(other.description()).isEqualTo(restore.description().replace("'dr'", "'dr-2'"));
        assertThat(restore.targetInstanceId()).isEqualTo("dr");

        RdsSnapshotStep snapshot = db.snapshotStep().withId("nightly").build();
        assertThat(snapshot.toBuilder().build().snapshotId().name()).isEqualTo("nightly.snapshot.id");
        assertThat(snapshot.fragment().id()).isEqualTo("nightly");
    }
}
