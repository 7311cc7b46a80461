package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@ExtendWith(DrExtension.class)
class DrExtensionTest {

    @VirtualTime
    VirtualClock fieldClock;

    private VirtualClock beforeEachClock;

    @BeforeEach
    void setUp(VirtualClock clock) {
        beforeEachClock = clock;
    }

    @Test
    void oneClockPerTestForParametersFieldsAndLifecycleMethods(VirtualClock clock, VirtualClock sameClock) {
        assertThat(clock).isSameAs(sameClock).isSameAs(fieldClock).isSameAs(beforeEachClock);
    }

    @Test
    void eachTestStartsWithAFreshClock(VirtualClock clock) {
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
        clock.advance(Duration.ofHours(1));
    }

    @Test
    void anotherTestAlsoStartsWithAFreshClock(VirtualClock clock) {
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
        clock.advance(Duration.ofHours(1));
    }

    @Test
    void resolvesTheTestsResources(DrResources resources, DrResources same) {
        assertThat(resources).isSameAs(same);
        assertThat(resources.size()).isZero();
    }

    @Nested
    class InANestedClass {
        @Test
        void theOuterFieldGetsTheNestedTestsClock(VirtualClock clock) {
            assertThat(fieldClock).isSameAs(clock);
        }
    }

    // ---------------------------------------------------------------- run through the JUnit engine

    /** What the inner test classes below saw or closed; cleared before each engine run. */
    static final List<Object> RECORDED = new CopyOnWriteArrayList<>();

    private static Events runTests(Class<?> testClass) {
        RECORDED.clear();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        return results.testEvents();
    }

    private static Throwable failureOf(Events events) {
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @Test
    void closesRegisteredResourcesInReverseOrderEvenWhenTheTestFails() {
        Events events = runTests(FailingTestWithResources.class);

        events.assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        assertThat(RECORDED).containsExactly("third closed", "second closed", "first closed");
    }

    @Test
    void closesEveryResourceWhenOneCloseThrowsAndReportsIt() {
        Events events = runTests(ResourceThatFailsToClose.class);

        events.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(RECORDED).containsExactly("second closed", "first closed");
        assertThat(failureOf(events)).as("JUnit reports the close failure as the test's")
                .hasStackTraceContaining("broken pipe while closing");
    }

    @Test
    void givesEveryTestItsOwnClockAndResources() {
        Events events = runTests(TwoTestsRecordingWhatTheyGot.class);

        events.assertStatistics(stats -> stats.succeeded(2));
        assertThat(RECORDED).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void refusesAVirtualTimeFieldOfAnotherType() {
        Events events = runTests(WrongFieldType.class);

        events.assertStatistics(stats -> stats.failed(1));
        Throwable failure = failureOf(events);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@VirtualTime field " + WrongFieldType.class.getName() + ".clock must be of type VirtualClock");
    }

    // Inner classes are not run by Surefire (it skips nested classes); the tests above run them.

    @ExtendWith(DrExtension.class)
    static class FailingTestWithResources {
        @Test
        void fails(DrResources resources) {
            resources.register(() -> RECORDED.add("first closed"));
            resources.register(() -> RECORDED.add("second closed"));
            resources.register(() -> RECORDED.add("third closed"));
            throw new AssertionError("the drill failed");
        }
    }

    @ExtendWith(DrExtension.class)
    static class ResourceThatFailsToClose {
        @Test
        void passes(DrResources resources) {
            resources.register(() -> RECORDED.add("first closed"));
            resources.register(() -> {
                throw new IllegalStateException("broken pipe while closing");
            });
            resources.register(() -> RECORDED.add("second closed"));
        }
    }

    @ExtendWith(DrExtension.class)
    static class TwoTestsRecordingWhatTheyGot {
        @Test
        void one(VirtualClock clock, DrResources resources) {
            RECORDED.add(clock);
            RECORDED.add(resources);
        }

        @Test
        void two(VirtualClock clock, DrResources resources) {
            RECORDED.add(clock);
            RECORDED.add(resources);
        }
    }

    @ExtendWith(DrExtension.class)
    static class WrongFieldType {
        @VirtualTime
        java.time.Clock clock;

        @Test
        void neverRuns() {
        }
    }
}
