package io.streamsdr.drill;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.RunOptions;
import io.streamsdr.testkit.ScaledClock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard rails on the real parts: a drill started while the installation is still there (no
 * disaster) is refused before any step runs, because the namespace to restore into holds Streams;
 * nothing is changed, and the teardown still runs.
 */
class StreamsDrillGuardRailTest {
    private static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder()
            .withGroup("velero.io").withVersion("v1").withPlural("restores").withKind("Restore").withNamespaced(true).build();

    @Test
    @Timeout(180)
    void aDrillOverALiveInstallationIsRefusedAndChangesNothing() {
        try (LocalStreams streams = LocalStreams.builder(Path.of("target", "drill-guard")).withRecords(1_000).start()) {
            ScaledClock clock = streams.clock();
            StreamsDrill drill = StreamsDrill.of(streams, StreamsDrill.OBJECTIVES);

            FailoverPreview preview = drill.failover().preview(RunOptions.defaults().withTime(clock, clock));
            assertThat(preview.ready()).isFalse();
            assertThat(preview.failedPreconditions()).extracting(CheckResult::subject).containsExactly("velero-restore");
            assertThat(preview.failedPreconditions().get(0).detail()).contains("Refused by guard rail 'restore into an empty namespace'",
                    "namespace 'streams' exists with resources in it", "ExistingResourcePolicy.UPDATE");

            AtomicInteger tornDown = new AtomicInteger();
            DrillReport report = drill.drill().teardown("count", () -> "ran " + tornDown.incrementAndGet())
                    .run(RunOptions.defaults().withTime(clock, clock));

            assertThat(report).didNotPass();
            assertThat(report.plan()).isEmpty();
            assertThat(report.failures()).anySatisfy(f -> assertThat(f).startsWith("precondition of velero-restore does not hold"));
            assertThat(tornDown).hasValue(1);
            // nothing changed: no Velero Restore, no restored instance, the forward mirror still runs, Helm untouched
            List<GenericKubernetesResource> restores = streams.client().genericKubernetesResources(RESTORES).inNamespace("velero").list()
                    .getItems();
            assertThat(restores).isEmpty();
            assertThat(streams.rds().describeDBInstances().dbInstances()).extracting(i -> i.dbInstanceIdentifier()).containsExactly("streams-db");
            assertThat(streams.forwardMirror().isRunning()).isTrue();
            assertThat(streams.helm().history(LocalStreams.RELEASE)).hasSize(1);
        }
    }
}
