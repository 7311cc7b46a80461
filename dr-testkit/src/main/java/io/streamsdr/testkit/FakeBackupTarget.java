package io.streamsdr.testkit;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.ReplicationLag;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * An in-memory {@link BackupTarget} that behaves like a real service on simulated time: taking a
 * recovery point costs its latency on the clock, ids are the service's own, the RPO is computed
 * from what exists, and failures are scripted.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.create();
 * RunContext ctx = RunContext.of(Poller.using(clock, clock));   // inside a plan: the step's context
 * FakeBackupTarget rds = FakeBackupTarget.named("rds")
 *     .withRecoveryPointLatency(Duration.ofMinutes(7))   // an RDS snapshot takes a while
 *     .withRpoThreshold(Duration.ofMinutes(15))
 *     .failingNextRecoveryPoints(1, () -> new IllegalStateException("snapshot quota exceeded"));
 *
 * assertThatThrownBy(() -> rds.takeRecoveryPoint(ctx)).hasMessage("snapshot quota exceeded");   // after 7 virtual minutes
 * rds.takeRecoveryPoint(ctx);   // succeeds 7 virtual minutes later
 * rds.protectionStatus(ctx);    // healthy, RPO 7m (the point holds data as of its start)
 * }</pre>
 *
 * <p><b>How it behaves.</b>
 * <ul>
 *   <li>{@link #takeRecoveryPoint(RunContext)} captures data as of the context's now, then waits the
 *       {@linkplain #withRecoveryPointLatency latency} through the context's poller (so two takes from
 *       parallel plan steps overlap on a {@link VirtualClock}, and a step's timeout and cancellation
 *       stop the wait), and only then is the point listed. A scripted failure also costs the latency,
 *       as a snapshot that ends {@code failed} does, and leaves no point behind.</li>
 *   <li>Ids are {@code <name>-rp-000001}, {@code <name>-rp-000002}, ...: unique and increasing in the
 *       order takes started.</li>
 *   <li>{@link #recoveryPoints(RunContext)} lists the usable points newest first (by {@code capturedAt}, then
 *       id).</li>
 *   <li>{@link #protectionStatus(RunContext)} measures RPO = the context's now − the newest point's {@code capturedAt}; it
 *       is unhealthy, with the reason, when there is no point or the RPO exceeds the
 *       {@linkplain #withRpoThreshold threshold}.</li>
 *   <li>Every call is counted, so a test can prove that {@code preview()} called nothing.</li>
 *   <li>For monitoring: a status look can cost {@linkplain #withStatusLatency latency} on the context's time and
 *       can fail on demand ({@link #failingNextStatusLooks}); the status names the newest point and, for a fake
 *       mirror ({@link #withReplicationLagRecords}), carries its lag; {@link #kind()} and
 *       {@link #expectedInterval()} are set with {@link #withComponentKind} and {@link #withExpectedInterval}.</li>
 * </ul>
 *
 * <p>Unlike the library's definitions this is a fake with state: configure it in place, before or
 * during a test (script a failure halfway through). Thread-safe.
 */
public final class FakeBackupTarget implements BackupTarget {

    /** The default latency of taking a recovery point: none. */
    public static final Duration DEFAULT_LATENCY = Duration.ZERO;
    /** The default RPO above which protection is unhealthy: one day, as a daily backup schedule allows. */
    public static final Duration DEFAULT_RPO_THRESHOLD = Duration.ofDays(1);
    /** The default {@link #kind()}: {@value}. */
    public static final String DEFAULT_COMPONENT_KIND = "fake";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final String name;
    private final Object lock = new Object();
    // configuration, guarded by lock
    private Clock clock;
    private Duration latency = DEFAULT_LATENCY;
    private RecoveryPoint.Kind kind = RecoveryPoint.Kind.MANUAL_SNAPSHOT;
    private Duration rpoThreshold = DEFAULT_RPO_THRESHOLD;
    private final Deque<Supplier<? extends RuntimeException>> scriptedFailures = new ArrayDeque<>();
    private final Deque<Supplier<? extends RuntimeException>> statusFailures = new ArrayDeque<>();
    private String componentKind = DEFAULT_COMPONENT_KIND;
    private Duration expectedInterval;
    private Duration statusLatency = Duration.ZERO;
    private Long lagRecords;
    // state, guarded by lock
    private final List<RecoveryPoint> points = new ArrayList<>();
    private long sequence;
    private int takeCalls;
    private int listCalls;
    private int statusCalls;
    private int failedTakes;

    private FakeBackupTarget(String name) {
        this.name = name;
    }

    /**
     * A fake target with this name, no recovery point, no latency, kind
     * {@link RecoveryPoint.Kind#MANUAL_SNAPSHOT} and an RPO threshold of one day. Its time is the
     * {@link RunContext} each call gets; give it a clock with {@link #withClock(Clock)} only to add
     * {@linkplain #withExistingRecoveryPoint existing points} by age.
     *
     * @throws InvalidConfigurationException when the name is null or blank
     */
    public static FakeBackupTarget named(String name) {
        return new FakeBackupTarget(Check.notBlank("fake backup target name", name));
    }

    /**
     * The service's clock, that {@link #withExistingRecoveryPoint(Duration)} measures ages on: give it the
     * run's clock.
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     */
    public FakeBackupTarget withClock(Clock clock) {
        Check.notNull("clock of fake backup target '" + name + "'", clock);
        synchronized (lock) {
            this.clock = clock;
        }
        return this;
    }

    /**
     * How long taking a recovery point takes, until it is usable; default {@link #DEFAULT_LATENCY}.
     *
     * @throws InvalidConfigurationException when null or negative
     */
    public FakeBackupTarget withRecoveryPointLatency(Duration latency) {
        Check.notNegative("recovery point latency of fake backup target '" + name + "'", latency);
        synchronized (lock) {
            this.latency = latency;
        }
        return this;
    }

    /**
     * The kind of point {@link #takeRecoveryPoint(RunContext)} makes; default
     * {@link RecoveryPoint.Kind#MANUAL_SNAPSHOT}.
     *
     * @throws InvalidConfigurationException when null or {@link RecoveryPoint.Kind#POINT_IN_TIME_WINDOW}
     *         (a window is not taken, it is kept by the service)
     */
    public FakeBackupTarget withKind(RecoveryPoint.Kind kind) {
        Check.notNull("recovery point kind of fake backup target '" + name + "'", kind);
        if (kind == RecoveryPoint.Kind.POINT_IN_TIME_WINDOW) {
            throw new InvalidConfigurationException("recovery point kind of fake backup target '" + name + "'",
                    "must be a kind of point that can be taken on demand, not POINT_IN_TIME_WINDOW");
        }
        synchronized (lock) {
            this.kind = kind;
        }
        return this;
    }

    /**
     * The RPO above which {@link #protectionStatus(RunContext)} is unhealthy; default {@link #DEFAULT_RPO_THRESHOLD}.
     *
     * @throws InvalidConfigurationException when null, zero or negative
     */
    public FakeBackupTarget withRpoThreshold(Duration rpoThreshold) {
        Check.positive("RPO threshold of fake backup target '" + name + "'", rpoThreshold);
        synchronized (lock) {
            this.rpoThreshold = rpoThreshold;
        }
        return this;
    }

    /**
     * Adds a recovery point that already exists, captured {@code age} before now (a snapshot from
     * last night), so a test starts with some history. It takes no time and is not counted as a call.
     *
     * @return the point added
     * @throws InvalidConfigurationException when {@code age} is null or negative
     * @throws IllegalStateException         when no clock was given with {@link #withClock(Clock)}
     */
    public RecoveryPoint withExistingRecoveryPoint(Duration age) {
        Check.notNegative("age of existing recovery point of fake backup target '" + name + "'", age);
        synchronized (lock) {
            RecoveryPoint p = newPoint(++sequence, requireClock().instant().minus(age), kind);
            points.add(p);
            return p;
        }
    }

    /**
     * The next {@code n} takes fail, each with a new exception from {@code failure}, after costing
     * the latency. Calls add up: failures scripted earlier come first.
     *
     * @throws InvalidConfigurationException when {@code n} is negative or {@code failure} is null
     */
    public FakeBackupTarget failingNextRecoveryPoints(int n, Supplier<? extends RuntimeException> failure) {
        if (n < 0) {
            throw new InvalidConfigurationException("number of failing recovery points of fake backup target '" + name + "'",
                    "must not be negative, was " + n);
        }
        Check.notNull("failure of fake backup target '" + name + "'", failure);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                scriptedFailures.add(failure);
            }
        }
        return this;
    }

    /**
     * The next {@code n} takes fail as a snapshot that ends in state {@code failed} does: with a
     * {@link TerminalStateException}.
     *
     * @throws InvalidConfigurationException when {@code n} is negative
     */
    public FakeBackupTarget failingNextRecoveryPoints(int n) {
        return failingNextRecoveryPoints(n, () -> new TerminalStateException("recovery point of '" + name + "' to be usable",
                "its status is failed (scripted by FakeBackupTarget)", 1, latency()));
    }

    /**
     * What {@link #kind()} says; default {@value #DEFAULT_COMPONENT_KIND}. Set {@code rds}, {@code kafka} or
     * {@code velero} to stand in for those.
     *
     * @throws InvalidConfigurationException when null or not 1 to 32 lower-case letters, digits, '_' or '-' starting
     *         with a letter (the rule of {@link BackupTarget#kind()})
     */
    public FakeBackupTarget withComponentKind(String kind) {
        Check.notNull("component kind of fake backup target '" + name + "'", kind);
        if (!KIND.matcher(kind).matches()) {
            throw new InvalidConfigurationException("component kind of fake backup target '" + name + "'",
                    "'" + kind + "' must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter");
        }
        synchronized (lock) {
            this.componentKind = kind;
        }
        return this;
    }

    /**
     * What {@link #expectedInterval()} says, as a schedule would define it; default none.
     *
     * @throws InvalidConfigurationException when null, zero or negative
     */
    public FakeBackupTarget withExpectedInterval(Duration interval) {
        Check.positive("expected interval of fake backup target '" + name + "'", interval);
        synchronized (lock) {
            this.expectedInterval = interval;
        }
        return this;
    }

    /**
     * How long one {@link #protectionStatus(RunContext)} takes, on the context's time (through its poller, so a
     * look's timeout stops it); default none.
     *
     * @throws InvalidConfigurationException when null or negative
     */
    public FakeBackupTarget withStatusLatency(Duration latency) {
        Check.notNegative("status latency of fake backup target '" + name + "'", latency);
        synchronized (lock) {
            this.statusLatency = latency;
        }
        return this;
    }

    /**
     * The next {@code n} status looks fail, after costing the status latency, each with a new exception from
     * {@code failure}, as an unreachable service does. Calls add up.
     *
     * @throws InvalidConfigurationException when {@code n} is negative or {@code failure} is null
     */
    public FakeBackupTarget failingNextStatusLooks(int n, Supplier<? extends RuntimeException> failure) {
        if (n < 0) {
            throw new InvalidConfigurationException("number of failing status looks of fake backup target '" + name + "'",
                    "must not be negative, was " + n);
        }
        Check.notNull("status failure of fake backup target '" + name + "'", failure);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                statusFailures.add(failure);
            }
        }
        return this;
    }

    /**
     * Makes it a fake mirror: its status carries a {@link ReplicationLag} of this many records and of the RPO in
     * time, as a MirrorMaker 2 target's does. Default: not a mirror (no lag).
     *
     * @throws InvalidConfigurationException when negative
     */
    public FakeBackupTarget withReplicationLagRecords(long records) {
        if (records < 0) {
            throw new InvalidConfigurationException("replication lag records of fake backup target '" + name + "'",
                    "must not be negative, was " + records);
        }
        synchronized (lock) {
            this.lagRecords = records;
        }
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    /** What {@link #withComponentKind(String)} set; default {@value #DEFAULT_COMPONENT_KIND}. */
    @Override
    public String kind() {
        synchronized (lock) {
            return componentKind;
        }
    }

    /** What {@link #withExpectedInterval(Duration)} set; default empty. */
    @Override
    public Optional<Duration> expectedInterval() {
        synchronized (lock) {
            return Optional.ofNullable(expectedInterval);
        }
    }

    /**
     * Takes a recovery point holding data as of {@code ctx.now()}; returns once it is usable, the latency
     * later on the context's time.
     *
     * @throws RuntimeException        the scripted failure, when one is due
     * @throws java.util.concurrent.CancellationException when the work is cancelled meanwhile
     * @throws io.streamsdr.core.TimedOutException when the step's timeout passes meanwhile
     */
    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        Check.notNull("run context", ctx);
        long seq;
        Instant capturedAt = ctx.now();
        Duration wait;
        RecoveryPoint.Kind pointKind;
        Supplier<? extends RuntimeException> failure;
        synchronized (lock) {
            takeCalls++;
            seq = ++sequence;
            wait = latency;
            pointKind = kind;
            failure = scriptedFailures.poll();
        }
        ctx.sleep(wait);
        if (failure != null) {
            synchronized (lock) {
                failedTakes++;
            }
            RuntimeException e = failure.get();
            throw e != null ? e : new IllegalStateException("the scripted failure of fake backup target '" + name
                    + "' supplied no exception: give failingNextRecoveryPoints a supplier that returns one");
        }
        RecoveryPoint point = newPoint(seq, capturedAt, pointKind);
        synchronized (lock) {
            points.add(point);
        }
        return point;
    }

    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        Check.notNull("run context", ctx);
        synchronized (lock) {
            listCalls++;
            return newestFirst();
        }
    }

    /**
     * RPO = {@code ctx.now()} − the newest point's {@code capturedAt}; unhealthy when there is no point or
     * the RPO exceeds the threshold. The status names the newest point and, for a fake mirror, carries its lag.
     * Costs the {@linkplain #withStatusLatency status latency} first, and throws the scripted failure when one is
     * due.
     *
     * @throws RuntimeException the scripted failure, when one is due
     * @throws io.streamsdr.core.TimedOutException when the context's deadline passes during the latency
     */
    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        Check.notNull("run context", ctx);
        Duration wait;
        Supplier<? extends RuntimeException> failure;
        synchronized (lock) {
            statusCalls++;
            wait = statusLatency;
            failure = statusFailures.poll();
        }
        ctx.sleep(wait);
        if (failure != null) {
            RuntimeException e = failure.get();
            throw e != null ? e : new IllegalStateException("the scripted status failure of fake backup target '" + name
                    + "' supplied no exception: give failingNextStatusLooks a supplier that returns one");
        }
        synchronized (lock) {
            Instant now = ctx.now();
            List<RecoveryPoint> all = newestFirst();
            if (all.isEmpty()) {
                return ProtectionStatus.unhealthy(name, now,
                        "'" + name + "' has no recovery point: nothing to restore from");
            }
            RecoveryPoint newest = all.get(0);
            Duration rpo = Duration.between(newest.capturedAt(), now);
            if (rpo.isNegative()) {
                rpo = Duration.ZERO;
            }
            ProtectionStatus status;
            if (rpo.compareTo(rpoThreshold) > 0) {
                status = ProtectionStatus.unhealthy(name, now, rpo, "RPO " + Durations.format(rpo) + " exceeds the threshold of "
                        + Durations.format(rpoThreshold) + ": the newest recovery point '" + newest.id() + "' was captured at "
                        + newest.capturedAt());
            } else {
                status = ProtectionStatus.healthy(name, now, rpo);
            }
            status = status.withNewestRecoveryPoint(newest);
            return lagRecords == null ? status : status.withReplicationLag(new ReplicationLag(lagRecords, rpo));
        }
    }

    /** How many times {@link #takeRecoveryPoint(RunContext)} was called, failed calls included. */
    public int takeRecoveryPointCalls() {
        synchronized (lock) {
            return takeCalls;
        }
    }

    /** How many takes ended in a scripted failure. */
    public int failedRecoveryPoints() {
        synchronized (lock) {
            return failedTakes;
        }
    }

    /** How many times {@link #recoveryPoints(RunContext)} was called. */
    public int recoveryPointsCalls() {
        synchronized (lock) {
            return listCalls;
        }
    }

    /** How many times {@link #protectionStatus(RunContext)} was called. */
    public int protectionStatusCalls() {
        synchronized (lock) {
            return statusCalls;
        }
    }

    /** Every call of the three {@link BackupTarget} methods ({@link #name()} is not counted). */
    public int calls() {
        synchronized (lock) {
            return takeCalls + listCalls + statusCalls;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "FakeBackupTarget[" + name + ", " + points.size() + " recovery points, latency " + Durations.format(latency) + "]";
        }
    }

    private Duration latency() {
        synchronized (lock) {
            return latency;
        }
    }

    private Clock requireClock() {
        if (clock == null) {
            throw new IllegalStateException("FakeBackupTarget '" + name + "' has no clock to measure an existing point's age on:"
                    + " call withClock(clock), giving it the clock of the run, first");
        }
        return clock;
    }

    private RecoveryPoint newPoint(long seq, Instant capturedAt, RecoveryPoint.Kind k) {
        return RecoveryPoint.of(String.format("%s-rp-%06d", name, seq), name, k, capturedAt,
                Map.of("sequence", Long.toString(seq), "fake", "true"));
    }

    private List<RecoveryPoint> newestFirst() {
        List<RecoveryPoint> copy = new ArrayList<>(points);
        copy.sort(Comparator.comparing(RecoveryPoint::capturedAt)
                .thenComparing(p -> Long.parseLong(p.attributes().get("sequence")))
                .reversed());
        return List.copyOf(copy);
    }
}
