package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.FailurePolicy;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanExecution;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepFailedException;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.Sleeper;
import io.streamsdr.core.spi.StepRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run of a {@link RestorePlan}. A coordinator thread hands ready steps to a bounded pool and
 * learns of their ends through a queue; all scheduling state is the coordinator's alone. The journal
 * is written before each change takes effect, under one lock.
 */
public final class PlanRun implements PlanExecution {
    private static final String RPO_PREFIX = "@rpo:";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final RestorePlan plan;
    private final RunOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Journal journal;
    private final Listeners listeners;
    private final Redactor redactor = new Redactor();
    private final Poller basePoller;
    private final Map<String, StepState> states = new LinkedHashMap<>();
    /** Published values by output name: written by a step before its success is posted, read by later steps. */
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<PlanReport> result = new CompletableFuture<>();
    private final Object journalLock = new Object();
    /** The first failure to write the journal; once set, nothing more is written and the run stops. */
    private volatile Throwable journalFailure;
    private volatile boolean cancelRequested;
    private ExecutorService pool;
    private ExecutorService watchdog;
    private Instant startedAt;

    private static final Object CANCEL = new Object();

    /** A step ended (or the journal failed under it). */
    private record Completion(StepState state, StepReport.Status status, Throwable failure, boolean journalFailure) {
    }

    /** Engine-side state of one step. Fields are written by the step's thread until it posts its completion, then by the coordinator. */
    private static final class StepState {
        final Step step;
        StepReport.Status status;
        boolean pending = true;
        boolean resuming;
        int attemptsThisRun;
        int journalAttempts;
        Instant firstStartedAt;
        Instant startedAt;
        Instant endedAt;
        final Map<String, String> outputs = new ConcurrentHashMap<>();
        final Map<String, String> checkpoints = new ConcurrentHashMap<>();
        String error;
        volatile Thread thread;
        volatile boolean cancelled;
        volatile boolean timedOut;
        java.util.concurrent.Future<?> future;
        /** The step's jitter: seeded from the run's seed and the step's id, so the same plan waits the same intervals. */
        final RandomGenerator random;

        StepState(Step step, Long seed) {
            this.step = step;
            this.random = seed == null ? new SplittableRandom() : new SplittableRandom(seed * 31 + step.id().hashCode());
        }
    }

    private PlanRun(RestorePlan plan, RunOptions options) {
        this.plan = plan;
        this.options = options;
        this.clock = options.clock();
        this.sleeper = options.sleeper();
        this.journal = options.journalOrNew();
        this.listeners = new Listeners(options.listeners());
        this.basePoller = Poller.using(clock, sleeper);
        plan.secrets().forEach(redactor::add);
    }

    /** Loads the journal (refusing another plan's), then runs the coordinator here or on a new thread. */
    public static PlanExecution start(RestorePlan plan, RunOptions options, boolean async) {
        PlanRun run = new PlanRun(plan, options);
        run.restoreFromJournal();
        if (async) {
            Thread t = new Thread(run::coordinate, "streams-dr-" + plan.name() + "-" + RUNS.incrementAndGet());
            t.start();
        } else {
            run.coordinate();
        }
        return run;
    }

    private void restoreFromJournal() {
        for (Step s : plan.steps()) {
            states.put(s.id(), new StepState(s, options.jitterSeed().isPresent() ? options.jitterSeed().getAsLong() : null));
        }
        Optional<JournalRecord> loaded = journal.load();
        if (loaded.isEmpty()) {
            return;
        }
        JournalRecord rec = loaded.get();
        if (!rec.planName().equals(plan.name()) || !rec.fingerprint().equals(plan.fingerprint())) {
            throw new PreconditionFailedException("journal must belong to this plan",
                    journal + " was written by plan '" + rec.planName() + "' (fingerprint " + rec.fingerprint()
                            + ") but this is plan '" + plan.name() + "' (fingerprint " + plan.fingerprint()
                            + "); resuming from it could skip steps that never ran",
                    "give this run a new journal, or delete the old one once you are sure its run is over");
        }
        for (StepRecord r : rec.steps().values()) {
            StepState st = states.get(r.stepId());
            if (st == null) {
                continue;
            }
            st.journalAttempts = r.attempts();
            st.firstStartedAt = r.startedAt();
            st.checkpoints.putAll(r.checkpoints());
            switch (r.state()) {
                case SUCCEEDED -> {
                    st.pending = false;
                    st.status = StepReport.Status.DONE_EARLIER;
                    st.startedAt = r.startedAt();
                    st.endedAt = r.endedAt().orElse(null);
                    for (StepOutput<?> o : st.step.publishes()) {
                        String stored = r.outputs().get(o.name());
                        if (stored != null) {
                            Object v = o.decode(stored);
                            if (v instanceof Secret sec) {
                                redactor.add(sec);
                            }
                            values.put(o.name(), v);
                            st.outputs.put(o.name(), stored);
                        }
                    }
                }
                case RUNNING -> st.resuming = true;
                case FAILED -> st.error = r.error().orElse(null);
            }
        }
    }

    // ---------------------------------------------------------------- coordinator

    private void coordinate() {
        startedAt = clock.instant();
        int parallelism = Math.min(options.parallelism(), plan.steps().size());
        pool = Executors.newFixedThreadPool(parallelism, daemonThreads("streams-dr-step-"));
        if (!sleeper.simulatesTime()) {
            watchdog = Executors.newCachedThreadPool(daemonThreads("streams-dr-watchdog-"));
        }
        Throwable fatal = null;
        Throwable firstFailure = null;
        boolean stopping = false;
        int running = 0;
        try {
            listeners.fire(l -> l.planStarted(plan.name(), plan.steps().size(), startedAt));
            for (StepState st : states.values()) {
                if (st.status == StepReport.Status.DONE_EARLIER) {
                    listeners.fire(l -> l.stepSkipped(st.step.id(), "done in an earlier run", clock.instant()));
                }
            }
            while (true) {
                if (!stopping) {
                    running += scheduleReady(parallelism - running);
                }
                if (running == 0) {
                    break;
                }
                Object event;
                try {
                    event = events.take();
                } catch (InterruptedException e) {
                    cancelRequested = true;
                    event = CANCEL;
                }
                if (event == CANCEL) {
                    if (!stopping) {
                        stopping = true;
                        cancelRunning();
                    }
                    continue;
                }
                Completion c = (Completion) event;
                running--;
                StepState st = c.state();
                if (c.journalFailure()) {
                    fatal = journalFailure; // the first one, whichever step's completion arrives first
                    stopping = true;
                    cancelRunning();
                } else {
                    st.status = c.status();
                    if (c.status() != StepReport.Status.SUCCEEDED) {
                        if (c.status() == StepReport.Status.FAILED && firstFailure == null) {
                            firstFailure = c.failure();
                        }
                        if (!stopping) {
                            stopping = true;
                            if (options.failurePolicy() == FailurePolicy.CANCEL_RUNNING) {
                                cancelRunning();
                            }
                        }
                    }
                }
                // Hand the freed place to the steps this one unblocked before telling the sleeper it ended,
                // so that virtual time cannot move while a successor is being handed over.
                if (!stopping && !cancelRequested) {
                    running += scheduleReady(parallelism - running);
                }
                sleeper.workFinished();
                if (cancelRequested && !stopping) {
                    stopping = true;
                    cancelRunning();
                }
            }
        } catch (Throwable t) {
            fatal = fatal == null ? t : fatal;
        } finally {
            pool.shutdownNow();
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
        }
        if (fatal != null) {
            result.completeExceptionally(fatal);
            return;
        }
        boolean cancelled = cancelRequested;
        for (StepState st : states.values()) {
            if (st.pending) {
                String why = cancelled ? "not started: the run was cancelled" : "not started: an earlier step failed";
                listeners.fire(l -> l.stepSkipped(st.step.id(), why, clock.instant()));
            }
        }
        PlanReport report = buildReport(firstFailure);
        listeners.fire(l -> l.planFinished(report));
        result.complete(report);
    }

    private int scheduleReady(int free) {
        List<StepState> ready = new ArrayList<>();
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
            sleeper.workStarted();
        }
        for (StepState st : ready) {
            st.future = pool.submit(() -> runStep(st));
        }
        return ready.size();
    }

    private boolean dependenciesDone(StepState st) {
        for (String d : st.step.dependencies()) {
            StepReport.Status s = states.get(d).status;
            if (s != StepReport.Status.SUCCEEDED && s != StepReport.Status.DONE_EARLIER) {
                return false;
            }
        }
        return true;
    }

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

    // ---------------------------------------------------------------- one step

    private void runStep(StepState st) {
        Thread.interrupted(); // a pool thread starts clean
        st.thread = Thread.currentThread();
        Step step = st.step;
        int max = step.retryPolicy().maxAttempts();
        try {
            for (int attempt = 1; ; attempt++) {
                if (st.cancelled || cancelRequested) {
                    finish(st, attempt == 1 ? StepReport.Status.NOT_STARTED : StepReport.Status.CANCELLED,
                            new CancellationException("cancelled before it started"), attempt - 1);
                    return;
                }
                Instant attemptStart = clock.instant();
                st.attemptsThisRun = attempt;
                st.journalAttempts++;
                if (st.firstStartedAt == null) {
                    st.firstStartedAt = attemptStart;
                }
                if (attempt == 1) {
                    st.startedAt = attemptStart;
                }
                st.timedOut = false;
                writeJournal(st, StepRecord.State.RUNNING, null);
                if (attempt == 1) {
                    boolean resuming = st.resuming;
                    listeners.fire(l -> l.stepStarted(step.id(), redactor.redact(step.description()), resuming, attemptStart));
                }
                Context ctx = new Context(st, attempt, step.timeout().map(attemptStart::plus).orElse(null));
                java.util.concurrent.Future<?> dog = armWatchdog(st);
                Throwable failure = null;
                try {
                    step.action().run(ctx);
                    ctx.checkPublished();
                } catch (JournalFailure jf) {
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
                    st.outputs.putAll(ctx.published);
                    st.endedAt = clock.instant();
                    writeJournal(st, StepRecord.State.SUCCEEDED, null);
                    Duration took = Duration.between(st.startedAt, st.endedAt);
                    int n = attempt;
                    Instant end = st.endedAt;
                    listeners.fire(l -> l.stepSucceeded(step.id(), n, took, end));
                    post(new Completion(st, StepReport.Status.SUCCEEDED, null, false));
                    return;
                }
                if (st.timedOut && !(failure instanceof TimedOutException)) {
                    failure = new TimedOutException("step '" + step.id() + "'", step.timeout().orElseThrow(), 0, null);
                }
                boolean cancelled = !(failure instanceof TimedOutException)
                        && (st.cancelled || cancelRequested || failure instanceof CancellationException
                        || failure instanceof InterruptedException);
                if (cancelled) {
                    finish(st, StepReport.Status.CANCELLED, failure, attempt);
                    return;
                }
                if (attempt < max && step.retryPolicy().retries(failure) && !st.cancelled && !cancelRequested) {
                    Duration backoff = step.retryPolicy().backoff().delayAfter(attempt, st.random);
                    String reason = redactor.redact(String.valueOf(failure.getMessage()));
                    Instant now = clock.instant();
                    int n = attempt;
                    listeners.fire(l -> l.stepRetrying(step.id(), n, reason, backoff, now));
                    try {
                        sleeper.sleep(backoff);
                    } catch (InterruptedException e) {
                        finish(st, StepReport.Status.CANCELLED, e, attempt);
                        return;
                    }
                    continue;
                }
                finish(st, StepReport.Status.FAILED, failure, attempt);
                return;
            }
        } catch (JournalFailure jf) {
            post(new Completion(st, null, jf.getCause(), true));
        } catch (Throwable t) {
            // A bug in the engine or a listener-independent error: fail the step rather than lose the run.
            post(new Completion(st, StepReport.Status.FAILED, t, false));
        }
    }

    private void finish(StepState st, StepReport.Status status, Throwable failure, int attempt) {
        String id = st.step.id();
        String reason = status != StepReport.Status.FAILED ? "cancelled"
                : redactor.redact(failure instanceof io.streamsdr.core.DrException ? failure.getMessage()
                        : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        st.error = reason;
        st.endedAt = clock.instant();
        if (attempt > 0) {
            writeJournal(st, StepRecord.State.FAILED, reason);
        }
        String r = reason;
        if (attempt > 0) {
            Instant end = st.endedAt;
            listeners.fire(l -> l.stepFailed(id, attempt, r, end));
        } else {
            Instant end = st.endedAt;
            listeners.fire(l -> l.stepSkipped(id, r, end));
        }
        StepFailedException e = new StepFailedException(id, Math.max(attempt, 1),
                "Step '" + id + "' of plan '" + plan.name() + "' failed on attempt " + Math.max(attempt, 1) + " of "
                        + st.step.retryPolicy().maxAttempts() + ": " + reason,
                redactor.redact(failure));
        post(new Completion(st, status, e, false));
    }

    /**
     * For a sleeper that passes real time (scaled or not), a watchdog that sleeps the step's timeout
     * through the same sleeper and then interrupts the step: the timeout holds even for a step that
     * blocks outside the poller. Cancelled (interrupted) when the attempt ends first.
     */
    private java.util.concurrent.Future<?> armWatchdog(StepState st) {
        if (watchdog == null || st.step.timeout().isEmpty()) {
            return null;
        }
        Thread worker = Thread.currentThread();
        Duration limit = st.step.timeout().get();
        return watchdog.submit(() -> {
            try {
                sleeper.sleep(limit);
            } catch (InterruptedException e) {
                return; // the attempt ended first
            }
            st.timedOut = true;
            worker.interrupt();
        });
    }

    private void post(Completion c) {
        c.state().thread = null;
        events.add(c);
    }

    /** Thrown through a step's thread when the journal cannot be written: the run must stop. */
    private static final class JournalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JournalFailure(Throwable cause) {
            super(cause);
        }
    }

    private void writeJournal(StepState st, StepRecord.State state, String error) {
        synchronized (journalLock) {
            if (journalFailure != null) {
                throw new JournalFailure(journalFailure);
            }
            try {
                journal.record(plan.name(), plan.fingerprint(), new StepRecord(st.step.id(), state, st.journalAttempts,
                        st.firstStartedAt, state == StepRecord.State.RUNNING ? null : st.endedAt,
                        state == StepRecord.State.SUCCEEDED ? Map.copyOf(st.outputs) : Map.of(), Map.copyOf(st.checkpoints), error));
            } catch (Throwable t) {
                journalFailure = t;
                throw new JournalFailure(t);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- context

    private final class Context implements StepContext {
        private final StepState st;
        private final int attempt;
        private final Instant deadline;
        private final Map<String, String> published = new HashMap<>();
        private final Poller poller;

        Context(StepState st, int attempt, Instant deadline) {
            this.st = st;
            this.attempt = attempt;
            this.deadline = deadline;
            Poller p = basePoller.withRandom(st.random).onProgress(w -> progress(w.what() + ": " + w.state() + " (check " + w.attempt() + ", "
                    + Durations.format(w.elapsed()) + ", next in " + Durations.format(w.nextLook()) + ")"));
            this.poller = deadline == null ? p : p.withDeadline(deadline,
                    () -> new TimedOutException("step '" + st.step.id() + "'", st.step.timeout().orElseThrow(), 0, null));
        }

        @Override
        public String stepId() {
            return st.step.id();
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public boolean isResuming() {
            return st.resuming;
        }

        @Override
        public <T> T input(StepOutput<T> output) {
            if (!st.step.consumes().contains(output)) {
                throw new InvalidConfigurationException("input '" + output.name() + "' of step '" + st.step.id() + "'",
                        "was read but not declared: add consumes(" + output.name() + ") to the step");
            }
            Object v = values.get(output.name());
            if (v == null) {
                throw new InvalidConfigurationException("input '" + output.name() + "' of step '" + st.step.id() + "'",
                        "has no value: step '" + plan.publisherOf(output).orElse("?") + "' did not publish it");
            }
            return output.type().cast(v);
        }

        @Override
        public <T> void publish(StepOutput<T> output, T value) {
            if (!st.step.publishes().contains(output)) {
                throw new InvalidConfigurationException("output '" + output.name() + "' of step '" + st.step.id() + "'",
                        "was published but not declared: add publishes(" + output.name() + ") to the step");
            }
            if (value == null) {
                throw new InvalidConfigurationException("output '" + output.name() + "' of step '" + st.step.id() + "'",
                        "was published as null: publish a value");
            }
            if (value instanceof Secret s) {
                redactor.add(s);
            }
            published.put(output.name(), output.encode(value));
            values.put(output.name(), value);
        }

        void checkPublished() {
            for (StepOutput<?> o : st.step.publishes()) {
                if (!published.containsKey(o.name())) {
                    throw new InvalidConfigurationException("output '" + o.name() + "' of step '" + st.step.id() + "'",
                            "was declared but the step ended without publishing it: call ctx.publish(" + o.name() + ", value)");
                }
            }
        }

        @Override
        public Optional<String> checkpoint(String key) {
            return Optional.ofNullable(st.checkpoints.get(key));
        }

        @Override
        public void saveCheckpoint(String key, String value) {
            Check.notBlank("checkpoint key", key);
            Check.notNull("checkpoint value", value);
            if (key.startsWith("@")) {
                throw new io.streamsdr.core.InvalidConfigurationException("checkpoint key '" + key + "'", "must not start with '@' (reserved)");
            }
            st.checkpoints.put(key, value);
            writeJournal(st, StepRecord.State.RUNNING, null);
        }

        @Override
        public void progress(String message) {
            String m = redactor.redact(String.valueOf(message));
            Instant now = clock.instant();
            listeners.fire(l -> l.stepProgress(st.step.id(), m, now));
        }

        @Override
        public void recordRpo(String component, Duration achieved) {
            Check.notBlank("RPO component", component);
            Check.notNegative("RPO achieved for '" + component + "'", achieved);
            st.checkpoints.put(RPO_PREFIX + component, achieved.toString());
        }

        @Override
        public void protect(Secret secret) {
            redactor.add(Check.notNull("secret", secret));
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Poller poller() {
            return poller;
        }

        @Override
        public void sleep(Duration duration) {
            Check.notNegative("sleep duration", duration);
            poller.sleep(duration);
        }

        @Override
        public boolean isCancelled() {
            return st.cancelled || cancelRequested;
        }
    }

    // ---------------------------------------------------------------- handle

    @Override
    public void cancel() {
        if (!result.isDone()) {
            cancelRequested = true;
            events.add(CANCEL);
        }
    }

    @Override
    public PlanReport awaitCompletion() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new CancellationException("interrupted while waiting for plan '" + plan.name() + "'");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    public Optional<PlanReport> awaitCompletion(Duration timeout) {
        try {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for plan '" + plan.name() + "'");
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
        return result.isDone();
    }

    // ---------------------------------------------------------------- report

    private PlanReport buildReport(Throwable firstFailure) {
        Instant finishedAt = clock.instant();
        List<String> critical = ReportMath.criticalPath(plan, id -> {
            StepState s = states.get(id);
            return s.status == StepReport.Status.SUCCEEDED || s.status == StepReport.Status.DONE_EARLIER
                    || s.status == StepReport.Status.FAILED ? new Instant[] {s.startedAt, s.endedAt} : null;
        });
        List<StepReport> steps = new ArrayList<>();
        Map<String, Duration> rpo = new LinkedHashMap<>();
        Instant first = startedAt;
        for (StepState st : states.values()) {
            StepReport.Status status = st.status == null ? StepReport.Status.NOT_STARTED : st.status;
            Map<String, String> shown = new LinkedHashMap<>();
            for (StepOutput<?> o : st.step.publishes()) {
                String v = st.outputs.get(o.name());
                if (v != null) {
                    shown.put(o.name(), o.isSecret() ? Secret.MASK : redactor.redact(v));
                }
            }
            if (st.firstStartedAt != null && st.firstStartedAt.isBefore(first)) {
                first = st.firstStartedAt;
            }
            st.checkpoints.forEach((k, v) -> {
                if (k.startsWith(RPO_PREFIX)) {
                    rpo.merge(k.substring(RPO_PREFIX.length()), Duration.parse(v), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            });
            boolean ranNow = status != StepReport.Status.DONE_EARLIER && status != StepReport.Status.NOT_STARTED;
            steps.add(new StepReport(st.step.id(), redactor.redact(st.step.description()), st.step.dependencies(), status,
                    status == StepReport.Status.NOT_STARTED ? null : st.startedAt,
                    status == StepReport.Status.NOT_STARTED ? null : st.endedAt,
                    ranNow ? st.attemptsThisRun : 0, st.resuming && ranNow, shown,
                    status == StepReport.Status.FAILED || status == StepReport.Status.CANCELLED ? st.error : null,
                    critical.contains(st.step.id())));
        }
        PlanReport.Outcome outcome = steps.stream().allMatch(StepReport::isDone) ? PlanReport.Outcome.SUCCEEDED
                : cancelRequested ? PlanReport.Outcome.CANCELLED : PlanReport.Outcome.FAILED;
        Duration rto = Duration.between(first, finishedAt);
        List<ObjectiveResult> objectives = ReportMath.objectives(plan.objectives(), outcome, rto, rpo);
        return new PlanReport(plan.name(), outcome, startedAt, finishedAt, first, steps, critical, rpo, objectives, firstFailure);
    }
}
