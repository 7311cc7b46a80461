package io.streamsdr.core.engine.bench;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepAction;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plan-engine overhead on virtual time: a 1,000-step chain and a 1,000-step fan-out, against a
 * baseline measured in the same run (the same actions called one after another, without the
 * engine). Prints the median of several rounds after warm-up. A benchmark, not a test:
 *
 * <pre>./mvnw -B -q -Pbench-engine -DskipTests verify -pl dr-testkit -am</pre>
 */
public final class PlanEngineBenchmark {
    private static final int STEPS = 1_000;
    private static final int WARMUP = 15;
    private static final int ROUNDS = 15;
    private static final AtomicLong SINK = new AtomicLong();

    private PlanEngineBenchmark() {
    }

    /** The work each step does: a little arithmetic and, optionally, one virtual second of waiting. */
    private static StepAction action(boolean sleeps) {
        return ctx -> {
            SINK.addAndGet(ctx.stepId().hashCode());
            if (sleeps) {
                ctx.sleep(Duration.ofSeconds(1));
            }
        };
    }

    static RestorePlan chain(boolean sleeps) {
        RestorePlan.Builder b = RestorePlan.builder("chain");
        for (int i = 0; i < STEPS; i++) {
            Step.Builder s = Step.named("s" + i).withAction(action(sleeps));
            if (i > 0) {
                s.dependsOn("s" + (i - 1));
            }
            b.withStep(s);
        }
        return b.build();
    }

    static RestorePlan fanOut(boolean sleeps) {
        RestorePlan.Builder b = RestorePlan.builder("fan-out").withStep(Step.named("root").withAction(action(sleeps)));
        for (int i = 1; i < STEPS; i++) {
            b.withStep(Step.named("leaf" + i).dependsOn("root").withAction(action(sleeps)));
        }
        return b.build();
    }

    /** The baseline: the plan's actions called directly on one thread, with a context that does what the action needs. */
    static long baselineNanos(RestorePlan plan, boolean sleeps) throws Exception {
        VirtualClock clock = VirtualClock.create();
        long start = System.nanoTime();
        for (Step s : plan.steps()) {
            s.action().run(new MinimalContext(s.id(), clock));
        }
        return System.nanoTime() - start;
    }

    static long engineNanos(RestorePlan plan, int parallelism) {
        VirtualClock clock = VirtualClock.create();
        long start = System.nanoTime();
        PlanReport r = plan.execute(RunOptions.defaults().withTime(clock, clock).withParallelism(parallelism)
                .withJournal(Journal.inMemory()));
        long took = System.nanoTime() - start;
        if (!r.succeeded()) {
            throw new IllegalStateException("benchmark plan failed: " + r.toText());
        }
        return took;
    }

    private static long median(long[] xs) {
        long[] c = xs.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Plan-engine overhead, %d steps, virtual time, in-memory journal; median of %d rounds after %d warm-up%n",
                STEPS, ROUNDS, WARMUP);
        System.out.printf(Locale.ROOT, "JVM %s, %d cores%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-34s %12s %12s %14s %10s%n", "shape", "engine ms", "baseline ms", "overhead/step", "target");
        List<String> misses = new ArrayList<>();
        for (boolean sleeps : new boolean[] {false, true}) {
            for (String shape : List.of("chain", "fan-out p=4", "fan-out p=16")) {
                RestorePlan plan = shape.equals("chain") ? chain(sleeps) : fanOut(sleeps);
                int parallelism = shape.endsWith("16") ? 16 : 4;
                long[] engine = new long[ROUNDS];
                long[] base = new long[ROUNDS];
                for (int i = 0; i < WARMUP + ROUNDS; i++) {
                    long e = engineNanos(plan, parallelism);
                    long b = baselineNanos(plan, sleeps);
                    if (i >= WARMUP) {
                        engine[i - WARMUP] = e;
                        base[i - WARMUP] = b;
                    }
                }
                double perStepMs = (median(engine) - median(base)) / 1e6 / STEPS;
                String name = shape + (sleeps ? ", 1 virtual s/step" : ", no wait");
                System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f %11.4f ms %10s%n", name, median(engine) / 1e6, median(base) / 1e6,
                        perStepMs, perStepMs < 0.1 ? "met" : "MISSED");
                if (perStepMs >= 0.1) {
                    misses.add(name);
                }
            }
        }
        System.out.println();
        System.out.println(misses.isEmpty() ? "All shapes under the 0.1 ms/step target." : "Over the 0.1 ms/step target: " + misses);
        System.out.println("(checksum " + SINK.get() + ")");
    }

    /** Just enough of a context for the benchmark's actions to run outside the engine. */
    private static final class MinimalContext implements StepContext {
        private final String id;
        private final VirtualClock clock;

        MinimalContext(String id, VirtualClock clock) {
            this.id = id;
            this.clock = clock;
        }

        @Override
        public String stepId() {
            return id;
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public boolean isResuming() {
            return false;
        }

        @Override
        public <T> T input(io.streamsdr.core.StepOutput<T> output) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void publish(io.streamsdr.core.StepOutput<T> output, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<String> checkpoint(String key) {
            return java.util.Optional.empty();
        }

        @Override
        public void saveCheckpoint(String key, String value) {
        }

        @Override
        public void progress(String message) {
        }

        @Override
        public void recordRpo(String component, Duration achieved) {
        }

        @Override
        public void protect(io.streamsdr.core.Secret secret) {
        }

        @Override
        public java.time.Clock clock() {
            return clock;
        }

        @Override
        public io.streamsdr.core.Poller poller() {
            return io.streamsdr.core.Poller.using(clock, clock);
        }

        @Override
        public void sleep(Duration duration) {
            try {
                clock.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
