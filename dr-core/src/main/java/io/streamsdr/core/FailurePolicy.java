package io.streamsdr.core;

/**
 * What happens to steps still running when another step fails. Either way no new step starts
 * after a failure (fail-fast).
 */
public enum FailurePolicy {
    /** Running steps go on to their end; their results are recorded. The default: a half-made restore is worse than a finished one. */
    LET_RUNNING_FINISH,
    /** Running steps are cancelled: their thread is interrupted and their waits stop. */
    CANCEL_RUNNING
}
