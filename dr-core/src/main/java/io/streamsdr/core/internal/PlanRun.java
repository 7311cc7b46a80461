package io.streamsdr.core.internal;

import io.streamsdr.core.PlanExecution;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepFailedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a {@link RestorePlan}, and the {@link PlanExecution} handle on it. It puts the run
 * together and hands it over:
 * <ul>
 *   <li>{@link RunJournal}: restores the steps' state from the journal, then writes each change first;</li>
 *   <li>{@link Coordinator}: schedules the steps, takes in their ends, cancels, completes the result;</li>
 *   <li>{@link StepRunner}: runs one step's attempts, retries and timeout on a pool thread;</li>
 *   <li>{@link AttemptContext}: what the step's action sees;</li>
 *   <li>{@link ReportBuilder}: the report, once the run ended;</li>
 *   <li>{@link RunScope}: what they share (time, listeners, redactor, published values, cancellation).</li>
 * </ul>
 */
public final class PlanRun implements PlanExecution {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String planName;
    private final Coordinator coordinator;

    private PlanRun(String planName, Coordinator coordinator) {
        this.planName = planName;
        this.coordinator = coordinator;
    }

    /**
     * Loads the journal (refusing another plan's), then runs the coordinator here or on a new thread.
     *
     * @throws io.streamsdr.core.PreconditionFailedException when the journal belongs to another plan, before any step runs
     */
    public static PlanExecution start(RestorePlan plan, RunOptions options, boolean async) {
        RunScope scope = new RunScope(plan, options);
        RunJournal journal = new RunJournal(plan, options.journalOrNew());
        Map<String, StepState> states = new LinkedHashMap<>();
        for (Step s : plan.steps()) {
            states.put(s.id(), new StepState(s, options.jitterSeed()));
        }
        journal.restore(states, scope);
        Coordinator coordinator = new Coordinator(scope, states, new StepRunner(scope, journal), journal, options.parallelism(),
                options.failurePolicy());
        PlanRun run = new PlanRun(plan.name(), coordinator);
        if (async) {
            Thread t = new Thread(coordinator::run, "streams-dr-" + plan.name() + "-" + RUNS.incrementAndGet());
            t.start();
        } else {
            coordinator.run();
        }
        return run;
    }

    @Override
    public void cancel() {
        coordinator.cancel();
    }

    @Override
    public PlanReport awaitCompletion() {
        try {
            return coordinator.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancellationException("interrupted while waiting for plan '" + planName + "'");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    public Optional<PlanReport> awaitCompletion(Duration timeout) {
        try {
            return Optional.of(coordinator.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for plan '" + planName + "'");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new StepFailedException("?", 0, "the plan engine failed: " + t, t);
    }

    @Override
    public boolean isDone() {
        return coordinator.result().isDone();
    }
}
