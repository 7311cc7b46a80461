package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.aws.data.MariaDbConnection;
import io.streamsdr.aws.data.MariaDbPrewarm;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.StepOutput;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-staged instance's and the prewarm's builders (and the in-memory RDS's start/stop settings) refuse bad values
 * before any call, naming the field and the rule; every message is asserted whole.
 */
class PrestagedValidationTest {
    static final VirtualClock CLOCK = VirtualClock.create();
    static final String INSTANCE_RULE = "(1 to 63 letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen)";
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

    static RdsPrestagedInstance.Builder standby() {
        return db().prestaged("streams-db-standby");
    }

    static final RdsRestore RESTORE = RdsDatabase.builder(rds, "streams-db").build().restoreFromLatestSnapshot().toInstance("streams-db-dr").build();

    static MariaDbPrewarm.Builder prewarm() {
        return MariaDbPrewarm.builder(MariaDbConnection.to("127.0.0.1", 3306).database("streams").user("admin").password(Secret.of("not-shown-1")));
    }

    static MariaDbPrewarm.Builder prewarmAfterRestore() {
        return prewarm().after(RESTORE.fragment(), RESTORE.endpointAddress(), RESTORE.endpointPort());
    }

    static Arguments bad(String what, ThrowingCallable call, String message) {
        return Arguments.of(what, call, message);
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                bad("null standby id", () -> db().prestaged(null), "Invalid pre-staged instance id: must not be null " + INSTANCE_RULE),
                bad("standby id with an underscore", () -> db().prestaged("streams_standby"),
                        "Invalid pre-staged instance id 'streams_standby': must contain only ASCII letters, digits and hyphens, found '_' " + INSTANCE_RULE),
                bad("the source as its own standby", () -> db().prestaged("Streams-DB"),
                        "Invalid pre-staged instance id 'Streams-DB': must differ from the source instance id: the refresh replaces the standby"),
                bad("standby id of 47 characters", () -> standby().withId("p".repeat(47)),
                        "Invalid pre-staged id '" + "p".repeat(47) + "': must be at most 46 characters, so that '<id>.endpoint.address' fits in 63; was 47"),
                bad("null state", () -> standby().withState(null), "Invalid pre-staged standby state: must not be null"),
                bad("null maximum age", () -> standby().withMaxAge(null), "Invalid maximum age of the pre-staged snapshot: must not be null"),
                bad("zero maximum age", () -> standby().withMaxAge(Duration.ZERO), "Invalid maximum age of the pre-staged snapshot: must be positive, was 0s"),
                bad("instance class without 'db.'", () -> standby().withInstanceClass("r6g.large"),
                        "Invalid pre-staged instance class 'r6g.large': must look like 'db.<family>.<size>', for example 'db.t3.micro'"),
                bad("null poll policy", () -> standby().withPollPolicy(null), "Invalid pre-staged poll policy: must not be null"),
                bad("null instance-hour price", () -> standby().build().standingCostPerMonth(null, BigDecimal.ZERO),
                        "Invalid instance-hour price: must not be null: give 0 to leave it out"),
                bad("negative storage price", () -> standby().build().standingCostPerMonth(BigDecimal.ONE, new BigDecimal("-2.5")),
                        "Invalid storage price per month -2.5: must not be negative"),
                bad("prewarm without a connection", () -> MariaDbPrewarm.builder(null), "Invalid prewarm connection: must not be null"),
                bad("prewarm without a restore", () -> prewarm().withTable("orders").build(),
                        "Invalid prewarm's restore: must be given: call after(restore.fragment(), restore.endpointAddress(), restore.endpointPort())"),
                bad("prewarm without a table", () -> prewarmAfterRestore().build(),
                        "Invalid prewarm tables: must name at least one table: call withTable(..)"),
                bad("prewarm table with a dot", () -> prewarm().withTable("streams.orders"),
                        "Invalid prewarm table name 'streams.orders': must be 1 to 64 letters, digits, '_' or '$'"),
                bad("prewarm table twice", () -> prewarm().withTable("orders").withTable("orders"),
                        "Invalid prewarm table 'orders': must be given once"),
                bad("prewarm reading another fragment's output", () -> prewarm().after(RESTORE.fragment(),
                        StepOutput.string("elsewhere.endpoint.address"), RESTORE.endpointPort()),
                        "Invalid prewarm's output 'elsewhere.endpoint.address': must be published by fragment 'rds-restore' (it publishes"
                                + " [rds-restore.endpoint.address, rds-restore.endpoint.port, rds-restore.instance.arn])"),
                bad("fake: zero start duration", () -> InMemoryRds.builder(CLOCK).withStartDuration(Duration.ZERO),
                        "Invalid start duration of the in-memory RDS: must be positive, was 0s"));
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
