package io.streamsdr.core.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a journal keeps of one step. Immutable.
 */
public final class StepRecord {

    /** Where a step got to. */
    public enum State {
        /** Started and not ended: if the run is gone, the process died here. */
        RUNNING,
        /** Done; its outputs are recorded. */
        SUCCEEDED,
        /** Its last attempt failed; a new run tries it again. */
        FAILED
    }

    private final String stepId;
    private final State state;
    private final int attempts;
    private final Instant startedAt;
    private final Instant endedAt;
    private final Map<String, String> outputs;
    private final Map<String, String> checkpoints;
    private final String error;

    /**
     * @param stepId      the step
     * @param state       where it got to
     * @param attempts    attempts started, across every run of the plan
     * @param startedAt   when its first attempt started (on the run's clock)
     * @param endedAt     when it succeeded or failed; null while running
     * @param outputs     published outputs in their journal form, by output name
     * @param checkpoints checkpoints the step saved, by key
     * @param error       the last failure's message (redacted); null when there is none
     * @throws NullPointerException when stepId, state, startedAt, outputs or checkpoints is null
     */
    public StepRecord(String stepId, State state, int attempts, Instant startedAt, Instant endedAt, Map<String, String> outputs,
            Map<String, String> checkpoints, String error) {
        this.stepId = Objects.requireNonNull(stepId, "stepId");
        this.state = Objects.requireNonNull(state, "state");
        this.attempts = attempts;
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.endedAt = endedAt;
        // Sorted, so a journal file is the same bytes for the same state.
        this.outputs = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(outputs, "outputs")));
        this.checkpoints = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(checkpoints, "checkpoints")));
        this.error = error;
    }

    /** The step. */
    public String stepId() {
        return stepId;
    }

    /** Where it got to. */
    public State state() {
        return state;
    }

    /** Attempts started, across every run of the plan. */
    public int attempts() {
        return attempts;
    }

    /** When its first attempt started (on the run's clock). */
    public Instant startedAt() {
        return startedAt;
    }

    /** When it succeeded or failed; empty while running. */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** Published outputs in their journal form, by output name, sorted. */
    public Map<String, String> outputs() {
        return outputs;
    }

    /** Checkpoints the step saved, by key, sorted. */
    public Map<String, String> checkpoints() {
        return checkpoints;
    }

    /** The last failure's message (redacted); empty when there is none. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepRecord r && r.stepId.equals(stepId) && r.state == state && r.attempts == attempts
                && r.startedAt.equals(startedAt) && Objects.equals(r.endedAt, endedAt) && r.outputs.equals(outputs)
                && r.checkpoints.equals(checkpoints) && Objects.equals(r.error, error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stepId, state, attempts, startedAt, endedAt, outputs, checkpoints, error);
    }

    @Override
    public String toString() {
        return "StepRecord[" + stepId + ", " + state + ", attempts=" + attempts + "]";
    }
}
