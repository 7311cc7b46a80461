package io.streamsdr.core.monitoring.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.monitoring.ProtectionMonitor;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What monitoring costs: the real time of a Prometheus scrape of three components through the monitor's cache,
 * against a baseline measured in the same run (the uncached status call: every scrape asks each component for its
 * status), and how many remote looks 100 scrapes make. A benchmark, not a test:
 *
 * <pre>./mvnw -B -q -Pbench-monitoring -DskipTests verify -pl dr-testkit -am</pre>
 */
public final class MonitoringBenchmark {
    /** What one look at a component costs in real time in the timed part: a remote call's round trip. */
    static final Duration REMOTE_LATENCY = Duration.ofMillis(20);
    static final Duration REFRESH = Duration.ofSeconds(30);
    static final int WARMUP = 3_000;
    static final int SCRAPES = 3_000;
    static final int BASELINE_SCRAPES = 30;
    private static final AtomicLong SINK = new AtomicLong();

    private MonitoringBenchmark() {
    }

    /** Three fakes with a point each; their status looks cost {@code latency} on the given clock. */
    static List<FakeBackupTarget> components(Clock clock, Duration latency) {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withComponentKind("rds")
                .withExpectedInterval(Duration.ofMinutes(5)).withStatusLatency(latency);
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withComponentKind("kafka")
                .withReplicationLagRecords(17).withStatusLatency(latency);
        FakeBackupTarget namespace = FakeBackupTarget.named("namespace streams").withClock(clock).withComponentKind("velero")
                .withExpectedInterval(Duration.ofHours(6)).withStatusLatency(latency);
        rds.withExistingRecoveryPoint(Duration.ofMinutes(4));
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(2));
        namespace.withExistingRecoveryPoint(Duration.ofHours(2));
        return List.of(rds, kafka, namespace);
    }

    static Installation installation(List<FakeBackupTarget> targets) {
        Installation.Builder b = Installation.named("streams");
        targets.forEach(b::protect);
        return b.build();
    }

    static int looks(List<FakeBackupTarget> targets) {
        return targets.stream().mapToInt(FakeBackupTarget::protectionStatusCalls).sum();
    }

    /** The baseline: a scrape that asks each component for its status, as an exporter without a cache would. */
    static double uncachedScrape(List<? extends BackupTarget> targets, RunContext ctx) {
        double sum = 0;
        for (BackupTarget t : targets) {
            ProtectionStatus s = t.protectionStatus(ctx);
            sum += s.rpo().map(Duration::toMillis).orElse(-1L) + (s.healthy() ? 1 : 0);
        }
        return sum;
    }

    static double[] millis(long[] nanos) {
        return Arrays.stream(nanos).sorted().mapToDouble(n -> n / 1e6).toArray();
    }

    static String stats(long[] nanos) {
        double[] ms = millis(nanos);
        return String.format(Locale.ROOT, "median %8.3f ms   p99 %8.3f ms   max %8.3f ms", ms[ms.length / 2],
                ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)], ms[ms.length - 1]);
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Monitoring benchmark: 3 components (rds, kafka mirror, namespace), Micrometer's Prometheus registry; "
                + "JVM %s, %d cores, load average %s%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                loadAverage());

        // 1. Real time of a scrape. The looks cost REMOTE_LATENCY of real time (a clock at real speed).
        ScaledClock real = ScaledClock.start(1);
        List<FakeBackupTarget> timed = components(real, REMOTE_LATENCY);
        long[] cached = new long[SCRAPES];
        long refreshNanos;
        try (ProtectionMonitor monitor = ProtectionMonitor.of(installation(timed)).withRefreshInterval(Duration.ofHours(1))
                .withTimeout(Duration.ofSeconds(5)).withTime(real, real).build()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            monitor.meters().build().bindTo(registry);
            long t = System.nanoTime();
            SINK.addAndGet(registry.scrape().length()); // the first scrape looks at the three components, in parallel
            refreshNanos = System.nanoTime() - t;
            for (int i = 0; i < WARMUP; i++) {
                SINK.addAndGet(registry.scrape().length());
            }
            for (int i = 0; i < SCRAPES; i++) {
                long s = System.nanoTime();
                SINK.addAndGet(registry.scrape().length());
                cached[i] = System.nanoTime() - s;
            }
            registry.close();
        }
        int timedLooks = looks(timed);
        // The scrape that refreshes, on a warm JVM: a fresh monitor's first scrape, whose three looks are all due.
        long[] refreshing = new long[BASELINE_SCRAPES];
        for (int i = 0; i < BASELINE_SCRAPES; i++) {
            try (ProtectionMonitor monitor = ProtectionMonitor.of(installation(timed)).withRefreshInterval(Duration.ofHours(1))
                    .withTimeout(Duration.ofSeconds(5)).withTime(real, real).build()) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                monitor.meters().build().bindTo(registry);
                long s = System.nanoTime();
                SINK.addAndGet(registry.scrape().length());
                refreshing[i] = System.nanoTime() - s;
                registry.close();
            }
        }
        RunContext realCtx = RunContext.of(Poller.using(real, real));
        long[] baseline = new long[BASELINE_SCRAPES];
        for (int i = 0; i < BASELINE_SCRAPES; i++) {
            long s = System.nanoTime();
            SINK.addAndGet((long) uncachedScrape(timed, realCtx));
            baseline[i] = System.nanoTime() - s;
        }
        double cachedMedian = millis(cached)[SCRAPES / 2];
        double baselineMedian = millis(baseline)[BASELINE_SCRAPES / 2];
        System.out.printf(Locale.ROOT, "Cost of one scrape, real time (each look costs a %d ms round trip):%n", REMOTE_LATENCY.toMillis());
        System.out.printf(Locale.ROOT, "  with the cache, no look due (%d scrapes after %d warm-up)  %s%n", SCRAPES, WARMUP, stats(cached));
        System.out.printf(Locale.ROOT, "  with the cache, the scrape that refreshes (3 looks in parallel, %d scrapes) %s   (the very first, cold JVM: %.1f ms)%n",
                BASELINE_SCRAPES, stats(refreshing), refreshNanos / 1e6);
        System.out.printf(Locale.ROOT, "  baseline: the uncached status call (3 looks, %d scrapes)        %s%n", BASELINE_SCRAPES, stats(baseline));
        System.out.printf(Locale.ROOT, "  -> cached median %.3f ms: %s the 5 ms target; %.0f x cheaper than the baseline; %d looks during %d cached scrapes%n%n",
                cachedMedian, cachedMedian < 5 ? "under" : "OVER", baselineMedian / cachedMedian, timedLooks, WARMUP + SCRAPES + 1);

        // 2. Remote calls on virtual time: 100 scrapes in a burst, and 100 scrapes every 15 s (Prometheus' default interval).
        System.out.printf(Locale.ROOT, "Remote looks (protectionStatus calls) of 100 scrapes, refresh interval %ds, virtual time:%n", REFRESH.toSeconds());
        for (Duration every : List.of(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(60))) {
            VirtualClock clock = VirtualClock.create();
            List<FakeBackupTarget> counted = components(clock, Duration.ofMillis(150));
            try (ProtectionMonitor monitor = ProtectionMonitor.of(installation(counted)).withRefreshInterval(REFRESH)
                    .withTimeout(Duration.ofSeconds(5)).withTime(clock, clock).build()) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                monitor.meters().build().bindTo(registry);
                java.time.Instant start = clock.instant();
                for (int i = 0; i < 100; i++) {
                    SINK.addAndGet(registry.scrape().length());
                    clock.advance(every);
                }
                Duration span = Duration.between(start, clock.instant());
                long intervals = Math.max(1, (span.toMillis() + REFRESH.toMillis() - 1) / REFRESH.toMillis());
                VirtualClock bclock = VirtualClock.create();
                List<FakeBackupTarget> naive = components(bclock, Duration.ofMillis(150));
                RunContext bctx = RunContext.of(Poller.using(bclock, bclock));
                for (int i = 0; i < 100; i++) {
                    SINK.addAndGet((long) uncachedScrape(naive, bctx));
                    bclock.advance(every);
                }
                System.out.printf(Locale.ROOT, "  every %3ds, spanning %-9s cached %3d looks (bound: 3 components x %3d intervals = %3d)   baseline %3d looks%n",
                        every.toSeconds(), io.streamsdr.core.spi.Durations.format(span) + ":", looks(counted), intervals, 3 * intervals,
                        looks(naive));
                registry.close();
            }
        }
        System.out.println();
        System.out.println("(checksum " + SINK.get() + ")");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " (1 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
