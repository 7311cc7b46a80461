package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Journal#inMemory()}. */
public final class MemoryJournal implements Journal {
    private String planName;
    private String fingerprint;
    private final Map<String, StepRecord> steps = new LinkedHashMap<>();

    @Override
    public synchronized Optional<JournalRecord> load() {
        return planName == null ? Optional.empty() : Optional.of(new JournalRecord(planName, fingerprint, steps));
    }

    @Override
    public synchronized void record(String planName, String fingerprint, StepRecord step) {
        if (this.planName == null || !this.planName.equals(planName) || !this.fingerprint.equals(fingerprint)) {
            steps.clear();
        }
        this.planName = planName;
        this.fingerprint = fingerprint;
        steps.put(step.stepId(), step);
    }

    @Override
    public String toString() {
        return "Journal.inMemory()";
    }
}
