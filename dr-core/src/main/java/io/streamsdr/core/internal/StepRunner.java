package io.streamsdr.core.internal;

import io.streamsdr.core.DrException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepFailedException;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

/**
 * Runs one step on a pool thread, attempt after attempt: records each attempt's start in the journal
 * before the action runs, retries what the step's {@link io.streamsdr.core.RetryPolicy} retries after
 * its backoff (jittered by the step's seeded random source), holds the step's timeout with a
 * {@link Watchdog} on real-time sleepers, and records and announces the end. It returns how the step
 * ended; it never throws.
 */
final class StepRunner implements AutoCloseable {
    private final RunScope scope;
    private final RunJournal journal;
    private final Watchdog watchdog;

    StepRunner(RunScope scope, RunJournal journal) {
        this.scope = scope;
        this.journal = journal;
        this.watchdog = new Watchdog(scope.sleeper);
    }

    /** Runs the step to its end in this run, on the calling thread. */
    Completion run(StepState st) {
        Thread.interrupted(); // a pool thread starts clean
        st.thread = Thread.currentThread();
        try {
            return attempts(st);
        } catch (RunJournal.JournalFailure jf) {
            return Completion.journalFailed(st, jf.getCause());
        } catch (Throwable t) {
            // A bug in the engine or a listener-independent error: fail the step rather than lose the run.
            return Completion.ended(st, StepReport.Status.FAILED, t);
        } finally {
            st.thread = null; // from here on, cancellation has nothing of this step's to interrupt
        }
    }

    private Completion attempts(StepState st) {
        Step step = st.step;
        int max = step.retryPolicy().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            if (cancelled(st)) {
                return finish(st, attempt == 1 ? StepReport.Status.NOT_STARTED : StepReport.Status.CANCELLED,
                        new CancellationException("cancelled before it started"), attempt - 1);
            }
            AttemptContext ctx = start(st, attempt);
            Throwable failure = null;
            Map<String, String> published = null;
            Future<?> dog = watchdog.arm(st);
            try {
                step.action().run(ctx);
                published = ctx.published();
            } catch (RunJournal.JournalFailure jf) {
                throw jf;
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (dog != null) {
                    dog.cancel(true);
                }
                Thread.interrupted(); // a late interrupt must not leak into the next attempt or the pool
            }
            if (failure == null) {
                return succeed(st, attempt, published);
            }
            if (st.timedOut && !(failure instanceof TimedOutException)) {
                failure = new TimedOutException("step '" + step.id() + "'", step.timeout().orElseThrow(), 0, null);
            }
            boolean cancelled = !(failure instanceof TimedOutException)
                    && (cancelled(st) || failure instanceof CancellationException || failure instanceof InterruptedException);
            if (cancelled) {
                return finish(st, StepReport.Status.CANCELLED, failure, attempt);
            }
            if (attempt < max && step.retryPolicy().retries(failure) && !cancelled(st)) {
                try {
                    backOff(st, attempt, failure);
                } catch (InterruptedException e) {
                    return finish(st, StepReport.Status.CANCELLED, e, attempt);
                }
                continue;
            }
            return finish(st, StepReport.Status.FAILED, failure, attempt);
        }
    }

    private boolean cancelled(StepState st) {
        return st.cancelled || scope.isCancelRequested();
    }

    /** Records the attempt's start in the journal (and announces the step's first), then gives it its context. */
    private AttemptContext start(StepState st, int attempt) {
        Instant attemptStart = scope.clock.instant();
        st.attemptsThisRun = attempt;
        st.journalAttempts++;
        if (st.firstStartedAt == null) {
            st.firstStartedAt = attemptStart;
        }
        if (attempt == 1) {
            st.startedAt = attemptStart;
        }
        st.timedOut = false;
        journal.write(st, StepRecord.State.RUNNING, null);
        if (attempt == 1) {
            boolean resuming = st.resuming;
            String description = scope.redactor.redact(st.step.description());
            scope.listeners.fire(l -> l.stepStarted(st.id(), description, resuming, attemptStart));
        }
        return new AttemptContext(scope, journal, st, attempt, st.step.timeout().map(attemptStart::plus).orElse(null));
    }

    private Completion succeed(StepState st, int attempts, Map<String, String> published) {
        st.outputs.putAll(published);
        st.endedAt = scope.clock.instant();
        journal.write(st, StepRecord.State.SUCCEEDED, null);
        Duration took = Duration.between(st.startedAt, st.endedAt);
        Instant end = st.endedAt;
        scope.listeners.fire(l -> l.stepSucceeded(st.id(), attempts, took, end));
        return Completion.succeeded(st);
    }

    /** Announces the retry and sleeps the step's backoff after the failed attempt. */
    private void backOff(StepState st, int failedAttempt, Throwable failure) throws InterruptedException {
        Duration backoff = st.step.retryPolicy().backoff().delayAfter(failedAttempt, st.random);
        String reason = scope.redactor.redact(String.valueOf(failure.getMessage()));
        Instant now = scope.clock.instant();
        scope.listeners.fire(l -> l.stepRetrying(st.id(), failedAttempt, reason, backoff, now));
        scope.sleeper.sleep(backoff);
    }

    /**
     * Ends a step that did not succeed: records the failure (when an attempt ran) and announces it,
     * as failed, or as skipped when no attempt ran.
     *
     * @param attempt the attempts made in this run, 0 when none ran
     */
    private Completion finish(StepState st, StepReport.Status status, Throwable failure, int attempt) {
        String id = st.id();
        String reason = status != StepReport.Status.FAILED ? "cancelled"
                : scope.redactor.redact(failure instanceof DrException ? failure.getMessage()
                        : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        st.error = reason;
        st.endedAt = scope.clock.instant();
        Instant end = st.endedAt;
        if (attempt > 0) {
            journal.write(st, StepRecord.State.FAILED, reason);
            scope.listeners.fire(l -> l.stepFailed(id, attempt, reason, end));
        } else {
            scope.listeners.fire(l -> l.stepSkipped(id, reason, end));
        }
        int shown = Math.max(attempt, 1);
        StepFailedException e = new StepFailedException(id, shown, "Step '" + id + "' of plan '" + scope.plan.name() + "' failed on attempt "
                + shown + " of " + st.step.retryPolicy().maxAttempts() + ": " + reason, scope.redactor.redact(failure));
        return Completion.ended(st, status, e);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
