package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunContext;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.NamespaceDataCheck;
import io.streamsdr.velero.NamespaceHeartbeat;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The namespace check over the fake Velero on fabric8's mock API server, on virtual time: a backup, changes
 * after it, the disaster (the namespace deleted), the restore; the check reports exactly what the restore
 * lost, compares Secrets by digest only, and dates a loss within the RPO by the written-at annotation.
 */
@Timeout(60)
class NamespaceDataCheckTest {
    private static final String SECRET_VALUE = "Namespace-S3cret-Value";
    private VirtualClock clock;
    private MockCluster cluster;
    private KubernetesClient client;
    private Velero velero;
    private Poller poller;

    @BeforeEach
    void start() {
        clock = VirtualClock.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
        poller = Poller.using(clock, clock);
        cluster = MockCluster.start();
        client = cluster.client();
        FakeVelero.install(cluster, clock);
        velero = Velero.using(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams").endMetadata().build()).create();
        configMap("streams-config", "mode", "production", null);
        client.secrets().inNamespace("streams").resource(new SecretBuilder().withNewMetadata().withName("streams-db").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes())).build()).create();
        client.services().inNamespace("streams").resource(new ServiceBuilder().withNewMetadata().withName("streams-api").endMetadata()
                .withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
        client.apps().deployments().inNamespace("streams").resource(new DeploymentBuilder().withNewMetadata().withName("streams-api").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("api").withImage("streams/api:1")
                .addNewEnv().withName("DB_HOST").withValue("db-primary").endEnv().endContainer().endSpec().endTemplate().endSpec().build())
                .create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void configMap(String name, String key, String value, Instant writtenAt) {
        ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData(key, value);
        if (writtenAt != null) {
            b.editMetadata().addToAnnotations(NamespaceDataCheck.WRITTEN_AT, writtenAt.toString()).endMetadata();
        }
        client.configMaps().inNamespace("streams").resource(b.build()).createOr(e -> e.update());
    }

    private RunContext run() {
        return RunContext.of(poller);
    }

    @Test
    void aConfigMapChangedAfterTheBackupFailsAndOneWrittenAfterTheRestorePointIsLossWithinTheRpo() {
        NamespaceHeartbeat heartbeat = NamespaceHeartbeat.in(client, "streams");
        Instant beforeBackup = heartbeat.beat(clock);
        velero.backup(BackupRequest.ofNamespace("streams").withName("nightly").build(), poller);
        clock.advance(Duration.ofMinutes(10));
        configMap("streams-config", "mode", "maintenance", null);                          // changed after the backup, undated
        Instant written = clock.instant();
        configMap("streams-feature", "flag", "on", written);                               // written after the backup, dated
        clock.advance(Duration.ofMinutes(1));
        Instant lastBeat = heartbeat.beat(clock);
        NamespaceDataCheck check = NamespaceDataCheck.builder("namespace streams", client, "streams").build();
        DataBaseline before = check.capture(run());

        cluster.deleteNamespace("streams");                                              // the disaster
        velero.restore(RestoreRequest.fromBackup("nightly").build(), poller);
        DataEvidence e = check.verify(run(), before);

        assertThat(before.items().keySet()).containsExactly("ConfigMap/streams-config", "ConfigMap/streams-feature", "Deployment/streams-api",
                "Secret/streams-db", "Service/streams-api");
        assertThat(before.newestHeartbeat()).contains(lastBeat);
        assertThat(e.restoredHeartbeat()).contains(beforeBackup);
        assertThat(e.compared()).isEqualTo(4);
        assertThat(e.passed()).isFalse();
        assertThat(e.differences()).extracting(DataEvidence.Difference::toString).hasSize(2)
                .satisfiesExactly(
                        changed -> assertThat(changed).matches("changed ConfigMap/streams-config: digest [0-9a-f]{16} at the disaster, [0-9a-f]{16} restored"),
                        feature -> assertThat(feature).isEqualTo("missing ConfigMap/streams-feature: not restored, written "
                                + written + " (within the RPO)"));
        assertThat(e.summary()).startsWith("4 objects compared; 1 objects lost within the RPO (written after the newest heartbeat restored); "
                + "1 difference the restore point does not explain, first: changed ConfigMap/streams-config: digest ");
        assertThat(e.dataRpo()).contains(Duration.between(beforeBackup, before.takenAt()));
    }

    @Test
    void secretsAreComparedByDigestOnlyAndAMissingHeartbeatFails() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("no-heartbeat").build(), poller);
        client.secrets().inNamespace("streams").withName("streams-db").edit(s -> new SecretBuilder(s)
                .addToData("password", Base64.getEncoder().encodeToString(("new-" + SECRET_VALUE).getBytes())).build());
        NamespaceDataCheck check = NamespaceDataCheck.builder("namespace streams", client, "streams").build();
        DataBaseline before = check.capture(run());
        cluster.deleteNamespace("streams");
        velero.restore(RestoreRequest.fromBackup("no-heartbeat").build(), poller);

        DataEvidence e = check.verify(run(), before);

        assertThat(before.newestHeartbeat()).isEmpty();
        assertThat(e.passed()).isFalse();
        assertThat(e.differences()).extracting(DataEvidence.Difference::toString).satisfiesExactly(
                hb -> assertThat(hb).isEqualTo("missing ConfigMap/streamsdr-heartbeat: heartbeat ConfigMap missing in namespace streams: expected "
                        + "the ConfigMap NamespaceHeartbeat writes"),
                secret -> assertThat(secret).matches("changed Secret/streams-db: digest [0-9a-f]{16} at the disaster, [0-9a-f]{16} restored"));
        String all = e.summary() + before + e.differences() + before.items();
        assertThat(all).doesNotContain(SECRET_VALUE).doesNotContain(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes()));
    }

    @Test
    void anUntouchedRestorePassesAndBadInputIsRefused() {
        NamespaceHeartbeat heartbeat = NamespaceHeartbeat.in(client, "streams");
        Instant beat = heartbeat.beat(clock);
        velero.backup(BackupRequest.ofNamespace("streams").withName("clean").build(), poller);
        NamespaceDataCheck check = NamespaceDataCheck.builder("namespace streams", client, "streams").build();
        DataBaseline before = check.capture(run());
        cluster.deleteNamespace("streams");
        velero.restore(RestoreRequest.fromBackup("clean").build(), poller);

        DataEvidence e = check.verify(run(), before);

        assertThat(e.summary()).isEqualTo("4 objects compared, no difference; newest heartbeat restored " + beat + ", RPO from data "
                + io.streamsdr.core.spi.Durations.format(Duration.between(beat, before.takenAt())));
        assertThat(e.passed()).isTrue();
        configMap("streams-config", "mode", "re-pointed", null);
        assertThat(NamespaceDataCheck.builder("namespace streams", client, "streams").withRepointed("ConfigMap/streams-config").build()
                .verify(run(), before).differenceCount()).as("compared for presence only").isZero();
        configMap(NamespaceHeartbeat.DEFAULT_NAME, NamespaceHeartbeat.KEY, "yesterday", null);
        assertThatThrownBy(heartbeat::newest).isInstanceOf(CallFailedException.class).hasMessage("Call failed: read heartbeat ConfigMap "
                + "streams/streamsdr-heartbeat: data.beatAt is 'yesterday', expected an ISO-8601 instant such as 2026-03-01T12:00:00Z");
        assertThatThrownBy(() -> NamespaceDataCheck.builder("namespace streams", client, "Streams")).hasMessageStartingWith(
                "Invalid namespace of the check");
        assertThatThrownBy(() -> NamespaceDataCheck.builder("namespace streams", client, "streams").withRepointed("configmap streams-endpoints"))
                .hasMessage("Invalid re-pointed object 'configmap streams-endpoints': must be Kind/name, such as ConfigMap/streams-endpoints");
        assertThatThrownBy(() -> check.verify(run(), DataBaseline.of("namespace streams", "objects", clock.instant(), List.of(), Optional.empty())))
                .hasMessage("Invalid data baseline of 'namespace streams': was not captured by a namespace check: pass what capture(ctx) returned");
    }
}
