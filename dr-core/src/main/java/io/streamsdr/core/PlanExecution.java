package io.streamsdr.core;

import java.time.Duration;
import java.util.Optional;

/** A plan run under way, from {@link RestorePlan#start(RunOptions)}. */
public interface PlanExecution {

    /**
     * Asks the run to stop: no new step starts, running steps are interrupted and their waits
     * stop. Returns at once; {@link #awaitCompletion()} gives the report, with outcome
     * {@link PlanReport.Outcome#CANCELLED}. Does nothing when the run has ended.
     */
    void cancel();

    /** Waits for the run to end and returns its report, whatever the outcome. */
    PlanReport awaitCompletion();

    /** Waits at most {@code timeout} of real time; empty when the run has not ended by then. */
    Optional<PlanReport> awaitCompletion(Duration timeout);

    /** Whether the run has ended. */
    boolean isDone();
}
