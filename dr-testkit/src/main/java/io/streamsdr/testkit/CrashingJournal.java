package io.streamsdr.testkit;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A journal that "loses the process" at a chosen write, so a test can prove that a plan, or a
 * provider's step, resumes correctly from exactly what a killed JVM would have left: run once with
 * this journal (the run ends in {@link SimulatedCrash}), then run again with the journal it wraps.
 *
 * <pre>{@code
 * for (int k = 0; k < writesOfACleanRun; k++) {
 *     created.clear();
 *     Journal onDisk = Journal.file(dir.resolve("run-" + k + ".journal.json"));
 *     CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(onDisk, k);  // the k-th write never lands
 *     assertThatThrownBy(() -> plan.execute(options.withJournal(crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
 *     PlanReport resumed = plan.execute(options.withJournal(onDisk));               // what the next JVM does
 *     assertThat(resumed).succeeded();
 *     assertThat(created).containsExactly("streams-dr");                           // every side effect exactly once
 * }
 * }</pre>
 *
 * <p>{@link #crashingAfterWrite} lands the write first and then dies: the crash "between saving a
 * checkpoint and making the remote call it describes", which a step that saves its checkpoint first
 * must survive. {@link #crashNow()} dies at the next write, wherever the step is (a crash in the
 * middle of a step, after a side effect). Thread-safe.
 */
public final class CrashingJournal implements Journal {
    private final Journal delegate;
    private final int crashAt;
    private final boolean afterWrite;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicBoolean crashed = new AtomicBoolean();
    private final AtomicBoolean crashNow = new AtomicBoolean();

    /** Thrown in place of what the dead process never did; an {@link Error}, so no step catches it as a failure. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    private CrashingJournal(Journal delegate, int crashAt, boolean afterWrite) {
        this.delegate = Check.notNull("journal", delegate);
        if (crashAt < 0) {
            throw new io.streamsdr.core.InvalidConfigurationException("write to crash at", "must not be negative, was " + crashAt);
        }
        this.crashAt = crashAt;
        this.afterWrite = afterWrite;
    }

    /**
     * Lets {@code writes} writes through to {@code delegate}; the next one throws {@link SimulatedCrash}
     * without landing, and so does every later one.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when delegate is null or writes negative
     */
    public static CrashingJournal crashingBeforeWrite(Journal delegate, int writes) {
        return new CrashingJournal(delegate, writes, false);
    }

    /**
     * Lets write number {@code write} (counting from 1) land in {@code delegate}, then throws
     * {@link SimulatedCrash} from it: the process died just after that write, before the step went on.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when delegate is null or write below 1
     */
    public static CrashingJournal crashingAfterWrite(Journal delegate, int write) {
        if (write < 1) {
            throw new io.streamsdr.core.InvalidConfigurationException("write to crash after", "must be at least 1, was " + write);
        }
        return new CrashingJournal(delegate, write, true);
    }

    /** A journal that never crashes on its own, only at the next write after {@link #crashNow()}. */
    public static CrashingJournal crashingOnRequest(Journal delegate) {
        return new CrashingJournal(delegate, Integer.MAX_VALUE, false);
    }

    /** Makes the next write the one that never happens (a crash in the middle of a step). */
    public void crashNow() {
        crashNow.set(true);
    }

    /** Writes that landed. */
    public int writes() {
        return writes.get();
    }

    /** Whether the simulated process has died. */
    public boolean crashed() {
        return crashed.get();
    }

    @Override
    public Optional<JournalRecord> load() {
        return delegate.load();
    }

    @Override
    public void record(String planName, String fingerprint, StepRecord step) {
        if (crashed.get() || crashNow.get() || (!afterWrite && writes.get() >= crashAt)) {
            crashed.set(true);
            throw new SimulatedCrash("process died before journal write " + (writes.get() + 1) + " (" + step.stepId() + " "
                    + step.state() + ")");
        }
        delegate.record(planName, fingerprint, step);
        int n = writes.incrementAndGet();
        if (afterWrite && n == crashAt) {
            crashed.set(true);
            throw new SimulatedCrash("process died just after journal write " + n + " (" + step.stepId() + " " + step.state()
                    + (step.checkpoints().isEmpty() ? "" : ", checkpoints " + step.checkpoints().keySet()) + ")");
        }
    }

    @Override
    public String toString() {
        return "CrashingJournal[" + delegate + ", " + (afterWrite ? "after write " : "before write ") + crashAt + "]";
    }
}
