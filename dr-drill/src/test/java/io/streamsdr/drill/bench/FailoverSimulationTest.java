package io.streamsdr.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import io.streamsdr.drill.bench.FailoverSimulation.Latencies;
import io.streamsdr.drill.bench.FailoverSimulation.Polls;
import io.streamsdr.drill.bench.FailoverSimulation.Run;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failover benchmark's core, run once with a small Kafka backlog, so it cannot rot: both shapes
 * succeed and the figures keep their structural relations. Asserts no wall-clock time.
 */
@Timeout(120)
class FailoverSimulationTest {
    private static final Latencies SMALL = Latencies.issue(100_000);

    @Test
    void runbookIsOneChainInTheDocumentsOrder() {
        Map<String, List<String>> runbook = FailoverSimulation.runbookGraph();

        assertThat(runbook.keySet()).containsExactlyElementsOf(FailoverSimulation.RUNBOOK_ORDER);
        assertThat(runbook.keySet()).containsExactlyInAnyOrderElementsOf(FailoverSimulation.planGraph().keySet());
        List<String> order = FailoverSimulation.RUNBOOK_ORDER;
        assertThat(runbook.get(order.get(0))).isEmpty();
        for (int i = 1; i < order.size(); i++) {
            assertThat(runbook.get(order.get(i))).as(order.get(i)).containsExactly(order.get(i - 1));
        }
    }

    @Test
    void longestPathOfTheLatenciesGoesThroughTheRdsRestore() {
        List<String> path = FailoverSimulation.longestPath(FailoverSimulation.planGraph(), SMALL.byStep());

        assertThat(path).containsExactly(FailoverSimulation.RDS_RESTORE, FailoverSimulation.HELM_UPGRADE, FailoverSimulation.KAFKA_RESTART_FORWARD,
                FailoverSimulation.VERIFY);
        assertThat(FailoverSimulation.sum(path, SMALL.byStep())).isEqualTo(Duration.ofMinutes(22).plusSeconds(30).plusMillis(605));
    }

    @Test
    void planAndRunbookSucceedAndKeepTheirOrder() {
        Map<String, Duration> latency = SMALL.byStep();
        Duration criticalPath = FailoverSimulation.sum(FailoverSimulation.longestPath(FailoverSimulation.planGraph(), latency), latency);

        Run plan = FailoverSimulation.run("plan", FailoverSimulation.planGraph(), SMALL, Polls.providerDefaults());
        Run runbook = FailoverSimulation.run("runbook", FailoverSimulation.runbookGraph(), SMALL, Polls.providerDefaults());

        PlanReport p = plan.report();
        PlanReport r = runbook.report();
        assertThat(p.succeeded()).as(p.toText()).isTrue();
        assertThat(r.succeeded()).as(r.toText()).isTrue();
        assertThat(r.rto()).isGreaterThanOrEqualTo(p.rto());
        assertThat(p.rto()).isGreaterThanOrEqualTo(criticalPath);
        assertThat(r.rto()).isGreaterThanOrEqualTo(FailoverSimulation.sum(FailoverSimulation.RUNBOOK_ORDER, latency));
        // a wait never sees the end before it happens
        for (StepReport s : p.steps()) {
            assertThat(s.duration().orElseThrow()).as(s.id()).isGreaterThanOrEqualTo(latency.get(s.id()));
        }
        assertThat(p.criticalPath()).containsExactly(FailoverSimulation.RDS_RESTORE, FailoverSimulation.HELM_UPGRADE,
                FailoverSimulation.KAFKA_RESTART_FORWARD, FailoverSimulation.VERIFY);
        assertThat(r.criticalPath()).containsExactlyElementsOf(FailoverSimulation.RUNBOOK_ORDER);
        // the three branches started together; the Helm upgrade waited for the last of them
        assertThat(p.step(FailoverSimulation.VELERO_RESTORE).orElseThrow().startedAt().orElseThrow()).isEqualTo(p.step(FailoverSimulation.RDS_RESTORE).orElseThrow().startedAt().orElseThrow())
                .isEqualTo(p.step(FailoverSimulation.KAFKA_STOP_FORWARD).orElseThrow().startedAt().orElseThrow());
        assertThat(p.step(FailoverSimulation.HELM_UPGRADE).orElseThrow().startedAt().orElseThrow()).isEqualTo(p.step(FailoverSimulation.RDS_RESTORE).orElseThrow().endedAt().orElseThrow());
        // the Kafka await polled on the lag rather than sleeping once, and the real providers made remote calls
        assertThat(plan.lagLooks()).isGreaterThan(5);
        assertThat(plan.kafkaDetectionDelay()).isGreaterThanOrEqualTo(Polls.providerDefaults().kafkaStableWindow());
        assertThat(plan.rdsCalls()).isPositive();
        assertThat(plan.kubernetesRequests()).isPositive();
    }
}
