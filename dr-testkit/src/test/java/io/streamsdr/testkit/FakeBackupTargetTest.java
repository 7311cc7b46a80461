package io.streamsdr.testkit;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.TerminalStateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FakeBackupTargetTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;

    private final VirtualClock clock = VirtualClock.create();
    /** The context of calls outside a plan; inside one, each step's context. */
    private final RunContext ctx = RunContext.of(Poller.using(clock, clock));

    // ---------------------------------------------------------------- behaviour

    @Test
    void takingARecoveryPointCostsItsLatencyOnTheClockNotInRealTime() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(40));

        long realStart = System.nanoTime();
        RecoveryPoint point = rds.takeRecoveryPoint(ctx);
        long realMillis = (System.nanoTime() - realStart) / 1_000_000;

        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        assertThat(point.capturedAt()).as("a point holds data as of the moment it was taken").isEqualTo(T0);
        assertThat(point.id()).isEqualTo("rds-rp-000001");
        assertThat(point.target()).isEqualTo("rds");
        assertThat(point.kind()).isEqualTo(RecoveryPoint.Kind.MANUAL_SNAPSHOT);
        assertThat(realMillis).as("virtual time must not cost real time").isLessThan(5_000);
    }

    @Test
    void twoTakesFromParallelStepsOverlapOnVirtualTime() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(10));
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(10))
                .withKind(RecoveryPoint.Kind.SYNC_POINT);
        RestorePlan plan = RestorePlan.builder("backup-all")
                .withStep(Step.named("rds").withAction(ctx -> rds.takeRecoveryPoint(ctx)))
                .withStep(Step.named("kafka").withAction(ctx -> kafka.takeRecoveryPoint(ctx)))
                .withStep(Step.named("rds-again").dependsOn("rds").withAction(ctx -> rds.takeRecoveryPoint(ctx)))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(20));
        assertThat(report.rto()).as("rds and kafka ran side by side, then rds again").isEqualTo(Duration.ofMinutes(20));
        assertThat(report).step("kafka").ranOnce();
        assertThat(kafka.recoveryPoints(ctx)).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(RecoveryPoint.Kind.SYNC_POINT));
        assertThat(rds.recoveryPoints(ctx)).extracting(RecoveryPoint::id).containsExactly("rds-rp-000002", "rds-rp-000001");
        assertThat(rds.recoveryPoints(ctx)).extracting(RecoveryPoint::capturedAt)
                .containsExactly(T0.plus(Duration.ofMinutes(10)), T0);
    }

    @Test
    void recoveryPointsAreListedNewestFirstWithUniqueIncreasingIds() {
        FakeBackupTarget velero = FakeBackupTarget.named("namespace streams").withClock(clock)
                .withRecoveryPointLatency(Duration.ofMinutes(3)).withKind(RecoveryPoint.Kind.BACKUP);
        velero.withExistingRecoveryPoint(Duration.ofHours(24));
        velero.takeRecoveryPoint(ctx);
        velero.takeRecoveryPoint(ctx);

        List<RecoveryPoint> points = velero.recoveryPoints(ctx);

        assertThat(points).extracting(RecoveryPoint::id)
                .containsExactly("namespace streams-rp-000003", "namespace streams-rp-000002", "namespace streams-rp-000001");
        assertThat(points).extracting(RecoveryPoint::capturedAt)
                .containsExactly(T0.plus(Duration.ofMinutes(3)), T0, T0.minus(Duration.ofHours(24)));
        assertThat(points).allSatisfy(p -> assertThat(p.kind()).isEqualTo(RecoveryPoint.Kind.BACKUP));
        assertThatThrownBy(() -> points.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void scriptedFailuresCostTheLatencyLeaveNoPointAndThenTheServiceRecovers() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(5))
                .failingNextRecoveryPoints(2, () -> new IllegalStateException("SnapshotQuotaExceeded"));

        assertThatThrownBy(() -> rds.takeRecoveryPoint(ctx)).isInstanceOf(IllegalStateException.class).hasMessage("SnapshotQuotaExceeded");
        assertThatThrownBy(() -> rds.takeRecoveryPoint(ctx)).isInstanceOf(IllegalStateException.class);
        RecoveryPoint third = rds.takeRecoveryPoint(ctx);

        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(third.id()).isEqualTo("rds-rp-000003");
        assertThat(rds.recoveryPoints(ctx)).containsExactly(third);
        assertThat(rds.takeRecoveryPointCalls()).isEqualTo(3);
        assertThat(rds.failedRecoveryPoints()).isEqualTo(2);
    }

    @Test
    void aStepWithRetriesGetsPastScriptedFailures() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(5))
                .failingNextRecoveryPoints(2);
        RestorePlan plan = RestorePlan.builder("snapshot")
                .withStep(Step.named("snapshot").withRetry(RetryPolicy.attempts(3).withBackoff(Backoff.fixed(Duration.ofMinutes(1))))
                        .withAction(ctx -> rds.takeRecoveryPoint(ctx)))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report).succeeded().step("snapshot").succeeded().attempts(3);
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(17));
    }

    @Test
    void theDefaultScriptedFailureIsATerminalStateThatSaysSo() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).failingNextRecoveryPoints(1);

        assertThatThrownBy(() -> rds.takeRecoveryPoint(ctx)).isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("recovery point of 'rds' to be usable cannot complete: its status is failed");
    }

    @Test
    void protectionStatusComputesTheRpoFromTheNewestPoint() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(7))
                .withRpoThreshold(Duration.ofMinutes(15));

        ProtectionStatus none = rds.protectionStatus(ctx);
        assertThat(none).isUnhealthyBecause("'rds' has no recovery point");
        assertThat(none.rpo()).isEmpty();

        rds.takeRecoveryPoint(ctx);
        ProtectionStatus fresh = rds.protectionStatus(ctx);
        assertThat(fresh).isHealthy().rpoAtMost(Duration.ofMinutes(7));
        assertThat(fresh.rpo()).contains(Duration.ofMinutes(7));
        assertThat(fresh.observedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(9));
        assertThat(rds.protectionStatus(ctx)).isUnhealthyBecause("RPO 16m exceeds the threshold of 15m: the newest recovery point "
                + "'rds-rp-000001' was captured at 2026-01-01T00:00:00Z");
        assertThat(rds.protectionStatus(ctx).rpo()).contains(Duration.ofMinutes(16));
    }

    @Test
    void anExistingPointGivesHistoryWithoutTakingTime() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withKind(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);

        RecoveryPoint nightly = rds.withExistingRecoveryPoint(Duration.ofHours(25));

        assertThat(nightly.capturedAt()).isEqualTo(T0.minus(Duration.ofHours(25)));
        assertThat(nightly.kind()).isEqualTo(RecoveryPoint.Kind.AUTOMATED_SNAPSHOT);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(rds.protectionStatus(ctx)).as("default threshold: one day").isUnhealthyBecause("exceeds the threshold of 1d");
        assertThat(rds.takeRecoveryPointCalls()).isZero();
    }

    @Test
    void countsEveryCallSoATestCanProveThatPreviewCallsNothing() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(1));
        RestorePlan plan = RestorePlan.builder("protect")
                .withStep(Step.named("status").withAction(ctx -> rds.protectionStatus(ctx)))
                .withStep(Step.named("take").dependsOn("status").withAction(ctx -> rds.takeRecoveryPoint(ctx)))
                .withStep(Step.named("list").dependsOn("take").withAction(ctx -> rds.recoveryPoints(ctx)))
                .build();

        plan.preview();
        assertThat(rds.calls()).as("preview must call nothing").isZero();

        plan.execute(RunOptions.defaults().withTime(clock, clock));
        assertThat(rds.protectionStatusCalls()).isEqualTo(1);
        assertThat(rds.takeRecoveryPointCalls()).isEqualTo(1);
        assertThat(rds.recoveryPointsCalls()).isEqualTo(1);
        assertThat(rds.calls()).isEqualTo(3);
    }

    @Test
    void isThreadSafe() throws Exception {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        ids.add(rds.takeRecoveryPoint(ctx).id());
                        rds.protectionStatus(ctx);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(ids).hasSize(400);
        assertThat(rds.recoveryPoints(ctx)).hasSize(400);
        assertThat(rds.takeRecoveryPointCalls()).isEqualTo(400);
        assertThat(rds.protectionStatusCalls()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void refusesBadConfigurationNamingTheFieldAndTheRule() {
        assertThatThrownBy(() -> FakeBackupTarget.named(" ")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid fake backup target name: must not be blank");
        FakeBackupTarget rds = FakeBackupTarget.named("rds");
        assertThatThrownBy(() -> rds.withRecoveryPointLatency(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid recovery point latency of fake backup target 'rds': must not be negative, was -1s");
        assertThatThrownBy(() -> rds.withRpoThreshold(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid RPO threshold of fake backup target 'rds': must be positive, was 0s");
        assertThatThrownBy(() -> rds.withKind(RecoveryPoint.Kind.POINT_IN_TIME_WINDOW))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must be a kind of point that can be taken on demand");
        assertThatThrownBy(() -> rds.failingNextRecoveryPoints(-1, IllegalStateException::new))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid number of failing recovery points of fake backup target 'rds': must not be negative, was -1");
        assertThatThrownBy(() -> rds.withClock(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid clock of fake backup target 'rds': must not be null");
    }

    @Test
    void itsTimeIsTheContextsAndAClockIsOnlyNeededForPointsGivenByAge() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withRecoveryPointLatency(Duration.ofMinutes(3));

        RecoveryPoint taken = rds.takeRecoveryPoint(ctx);

        assertThat(taken.capturedAt()).isEqualTo(T0);
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThatThrownBy(() -> rds.withExistingRecoveryPoint(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FakeBackupTarget 'rds' has no clock to measure an existing point's age on: call withClock(clock)");
    }

    @Test
    void aStepTimeoutStopsTheWaitForAPoint() {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withRecoveryPointLatency(Duration.ofMinutes(45));
        RestorePlan plan = RestorePlan.builder("snapshot")
                .withStep(Step.named("snapshot").withTimeout(Duration.ofMinutes(10)).withAction(ctx -> rds.takeRecoveryPoint(ctx)))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report).failed().step("snapshot").failed().errorContains("step 'snapshot' did not complete within 10m");
        assertThat(clock.instant()).as("the wait stopped at the step's timeout, not the latency").isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(rds.recoveryPoints(ctx)).isEmpty();
    }

    @Test
    void forMonitoringAStatusLookCostsLatencyCanFailAndAFakeMirrorReportsItsLag() {
        VirtualClock clock = VirtualClock.create();
        RunContext ctx = RunContext.of(Poller.using(clock, clock));
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withComponentKind("kafka")
                .withStatusLatency(Duration.ofSeconds(2)).withReplicationLagRecords(42);
        RecoveryPoint point = kafka.withExistingRecoveryPoint(Duration.ofSeconds(8));

        ProtectionStatus status = kafka.protectionStatus(ctx);

        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(2));
        assertThat(status.observedAt()).isEqualTo(clock.instant());
        assertThat(status.rpo()).contains(Duration.ofSeconds(10));
        assertThat(status.newestRecoveryPoint()).contains(point);
        assertThat(status.replicationLag()).hasValueSatisfying(l -> {
            assertThat(l.records()).isEqualTo(42);
            assertThat(l.time()).isEqualTo(Duration.ofSeconds(10));
        });
        assertThat(kafka.kind()).isEqualTo("kafka");
        assertThat(kafka.expectedInterval()).isEmpty();
        assertThat(FakeBackupTarget.named("x").kind()).isEqualTo(FakeBackupTarget.DEFAULT_COMPONENT_KIND).isEqualTo("fake");
        assertThat(FakeBackupTarget.named("x").withExpectedInterval(Duration.ofHours(6)).expectedInterval()).contains(Duration.ofHours(6));

        kafka.failingNextStatusLooks(1, () -> new IllegalStateException("broker unreachable"));
        assertThatThrownBy(() -> kafka.protectionStatus(ctx)).isInstanceOf(IllegalStateException.class).hasMessage("broker unreachable");
        assertThat(clock.instant()).as("the failed look cost its latency too").isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(4));
        assertThat(kafka.protectionStatus(ctx).healthy()).isTrue();
        assertThat(kafka.protectionStatusCalls()).isEqualTo(3);

        assertThatThrownBy(() -> kafka.withComponentKind("Kafka Cluster")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid component kind of fake backup target 'kafka': 'Kafka Cluster' must be 1 to 32 lower-case letters, "
                        + "digits, '_' or '-', starting with a letter");
        assertThatThrownBy(() -> kafka.withExpectedInterval(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid expected interval of fake backup target 'kafka': must be positive, was 0s");
        assertThatThrownBy(() -> kafka.withStatusLatency(Duration.ofSeconds(-1))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid status latency of fake backup target 'kafka': must not be negative, was -1s");
        assertThatThrownBy(() -> kafka.failingNextStatusLooks(-1, IllegalStateException::new)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid number of failing status looks of fake backup target 'kafka': must not be negative, was -1");
        assertThatThrownBy(() -> kafka.failingNextStatusLooks(1, null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid status failure of fake backup target 'kafka': must not be null");
        assertThatThrownBy(() -> kafka.withReplicationLagRecords(-5)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid replication lag records of fake backup target 'kafka': must not be negative, was -5");
    }
}
