package io.streamsdr.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A step's view of the run it is part of: the {@link RunContext} (clock, poller, progress, secrets,
 * cancellation) plus what only a plan step has: its inputs and outputs, its checkpoints in the
 * journal, and the RPO it records. One context per attempt; use it only from the thread running the
 * step.
 */
public interface StepContext extends RunContext {

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
     * @throws InvalidConfigurationException when this step did not declare it with {@code consumes}
     */
    <T> T input(StepOutput<T> output);

    /**
     * Publishes a value for later steps. It is recorded in the journal when the step succeeds.
     *
     * @throws InvalidConfigurationException when this step did not declare it with {@code publishes},
     *         or the value is null
     */
    <T> void publish(StepOutput<T> output, T value);

    /**
     * A checkpoint this step saved in this run or an earlier one (see {@link #saveCheckpoint}).
     */
    Optional<String> checkpoint(String key);

    /**
     * Saves a small fact in the journal at once, before returning, so that a resumed run knows it.
     * Save it BEFORE the remote call it describes ("restore requested for instance streams-dr", then
     * the call): a run that dies between the two then finds the checkpoint and looks for what the
     * call made instead of making it twice.
     */
    void saveCheckpoint(String key, String value);

    /**
     * Records the recovery point objective this step achieved for a component: how much data,
     * measured in time, the restore could not bring back. Reports compare it with the plan's
     * {@link Objectives}; name the component as its {@link BackupTarget#name()}, so the report shows
     * one line per component.
     */
    void recordRpo(String component, Duration achieved);
}
