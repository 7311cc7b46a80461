package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.ExistingResourcePolicy;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Velero restore step's precondition against the fake Velero controller: the backup is
 * Completed and the namespaces it restores into are absent or empty; checking it only reads.
 */
@Timeout(60)
class VeleroRestorePreconditionTest {
    private static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder().withGroup("velero.io")
            .withVersion("v1").withKind("Restore").withPlural("restores").withNamespaced(true).build();

    /** What the fake's backup of the seeded namespace looks like to the check. */
    private static final String B1_COMPLETED = "backup b1 is Completed, 3/3 items, 0 errors, 0 warnings (namespaces [streams], started "
            + VirtualClock.DEFAULT_START + ")";

    private final VirtualClock clock = VirtualClock.create();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private MockCluster cluster;
    private KubernetesClient client;
    private FakeVelero fake;
    private Velero velero;
    private final Poller poller = Poller.using(clock, clock);

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        client = cluster.client();
        fake = FakeVelero.install(cluster, clock);
        velero = Velero.using(client);
        cluster.withRequestFilter((request, store, next) -> {
            requests.add(request.getMethod() + " " + request.getPath());
            return null;
        });
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams").endMetadata().build()).create();
        client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config").endMetadata()
                .addToData("mode", "production").build()).create();
        client.apps().deployments().inNamespace("streams").resource(new DeploymentBuilder().withNewMetadata().withName("streams-api")
                .endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("api")
                .withImage("streams/api:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private CheckResult check(RestoreRequest request) {
        List<CheckResult> results = RestorePlan.builder("k8s-failover").withFragment(velero.restoreStep("velero-restore", request)).build()
                .checkPreconditions(clock);
        assertThat(results).hasSize(1);
        assertThat(results.get(0).subject()).isEqualTo("velero-restore");
        return results.get(0);
    }

    private int restores() {
        return client.genericKubernetesResources(RESTORES).inNamespace("velero").list().getItems().size();
    }

    @Test
    void aCompletedBackupAndAnAbsentNamespacePassAndCheckingOnlyReads() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        cluster.deleteNamespace("streams");
        int backups = velero.backups().size();
        requests.clear();

        CheckResult result = check(RestoreRequest.fromBackup("b1").build());

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.name()).isEqualTo("backup b1 is Completed, and the namespaces it restores into are absent or empty");
        assertThat(result.detail()).isEqualTo(B1_COMPLETED + "; nothing to overwrite in the target namespaces");
        assertThat(requests).isNotEmpty().allMatch(r -> r.startsWith("GET "), "GET");
        assertThat(restores()).isZero();
        assertThat(velero.backups()).hasSize(backups);
        assertThat(client.namespaces().withName("streams").get()).isNull();
    }

    @Test
    void aNamespaceWithResourcesFailsWithTheGuardRailAndItsOverride() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);

        CheckResult result = check(RestoreRequest.fromBackup("b1").build());

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("Refused by guard rail 'restore into an empty namespace': namespace 'streams' exists"
                + " with resources in it (").contains("Deployment/streams-api", "ConfigMap/streams-config")
                .endsWith(".withExistingResourcePolicy(ExistingResourcePolicy.UPDATE)");
        assertThat(restores()).isZero();
    }

    @Test
    void aNamespaceMappedToIsTheOneChecked() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);

        CheckResult intoEmpty = check(RestoreRequest.fromBackup("b1").withNamespaceMapping("streams", "streams-dr").build());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams-dr").endMetadata().build()).create();
        client.configMaps().inNamespace("streams-dr").resource(new ConfigMapBuilder().withNewMetadata().withName("left-over").endMetadata()
                .build()).create();
        CheckResult intoUsed = check(RestoreRequest.fromBackup("b1").withNamespaceMapping("streams", "streams-dr").build());

        assertThat(intoEmpty.passed()).as(intoEmpty.toString()).isTrue();
        assertThat(intoUsed.passed()).isFalse();
        assertThat(intoUsed.detail()).contains("namespace 'streams-dr' exists with resources in it (ConfigMap/left-over)");
    }

    @Test
    void aPartiallyFailedOrMissingBackupFails() {
        fake.injectNextBackupOutcome(FakeVelero.Outcome.partiallyFailed(2, 0));
        velero.createBackup(BackupRequest.ofNamespace("streams").withName("partial").build(), clock);
        clock.advance(java.time.Duration.ofMinutes(1));
        cluster.deleteNamespace("streams");

        CheckResult partial = check(RestoreRequest.fromBackup("partial").build());
        CheckResult missing = check(RestoreRequest.fromBackup("nope").build());
        CheckResult allowed = check(RestoreRequest.fromBackup("partial").withPartiallyFailedBackupAllowed(true).build());

        assertThat(partial.passed()).isFalse();
        assertThat(partial.detail()).startsWith("Refused by guard rail 'restore from a Completed backup': backup 'partial' is PartiallyFailed")
                .contains("2 errors").endsWith("withPartiallyFailedBackupAllowed(true)");
        assertThat(missing.passed()).isFalse();
        assertThat(missing.detail()).isEqualTo("Refused by guard rail 'restore from an existing backup': backup 'nope' does not exist"
                + " in namespace velero");
        // Allowed explicitly, the check passes and says what it will restore from.
        assertThat(allowed.passed()).as(allowed.toString()).isTrue();
        assertThat(allowed.detail()).startsWith("backup partial is PartiallyFailed");
        assertThat(restores()).isZero();
    }

    @Test
    void withTheUpdatePolicyTheNamespaceIsNotChecked() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);

        CheckResult result = check(RestoreRequest.fromBackup("b1").withExistingResourcePolicy(ExistingResourcePolicy.UPDATE).build());

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.name()).isEqualTo("backup b1 is Completed");
        assertThat(result.detail()).isEqualTo(B1_COMPLETED);
        assertThat(client.apps().deployments().inNamespace("streams").withName("streams-api").get()).isNotNull();
        assertThat(restores()).isZero();
    }
}
