package io.streamsdr.core.internal;

import io.streamsdr.core.FailurePolicy;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The run's one scheduler. It hands ready steps to a bounded pool, learns of their ends through a
 * queue, and decides when the run stops (a failure, a journal that cannot be written, a
 * cancellation); every scheduling decision is taken on its thread alone. Then it announces the steps
 * that did not run and completes the run's result with the report, or with the journal's failure.
 *
 * <p>Two orderings keep virtual time honest: a whole batch of ready steps is announced to the sleeper
 * ({@code workStarted}) before any of them runs, and the place a step frees is handed to the steps it
 * unblocked before the sleeper hears that it ended ({@code workFinished}).
 */
final class Coordinator {
    /** The event {@link #cancel()} puts in the queue. */
    private static final Object CANCEL = new Object();

    private final RunScope scope;
    private final Map<String, StepState> states;
    private final StepRunner runner;
    private final RunJournal journal;
    private final ReportBuilder reports;
    private final int parallelism;
    private final FailurePolicy failurePolicy;
    /** Completions, and {@link #CANCEL}. */
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<PlanReport> result = new CompletableFuture<>();

    // The coordinator thread's own state.
    private ExecutorService pool;
    private int running;
    private boolean stopping;
    private Throwable firstFailure;
    /** The journal's first failure, once one ended a step: the run fails with it. */
    private Throwable fatal;

    Coordinator(RunScope scope, Map<String, StepState> states, StepRunner runner, RunJournal journal, int parallelism,
            FailurePolicy failurePolicy) {
        this.scope = scope;
        this.states = states;
        this.runner = runner;
        this.journal = journal;
        this.reports = new ReportBuilder(scope, states);
        this.parallelism = Math.min(parallelism, states.size());
        this.failurePolicy = failurePolicy;
    }

    /** What the run ends with: its report, or the failure that stopped it. */
    CompletableFuture<PlanReport> result() {
        return result;
    }

    /** Asks the run to stop, from any thread: no step starts, running steps are interrupted. */
    void cancel() {
        if (!result.isDone()) {
            scope.requestCancel();
            events.add(CANCEL);
        }
    }

    /** Runs the plan to its end on the calling thread, then completes {@link #result()}. */
    void run() {
        Instant startedAt = scope.clock.instant();
        pool = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("streams-dr-step-"));
        try {
            scope.listeners.timeOf(scope.sleeper);
            scope.listeners.fire(l -> l.planStarted(scope.plan.name(), states.size(), startedAt));
            for (StepState st : states.values()) {
                if (st.status == StepReport.Status.DONE_EARLIER) {
                    scope.listeners.fire(l -> l.stepSkipped(st.id(), "done in an earlier run", scope.clock.instant()));
                }
            }
            schedule();
        } catch (Throwable t) {
            fatal = fatal == null ? t : fatal;
        } finally {
            pool.shutdownNow();
            runner.close();
        }
        if (fatal != null) {
            result.completeExceptionally(fatal);
            return;
        }
        finish(startedAt);
    }

    /** Starts what is ready and reacts to each end, until nothing runs and nothing more may start. */
    private void schedule() {
        while (true) {
            if (!stopping) {
                startReady();
            }
            if (running == 0) {
                return;
            }
            Object event = nextEvent();
            if (event == CANCEL) {
                if (!stopping) {
                    stop();
                }
                continue;
            }
            running--;
            ended((Completion) event);
            // Hand the freed place to the steps this one unblocked before telling the sleeper it ended,
            // so that virtual time cannot move while a successor is being handed over.
            if (!stopping && !scope.isCancelRequested()) {
                startReady();
            }
            scope.sleeper.workFinished();
            if (scope.isCancelRequested() && !stopping) {
                stop();
            }
        }
    }

    private Object nextEvent() {
        try {
            return events.take();
        } catch (InterruptedException e) {
            scope.requestCancel(); // the coordinator thread was interrupted: the run is cancelled
            return CANCEL;
        }
    }

    /** Takes in a step's end: a journal failure stops the run at once; a step that did not succeed stops new starts. */
    private void ended(Completion c) {
        if (c.journalFailure()) {
            fatal = journal.firstFailure(); // the first one, whichever step's completion arrives first
            stopping = true;
            cancelRunning();
            return;
        }
        c.state().status = c.status();
        if (c.status() == StepReport.Status.SUCCEEDED) {
            return;
        }
        if (c.status() == StepReport.Status.FAILED && firstFailure == null) {
            firstFailure = c.failure();
        }
        if (!stopping) {
            stopping = true;
            if (failurePolicy == FailurePolicy.CANCEL_RUNNING) {
                cancelRunning();
            }
        }
    }

    private void stop() {
        stopping = true;
        cancelRunning();
    }

    /** Hands as many ready steps as there are free places to the pool, in plan order. */
    private void startReady() {
        List<StepState> ready = new ArrayList<>();
        int free = parallelism - running;
        for (StepState st : states.values()) {
            if (ready.size() >= free) {
                break;
            }
            if (st.pending && dependenciesDone(st)) {
                ready.add(st);
            }
        }
        // Announce the whole batch before any of it runs: a virtual-time sleeper must not move the
        // clock because the first step of a batch fell asleep before the second was counted.
        for (StepState st : ready) {
            st.pending = false;
            scope.sleeper.workStarted();
        }
        for (StepState st : ready) {
            st.future = pool.submit(() -> events.add(runner.run(st)));
        }
        running += ready.size();
    }

    private boolean dependenciesDone(StepState st) {
        for (String d : st.step.dependencies()) {
            if (!states.get(d).isDone()) {
                return false;
            }
        }
        return true;
    }

    /** Interrupts every step still running; each ends as cancelled. */
    private void cancelRunning() {
        for (StepState st : states.values()) {
            Thread t = st.thread;
            if (st.future != null && !st.future.isDone()) {
                st.cancelled = true;
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    /** Announces the steps that did not run, builds the report, announces the end and completes the result. */
    private void finish(Instant startedAt) {
        boolean cancelled = scope.isCancelRequested();
        for (StepState st : states.values()) {
            if (st.pending) {
                String why = cancelled ? "not started: the run was cancelled" : "not started: an earlier step failed";
                scope.listeners.fire(l -> l.stepSkipped(st.id(), why, scope.clock.instant()));
            }
        }
        PlanReport report = reports.build(startedAt, firstFailure, scope.isCancelRequested());
        scope.listeners.fire(l -> l.planFinished(report));
        result.complete(report);
    }
}
