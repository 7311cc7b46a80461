package io.streamsdr.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one step did in a run. Immutable. Secret outputs and any secret in {@code error} are
 * already masked.
 *
 * @param id            the step's id
 * @param description   what it does
 * @param dependsOn     the steps it waited for
 * @param status        how it ended in this run
 * @param startedAt     when it started (in an earlier run for {@link Status#DONE_EARLIER}); null if never
 * @param endedAt       when it ended; null if it did not
 * @param attempts      attempts started in this run
 * @param resumed       whether it ran again after a run that died while it was running
 * @param outputs       what it published, as shown (secrets masked), by output name
 * @param error         why it failed, or null
 * @param onCriticalPath whether it is on the run's critical path
 */
public record StepReport(String id, String description, List<String> dependsOn, Status status, Instant startedAt,
        Instant endedAt, int attempts, boolean resumed, Map<String, String> outputs, String error, boolean onCriticalPath) {

    /** How a step ended in a run. */
    public enum Status {
        /** Ran in this run and succeeded. */
        SUCCEEDED,
        /** Succeeded in an earlier run recorded in the journal; skipped, outputs restored. */
        DONE_EARLIER,
        /** Ran and failed (after its retries), or timed out. */
        FAILED,
        /** Was running when the run was cancelled or a failure cancelled it. */
        CANCELLED,
        /** Never started: a step before it failed, or the run was cancelled. */
        NOT_STARTED
    }

    public StepReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        dependsOn = List.copyOf(dependsOn);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs)); // keeps publishing order
    }

    /** How long it ran: from start to end, or null when it did not both start and end. */
    public Duration duration() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    /** Whether the step has its result: succeeded now or in an earlier run. */
    public boolean isDone() {
        return status == Status.SUCCEEDED || status == Status.DONE_EARLIER;
    }
}
