package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.Secret;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Velero without long-lived keys on the chart's side: the values of each auth mode, checked against the types
 * the velero chart 12.1.0 declares; and the read-only preflight checks against fabric8's mock API server (CRUD).
 */
class VeleroKeylessInstallTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/streams-velero";
    static final Secret KEYS = Secret.of("[default]\naws_access_key_id=AKIA1\naws_secret_access_key=topsecretkey\n");
    static final ResourceDefinitionContext BSL = new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
            .withKind("BackupStorageLocation").withPlural("backupstoragelocations").withNamespaced(true).build();
    static KubernetesMockServer server;
    static KubernetesClient client;
    static Map<String, Object> chartSchema;

    @BeforeAll
    static void start() throws Exception {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        try (InputStream in = VeleroKeylessInstallTest.class.getResourceAsStream("/velero-chart-12.1.0-values-subset.json")) {
            chartSchema = new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    @BeforeEach
    void empty() {
        client.secrets().inNamespace("velero").list().getItems().forEach(x -> client.resource(x).delete());
        client.serviceAccounts().inNamespace("velero").list().getItems().forEach(x -> client.resource(x).delete());
        clearLocations();
    }

    private static void clearLocations() {
        client.genericKubernetesResources(BSL).inNamespace("velero").list().getItems()
                .forEach(x -> client.genericKubernetesResources(BSL).inNamespace("velero").withName(x.getMetadata().getName()).delete());
    }

    static VeleroInstall.Builder base() {
        return VeleroInstall.aws().withBucket("streams-velero-backups").withRegion("eu-west-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachModeGivesTheChartItsValuesAndOnlyAccessKeysASecret() {
        InstallRequest irsa = base().withAuth(VeleroAuth.irsa(ROLE)).build().request();
        assertThat(irsa.values()).containsEntry("credentials", Map.of("useSecret", false))
                .containsEntry("serviceAccount", Map.of("server", Map.of("name", "velero-server", "annotations", Map.of("eks.amazonaws.com/role-arn", ROLE))));
        assertThat(irsa.secrets()).isEmpty();
        assertThat(irsa.secretKeys()).isEmpty();

        InstallRequest pod = base().withAuth(VeleroAuth.podIdentity()).withServiceAccount("velero").build().request();
        assertThat(pod.values()).containsEntry("credentials", Map.of("useSecret", false))
                .containsEntry("serviceAccount", Map.of("server", Map.of("name", "velero")));
        assertThat(pod.secrets()).isEmpty();

        VeleroInstall keys = base().withCredentials(KEYS).build();
        assertThat(keys.request().values()).containsEntry("credentials", Map.of("useSecret", true)).doesNotContainKey("serviceAccount");
        assertThat(keys.request().secretKeys()).containsExactly("credentials.secretContents.cloud");
        assertThat(keys.auth().toString()).isEqualTo("access keys ****");

        // toBuilder moves an access-key install to IRSA: one way in, the Secret goes
        VeleroInstall moved = keys.toBuilder().withAuth(VeleroAuth.irsa(ROLE)).build();
        assertThat(moved.credentials()).isEmpty();
        assertThat(moved.request().secrets()).isEmpty();
        assertThat(moved.toString()).isEqualTo("VeleroInstall[velero/velero, chart 12.1.0, bucket streams-velero-backups, region eu-west-1, IRSA "
                + ROLE + ", service account velero-server]");
        assertThat(keys.toString()).doesNotContain("topsecretkey");

        for (VeleroInstall i : List.of(moved, base().withAuth(VeleroAuth.podIdentity()).build(), keys,
                base().withCredentials(KEYS).withPrefix("p").withNodeAgent(true).build())) {
            assertThat(violations("", i.request().values(), chartSchema)).as(i.toString()).isEmpty();
        }
        // not vacuous: a misspelt key or a wrong type is caught
        assertThat(violations("", Map.of("serviceAccount", Map.of("server", Map.of("annotation", Map.of()))), chartSchema))
                .containsExactly(".serviceAccount.server.annotation: not a value of the chart");
        assertThat(violations("", Map.of("credentials", Map.of("useSecret", "false")), chartSchema))
                .containsExactly(".credentials.useSecret: the chart wants boolean, given String");
    }

    @Test
    void aCredentialsSecretAndAnIrsaRoleTogetherAreRefusedBecauseTheFileWins() {
        client.secrets().inNamespace("velero").resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("velero").build())
                .addToData("cloud", "W2RlZmF1bHRd").build()).create();
        availableLocation();
        VeleroInstall irsa = base().withAuth(VeleroAuth.irsa(ROLE)).build();
        List<CheckResult> results = evaluate(irsa.preflight(client));
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail()).isEqualTo("Refused by guard rail 'Velero's AWS credentials come from one place': Secret"
                + " velero/velero holds a credentials file (key 'cloud') and service account velero/velero-server gets"
                + " eks.amazonaws.com/role-arn=" + ROLE + ": the AWS SDK in Velero reads the file first, so the role would never be used."
                + " To proceed anyway: delete the Secret: kubectl -n velero delete secret velero");
        assertThat(results.get(1).passed()).isTrue();

        // the access-key install on a service account someone annotated: the same conflict, the other fix
        client.serviceAccounts().inNamespace("velero").resource(new ServiceAccountBuilder().withMetadata(new ObjectMetaBuilder()
                .withName("velero-server").withAnnotations(Map.of("eks.amazonaws.com/role-arn", ROLE)).build()).build()).create();
        CheckResult keys = evaluate(base().withCredentials(KEYS).build().preflight(client)).get(0);
        assertThat(keys.passed()).isFalse();
        assertThat(keys.detail()).isEqualTo("Refused by guard rail 'Velero's AWS credentials come from one place': the install puts a"
                + " credentials file in Secret velero/velero and service account velero/velero-server is annotated with"
                + " eks.amazonaws.com/role-arn=" + ROLE + ": the AWS SDK in Velero reads the file first, so the role would never be used."
                + " To proceed anyway: remove the annotation: kubectl -n velero annotate serviceaccount velero-server eks.amazonaws.com/role-arn-");
    }

    @Test
    void withoutTheSecretIrsaPassesAndTheLocationMustBeAvailable() {
        VeleroInstall irsa = base().withAuth(VeleroAuth.irsa(ROLE)).build();
        List<CheckResult> none = evaluate(irsa.preflight(client));
        assertThat(none.get(0).passed()).isTrue();
        assertThat(none.get(0).detail()).isEqualTo("role " + ROLE + " through service account velero/velero-server, no credentials file");
        assertThat(none.get(1).passed()).isFalse();
        assertThat(none.get(1).detail()).isEqualTo("Refused by guard rail 'Velero can reach its bucket': no BackupStorageLocation in namespace"
                + " velero. To proceed anyway: install Velero first (helm install velero ...)");

        location("Unavailable", "BackupStorageLocation \"default\" is unavailable: rpc error: AccessDenied");
        CheckResult unavailable = evaluate(irsa.preflight(client)).get(1);
        assertThat(unavailable.passed()).isFalse();
        assertThat(unavailable.detail()).isEqualTo("Refused by guard rail 'Velero can reach its bucket': BackupStorageLocation velero/default is"
                + " Unavailable: BackupStorageLocation \"default\" is unavailable: rpc error: AccessDenied. To proceed anyway: check the bucket,"
                + " region and the identity Velero runs as (IRSA " + ROLE + "), then kubectl -n velero get backupstoragelocations");
        clearLocations();
        availableLocation();
        assertThat(evaluate(irsa.preflight(client))).allMatch(CheckResult::passed);
        assertThat(evaluate(base().withAuth(VeleroAuth.podIdentity()).build().preflight(client)).get(0).detail())
                .isEqualTo("EKS Pod Identity for service account velero/velero-server, no credentials file");
    }

    @Test
    void badInputIsRefusedNamingFieldAndRule() {
        assertThatThrownBy(() -> VeleroAuth.irsa("arn:aws:iam::123456789012:user/velero")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid IRSA role ARN 'arn:aws:iam::123456789012:user/velero': must be an IAM role ARN such as"
                        + " arn:aws:iam::123456789012:role/velero");
        assertThatThrownBy(() -> base().withServiceAccount("Velero_Server")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid service account 'Velero_Server': must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.',"
                        + " starting and ending with a letter or digit");
        assertThatThrownBy(() -> base().withAuth(null)).hasMessage("Invalid Velero auth: must not be null");
        assertThatThrownBy(() -> base().build()).hasMessage("Invalid credentials: are required: call withCredentials(Secret.of(credentialsFile)),"
                + " or withAuth(VeleroAuth.irsa(roleArn)) or withAuth(VeleroAuth.podIdentity()) for a keyless install");
        assertThatThrownBy(() -> base().withAuth(VeleroAuth.podIdentity()).build().preflight(null)).hasMessage("Invalid Kubernetes client: must not be null");
    }

    private static void availableLocation() {
        location("Available", null);
    }

    private static void location(String phase, String message) {
        GenericKubernetesResource bsl = new GenericKubernetesResource();
        bsl.setApiVersion("velero.io/v1");
        bsl.setKind("BackupStorageLocation");
        bsl.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace("velero").build());
        bsl.setAdditionalProperty("spec", Map.of("default", true, "provider", "aws"));
        bsl.setAdditionalProperty("status", message == null ? Map.of("phase", phase) : Map.of("phase", phase, "message", message));
        client.genericKubernetesResources(BSL).inNamespace("velero").resource(bsl).create();
    }

    private static List<CheckResult> evaluate(List<Precondition> preconditions) {
        List<CheckResult> out = new ArrayList<>();
        for (Precondition p : preconditions) {
            out.add(p.evaluate("velero-preflight", Clock.systemUTC()));
        }
        return out;
    }

    /** Every key of {@code value} is a value of the chart with a compatible type; returns the violations. */
    @SuppressWarnings("unchecked")
    static List<String> violations(String path, Object value, Map<String, Object> schema) {
        List<String> out = new ArrayList<>();
        Object t = schema.get("type");
        List<String> types = t instanceof List<?> l ? (List<String>) l : t == null ? List.of() : List.of((String) t);
        String given = value instanceof Map ? "object" : value instanceof List ? "array" : value instanceof Boolean ? "boolean"
                : value instanceof String ? "string" : value instanceof Number ? "number" : "null";
        if (!types.isEmpty() && !types.contains(given)) {
            out.add(path + ": the chart wants " + String.join("|", types) + ", given " + value.getClass().getSimpleName());
            return out;
        }
        if (value instanceof Map<?, ?> m && schema.get("properties") instanceof Map<?, ?> props) {
            for (Object k : (List<Object>) schema.getOrDefault("required", List.of())) {
                if (!m.containsKey(k)) {
                    out.add(path + "." + k + ": required by the chart");
                }
            }
            m.forEach((k, v) -> {
                Object child = props.get(k);
                if (child == null) {
                    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                        out.add(path + "." + k + ": not a value of the chart");
                    }
                } else {
                    out.addAll(violations(path + "." + k, v, (Map<String, Object>) child));
                }
            });
        } else if (value instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < l.size(); i++) {
                out.addAll(violations(path + "[" + i + "]", l.get(i), (Map<String, Object>) items));
            }
        }
        return out;
    }
}
