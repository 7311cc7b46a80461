package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step did in a run. Immutable. Secret outputs and any secret in the error are already
 * masked.
 */
public final class StepReport {

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

    private final String id;
    private final String description;
    private final List<String> dependsOn;
    private final Status status;
    private final Instant startedAt;
    private final Instant endedAt;
    private final int attempts;
    private final boolean resumed;
    private final Map<String, String> outputs;
    private final String error;
    private final boolean onCriticalPath;

    /**
     * Made by the plan engine; public so that tools can rebuild a report.
     *
     * @param id             the step's id
     * @param description    what it does
     * @param dependsOn      the steps it waited for
     * @param status         how it ended in this run
     * @param startedAt      when it started (in an earlier run for {@link Status#DONE_EARLIER}); null if it never did
     * @param endedAt        when it ended; null if it did not
     * @param attempts       attempts started in this run
     * @param resumed        whether it ran again after a run that died while it was running
     * @param outputs        what it published, as shown (secrets masked), by output name, in publishing order
     * @param error          why it failed; null when it did not
     * @param onCriticalPath whether it is on the run's critical path
     * @throws InvalidConfigurationException when id, description, status, dependsOn or outputs is null
     */
    public StepReport(String id, String description, List<String> dependsOn, Status status, Instant startedAt, Instant endedAt,
            int attempts, boolean resumed, Map<String, String> outputs, String error, boolean onCriticalPath) {
        this.id = Check.notNull("step report id", id);
        this.description = Check.notNull("step report description", description);
        this.dependsOn = List.copyOf(Check.notNull("step report dependsOn", dependsOn));
        this.status = Check.notNull("step report status", status);
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.attempts = attempts;
        this.resumed = resumed;
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(Check.notNull("step report outputs", outputs)));
        this.error = error;
        this.onCriticalPath = onCriticalPath;
    }

    /** The step's id. */
    public String id() {
        return id;
    }

    /** What it does. */
    public String description() {
        return description;
    }

    /** The steps it waited for. */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** How it ended in this run. */
    public Status status() {
        return status;
    }

    /** When it started (in an earlier run for {@link Status#DONE_EARLIER}); empty if it never did. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** When it ended; empty if it did not. */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** Attempts started in this run. */
    public int attempts() {
        return attempts;
    }

    /** Whether it ran again after a run that died while it was running. */
    public boolean resumed() {
        return resumed;
    }

    /** What it published, as shown (secrets masked), by output name, in publishing order. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /** Why it failed (redacted); empty when it did not. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Whether it is on the run's critical path. */
    public boolean onCriticalPath() {
        return onCriticalPath;
    }

    /** How long it ran, from start to end; empty when it did not both start and end. */
    public Optional<Duration> duration() {
        return startedAt == null || endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }

    /** Whether the step has its result: succeeded now or in an earlier run. */
    public boolean isDone() {
        return status == Status.SUCCEEDED || status == Status.DONE_EARLIER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepReport r && r.id.equals(id) && r.description.equals(description) && r.dependsOn.equals(dependsOn)
                && r.status == status && Objects.equals(r.startedAt, startedAt) && Objects.equals(r.endedAt, endedAt)
                && r.attempts == attempts && r.resumed == resumed && r.outputs.equals(outputs) && Objects.equals(r.error, error)
                && r.onCriticalPath == onCriticalPath;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, startedAt, endedAt, attempts);
    }

    @Override
    public String toString() {
        return "StepReport[" + id + ", " + status + (startedAt == null ? "" : ", " + startedAt + " .. " + endedAt)
                + ", attempts=" + attempts + (error == null ? "" : ", error=" + error) + "]";
    }
}
