package io.streamsdr.core.engine;

import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A journal that "loses the process" after a number of writes: the write that would come next
 * throws {@link SimulatedCrash} and every later one is dropped, so what is on disk is exactly what a
 * killed JVM would have left.
 */
final class CrashingJournal implements Journal {
    private final Journal delegate;
    private final int writesBeforeCrash;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicBoolean crashed = new AtomicBoolean();
    private final AtomicBoolean crashNow = new AtomicBoolean();

    /** Thrown in place of the write the dead process never made. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    CrashingJournal(Journal delegate, int writesBeforeCrash) {
        this.delegate = delegate;
        this.writesBeforeCrash = writesBeforeCrash;
    }

    /** Makes the next write the one that never happens (a crash in the middle of a step). */
    void crashNow() {
        crashNow.set(true);
    }

    int writes() {
        return writes.get();
    }

    boolean crashed() {
        return crashed.get();
    }

    @Override
    public Optional<JournalRecord> load() {
        return delegate.load();
    }

    @Override
    public void record(String planName, String fingerprint, StepRecord step) {
        if (crashed.get() || crashNow.get() || writes.get() >= writesBeforeCrash) {
            crashed.set(true);
            throw new SimulatedCrash("process died before journal write " + (writes.get() + 1) + " (" + step.stepId() + " "
                    + step.state() + ")");
        }
        delegate.record(planName, fingerprint, step);
        writes.incrementAndGet();
    }
}
