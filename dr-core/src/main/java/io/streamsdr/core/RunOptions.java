package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * How a plan runs: on which clock, with which journal, how many steps at once, what to do when a
 * step fails, and who listens. Immutable; every {@code with*} and {@code on*} returns a copy.
 *
 * <p>Defaults ({@link #defaults()}): the system UTC clock and real time, a new in-memory journal
 * per run, 4 steps at once, {@link FailurePolicy#LET_RUNNING_FINISH}, no listeners, unseeded jitter.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.defaults()
 *     .withJournal(Journal.file(dir.resolve("failover.journal.json")))
 *     .withParallelism(8)
 *     .onEvents(PlanListener.console(out));
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS =
            new RunOptions(Clock.systemUTC(), Sleeper.system(), null, 4, FailurePolicy.LET_RUNNING_FINISH, List.of(), null);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Journal journal;
    private final int parallelism;
    private final FailurePolicy failurePolicy;
    private final List<PlanListener> listeners;
    private final Long jitterSeed;

    private RunOptions(Clock clock, Sleeper sleeper, Journal journal, int parallelism, FailurePolicy failurePolicy,
            List<PlanListener> listeners, Long jitterSeed) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.journal = journal;
        this.parallelism = parallelism;
        this.failurePolicy = failurePolicy;
        this.listeners = List.copyOf(listeners);
        this.jitterSeed = jitterSeed;
    }

    /** The defaults described above. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy that reads time from {@code clock} and waits through {@code sleeper}. Give both from the
     * same source: dr-testkit's {@code VirtualClock} and {@code ScaledClock} are both.
     *
     * @throws InvalidConfigurationException when either is null
     */
    public RunOptions withTime(Clock clock, Sleeper sleeper) {
        return new RunOptions(Check.notNull("clock", clock), Check.notNull("sleeper", sleeper), journal, parallelism,
                failurePolicy, listeners, jitterSeed);
    }

    /**
     * A copy that records progress in {@code journal}; run again with the same journal to resume.
     *
     * @throws InvalidConfigurationException when null
     */
    public RunOptions withJournal(Journal journal) {
        return new RunOptions(clock, sleeper, Check.notNull("journal", journal), parallelism, failurePolicy, listeners, jitterSeed);
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
        return new RunOptions(clock, sleeper, journal, parallelism, failurePolicy, listeners, jitterSeed);
    }

    /**
     * A copy with this policy for running steps when one fails.
     *
     * @throws InvalidConfigurationException when null
     */
    public RunOptions withFailurePolicy(FailurePolicy failurePolicy) {
        return new RunOptions(clock, sleeper, journal, parallelism, Check.notNull("failure policy", failurePolicy), listeners,
                jitterSeed);
    }

    /**
     * A copy whose random jitter (of retry backoffs and of every poll interval inside its steps) comes
     * from a generator seeded with {@code seed}, step by step: the same plan on the same clock waits the
     * same intervals on every run. Default: unseeded.
     */
    public RunOptions withJitterSeed(long seed) {
        return new RunOptions(clock, sleeper, journal, parallelism, failurePolicy, listeners, seed);
    }

    /**
     * A copy with one more listener.
     *
     * @throws InvalidConfigurationException when null
     */
    public RunOptions onEvents(PlanListener listener) {
        List<PlanListener> l = new ArrayList<>(listeners);
        l.add(Check.notNull("listener", listener));
        return new RunOptions(clock, sleeper, journal, parallelism, failurePolicy, l, jitterSeed);
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The sleeper. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** A poller on this clock and sleeper, for work outside a plan that should keep the run's time (a preview). */
    public Poller poller() {
        Poller p = Poller.using(clock, sleeper);
        return jitterSeed == null ? p : p.withRandom(new SplittableRandom(jitterSeed));
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

    /** The seed of the run's jitter, if one was set with {@link #withJitterSeed(long)}. */
    public OptionalLong jitterSeed() {
        return jitterSeed == null ? OptionalLong.empty() : OptionalLong.of(jitterSeed);
    }
}
