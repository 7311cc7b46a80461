package io.streamsdr.core.monitoring;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every component of an {@link Installation}: one call, {@link #status()}, gives each component's RPO,
 * newest recovery point, health and why not, safe to call as often as you like (a dashboard, a health
 * endpoint, a Prometheus scrape through {@link #meters()}).
 *
 * <pre>{@code
 * ProtectionMonitor monitor = ProtectionMonitor.of(installation)
 *     .withRefreshInterval(Duration.ofSeconds(30))   // at most one look per component per 30 s
 *     .withTimeout(Duration.ofSeconds(5))            // a look that takes longer is abandoned: the value goes stale
 *     .withTime(clock, clock)                        // a test's virtual time; the system's by default
 *     .build();
 * InstallationStatus status = monitor.status();
 * System.out.println(status.toText());
 * }</pre>
 *
 * <p><b>How it looks.</b> A <em>look</em> is one call of the component's {@link BackupTarget#protectionStatus}.
 * {@link #status()} starts a look for every component whose last look started a refresh interval ago or more,
 * each on its own thread, and waits for them; the others answer from the cache. So:
 * <ul>
 *   <li>each component gets at most one look per interval, however many threads call, and however often;
 *       callers that come while a look is in flight share it;</li>
 *   <li>a slow component does not hold the others back: each look has the {@linkplain Builder#withTimeout timeout}
 *       (its {@link RunContext}'s poller stops at it, and on a real-time sleeper a watchdog abandons a look
 *       that blocks elsewhere), so a call returns within about one timeout;</li>
 *   <li>a look that fails, times out or has not come back leaves the last good value in place, marked
 *       {@linkplain ComponentStatus#stale() stale} with the reason; a look that comes back after its timeout is
 *       discarded (the component stays stale until the next look); while it has not come back, no new look of
 *       that component starts, so a hung service costs one thread, not one per interval.</li>
 * </ul>
 *
 * <p><b>Time</b> is the monitor's {@linkplain Builder#withTime clock and sleeper} (real time by default;
 * dr-testkit's {@code VirtualClock} in tests); it never reads the system's time itself. On a sleeper that
 * simulates time, call {@link #status()} from outside plan steps: a step blocked on it would hold virtual time.
 *
 * <p>Immutable settings, thread-safe; {@link #close()} stops its threads (they are daemons, so forgetting to
 * close keeps no JVM alive).
 */
public final class ProtectionMonitor implements AutoCloseable {
    /** The default refresh interval: 30 seconds. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** The default timeout of one look: 5 seconds, below Prometheus' default scrape timeout of 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionMonitor.class);

    private final Installation installation;
    private final Duration refreshInterval;
    private final Duration timeout;
    private final Clock clock;
    private final Sleeper sleeper;
    private final List<Slot> slots;
    private final ExecutorService looks;
    /** Null when the sleeper simulates time: there the poller's deadline is exact, and a sleeping watchdog would hold time. */
    private final ExecutorService watchdogs;
    private final List<Consumer<ComponentStatus>> lookListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private ProtectionMonitor(Builder b) {
        this.installation = b.installation;
        this.refreshInterval = b.refreshInterval;
        this.timeout = b.timeout;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        List<Slot> s = new ArrayList<>();
        for (BackupTarget t : installation.targets()) {
            s.add(new Slot(t));
        }
        this.slots = List.copyOf(s);
        this.looks = Executors.newCachedThreadPool(daemons("streams-dr-monitor-"));
        this.watchdogs = sleeper.simulatesTime() ? null : Executors.newCachedThreadPool(daemons("streams-dr-monitor-watchdog-"));
    }

    /**
     * Starts describing a monitor of {@code installation}.
     *
     * @throws InvalidConfigurationException when the installation is null
     */
    public static Builder of(Installation installation) {
        return new Builder(Check.notNull("installation to monitor", installation));
    }

    /** The installation watched. */
    public Installation installation() {
        return installation;
    }

    /** At most one look per component per this interval. */
    public Duration refreshInterval() {
        return refreshInterval;
    }

    /** How long one look may take before its component goes stale. */
    public Duration timeout() {
        return timeout;
    }

    /** The clock the monitor reads. */
    public Clock clock() {
        return clock;
    }

    /**
     * Every component's status, in the installation's order: looks at each component that is due (its last look
     * started a refresh interval ago or more) and waits for those looks, at most about one timeout; answers the
     * rest from the cache. Never throws for a component that fails: that component is marked stale.
     */
    public InstallationStatus status() {
        refreshDue();
        List<ComponentStatus> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(s.snapshot());
        }
        return new InstallationStatus(installation.name(), clock.instant(), out);
    }

    /**
     * One component's status, looking at it (and only it) when it is due, as {@link #status()} does.
     *
     * @throws InvalidConfigurationException when the installation has no component of that name
     */
    public ComponentStatus status(String component) {
        Slot s = slot(component);
        Look look = s.due(clock.instant());
        look.start();
        look.await();
        return s.snapshot();
    }

    /**
     * Micrometer meters of this monitor's components, and of the plans and drills you declare: a
     * {@code MeterBinder} to bind to your registry (docs/monitoring.md lists every meter).
     *
     * @throws InvalidConfigurationException when Micrometer ({@code io.micrometer:micrometer-core}) is not on the
     *         class path: dr-core does not bring it, add it to your dependencies
     */
    public ProtectionMeters.Builder meters() {
        requireMicrometer(installation.name(), MICROMETER, ProtectionMonitor.class.getClassLoader());
        return new ProtectionMeters.Builder(this);
    }

    /** Micrometer, the version dr-core is built and tested with. */
    static final List<OptionalDependency> MICROMETER = List.of(
            OptionalDependency.ofClass("io.micrometer.core.instrument.binder.MeterBinder", "io.micrometer:micrometer-core", "1.17.2"));

    /**
     * Fails, naming the artifact to add, when one of {@code needs} is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when one is missing
     */
    static void requireMicrometer(String installation, List<OptionalDependency> needs, ClassLoader loader) {
        OptionalDependency.require("the meters of installation '" + installation + "'", OptionalDependency.Scope.COMPILE,
                "dr-core declares it optional; add a registry too, such as io.micrometer:micrometer-registry-prometheus:1.17.2",
                needs, loader);
    }

    /** Stops the monitor's threads; a look in flight is abandoned. Later calls answer from the cache, marked stale when due. */
    @Override
    public void close() {
        closed = true;
        looks.shutdownNow();
        if (watchdogs != null) {
            watchdogs.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "ProtectionMonitor[" + installation.name() + ", " + slots.size() + " components, refresh " + Durations.format(refreshInterval)
                + ", timeout " + Durations.format(timeout) + (closed ? ", closed" : "") + "]";
    }

    /** Looks, in parallel, at every component that is due, and waits for those looks. */
    private void refreshDue() {
        Instant now = clock.instant();
        List<Look> looksNow = new ArrayList<>();
        for (Slot s : slots) {
            looksNow.add(s.due(now)); // every look due is announced to the sleeper before any starts
        }
        looksNow.forEach(Look::start);
        looksNow.forEach(Look::await);
    }

    /**
     * For the meters' gauges: the component's status after refreshing every component that is due, all in parallel,
     * so that the scrape that refreshes waits for the slowest look, not for the sum of them.
     */
    ComponentStatus refreshedStatus(String component) {
        Slot s = slot(component);
        refreshDue();
        return s.snapshot();
    }

    /** For the meters: hears each component's status after each look ends (on the look's thread). */
    void onLook(Consumer<ComponentStatus> listener) {
        lookListeners.add(listener);
    }

    /** The components' names, in order. */
    List<String> components() {
        return slots.stream().map(s -> s.target.name()).toList();
    }

    /** The component's snapshot without looking. */
    ComponentStatus cached(String component) {
        return slot(component).snapshot();
    }

    private Slot slot(String component) {
        Check.notNull("component", component);
        for (Slot s : slots) {
            if (s.target.name().equals(component)) {
                return s;
            }
        }
        throw new InvalidConfigurationException("component '" + component + "'", "is not part of installation '" + installation.name()
                + "' (its components: " + String.join(", ", components()) + ")");
    }

    /** What a caller waits for: nothing (the cache answers), a look in flight, or a look it must start. */
    private static final class Look {
        static final Look NONE = new Look(null, null);
        final CompletableFuture<Void> done;
        final Runnable starter;

        Look(CompletableFuture<Void> done, Runnable starter) {
            this.done = done;
            this.starter = starter;
        }

        void start() {
            if (starter != null) {
                starter.run();
            }
        }

        void await() {
            if (done == null) {
                return;
            }
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller was interrupted: answer with what there is
            } catch (ExecutionException e) {
                throw new IllegalStateException("a look ends by completing its future normally", e);
            }
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One component: its last good status, its latest look, the look in flight. */
    private final class Slot {
        final BackupTarget target;
        final String kind;
        final Duration expectedInterval;
        // guarded by this
        private ProtectionStatus lastGood;
        private Instant lookStartedAt;
        private String staleReason;
        private CompletableFuture<Void> pending;
        private Thread lookThread;
        private boolean lookRunning;

        Slot(BackupTarget target) {
            this.target = target;
            this.kind = safeKind(target);
            this.expectedInterval = safeInterval(target);
        }

        /** The look to wait for: when one is due, it is reserved here (and announced to the sleeper), started by the caller. */
        synchronized Look due(Instant now) {
            if (pending != null && !pending.isDone()) {
                return new Look(pending, null);
            }
            if (lookStartedAt != null && now.isBefore(lookStartedAt.plus(refreshInterval))) {
                return Look.NONE;
            }
            if (closed) {
                if (staleReason == null) {
                    staleReason = lookStartedAt == null ? "the monitor is closed: it never looked"
                            : "the monitor is closed: no new look since " + lookStartedAt;
                }
                return Look.NONE;
            }
            if (lookRunning) {
                staleReason = "the look started at " + lookStartedAt + " has not come back (" + Durations.format(Duration.between(lookStartedAt, now))
                        + ", its timeout is " + Durations.format(timeout) + "); no new look starts until it does";
                return Look.NONE;
            }
            lookStartedAt = now;
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending = done;
            lookRunning = true;
            sleeper.workStarted();
            return new Look(done, () -> submit(now, done));
        }

        private void submit(Instant start, CompletableFuture<Void> done) {
            try {
                Future<?> watchdog = watchdogs == null ? null : watchdogs.submit(() -> watch(done));
                looks.submit(() -> look(start, done, watchdog));
            } catch (RuntimeException e) { // the pools were shut down meanwhile
                sleeper.workFinished();
                synchronized (this) {
                    lookRunning = false;
                    staleReason = "the look could not start: " + e;
                }
                done.complete(null);
            }
        }

        private void look(Instant start, CompletableFuture<Void> done, Future<?> watchdog) {
            synchronized (this) {
                lookThread = Thread.currentThread();
            }
            ProtectionStatus got = null;
            String failure;
            try {
                Poller poller = Poller.using(clock, sleeper).withDeadline(start.plus(timeout),
                        () -> new TimedOutException("protection status of '" + target.name() + "'", timeout, 1, "no answer yet"));
                got = target.protectionStatus(RunContext.of(poller));
                failure = got == null ? "protectionStatus returned null" : null;
            } catch (TimedOutException | CancellationException e) {
                failure = noAnswer(start);
            } catch (RuntimeException | LinkageError e) {
                failure = "the look failed: " + e;
            } finally {
                sleeper.workFinished();
                if (watchdog != null) {
                    watchdog.cancel(true);
                }
            }
            ComponentStatus published = null;
            synchronized (this) {
                lookThread = null;
                lookRunning = false; // from here on the watchdog leaves this look alone
                Thread.interrupted(); // a watchdog's late interrupt must not leak into the pool's next task
                if (!done.isDone()) {
                    if (failure == null) {
                        lastGood = got;
                        staleReason = null;
                    } else {
                        staleReason = failure;
                    }
                    published = snapshot();
                }
            }
            if (published == null) {
                return; // abandoned at its timeout: the result is discarded
            }
            if (failure != null) {
                LOG.debug("Component '{}' of '{}' is stale: {}", target.name(), installation.name(), failure);
            }
            try {
                for (Consumer<ComponentStatus> l : lookListeners) { // before the callers go on: the meters register a mirror's gauges
                    try {
                        l.accept(published);
                    } catch (RuntimeException e) {
                        LOG.warn("A look listener threw {} (ignored)", e.toString());
                    }
                }
            } finally {
                done.complete(null);
            }
        }

        /** On a real-time sleeper: abandons the look at its timeout, even one blocked outside the poller. */
        private void watch(CompletableFuture<Void> done) {
            try {
                sleeper.sleep(timeout);
            } catch (InterruptedException e) {
                return; // the look ended first
            }
            synchronized (this) {
                if (done.isDone() || !lookRunning) {
                    return; // the look ended first
                }
                staleReason = noAnswer(lookStartedAt);
                if (lookThread != null) {
                    lookThread.interrupt();
                }
                done.complete(null);
            }
        }

        private String noAnswer(Instant start) {
            return "no answer within the " + Durations.format(timeout) + " timeout (look started at " + start + ")";
        }

        synchronized ComponentStatus snapshot() {
            return new ComponentStatus(target.name(), kind, expectedInterval, lastGood, lookStartedAt, staleReason);
        }
    }

    private static String safeKind(BackupTarget t) {
        try {
            String k = t.kind();
            return k == null || k.isBlank() ? BackupTarget.DEFAULT_KIND : k;
        } catch (RuntimeException e) {
            return BackupTarget.DEFAULT_KIND;
        }
    }

    private static Duration safeInterval(BackupTarget t) {
        try {
            return t.expectedInterval().filter(d -> !d.isZero() && !d.isNegative()).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Builds a {@link ProtectionMonitor}. Not thread-safe. */
    public static final class Builder {
        private final Installation installation;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Clock clock = RunOptions.defaults().clock();
        private Sleeper sleeper = RunOptions.defaults().sleeper();

        private Builder(Installation installation) {
            this.installation = installation;
        }

        /**
         * At most one look per component per this interval; default {@link #DEFAULT_REFRESH_INTERVAL}.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withRefreshInterval(Duration interval) {
            this.refreshInterval = Check.positive("refresh interval", interval);
            return this;
        }

        /**
         * How long one look may take; past it, the component goes stale and the look is abandoned. Keep it below
         * your scrape timeout (Prometheus: 10 s by default). Default {@link #DEFAULT_TIMEOUT}.
         *
         * @throws InvalidConfigurationException when null, zero or negative (and, at {@link #build()}, when longer
         *         than the refresh interval)
         */
        public Builder withTimeout(Duration timeout) {
            this.timeout = Check.positive("look timeout", timeout);
            return this;
        }

        /**
         * The monitor's time: the clock it reads and the sleeper its looks and watchdogs wait through; give both
         * from the same source (dr-testkit's {@code VirtualClock} is both). Default: real time.
         *
         * @throws InvalidConfigurationException when either is null
         */
        public Builder withTime(Clock clock, Sleeper sleeper) {
            this.clock = Check.notNull("monitor clock", clock);
            this.sleeper = Check.notNull("monitor sleeper", sleeper);
            return this;
        }

        /**
         * The monitor; it looks at nothing until the first {@link ProtectionMonitor#status()}.
         *
         * @throws InvalidConfigurationException when the timeout is longer than the refresh interval
         */
        public ProtectionMonitor build() {
            if (timeout.compareTo(refreshInterval) > 0) {
                throw new InvalidConfigurationException("look timeout", "must not be longer than the refresh interval ("
                        + Durations.format(refreshInterval) + "), was " + Durations.format(timeout)
                        + ": a look must end before the next one is due");
            }
            return new ProtectionMonitor(this);
        }
    }
}
