package io.streamsdr.core.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a journal keeps of one step. Immutable.
 *
 * @param stepId      the step
 * @param state       where it got to
 * @param attempts    attempts started, across every run of the plan
 * @param startedAt   when its first attempt started (on the run's clock)
 * @param endedAt     when it succeeded or failed, or {@code null} while running
 * @param outputs     published outputs in their journal form, by output name
 * @param checkpoints checkpoints the step saved, by key
 * @param error       the last failure's message (redacted), or {@code null}
 */
public record StepRecord(String stepId, State state, int attempts, Instant startedAt, Instant endedAt,
        Map<String, String> outputs, Map<String, String> checkpoints, String error) {

    /** Where a step got to. */
    public enum State {
        /** Started and not ended: if the run is gone, the process died here. */
        RUNNING,
        /** Done; its outputs are recorded. */
        SUCCEEDED,
        /** Its last attempt failed; a new run tries it again. */
        FAILED
    }

    public StepRecord {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(state, "state");
        // Sorted, so a journal file is the same bytes for the same state.
        outputs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(outputs));
        checkpoints = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checkpoints));
    }
}
