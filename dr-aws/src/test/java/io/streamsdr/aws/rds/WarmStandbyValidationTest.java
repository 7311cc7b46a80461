package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warm-standby builders of dr-aws (the replica promotion, the in-memory RDS's replica settings) refuse bad
 * values before any call, naming the field and the rule; every message is asserted whole.
 */
class WarmStandbyValidationTest {
    static final VirtualClock CLOCK = VirtualClock.create();
    static final String INSTANCE_RULE = "(1 to 63 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen)";
    static InMemoryRds rds = InMemoryRds.create(CLOCK);
    static final RdsReplicaPromotion.LagSource LAG = id -> Optional.of(Duration.ZERO);

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

    static RdsReplicaPromotion.Builder promote() {
        return db().promoteReplica("streams-db-replica").withReplicaLag(LAG);
    }

    static Arguments bad(String what, ThrowingCallable call, String message) {
        return Arguments.of(what, call, message);
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                bad("null replica id", () -> db().promoteReplica(null), "Invalid replica instance id: must not be null " + INSTANCE_RULE),
                bad("replica id with an underscore", () -> db().promoteReplica("streams_replica"),
                        "Invalid replica instance id 'streams_replica': must contain only ASCII letters, digits and hyphens, found '_' " + INSTANCE_RULE),
                bad("replica id starting with a digit", () -> db().promoteReplica("1replica"),
                        "Invalid replica instance id '1replica': must begin with a letter " + INSTANCE_RULE),
                bad("the source as its own replica", () -> db().promoteReplica("Streams-DB"),
                        "Invalid replica instance id 'Streams-DB': must differ from the source instance id: name the read replica to promote"),
                bad("promotion id with a slash", () -> promote().withId("rds/promote"),
                        "Invalid promotion id 'rds/promote': must be 1 to 63 characters, start with a letter or digit and contain only letters,"
                                + " digits, '.', '_' and '-'"),
                bad("promotion id of 47 characters", () -> promote().withId("p".repeat(47)),
                        "Invalid promotion id '" + "p".repeat(47) + "': must be at most 46 characters, so that '<id>.endpoint.address' fits in 63; was 47"),
                bad("null lag source", () -> promote().withReplicaLag(null), "Invalid replica lag source: must not be null"),
                bad("no lag source", () -> db().promoteReplica("streams-db-replica").build(),
                        "Invalid replica lag source: must be given: call withReplicaLag(..) with what reads CloudWatch's ReplicaLag of 'streams-db-replica'"),
                bad("null maximum lag", () -> promote().withMaxLag(null), "Invalid maximum replica lag: must not be null"),
                bad("zero maximum lag", () -> promote().withMaxLag(Duration.ZERO), "Invalid maximum replica lag: must be positive, was 0s"),
                bad("negative maximum lag", () -> promote().withMaxLag(Duration.ofSeconds(-1)), "Invalid maximum replica lag: must be positive, was -1s"),
                bad("promoted without backups", () -> promote().withBackupRetention(0),
                        "Invalid backup retention of the promoted instance: must be 1 to 35 days: a promoted instance without automated backups"
                                + " cannot be restored; was 0"),
                bad("promoted with 36 days of backups", () -> promote().withBackupRetention(36),
                        "Invalid backup retention of the promoted instance: must be between 1 and 35 days (the RDS limit), was 36"),
                bad("null poll policy", () -> promote().withPollPolicy(null), "Invalid promotion poll policy: must not be null"),
                bad("null replica client", () -> promote().withReplicaClient(null), "Invalid replica client: must not be null"),
                bad("fake: reboot as long as the promotion", () -> InMemoryRds.builder(CLOCK).withPromoteDuration(Duration.ofMinutes(1))
                        .withRebootDuration(Duration.ofMinutes(1)).build(),
                        "Invalid reboot duration of the in-memory RDS: must be shorter than the promote duration (PT1M), which includes it; was PT1M"),
                bad("fake: negative replica lag", () -> InMemoryRds.builder(CLOCK).withReplicaLag(Duration.ofSeconds(-5)),
                        "Invalid replica lag of the in-memory RDS: must not be negative, was -5s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    }

    @Test
    void thereAreAtLeast15Cases() {
        assertThat(invalidInputs().count()).isGreaterThanOrEqualTo(15);
    }
}
