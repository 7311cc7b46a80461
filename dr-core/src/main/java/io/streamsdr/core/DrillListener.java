package io.streamsdr.core;

import java.time.Instant;
import java.util.List;

/**
 * Hears a {@link Drill}: its start, every event of its plan run (it is a {@link PlanListener}), and its
 * end with the whole {@link DrillReport}. Give it to {@link Drill.Builder#onEvents(DrillListener)}; the drill
 * adds it to its plan run's listeners itself, so do not also pass it in the {@link RunOptions}.
 *
 * <p>Order: {@link #drillStarted} first, then the plan's events (none when a precondition failed and the
 * plan did not run), then {@link #drillFinished} last, after the verifications and the teardown. Like a
 * plan listener it cannot break the drill: what it throws is caught and recorded as a warning of the report.
 *
 * <p>Monitoring's meters and webhook notifier are drill listeners (docs/monitoring.md).
 */
public interface DrillListener extends PlanListener {

    /** The drill started, before its preconditions are checked. */
    default void drillStarted(String drill, Instant at) {
    }

    /**
     * The drill ended; the report says how.
     *
     * @return what this listener could not do and the drill's reader should know, one line each (a
     *         notification that was not delivered); they become the report's {@link DrillReport#warnings()
     *         warnings}, redacted, and never fail the drill. Empty when all went well; never null.
     */
    default List<String> drillFinished(DrillReport report) {
        return List.of();
    }
}
