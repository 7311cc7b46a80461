package io.streamsdr.core;

import io.streamsdr.core.internal.Check;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * How a plan runs: on which clock, with which journal, how many steps at once, what to do when a
 * step fails, and who listens. Immutable; every {@code with*} and {@code on*} returns a copy.
 *
 * <p>Defaults ({@link #defaults()}): the system UTC clock and real time, a new in-memory journal
 * per run, 4 steps at once, {@link FailurePolicy#LET_RUNNING_FINISH}, no listeners.
 *
 * <pre>{@code
 * RunOptions.defaults()
 *     .withJournal(Journal.file(Path.of("failover.journal.json")))
 *     .withParallelism(8)
 *     .onEvents(PlanListener.console(System.out))
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS =
            new RunOptions(Clock.systemUTC(), Sleeper.system(), null, 4, FailurePolicy.LET_RUNNING_FINISH, List.of());

    private final Clock clock;
    private final Sleeper sleeper;
    private final Journal journal;
    private final int parallelism;
    private final FailurePolicy failurePolicy;
    private final List<PlanListener> listeners;

    private RunOptions(Clock clock, Sleeper sleeper, Journal journal, int parallelism, FailurePolicy failurePolicy,
            List<PlanListener> listeners) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.journal = journal;
        this.parallelism = parallelism;
        this.failurePolicy = failurePolicy;
        this.listeners = List.copyOf(listeners);
    }

    /** The defaults described above. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy that reads time from {@code clock} and waits through {@code sleeper}. Give both from the
     * same source: dr-testkit's {@code VirtualClock} is both.
     */
    public RunOptions withTime(Clock clock, Sleeper sleeper) {
        return new RunOptions(Check.notNull("clock", clock), Check.notNull("sleeper", sleeper), journal, parallelism,
                failurePolicy, listeners);
    }

    /** A copy that records progress in {@code journal}; run again with the same journal to resume. */
    public RunOptions withJournal(Journal journal) {
        return new RunOptions(clock, sleeper, Check.notNull("journal", journal), parallelism, failurePolicy, listeners);
    }

    /**
     * A copy that runs at most {@code parallelism} steps at once.
     *
     * @throws InvalidConfigurationException when below 1 or above 256
     */
    public RunOptions withParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 256) {
            throw new InvalidConfigurationException("parallelism", "must be between 1 and 256, was " + parallelism);
        }
        return new RunOptions(clock, sleeper, journal, parallelism, failurePolicy, listeners);
    }

    /** A copy with this policy for running steps when one fails. */
    public RunOptions withFailurePolicy(FailurePolicy failurePolicy) {
        return new RunOptions(clock, sleeper, journal, parallelism, Check.notNull("failure policy", failurePolicy), listeners);
    }

    /** A copy with one more listener. */
    public RunOptions onEvents(PlanListener listener) {
        List<PlanListener> l = new ArrayList<>(listeners);
        l.add(Check.notNull("listener", listener));
        return new RunOptions(clock, sleeper, journal, parallelism, failurePolicy, l);
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The sleeper. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** The journal; a new in-memory one when none was set. */
    public Journal journalOrNew() {
        return journal == null ? Journal.inMemory() : journal;
    }

    /** Steps at most at once. */
    public int parallelism() {
        return parallelism;
    }

    /** What happens to running steps when one fails. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** The listeners, in the order added. */
    public List<PlanListener> listeners() {
        return listeners;
    }
}
