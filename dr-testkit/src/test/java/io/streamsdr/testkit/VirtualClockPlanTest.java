package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class VirtualClockPlanTest {

    @Test
    void independentStepsRunInParallelOnVirtualTime() {
        VirtualClock clock = VirtualClock.create();
        Map<String, Instant> started = new ConcurrentHashMap<>();
        RestorePlan plan = RestorePlan.builder("parallel")
                .withStep(Step.named("a").withAction(ctx -> {
                    started.put("a", ctx.now());
                    ctx.sleep(Duration.ofMinutes(10));
                }))
                .withStep(Step.named("b").withAction(ctx -> {
                    started.put("b", ctx.now());
                    ctx.sleep(Duration.ofMinutes(10));
                }))
                .withStep(Step.named("c").dependsOn("a", "b").withAction(ctx -> {
                    started.put("c", ctx.now());
                    ctx.sleep(Duration.ofMinutes(1));
                }))
                .build();

        long realStart = System.nanoTime();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
        long realMillis = (System.nanoTime() - realStart) / 1_000_000;

        assertThat(report.succeeded()).isTrue();
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(11));
        assertThat(started.get("c")).isEqualTo(VirtualClock.DEFAULT_START.plus(Duration.ofMinutes(10)));
        assertThat(report.criticalPath()).hasSize(2).endsWith("c");
        assertThat(realMillis).as("virtual time must not cost real time").isLessThan(5_000);
    }

    /**
     * Regression: the engine announces ready steps one at a time; a step that slept at once could
     * let time jump before the next was announced, so independent steps sometimes ran one after
     * the other (about one run in twelve). Repeated because it was a race.
     */
    @Test
    void stepsReadyTogetherAlwaysStartTogether() {
        for (int run = 0; run < 200; run++) {
            VirtualClock clock = VirtualClock.create();
            Map<String, Instant> started = new ConcurrentHashMap<>();
            RestorePlan.Builder builder = RestorePlan.builder("together");
            for (String id : new String[] {"a", "b", "c"}) {
                builder.withStep(Step.named(id).withAction(ctx -> {
                    started.put(ctx.stepId(), ctx.now());
                    ctx.sleep(Duration.ofMinutes(5));
                }));
            }

            PlanReport report = builder.build().execute(RunOptions.defaults().withTime(clock, clock));

            assertThat(started).as("run %d", run).allSatisfy((id, at) -> assertThat(at).isEqualTo(VirtualClock.DEFAULT_START));
            assertThat(report.rto()).as("run %d", run).isEqualTo(Duration.ofMinutes(5));
        }
    }
}
