package io.streamsdr.core.spi;

import io.streamsdr.core.internal.FileJournal;
import io.streamsdr.core.internal.MemoryJournal;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a plan run records each step's state, so that a run that died can be resumed: finished
 * steps are skipped and their outputs restored, and a step that was running is told it is
 * resuming. The engine records every change before acting on it.
 *
 * <p>Two implementations ship: {@link #inMemory()} (the default: a run in one JVM, or several runs
 * sharing the instance) and {@link #file(Path)} (survives the JVM). Implement this interface to
 * keep the journal elsewhere; {@link #record} must be durable when it returns, and calls come
 * from one thread at a time.
 */
public interface Journal {

    /** What the journal holds, or empty when nothing was recorded yet. */
    Optional<JournalRecord> load();

    /**
     * Records the new state of one step; durable when it returns.
     *
     * @param planName    the plan's name
     * @param fingerprint the plan's fingerprint
     * @param step        the step's whole new record
     */
    void record(String planName, String fingerprint, StepRecord step);

    /** A journal in this JVM's memory. */
    static Journal inMemory() {
        return new MemoryJournal();
    }

    /**
     * A journal in a JSON file, rewritten atomically on every change (temp file in the same
     * folder, fsync, rename, fsync of the folder) and readable only by its owner, since secret
     * outputs are kept in it. The file's schema is documented in {@code docs/journal.md}.
     */
    static Journal file(Path path) {
        return new FileJournal(Objects.requireNonNull(path, "path"));
    }
}
