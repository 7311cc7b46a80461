package io.streamsdr.testkit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of the Helm-capable mock, one by one (HelmJavaRepointIT runs them with real Helm). */
class HelmCompatTest {

    @Test
    void decodesAProtobufSecretInItsEnvelope() {
        byte[] meta = concat(field(1, "sh.helm.release.v1.streams.v1"), field(3, "streams"), field(6, "7"),
                field(11, concat(field(1, "owner"), field(2, "helm"))), field(11, concat(field(1, "version"), field(2, "1"))),
                varintField(7, 300), field(8, new byte[0]));
        byte[] secret = concat(field(1, meta), field(2, concat(field(1, "release"), field(2, new byte[] {1, 2, (byte) 0xff}))),
                field(3, "helm.sh/release.v1"));
        byte[] body = concat(Protobuf.MAGIC, field(1, concat(field(1, "v1"), field(2, "Secret"))), field(2, secret), field(3, ""), field(4, ""));

        Protobuf.Envelope envelope = Protobuf.envelope(body);
        assertThat(envelope.kind()).isEqualTo("Secret");
        Map<String, Object> json = Protobuf.secret(envelope.raw());

        assertThat(json).containsEntry("type", "helm.sh/release.v1")
                .containsEntry("data", Map.of("release", Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) 0xff})));
        assertThat(json.get("metadata")).isEqualTo(Map.of("name", "sh.helm.release.v1.streams.v1", "namespace", "streams",
                "resourceVersion", "7", "labels", Map.of("owner", "helm", "version", "1")));
    }

    @Test
    void strategicMergeMergesListsByNameAndHonoursDelete() {
        Map<String, Object> live = Map.of("spec", Map.of("replicas", 2, "containers", List.of(
                Map.of("name", "api", "image", "a:1", "env", List.of(Map.of("name", "DB", "value", "old"), Map.of("name", "X", "value", "1"))),
                Map.of("name", "sidecar", "image", "s:1"))));
        Map<String, Object> patch = Map.of("spec", Map.of("$setElementOrder/containers", List.of(Map.of("name", "api")),
                "containers", List.of(Map.of("name", "api", "env", List.of(Map.of("name", "DB", "value", "new"))),
                        Map.of("name", "sidecar", "$patch", "delete"))));

        Map<String, Object> merged = StrategicMergePatch.apply(live, patch);

        assertThat(merged).isEqualTo(Map.of("spec", Map.of("replicas", 2, "containers", List.of(
                Map.of("name", "api", "image", "a:1", "env", List.of(Map.of("name", "DB", "value", "new"), Map.of("name", "X", "value", "1")))))));
        assertThatThrownBy(() -> StrategicMergePatch.apply(live, Map.of("$patch", "replace"))).hasMessageContaining("unsupported");
    }

    @Test
    void servesDiscoveryTypedListsAndStrategicMergePatches() {
        try (MockCluster cluster = MockCluster.startHelmCapable()) {
            KubernetesClient client = cluster.client();
            assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.31.0");
            assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName()).contains("apps", "velero.io");
            assertThat(client.getApiResources("apps/v1").getResources()).extracting(r -> r.getKind()).contains("Deployment", "StatefulSet");

            client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                    .addToData("a", "1").build()).create();
            client.apps().deployments().inNamespace("streams").resource(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("api").withImage("a:1")
                    .addNewEnv().withName("DB").withValue("old").endEnv().endContainer().endSpec().endTemplate().endSpec().build()).create();

            client.apps().deployments().inNamespace("streams").withName("d").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"api\",\"env\":[{\"name\":\"DB\",\"value\":\"new\"}]}]}}}}");

            var container = client.apps().deployments().inNamespace("streams").withName("d").get().getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("a:1");
            assertThat(container.getEnv().get(0).getValue()).isEqualTo("new");
            assertThat(client.configMaps().inNamespace("streams").list().getItems()).hasSize(1);
        }
    }

    private static byte[] field(int number, String value) {
        return field(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] field(int number, byte[] value) {
        return concat(varint((number << 3) | 2), varint(value.length), value);
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint(number << 3), varint(value));
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
