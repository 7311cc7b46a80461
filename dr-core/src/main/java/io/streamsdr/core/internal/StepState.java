package io.streamsdr.core.internal;

import io.streamsdr.core.Step;
import io.streamsdr.core.StepReport;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

/**
 * The engine's state of one step in one run. {@link RunJournal} fills it from the journal before the
 * run starts; then the {@link Coordinator} owns it until it hands the step to a pool thread, the
 * {@link StepRunner} writes it while the step runs, and the coordinator again once the step's
 * {@link Completion} arrives (the queue between them orders the writes). The volatile fields are the
 * ones read across threads while the step runs.
 */
final class StepState {
    /** Checkpoint keys under which a step's recorded RPO travels through the journal: {@code @rpo:<component>}. */
    static final String RPO_PREFIX = "@rpo:";

    final Step step;
    /** The step's jitter: seeded from the run's seed and the step's id, so the same plan waits the same intervals. */
    final RandomGenerator random;
    /** Null until the step ends in this run (or was found done in the journal). */
    StepReport.Status status;
    /** Not yet handed to a thread in this run. */
    boolean pending = true;
    /** An earlier run started it and died before recording its end. */
    boolean resuming;
    int attemptsThisRun;
    /** Attempts over every run, as the journal counts them. */
    int journalAttempts;
    Instant firstStartedAt;
    Instant startedAt;
    Instant endedAt;
    /** Encoded outputs, recorded when the step succeeds. */
    final Map<String, String> outputs = new ConcurrentHashMap<>();
    final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    String error;
    /** The thread running the step, while it runs: what cancellation interrupts. */
    volatile Thread thread;
    volatile boolean cancelled;
    volatile boolean timedOut;
    /** Set by the coordinator when it hands the step to the pool. */
    Future<?> future;

    StepState(Step step, OptionalLong seed) {
        this.step = step;
        this.random = seed.isEmpty() ? new SplittableRandom() : new SplittableRandom(seed.getAsLong() * 31 + step.id().hashCode());
    }

    String id() {
        return step.id();
    }

    /** Succeeded in this run or an earlier one: what a dependent waits for. */
    boolean isDone() {
        return status == StepReport.Status.SUCCEEDED || status == StepReport.Status.DONE_EARLIER;
    }
}
