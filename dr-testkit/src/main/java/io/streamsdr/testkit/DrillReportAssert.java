package io.streamsdr.testkit;

import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link DrillReport}; start with {@link DrAssertions#assertThat(DrillReport)}.
 *
 * <pre>{@code
 * assertThat(report).passed().meetsRto(Duration.ofMinutes(45)).meetsRpo(Duration.ofMinutes(15));
 * assertThat(report).meetsRpo("kafka", Duration.ofSeconds(5)).verificationHeld("restored database answers");
 * }</pre>
 *
 * Every failure message says what was expected and what the report shows, with the drill's failures.
 */
public final class DrillReportAssert extends AbstractAssert<DrillReportAssert, DrillReport> {

    /** Prefer {@link DrAssertions#assertThat(DrillReport)}. */
    public DrillReportAssert(DrillReport actual) {
        super(actual, DrillReportAssert.class);
    }

    /**
     * The data check of {@code component} ran and measured an RPO from data (its newest heartbeat that came
     * back) of at most {@code rpo}.
     */
    public DrillReportAssert dataRpoAtMost(String component, Duration rpo) {
        DataEvidence e = evidenceOf(component);
        if (e.dataRpo().isEmpty()) {
            failWithMessage("Expected the RPO measured from the data of '%s' in drill '%s' to be at most %s, but none was measured: %s",
                    component, actual.drill(), Durations.format(rpo), e.summary());
        } else if (e.dataRpo().get().compareTo(rpo) > 0) {
            failWithMessage("Expected the RPO measured from the data of '%s' in drill '%s' to be at most %s, but it was %s: %s", component,
                    actual.drill(), Durations.format(rpo), Durations.format(e.dataRpo().get()), e.summary());
        }
        return this;
    }

    /** The data check of {@code component} ran and found no difference at all, not even loss within the RPO. */
    public DrillReportAssert noDataLost(String component) {
        DataEvidence e = evidenceOf(component);
        if (e.error().isPresent() || e.differenceCount() > 0) {
            failWithMessage("Expected no data of '%s' lost in drill '%s', but: %s", component, actual.drill(), e.summary());
        }
        return this;
    }

    /** The data check of {@code component} passed (loss within the RPO allowed) and compared at least {@code atLeast} units. */
    public DrillReportAssert dataCheckPassed(String component, long atLeast) {
        DataEvidence e = evidenceOf(component);
        if (!e.passed()) {
            failWithMessage("Expected the data check of '%s' in drill '%s' to pass, but: %s", component, actual.drill(), e.summary());
        } else if (e.compared() < atLeast) {
            failWithMessage("Expected the data check of '%s' in drill '%s' to compare at least %d %s, but it compared %d", component,
                    actual.drill(), atLeast, e.unit(), e.compared());
        }
        return this;
    }

    /** The evidence of {@code component}'s data check, for further assertions; fails when it has none. */
    public DataEvidence evidenceOf(String component) {
        isNotNull();
        return actual.evidence(component).orElseThrow(() -> new AssertionError(String.format(
                "Expected drill '%s' to have evidence from the data of '%s', but it has none (evidence of: %s)%s", actual.drill(), component,
                actual.evidence().stream().map(DataEvidence::component).toList(), actual.failures().isEmpty() ? "" : "; failures: "
                        + actual.failures())));
    }

    /** The drill passed: preconditions held, the plan succeeded and met its objectives, verifications held, teardown done. */
    public DrillReportAssert passed() {
        isNotNull();
        if (!actual.passed()) {
            failWithMessage("Expected drill '%s' to pass, but:%n  - %s", actual.drill(), String.join(System.lineSeparator() + "  - ",
                    actual.failures()));
        }
        return this;
    }

    /** The drill did not pass. */
    public DrillReportAssert didNotPass() {
        isNotNull();
        if (actual.passed()) {
            failWithMessage("Expected drill '%s' not to pass, but it passed (RTO %s)", actual.drill(),
                    actual.rto().map(Durations::format).orElse("-"));
        }
        return this;
    }

    /**
     * The plan ran and recovered within {@code rto}.
     *
     * @throws NullPointerException when {@code rto} is null
     */
    public DrillReportAssert meetsRto(Duration rto) {
        Objects.requireNonNull(rto, "rto");
        isNotNull();
        if (actual.rto().isEmpty()) {
            failWithMessage("Expected drill '%s' to meet an RTO of %s, but its plan did not run: %s", actual.drill(),
                    Durations.format(rto), actual.failures());
        } else if (!actual.plan().orElseThrow().succeeded()) {
            failWithMessage("Expected drill '%s' to meet an RTO of %s, but its plan did not recover (%s): %s", actual.drill(),
                    Durations.format(rto), actual.plan().orElseThrow().outcome(), actual.failures());
        } else if (actual.rto().get().compareTo(rto) > 0) {
            failWithMessage("Expected drill '%s' to meet an RTO of %s, but recovery took %s (critical path: %s)", actual.drill(),
                    Durations.format(rto), Durations.format(actual.rto().get()),
                    String.join(" -> ", actual.plan().orElseThrow().criticalPath()));
        }
        return this;
    }

    /**
     * Every component's measured RPO is at most {@code rpo}, and at least one was measured.
     *
     * @throws NullPointerException when {@code rpo} is null
     */
    public DrillReportAssert meetsRpo(Duration rpo) {
        Objects.requireNonNull(rpo, "rpo");
        isNotNull();
        Map<String, Duration> measured = actual.rpo();
        if (measured.isEmpty()) {
            failWithMessage("Expected drill '%s' to meet an RPO of %s, but no RPO was measured (%s)", actual.drill(),
                    Durations.format(rpo), actual.plan().isPresent() ? "no step recorded one" : "the plan did not run");
        }
        String over = measured.entrySet().stream().filter(e -> e.getValue().compareTo(rpo) > 0)
                .map(e -> e.getKey() + " " + Durations.format(e.getValue())).collect(Collectors.joining(", "));
        if (!over.isEmpty()) {
            failWithMessage("Expected drill '%s' to meet an RPO of %s for every component, but: %s", actual.drill(), Durations.format(rpo), over);
        }
        return this;
    }

    /**
     * The named component's measured RPO is at most {@code rpo}.
     *
     * @throws NullPointerException when an argument is null
     */
    public DrillReportAssert meetsRpo(String component, Duration rpo) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(rpo, "rpo");
        isNotNull();
        Duration d = actual.rpo().get(component);
        if (d == null) {
            failWithMessage("Expected drill '%s' to meet an RPO of %s for '%s', but no RPO was measured for it (measured: %s)",
                    actual.drill(), Durations.format(rpo), component, actual.rpo().keySet());
        } else if (d.compareTo(rpo) > 0) {
            failWithMessage("Expected drill '%s' to meet an RPO of %s for '%s', but it was %s", actual.drill(), Durations.format(rpo),
                    component, Durations.format(d));
        }
        return this;
    }

    /** The named verification ran and held. */
    public DrillReportAssert verificationHeld(String name) {
        return held("verification", actual == null ? null : actual.verifications().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElse(null), name);
    }

    /** The named teardown action ran and succeeded. */
    public DrillReportAssert tornDown(String name) {
        return held("teardown action", actual == null ? null : actual.teardown().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElse(null), name);
    }

    private DrillReportAssert held(String what, CheckResult c, String name) {
        isNotNull();
        if (c == null) {
            failWithMessage("Expected %s '%s' in drill '%s', but it did not run (ran: %s)", what, name, actual.drill(),
                    actual.verifications().stream().map(CheckResult::name).toList());
        } else if (!c.passed()) {
            failWithMessage("Expected %s '%s' of drill '%s' to hold, but it failed: %s", what, name, actual.drill(), c.detail());
        }
        return this;
    }

    /** The plan's report, for assertions on its steps. */
    public PlanReportAssert plan() {
        isNotNull();
        if (actual.plan().isEmpty()) {
            failWithMessage("Expected drill '%s' to have run its plan, but it did not: %s", actual.drill(), actual.failures());
        }
        return new PlanReportAssert(actual.plan().orElseThrow());
    }
}
