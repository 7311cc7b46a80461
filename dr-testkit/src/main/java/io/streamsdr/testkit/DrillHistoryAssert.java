package io.streamsdr.testkit;

import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link DrillHistory}: is the RTO getting worse? Start with
 * {@link DrAssertions#assertThat(DrillHistory)}.
 *
 * <pre>{@code
 * assertThat(history).hasRuns("streams-failover", 2)
 *     .newestPassed("streams-failover")
 *     .rtoWithinOfMedian("streams-failover", 5, 0.20);    // the newest RTO at most 20 % over the median of the 5 runs before
 * }</pre>
 */
public final class DrillHistoryAssert extends AbstractAssert<DrillHistoryAssert, DrillHistory> {

    /** Prefer {@link DrAssertions#assertThat(DrillHistory)}. */
    public DrillHistoryAssert(DrillHistory actual) {
        super(actual, DrillHistoryAssert.class);
    }

    /** The history holds at least {@code runs} runs of {@code drill}. */
    public DrillHistoryAssert hasRuns(String drill, int runs) {
        isNotNull();
        int found = actual.entries(drill).size();
        if (found < runs) {
            failWithMessage("Expected the history in %s to hold at least %s runs of drill '%s', but it holds %s", actual.directory(), runs, drill,
                    found);
        }
        return this;
    }

    /** The newest run of {@code drill} passed. */
    public DrillHistoryAssert newestPassed(String drill) {
        DrillHistory.Entry newest = newest(drill);
        if (!newest.passed()) {
            failWithMessage("Expected the newest run of drill '%s' (%s, %s) to have passed, but it failed", drill, newest.finishedAt(),
                    newest.file().getFileName());
        }
        return this;
    }

    /**
     * The newest run's RTO is at most {@code (1 + tolerance)} times the median RTO of the {@code runs}
     * runs before it: "RTO not more than 20 % worse than the median of the last 5 runs" is
     * {@code rtoWithinOfMedian(drill, 5, 0.20)}. Passes when there is no earlier run to compare with.
     *
     * @throws IllegalArgumentException when runs is below 1 or tolerance negative
     */
    public DrillHistoryAssert rtoWithinOfMedian(String drill, int runs, double tolerance) {
        if (runs < 1 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("runs must be at least 1 and tolerance at least 0, were " + runs + " and " + tolerance);
        }
        DrillHistory.Entry newest = newest(drill);
        Optional<Duration> median = actual.medianRtoBeforeNewest(drill, runs);
        if (median.isEmpty()) {
            return this;
        }
        if (newest.rto().isEmpty()) {
            failWithMessage("Expected the newest run of drill '%s' to have an RTO within %s %% of the median %s of the %s runs before it, "
                    + "but its plan did not run", drill, percent(tolerance), Durations.format(median.get()), runs);
        }
        Duration limit = Duration.ofNanos((long) (median.get().toNanos() * (1 + tolerance)));
        Duration rto = newest.rto().get();
        if (rto.compareTo(limit) > 0) {
            List<String> before = actual.entries(drill).stream().map(e -> e.rto().map(Durations::format).orElse("-")).toList();
            failWithMessage("Expected the newest RTO of drill '%s' to be at most %s (the median %s of the %s runs before it, + %s %%), "
                    + "but it is %s, %s %% over the median; RTO of every run, oldest first: %s", drill, Durations.format(limit),
                    Durations.format(median.get()), runs, percent(tolerance), Durations.format(rto),
                    percent(rto.toNanos() / (double) median.get().toNanos() - 1), before);
        }
        return this;
    }

    private DrillHistory.Entry newest(String drill) {
        isNotNull();
        List<DrillHistory.Entry> runs = actual.entries(drill);
        if (runs.isEmpty()) {
            failWithMessage("Expected the history in %s to hold runs of drill '%s', but it holds none (drills: %s)", actual.directory(), drill,
                    actual.entries().stream().map(DrillHistory.Entry::drill).distinct().toList());
        }
        return runs.get(runs.size() - 1);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f", fraction * 100);
    }
}
