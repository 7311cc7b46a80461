package io.streamsdr.core.internal;

import io.streamsdr.core.StepReport;

/**
 * How a step ended, as the {@link StepRunner} tells the {@link Coordinator} through its queue.
 *
 * @param state          the step
 * @param status         its end status; null for a journal failure
 * @param failure        why it failed (a {@code StepFailedException}), or the journal's failure; null on success
 * @param journalFailure the journal could not be written under it: the run must stop
 */
record Completion(StepState state, StepReport.Status status, Throwable failure, boolean journalFailure) {

    static Completion succeeded(StepState state) {
        return new Completion(state, StepReport.Status.SUCCEEDED, null, false);
    }

    static Completion ended(StepState state, StepReport.Status status, Throwable failure) {
        return new Completion(state, status, failure, false);
    }

    static Completion journalFailed(StepState state, Throwable failure) {
        return new Completion(state, null, failure, true);
    }
}
