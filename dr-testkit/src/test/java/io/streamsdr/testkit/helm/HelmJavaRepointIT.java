package io.streamsdr.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.Helm;
import io.streamsdr.helm.HelmJava;
import io.streamsdr.helm.HelmRelease;
import io.streamsdr.helm.HelmRevision;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.OpenApiValidation;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Helm engine (helm-java, Helm 3.21 in the JVM) re-points a release on the Helm-capable
 * mock API server: install, get values, the ReleaseUpgrade step (values reused, two overrides, one
 * revision) and its rollout wait, history, roll-forward, uninstall. Runs in its own JVM (a Go panic
 * would end it): see dr-testkit's pom, execution {@code helm-java}.
 */
@Timeout(180)
class HelmJavaRepointIT {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
    static final StepOutput<String> KAFKA = StepOutput.string("kafka.bootstrap.servers");

    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesClient client;
    private VirtualClock clock;
    private Path chart;
    private Helm helm;
    private final ReleaseRef release = ReleaseRef.named("streams").inNamespace("streams");

    @BeforeEach
    void start() throws IOException {
        clock = VirtualClock.create();
        cluster = MockCluster.startHelmCapable();
        client = cluster.client();
        FakeRollouts.install(cluster, clock, Duration.ofSeconds(30));
        chart = writeChart(dir.resolve("streams"));
        helm = HelmJava.create().withKubeConfig(cluster.writeKubeconfig(dir)).withOpenApiValidation(OpenApiValidation.DISABLED);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void repointLandsTheNewHostAndBootstrapServersInOneRevision() {
        HelmRelease installed = helm.install(InstallRequest.of(release, chart.toString()).withValues(Map.of(
                "externalizedMariadb", Map.of("host", "db-old.internal"),
                "externalizedKafka", Map.of("bootstrapServers", "kafka-old:9092"),
                "featureFlag", "on")).build());
        assertThat(installed.revision()).isEqualTo(1);
        assertThat(installed.status()).isEqualTo("deployed");
        assertThat(env()).containsEntry("DB_HOST", "db-old.internal").containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-old:9092");
        assertThat(helm.values(release)).isEqualTo(Map.of("externalizedMariadb", Map.of("host", "db-old.internal"),
                "externalizedKafka", Map.of("bootstrapServers", "kafka-old:9092"), "featureFlag", "on"));

        RestorePlan plan = RestorePlan.builder("repoint")
                .withStep(Step.named("rds-restore").publishes(DB_HOST)
                        .withAction(ctx -> ctx.publish(DB_HOST, "streams-dr.abc.eu-west-1.rds.amazonaws.com")))
                .withStep(Step.named("kafka-failback").publishes(KAFKA)
                        .withAction(ctx -> ctx.publish(KAFKA, "b-1.dr:9092,b-2.dr:9092")))
                .withFragment(ReleaseUpgrade.of(helm, release, chart.toString())
                        .withOverride("externalizedMariadb.host", DB_HOST)
                        .withOverride("externalizedKafka.bootstrapServers", KAFKA)
                        .withRolloutWait(Rollout.using(client))
                        .fragment("helm-repoint").dependsOn("rds-restore", "kafka-failback"))
                .build();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        Deployment deployment = client.apps().deployments().inNamespace("streams").withName("streams-api").get();
        assertThat(env()).containsEntry("DB_HOST", "streams-dr.abc.eu-west-1.rds.amazonaws.com")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "b-1.dr:9092,b-2.dr:9092")
                .containsEntry("FEATURE_FLAG", "on")
                .containsEntry("DB_PORT", "3306");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("streams/api:1.0");
        assertThat(client.configMaps().inNamespace("streams").withName("streams-endpoints").get().getData())
                .containsEntry("db", "streams-dr.abc.eu-west-1.rds.amazonaws.com").containsEntry("kafka", "b-1.dr:9092,b-2.dr:9092");
        assertThat(helm.history(release)).extracting(HelmRevision::revision, HelmRevision::status)
                .containsExactly(Tuple.tuple(1, "superseded"), Tuple.tuple(2, "deployed"));
        assertThat(helm.values(release)).containsEntry("featureFlag", "on")
                .containsEntry("externalizedKafka", Map.of("bootstrapServers", "b-1.dr:9092,b-2.dr:9092"));
        assertThat(report.step("helm-repoint").orElseThrow().duration().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));

        HelmRelease rolledForward = helm.rollback(release, 1, chart.toString());
        assertThat(rolledForward.revision()).isEqualTo(3);
        assertThat(env()).containsEntry("DB_HOST", "db-old.internal").containsEntry("FEATURE_FLAG", "on");

        helm.uninstall(release);
        assertThat(client.apps().deployments().inNamespace("streams").withName("streams-api").get()).isNull();
        assertThat(client.secrets().inNamespace("streams").withLabel("owner", "helm").list().getItems()).isEmpty();
    }

    @Test
    void aSecretValueHelmQuotesInAnErrorIsMasked() throws IOException {
        Files.writeString(chart.resolve("templates/check.yaml"),
                "{{- if .Values.strict }}{{ fail (printf \"refusing password %s\" .Values.db.password) }}{{- end }}\n");

        assertThatThrownBy(() -> helm.install(InstallRequest.of(release, chart.toString())
                .withOverride("strict", "yes")
                .withSecretValue("db.password", Secret.of("Sup3r-Secret-Pw"))
                .build()))
                .isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: helm install of release streams/streams: ")
                .hasMessageContaining("refusing password ****")
                .hasMessageNotContaining("Sup3r-Secret-Pw")
                .satisfies(e -> {
                    // Helm's own error quoted the secret: the cause is a masked copy, with its stack trace.
                    java.io.StringWriter trace = new java.io.StringWriter();
                    e.printStackTrace(new java.io.PrintWriter(trace));
                    assertThat(trace.toString()).contains("refusing password ****").doesNotContain("Sup3r-Secret-Pw");
                    assertThat(e.getCause().getStackTrace()).isNotEmpty();
                });
        assertThat(client.secrets().inNamespace("streams").list().getItems()).isEmpty();
    }

    private Map<String, String> env() {
        return client.apps().deployments().inNamespace("streams").withName("streams-api").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Path writeChart(Path chart) throws IOException {
        Files.createDirectories(chart.resolve("templates"));
        Files.writeString(chart.resolve("Chart.yaml"), """
                apiVersion: v2
                name: streams
                version: 1.0.0
                appVersion: "1.0"
                """);
        Files.writeString(chart.resolve("values.yaml"), """
                image: streams/api:1.0
                externalizedMariadb:
                  host: localhost
                  port: 3306
                externalizedKafka:
                  bootstrapServers: localhost:9092
                featureFlag: "off"
                """);
        Files.writeString(chart.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}-api
                  labels:
                    app: {{ .Release.Name }}-api
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: {{ .Release.Name }}-api
                  template:
                    metadata:
                      labels:
                        app: {{ .Release.Name }}-api
                    spec:
                      containers:
                        - name: api
                          image: {{ .Values.image }}
                          env:
                            - name: DB_HOST
                              value: {{ .Values.externalizedMariadb.host | quote }}
                            - name: DB_PORT
                              value: {{ .Values.externalizedMariadb.port | quote }}
                            - name: KAFKA_BOOTSTRAP_SERVERS
                              value: {{ .Values.externalizedKafka.bootstrapServers | quote }}
                            - name: FEATURE_FLAG
                              value: {{ .Values.featureFlag | quote }}
                """);
        Files.writeString(chart.resolve("templates/configmap.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-endpoints
                data:
                  db: {{ .Values.externalizedMariadb.host | quote }}
                  kafka: {{ .Values.externalizedKafka.bootstrapServers | quote }}
                """);
        return chart;
    }
}
