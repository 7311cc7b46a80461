package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
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

/** Bad values are refused before any call, naming the field and the rule. */
class RdsValidationTest {
    static final VirtualClock CLOCK = VirtualClock.create();
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
        return RdsDatabase.builder(rds, "streams-db").withTime(CLOCK, CLOCK).build();
    }

    static Arguments bad(String what, ThrowingCallable call, String field, String rule) {
        return Arguments.of(what, call, field, rule);
    }

    static Stream<Arguments> invalidInputs() {
        Map<String, String> awsTag = Map.of("aws:owner", "x");
        Map<String, String> longKey = Map.of("k".repeat(129), "x");
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        return Stream.of(
                bad("instance id starting with a digit", () -> RdsDatabase.builder(rds, "1streams"), "instance id '1streams'", "must begin with a letter"),
                bad("instance id with two hyphens", () -> RdsDatabase.builder(rds, "streams--db"), "instance id 'streams--db'", "two consecutive hyphens"),
                bad("instance id ending in a hyphen", () -> RdsDatabase.builder(rds, "streams-"), "instance id 'streams-'", "must not end with a hyphen"),
                bad("instance id with an underscore", () -> RdsDatabase.builder(rds, "streams_db"), "instance id 'streams_db'", "found '_'"),
                bad("instance id of 64 characters", () -> RdsDatabase.builder(rds, "a".repeat(64)), "instance id", "at most 63 characters"),
                bad("empty instance id", () -> RdsDatabase.builder(rds, ""), "instance id ''", "must not be empty"),
                bad("null instance id", () -> RdsDatabase.builder(rds, null), "instance id", "must not be null"),
                bad("null client", () -> RdsDatabase.builder(null, "streams-db"), "RDS client", "must not be null"),
                bad("snapshot id with a dot", () -> db().takeSnapshot("snap.1"), "snapshot id 'snap.1'", "found '.'"),
                bad("snapshot id with two hyphens", () -> db().takeSnapshot("snap--1"), "snapshot id 'snap--1'", "two consecutive hyphens"),
                bad("snapshot id starting with a hyphen", () -> db().takeSnapshot("-snap"), "snapshot id '-snap'", "must begin with a letter"),
                bad("snapshot id of 256 characters", () -> db().takeSnapshot("s".repeat(256)), "snapshot id", "at most 255 characters"),
                bad("retention of 0 days", () -> db().enableAutomatedBackups(0), "backup retention days", "disables automated backups"),
                bad("retention of 36 days", () -> db().enableAutomatedBackups(36), "backup retention days", "between 1 and 35"),
                bad("negative retention", () -> db().enableAutomatedBackups(-1), "backup retention days", "between 1 and 35"),
                bad("template making a bad id", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotIdTemplate("{instance}_{timestamp}"),
                        "snapshot id template '{instance}_{timestamp}'", "found '_'"),
                bad("template ending in a hyphen", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotIdTemplate("{instance}-"),
                        "snapshot id template", "must not end with a hyphen"),
                bad("tag key with aws: prefix", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(awsTag), "snapshot tags key 'aws:owner'",
                        "reserved by AWS"),
                bad("tag key of 129 characters", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(longKey), "snapshot tags key", "1 to 128"),
                bad("51 tags", () -> RdsDatabase.builder(rds, "streams-db").withSnapshotTags(tooMany), "snapshot tags", "at most 50"),
                bad("zero max RPO", () -> RdsDatabase.builder(rds, "streams-db").withMaxRpo(Duration.ZERO), "max RPO", "must be positive"),
                bad("negative error budget", () -> RdsDatabase.builder(rds, "streams-db").withTransientErrorBudget(-1), "transient error budget",
                        "between 0 and 1000"),
                bad("restore time in the future", () -> db().restoreToPointInTime(CLOCK.instant().plus(Duration.ofMinutes(1))), "restore time",
                        "must not be in the future"),
                bad("null restore time", () -> db().restoreToPointInTime(null), "restore time", "must not be null"),
                bad("restore target equal to the source", () -> db().restoreFromSnapshot("snap").toInstance("STREAMS-DB"),
                        "target instance id 'STREAMS-DB'", "must differ from the source"),
                bad("restore target with two hyphens", () -> db().restoreFromSnapshot("snap").toInstance("dr--db"),
                        "target instance id 'dr--db'", "two consecutive hyphens"),
                bad("restore without a target", () -> db().restoreFromSnapshot("snap").build(), "target instance id", "toInstance"),
                bad("restore snapshot id ending in a hyphen", () -> db().restoreFromSnapshot("snap-"), "restore snapshot id 'snap-'",
                        "must not end with a hyphen"),
                bad("restore instance class", () -> db().restoreFromSnapshot("snap").withInstanceClass("t3.micro"), "instance class 't3.micro'",
                        "db.<family>.<size>"),
                bad("restore security group id", () -> db().restoreFromSnapshot("snap").withVpcSecurityGroups("sg-xyz"),
                        "VPC security group 'sg-xyz'", "8 or 17"),
                bad("no security group", () -> db().restoreFromSnapshot("snap").withVpcSecurityGroups(), "VPC security groups", "at least one"),
                bad("restore port too low", () -> db().restoreFromSnapshot("snap").withPort(80), "port", "between 1150 and 65535"),
                bad("subnet group with a slash", () -> db().restoreFromSnapshot("snap").withDbSubnetGroup("a/b"), "DB subnet group 'a/b'",
                        "periods, underscores, spaces or hyphens"),
                bad("parameter group with two hyphens", () -> db().restoreFromSnapshot("snap").withDbParameterGroup("pg--1"),
                        "DB parameter group 'pg--1'", "two consecutive hyphens"),
                bad("step id too long for its outputs", () -> db().restoreFromSnapshot("snap").withStepId("s".repeat(47)), "restore step id",
                        "at most 46 characters"),
                bad("step id with a space", () -> db().restoreFromSnapshot("snap").withStepId("rds restore"), "restore step id 'rds restore'",
                        "only letters, digits"),
                bad("copy to a bad region", () -> db().copySnapshot("snap").toRegion("Europe", rds), "destination region 'Europe'",
                        "AWS region code"),
                bad("copy without destination", () -> db().copySnapshot("snap").build(), "destination region", "toRegion"),
                bad("copy with a blank KMS key", () -> db().copySnapshot("snap").withKmsKeyId(" "), "KMS key id", "must not be blank"),
                bad("copy target id with an underscore", () -> db().copySnapshot("snap").withTargetSnapshotId("dr_snap"),
                        "target snapshot id 'dr_snap'", "found '_'"),
                bad("keep-last of 0", () -> PrunePolicy.keepLast(0), "prune keepLast", "at least 1"),
                bad("negative max age", () -> PrunePolicy.olderThan(Duration.ofDays(-1)), "prune maxAge", "positive"),
                bad("null prune policy", () -> db().pruning(null), "prune policy", "must not be null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid " + field)
                .hasMessageContaining(rule);
    }

    @Test
    void thereAreAtLeast25Cases() {
        assertThat(invalidInputs().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theRuleIsQuotedInFull() {
        assertThatThrownBy(() -> RdsDatabase.builder(rds, "bad--id"))
                .hasMessage("Invalid instance id 'bad--id': must not contain two consecutive hyphens (1 to 63 letters, digits or hyphens; "
                        + "first a letter; no two consecutive hyphens; no trailing hyphen)");
    }
}
