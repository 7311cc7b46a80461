package io.streamsdr.core.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.DrillListener;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Drill listeners: they hear the drill's start, its plan's events once, and its end with the whole report; what they
 * return becomes the report's warnings, redacted, in its JSON, text and HTML; what they throw is a warning too, never
 * the drill's failure.
 */
class DrillListenerTest {
    private static final Secret PASSWORD = Secret.of("hunter2-pw");
    private final VirtualClock clock = VirtualClock.create();
    private final Installation streams = Installation.named("streams").protect(FakeBackupTarget.named("rds")).build();

    private Failover failover(boolean preconditionHolds) {
        return streams.failover("streams-failover")
                .restore(PlanFragment.builder("rds-restore").withStep(Step.named("rds-restore")
                        .withPrecondition(Precondition.of("source exists", () -> {
                            if (!preconditionHolds) {
                                throw new PreconditionFailedException("source must exist", "instance 'streams-db' is gone", null);
                            }
                            return "it does";
                        }))
                        .withAction(c -> c.sleep(Duration.ofMinutes(10)))).withSecret(PASSWORD).build())
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(c -> c.sleep(Duration.ofMinutes(1)))))
                .build();
    }

    /** Records what it hears and says what it is told to. */
    private static final class Recorder implements DrillListener {
        final List<String> heard = new CopyOnWriteArrayList<>();
        final List<String> says;

        Recorder(List<String> says) {
            this.says = says;
        }

        @Override
        public void drillStarted(String drill, Instant at) {
            heard.add("drillStarted " + drill + " " + at);
        }

        @Override
        public void planStarted(String planName, int steps, Instant at) {
            heard.add("planStarted " + planName + " " + steps);
        }

        @Override
        public void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
            heard.add("stepSucceeded " + stepId);
        }

        @Override
        public void planFinished(PlanReport report) {
            heard.add("planFinished " + report.outcome());
        }

        @Override
        public List<String> drillFinished(DrillReport report) {
            heard.add("drillFinished " + (report.passed() ? "passed" : "failed") + " warnings=" + report.warnings().size());
            return says;
        }
    }

    @Test
    void aListenerHearsTheDrillAndItsPlanOnceInOrderAndItsWarningsJoinTheReport() throws Exception {
        Recorder r = new Recorder(List.of("the chat did not answer (the password hunter2-pw was sent)", " "));
        RunOptions options = RunOptions.defaults().withTime(clock, clock);

        DrillReport report = failover(true).drill().onEvents(r).run(options.onEvents(r));

        assertThat(r.heard).containsExactly("drillStarted streams-failover 2026-01-01T00:00:00Z", "planStarted streams-failover 2",
                "stepSucceeded rds-restore", "stepSucceeded helm-upgrade", "planFinished SUCCEEDED", "drillFinished passed warnings=0");
        assertThat(report.passed()).as("warnings never fail a drill").isTrue();
        assertThat(report.warnings()).as("blank ones dropped, secrets masked").containsExactly("the chat did not answer (the password **** was sent)");
        assertThat(new ObjectMapper().readTree(report.toJson()).get("warnings").toString())
                .isEqualTo("[\"the chat did not answer (the password **** was sent)\"]");
        assertThat(report.toText()).endsWith("\nWarnings (they do not fail the drill):\n  - the chat did not answer (the password **** was sent)\n");
        assertThat(report.toHtml()).contains("<ul class=\"warnings\" title=\"warnings: they do not fail the drill\">\n"
                + "<li>warning: the chat did not answer (the password **** was sent)</li>\n</ul>");
        assertThat(report.toJson() + report.toText() + report.toHtml()).doesNotContain("hunter2-pw");
    }

    @Test
    void aListenerThatThrowsIsAWarningNeverTheDrillsFailure() {
        DrillListener broken = new DrillListener() {
            @Override
            public void drillStarted(String drill, Instant at) {
                throw new IllegalStateException("cannot start: hunter2-pw");
            }

            @Override
            public List<String> drillFinished(DrillReport report) {
                throw new UnsupportedOperationException("cannot finish");
            }

            @Override
            public String toString() {
                return "broken";
            }
        };
        Recorder after = new Recorder(List.of());

        DrillReport report = failover(true).drill().onEvents(broken).onEvents(after).run(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.passed()).isTrue();
        String type = broken.getClass().getName();
        assertThat(report.warnings()).containsExactly(
                "drill listener " + type + " threw in drillStarted (ignored): java.lang.IllegalStateException: cannot start: ****",
                "drill listener " + type + " threw in drillFinished (ignored): java.lang.UnsupportedOperationException: cannot finish");
        assertThat(after.heard).last().isEqualTo("drillFinished passed warnings=1");
    }

    @Test
    void aDrillStoppedByAPreconditionStillEndsForItsListeners() {
        Recorder r = new Recorder(List.of());
        DrillReport report = failover(false).drill().onEvents(r).run(RunOptions.defaults().withTime(clock, clock));
        assertThat(report.passed()).isFalse();
        assertThat(r.heard).containsExactly("drillStarted streams-failover 2026-01-01T00:00:00Z", "drillFinished failed warnings=0");
    }

    @Test
    void warningsAreCheckedAndOptional() {
        DrillReport bare = new DrillReport("d", clock.instant(), clock.instant(), List.of(), null, List.of(), List.of(), java.util.Map.of(), null);
        assertThat(bare.warnings()).isEmpty();
        assertThat(bare.withWarnings(List.of())).isSameAs(bare);
        assertThat(bare.withWarnings(List.of("a")).withWarnings(List.of("b")).warnings()).containsExactly("a", "b");
        assertThatThrownBy(() -> bare.withWarnings(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid drill warnings: must not be null");
        assertThatThrownBy(() -> bare.withWarnings(List.of(" "))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid drill warning: must not be blank");
        assertThatThrownBy(() -> failover(true).drill().onEvents(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid drill listener: must not be null");
        assertThat(failover(true).drill().onEvents(new Recorder(List.of())).build().toString())
                .isEqualTo("Drill[streams-failover, 0 data checks, 0 verifications, 0 teardown actions, 1 listeners]");
    }
}
