package io.streamsdr.core;

/**
 * What a step does. Throw to fail the attempt; the step's {@link RetryPolicy} decides whether it
 * is tried again. Must be idempotent: after a crash the step runs again with
 * {@link StepContext#isResuming()} true and should take its "already done?" path.
 */
@FunctionalInterface
public interface StepAction {

    /**
     * Runs one attempt of the step.
     *
     * @param context the step's view of the run: inputs, outputs, checkpoints, time, progress
     * @throws Exception anything; it fails this attempt
     */
    void run(StepContext context) throws Exception;
}
