package io.streamsdr.core;

import io.streamsdr.core.internal.ConsoleProgress;
import io.streamsdr.core.internal.LoggingListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Hears what a plan run does. Every method has a no-op default; implement those you need.
 *
 * <p>Order: {@link #planStarted} first and {@link #planFinished} last. Each {@link #stepStarted}
 * is followed, possibly after {@link #stepProgress} and {@link #stepRetrying} events, by exactly one
 * {@link #stepSucceeded} or {@link #stepFailed}. A step that does not run gets one
 * {@link #stepSkipped} (done in an earlier run, or not started because the plan failed or was
 * cancelled). Calls are serialized: one at a time, never concurrently, though from different
 * threads. Messages are redacted. An exception thrown by a listener is logged and ignored: it
 * cannot break a run.
 */
public interface PlanListener {

    /** The run started. */
    default void planStarted(String planName, int steps, Instant at) {
    }

    /** A step started its first attempt in this run. */
    default void stepStarted(String stepId, String description, boolean resuming, Instant at) {
    }

    /** A step reported progress (its own message, or a look of a wait). */
    default void stepProgress(String stepId, String message, Instant at) {
    }

    /** An attempt failed and the step will be tried again after {@code backoff}. */
    default void stepRetrying(String stepId, int failedAttempt, String reason, Duration backoff, Instant at) {
    }

    /** A step succeeded. */
    default void stepSucceeded(String stepId, int attempts, Duration took, Instant at) {
    }

    /** A step failed for good (or was cancelled or timed out). */
    default void stepFailed(String stepId, int attempts, String reason, Instant at) {
    }

    /** A step did not run in this run. */
    default void stepSkipped(String stepId, String reason, Instant at) {
    }

    /** The run ended; the report says how. */
    default void planFinished(PlanReport report) {
    }

    /** Logs every event through SLF4J, under the logger {@code io.streamsdr.plan}. */
    static PlanListener logging() {
        return new LoggingListener();
    }

    /**
     * Shows progress on {@code out}: a line per event, with elapsed plan time. When {@code out} is
     * this process's standard output or error and that is a terminal, the line for a running step's
     * progress is rewritten in place; otherwise (CI logs, files, a captured stream) each event is one
     * plain line without control characters.
     */
    static PlanListener console(PrintStream out) {
        return new ConsoleProgress(java.util.Objects.requireNonNull(out, "out"),
                System.console() != null && (out == System.out || out == System.err));
    }
}
