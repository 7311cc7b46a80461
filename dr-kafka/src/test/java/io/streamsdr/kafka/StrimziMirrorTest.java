package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Secret;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.testkit.k8s.MockCluster;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KafkaMirrorMaker2 object StrimziMirror writes, for every way a cluster authenticates, checked against
 * Strimzi's CRD; the Secrets it writes; and the inputs it refuses before any call. No Kafka here: the end to
 * end run is {@link StrimziFailbackTest}.
 */
class StrimziMirrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/streams-mm2";
    private static final KafkaCluster PROD = KafkaCluster.named("prod").withBootstrapServers("localhost:1").build();
    private static final KafkaCluster BACKUP = KafkaCluster.named("backup").withBootstrapServers("localhost:2").build();
    private static final MirrorConfig PLAIN = MirrorConfig.from(PROD).to(BACKUP).build();
    private static final String DNS = "must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit";
    private static final String NAME_RULE = "must be a DNS-1123 label of at most 45 characters (lower-case letters, digits or '-', starting and"
            + " ending with a letter or digit), so that Strimzi's pod names <name>-mirrormaker2-<n> stay within 63";

    static Path pemTruststore(Path dir) throws Exception {
        Path p12 = dir.resolve("ca.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "ts-password-42", "-alias", "ca", "-dname", "CN=streams-dr-test-ca",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return p12;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResourceForScramTlsAndIamFollowsTheCrdAndHoldsNoSecret(@TempDir Path dir) throws Exception {
        Secret password = Secret.of("scram-Pa55-word!");
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("b-1.prod:9096").withScram("streams", password)
                .withTruststore(pemTruststore(dir), Secret.of("ts-password-42")).build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("b-1.dr:9098")
                .withAuth(MskIam.builder().withRole(ROLE).withStsRegion("eu-west-1").build()).build();
        MirrorConfig config = MirrorConfig.from(prod).to(backup).withTopics("streams\\..*").withGroups("billing.*").withTasksMax(3)
                .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).withProperty("backup.producer.linger.ms", "20").build();
        StrimziMirror mirror = StrimziMirror.on(clientStub(), "kafka", config)
                .withName("streams-mm2").withReplicas(2).withVersion("4.3.0");

        Map<String, Object> r = mirror.resource();
        assertThat(StrimziCrd.violations(r)).isEmpty();
        String json = JSON.writeValueAsString(r);
        assertThat(json).doesNotContain("scram-Pa55-word!").doesNotContain("ts-password-42");
        Map<String, Object> spec = (Map<String, Object>) r.get("spec");
        assertThat(spec).containsEntry("version", "4.3.0").containsEntry("replicas", 2);
        Map<String, Object> target = (Map<String, Object>) spec.get("target");
        assertThat(target).containsEntry("alias", "backup").containsEntry("bootstrapServers", "b-1.dr:9098").containsEntry("groupId", "streams-mm2")
                .containsEntry("offsetStorageTopic", "mm2-offsets.prod.internal").containsEntry("tls", Map.of("trustedCertificates", List.of()));
        assertThat((Map<String, Object>) target.get("authentication")).containsEntry("type", "custom").containsEntry("sasl", true);
        assertThat((Map<String, Object>) ((Map<String, Object>) target.get("authentication")).get("config"))
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .containsKey("sasl.jaas.config");
        assertThat((Map<String, Object>) target.get("config")).containsEntry("exactly.once.source.support", "enabled")
                .containsEntry("offset.flush.interval.ms", "1000").containsEntry("producer.linger.ms", "20")
                .containsEntry("config.storage.replication.factor", "3").doesNotContainKeys("bootstrap.servers", "group.id", "plugin.discovery");
        Map<String, Object> m = ((List<Map<String, Object>>) spec.get("mirrors")).get(0);
        assertThat(m).containsEntry("topicsPattern", "streams\\..*").containsEntry("groupsPattern", "billing.*");
        Map<String, Object> source = (Map<String, Object>) m.get("source");
        assertThat(source).containsEntry("authentication", Map.of("type", "scram-sha-512", "username", "streams",
                "passwordSecret", Map.of("secretName", "streams-mm2-prod-scram", "password", "password")))
                .containsEntry("tls", Map.of("trustedCertificates", List.of(Map.of("secretName", "streams-mm2-prod-ca", "certificate", "ca.crt"))));
        Map<String, Object> sourceConnector = (Map<String, Object>) m.get("sourceConnector");
        assertThat(sourceConnector).containsEntry("tasksMax", 3).containsEntry("state", "running");
        Map<String, Object> connectorConfig = (Map<String, Object>) sourceConnector.get("config");
        assertThat(connectorConfig).containsEntry("source.consumer.isolation.level", "read_committed")
                .containsEntry("replication.policy.class", MirrorConfig.IDENTITY_POLICY).containsEntry("offset-syncs.topic.location", "target")
                .containsEntry("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                .doesNotContainKeys("name", "connector.class", "tasks.max", "topics", "groups");
        assertThat(connectorConfig.keySet()).noneMatch(k -> k.contains("sasl.") || k.contains("ssl.") || k.contains("security.")
                || k.endsWith("bootstrap.servers"));
        assertThat(mirror.connectorNames()).containsExactly("prod->backup.MirrorSourceConnector", "prod->backup.MirrorCheckpointConnector");
        assertThat(mirror.secretNames()).containsExactly("streams-mm2-prod-scram", "streams-mm2-prod-ca");
        Map<String, Map<String, String>> secrets = StrimziResource.secrets(config, "streams-mm2");
        assertThat(secrets.get("streams-mm2-prod-scram")).containsEntry("password", "scram-Pa55-word!");
        assertThat(secrets.get("streams-mm2-prod-ca").get("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(mirror.toString()).isEqualTo("MirrorMaker 2 prod->backup on Strimzi: KafkaMirrorMaker2 'streams-mm2' in namespace kafka");
    }

    private static KubernetesClient clientStub() {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").build()).build();
    }

    @Test
    void theValidatorIsNotVacuous() throws Exception {
        try (InputStream in = StrimziMirrorTest.class.getResourceAsStream("/strimzi-crds/example-kafka-mirror-maker-2-sync-groups.yaml")) {
            Map<String, Object> example = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<Map<String, Object>>() { });
            assertThat(StrimziCrd.violations(example)).isEmpty();
        }
        Map<String, Object> broken = JSON.readValue("{\"spec\":{\"replicas\":\"1\",\"target\":{\"alias\":\"a b\",\"bootstrapServers\":\"x:1\"},"
                + "\"mirrors\":[{\"source\":{\"alias\":\"s\",\"bootstrapServers\":\"y:1\"},\"sourceConnector\":{\"tasksMax\":0,\"state\":\"halted\"},"
                + "\"heartbeatConnector\":{}}]}}", new TypeReference<Map<String, Object>>() { });
        assertThat(StrimziCrd.violations(broken)).containsExactlyInAnyOrder(
                ".spec.replicas: schema type integer, written String 1",
                ".spec.target.groupId: required", ".spec.target.configStorageTopic: required", ".spec.target.statusStorageTopic: required",
                ".spec.target.offsetStorageTopic: required",
                ".spec.target.alias: 'a b' does not match ^[a-zA-Z0-9\\._\\-]{1,100}$",
                ".spec.mirrors[0].sourceConnector.tasksMax: 0 is less than the minimum 1",
                ".spec.mirrors[0].sourceConnector.state: 'halted' is not one of [paused, stopped, running]",
                ".spec.mirrors[0].heartbeatConnector: not in the CRD schema (a real API server prunes it)");
    }

    @Test
    void startWritesTheSecretsItReferencesThenWaitsForStrimziWithinTheReadyTimeout(@TempDir Path dir) throws Exception {
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("localhost:1").withScram("streams", Secret.of("scram-Pa55"))
                .withTruststore(pemTruststore(dir), Secret.of("ts-password-42")).build();
        try (MockCluster cluster = MockCluster.start()) {
            StrimziMirror mirror = StrimziMirror.on(cluster.client(), "kafka", MirrorConfig.from(prod).to(BACKUP).build())
                    .withReadyTimeout(Duration.ofMillis(600));
            assertThatThrownBy(() -> mirror.start(Poller.system())).isInstanceOf(TimedOutException.class)
                    .hasMessageStartingWith("KafkaMirrorMaker2 'prod-backup-mm2' in namespace kafka to be Ready with its connectors RUNNING"
                            + " did not complete within 600ms")
                    .hasMessageEndingWith("; last state seen: generation 1, observed -1, Ready Unknown, prod->backup.MirrorSourceConnector absent,"
                            + " prod->backup.MirrorCheckpointConnector absent");
            io.fabric8.kubernetes.api.model.Secret scram = cluster.client().secrets().inNamespace("kafka").withName("prod-backup-mm2-prod-scram").get();
            assertThat(new String(Base64.getDecoder().decode(scram.getData().get("password")), StandardCharsets.UTF_8)).isEqualTo("scram-Pa55");
            assertThat(scram.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "prod-backup-mm2");
            assertThat(cluster.client().secrets().inNamespace("kafka").withName("prod-backup-mm2-prod-ca").get().getData()).containsKey("ca.crt");
            assertThat(mirror.isRunning()).isTrue(); // asked to run; Strimzi (absent here) never made it Ready
            assertThatThrownBy(() -> mirror.stop(Poller.system())).isInstanceOf(TimedOutException.class) // nobody reconciles here
                    .hasMessageStartingWith("KafkaMirrorMaker2 'prod-backup-mm2' in namespace kafka to have its connectors STOPPED did not complete");
            assertThat(mirror.isRunning()).isFalse();
        }
    }

    static Stream<Arguments> badInputs() {
        KafkaCluster withKeys = KafkaCluster.named("prod").withBootstrapServers("localhost:9098").withAuth(MskIam.builder().withRole(ROLE)
                .withRoleCredentials(Secret.of("AKIA1"), Secret.of("k")).build()).build();
        KubernetesClient c = clientStub();
        return Stream.of(
                bad("null client", () -> StrimziMirror.on(null, "kafka", PLAIN), "Kubernetes client", "must not be null"),
                bad("null config", () -> StrimziMirror.on(c, "kafka", null), "mirror config", "must not be null"),
                bad("namespace with capitals", () -> StrimziMirror.on(c, "Kafka", PLAIN), "namespace 'Kafka'", DNS),
                bad("name that is not DNS-1123", () -> StrimziMirror.on(c, "kafka", PLAIN).withName("Prod_To_Backup"),
                        "KafkaMirrorMaker2 name 'Prod_To_Backup'", NAME_RULE),
                bad("name of 46 characters", () -> StrimziMirror.on(c, "kafka", PLAIN).withName("m".repeat(46)),
                        "KafkaMirrorMaker2 name '" + "m".repeat(46) + "'", NAME_RULE),
                bad("derived name too long", () -> StrimziMirror.on(c, "kafka", MirrorConfig.from(KafkaCluster.named("p".repeat(36))
                        .withBootstrapServers("h:1").build()).to(BACKUP).build()), "KafkaMirrorMaker2 name '" + "p".repeat(36) + "-backup-mm2'", NAME_RULE),
                bad("replicas 0", () -> StrimziMirror.on(c, "kafka", PLAIN).withReplicas(0), "KafkaMirrorMaker2 replicas",
                        "must be at least 1, was 0 (a mirror with no pod is never Ready: stop(poller) or delete(poller) it instead)"),
                bad("version that is not one", () -> StrimziMirror.on(c, "kafka", PLAIN).withVersion("latest"),
                        "Kafka version of KafkaMirrorMaker2 'latest'", "must be major.minor.patch, such as 4.3.1"),
                bad("zero ready timeout", () -> StrimziMirror.on(c, "kafka", PLAIN).withReadyTimeout(Duration.ZERO),
                        "KafkaMirrorMaker2 ready timeout", "must be positive, was 0s"),
                bad("inline IAM keys on Strimzi", () -> StrimziMirror.on(c, "kafka", MirrorConfig.from(withKeys).to(BACKUP).build()),
                        "MSK IAM of cluster 'prod' on Strimzi", "must not hold inline role keys: Strimzi's custom authentication puts its"
                                + " settings in the resource, readable by anyone who reads it; give the MirrorMaker 2 pods an IAM identity (IRSA"
                                + " or EKS Pod Identity) and build MskIam without withRoleCredentials(...)"),
                bad("a property Strimzi sets itself", () -> StrimziMirror.on(c, "kafka", MirrorConfig.from(PROD).to(BACKUP)
                        .withProperty("backup.group.id", "mine").build()), "MirrorMaker 2 property 'backup.group.id' on Strimzi",
                        "is one Strimzi sets itself (group.id, config.storage.topic, status.storage.topic, listeners, plugin.path, rest.,"
                                + " consumer.interceptor.classes, producer.interceptor.classes come from the KafkaMirrorMaker2's fields and the"
                                + " operator): remove withProperty(\"backup.group.id\", ...)"),
                bad("SASL in a cluster's config (refused by MirrorConfig already)", () -> MirrorConfig.from(PROD).to(BACKUP)
                        .withProperty("backup.sasl.mechanism", "PLAIN"), "MirrorMaker 2 property 'backup.sasl.mechanism'",
                        "is set from the cluster descriptions and the builder; it must not be overridden"),
                bad("null poller", () -> StrimziMirror.on(c, "kafka", PLAIN).start(null), "poller", "must not be null"));
    }

    private static Arguments bad(String name, ThrowingCallable call, String field, String rule) {
        return Arguments.of(name, call, field, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void rejectedBeforeAnyCallNamingFieldAndRule(String name, ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid " + field + ": " + rule);
    }

    @Test
    void aPemTruststoreGoesInAsItIs(@TempDir Path dir) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        Path file = Files.writeString(dir.resolve("ca.pem"), pem);
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("localhost:1").withTruststore(file, null).build();
        assertThat(StrimziResource.secrets(MirrorConfig.from(prod).to(BACKUP).build(), "m")).isEqualTo(Map.of("m-prod-ca", Map.of("ca.crt", pem)));
    }
}
