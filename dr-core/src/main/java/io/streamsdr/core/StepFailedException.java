package io.streamsdr.core;

/**
 * A step of a {@link RestorePlan} failed. Names the step and the attempt; the cause is the
 * exception the step's last attempt threw. Its message has been cleared of every secret the run
 * knew.
 */
public class StepFailedException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String stepId;
    private final int attempt;

    /**
     * @param stepId  the step that failed
     * @param attempt the attempt that failed last, counting from 1
     * @param message the whole message (already redacted)
     * @param cause   what the step threw
     */
    public StepFailedException(String stepId, int attempt, String message, Throwable cause) {
        super(message, cause);
        this.stepId = stepId;
        this.attempt = attempt;
    }

    /** The id of the step that failed. */
    public String stepId() {
        return stepId;
    }

    /** The attempt that failed last, counting from 1. */
    public int attempt() {
        return attempt;
    }
}
