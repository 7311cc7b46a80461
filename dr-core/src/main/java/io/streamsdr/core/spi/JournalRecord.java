package io.streamsdr.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a journal holds about one plan. Immutable.
 *
 * @param planName    the plan that wrote it
 * @param fingerprint the plan's shape (step ids, dependencies, outputs) when it was written; a plan
 *                    of another shape refuses the journal
 * @param steps       what is known of each step that started, by id, in the order they started
 */
public record JournalRecord(String planName, String fingerprint, Map<String, StepRecord> steps) {
    public JournalRecord {
        Objects.requireNonNull(planName, "planName");
        Objects.requireNonNull(fingerprint, "fingerprint");
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }
}
