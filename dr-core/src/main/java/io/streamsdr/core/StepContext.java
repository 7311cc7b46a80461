package io.streamsdr.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A step's view of the run it is part of. One context per attempt; use it only from the thread
 * running the step.
 */
public interface StepContext {

    /** The step's id. */
    String stepId();

    /** This attempt, counting from 1 within the current run. */
    int attempt();

    /**
     * Whether an earlier run of this plan started this step and died before recording its end (the
     * JVM was killed mid-step). Such a step may have done part of its work: check before redoing
     * it, using {@link #checkpoint(String)} and the real state of what it changes.
     */
    boolean isResuming();

    /**
     * The value that a step this one depends on published.
     *
     * @throws IllegalStateException when this step did not declare it with {@code consumes}
     */
    <T> T input(StepOutput<T> output);

    /**
     * Publishes a value for later steps. It is recorded in the journal when the step succeeds.
     *
     * @throws IllegalStateException when this step did not declare it with {@code publishes}
     */
    <T> void publish(StepOutput<T> output, T value);

    /**
     * A checkpoint this step saved in this run or an earlier one (see {@link #saveCheckpoint}).
     */
    Optional<String> checkpoint(String key);

    /**
     * Saves a small fact in the journal at once, before returning, so that a resumed run knows it:
     * for example "restore requested for instance streams-dr" just before making the call.
     */
    void saveCheckpoint(String key, String value);

    /** Reports progress; it reaches the plan's listeners (redacted). */
    void progress(String message);

    /**
     * Records the recovery point objective this step achieved for a component: how much data,
     * measured in time, the restore could not bring back. Reports compare it with the plan's
     * {@link Objectives}.
     */
    void recordRpo(String component, Duration achieved);

    /** From now on this run shows {@value Secret#MASK} wherever this secret's value would appear. */
    void protect(Secret secret);

    /** The run's clock. */
    Clock clock();

    /** Now, on the run's clock. */
    default Instant now() {
        return clock().instant();
    }

    /**
     * A poller on the run's clock and sleeper that also stops at this step's timeout, stops when the
     * step is cancelled, and reports each look as progress.
     */
    Poller poller();

    /**
     * Sleeps through the run's sleeper.
     *
     * @throws TimedOutException                           when the step's timeout passes first
     * @throws java.util.concurrent.CancellationException when the step is cancelled meanwhile
     */
    void sleep(Duration duration);

    /** Whether the run asked this step to stop (cancellation, or fail-fast with cancel-running). */
    boolean isCancelled();
}
