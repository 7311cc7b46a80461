package io.streamsdr.testkit;

import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.ProtectionStatus;

/**
 * AssertJ entry points for Streams DR values. Import them next to AssertJ's own; the overloads do
 * not clash.
 *
 * <pre>{@code
 * // import static io.streamsdr.testkit.DrAssertions.assertThat;
 * assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45)).meetsObjectives();
 * assertThat(report).step("rds-restore").ranOnce().hasOutput("rds-restore.endpoint.address", "db.example");
 * assertThat(report).step("helm-upgrade").startedAfter("rds-restore");
 * assertThat(rds.protectionStatus(ctx)).isHealthy().rpoAtMost(Duration.ofMinutes(30));
 * }</pre>
 *
 * <p>Failure messages say what was expected and what the report shows: the outcome, each step's
 * status, attempts and error.
 */
public final class DrAssertions {
    private DrAssertions() {
    }

    /** Assertions on a plan run's report. */
    public static PlanReportAssert assertThat(PlanReport actual) {
        return new PlanReportAssert(actual);
    }

    /** Assertions on a drill's report: {@code assertThat(report).meetsRto(...).meetsRpo(...)}. */
    public static DrillReportAssert assertThat(DrillReport actual) {
        return new DrillReportAssert(actual);
    }

    /** Assertions on a drill history: {@code assertThat(history).rtoWithinOfMedian("streams-failover", 5, 0.20)}. */
    public static DrillHistoryAssert assertThat(DrillHistory actual) {
        return new DrillHistoryAssert(actual);
    }

    /** Assertions on a component's protection status. */
    public static ProtectionStatusAssert assertThat(ProtectionStatus actual) {
        return new ProtectionStatusAssert(actual);
    }
}
