package io.streamsdr.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepFailedException;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.helm.HelmRevision;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.helm.UpgradeRequest;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runbook's re-point as a plan step, on the fake Helm, fabric8's mock server and virtual time. */
@Timeout(60)
class FakeHelmRepointTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
    static final StepOutput<String> KAFKA = StepOutput.string("kafka.bootstrap.servers");
    private final ReleaseRef release = ReleaseRef.named("streams").inNamespace("streams");

    private VirtualClock clock;
    private MockCluster cluster;
    private KubernetesClient client;
    private FakeHelm helm;

    @BeforeEach
    void start() {
        clock = VirtualClock.create();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeRollouts.install(cluster, clock, Duration.ofSeconds(45));
        helm = FakeHelm.create(clock).withCluster(client)
                .withEnvFromValue("DB_HOST", "externalizedMariadb.host")
                .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers")
                .withEnvFromValue("FEATURE_FLAG", "featureFlag");
        helm.install(InstallRequest.of(release, "./charts/streams").withValues(Map.of(
                "externalizedMariadb", Map.of("host", "db-old", "port", 3306),
                "externalizedKafka", Map.of("bootstrapServers", "kafka-old:9092"),
                "featureFlag", "on")).build());
        clock.advance(Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private Map<String, String> env() {
        List<EnvVar> env = client.apps().deployments().inNamespace("streams").withName("streams").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        return env.stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private RestorePlan plan(PollPolicy rolloutPolicy) {
        return RestorePlan.builder("repoint")
                .withStep(Step.named("rds-restore").publishes(DB_HOST).withAction(ctx -> {
                    ctx.sleep(Duration.ofMinutes(20));
                    ctx.publish(DB_HOST, "streams-dr.abc.eu-west-1.rds.amazonaws.com");
                }))
                .withStep(Step.named("kafka-failback").publishes(KAFKA).withAction(ctx -> ctx.publish(KAFKA, "b-1.dr:9092,b-2.dr:9092")))
                .withFragment(ReleaseUpgrade.of(helm, release, "./charts/streams")
                        .withOverride("externalizedMariadb.host", DB_HOST)
                        .withOverride("externalizedKafka.bootstrapServers", KAFKA)
                        .withRolloutWait(Rollout.using(client).withPollPolicy(rolloutPolicy))
                        .fragment("helm-repoint").dependsOn("rds-restore", "kafka-failback"))
                .build();
    }

    @Test
    void repointLandsBothEndpointsInOneRevisionAndWaitsForTheRollout() {
        PlanReport report = plan(Rollout.DEFAULT_POLL_POLICY).execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(env()).containsEntry("DB_HOST", "streams-dr.abc.eu-west-1.rds.amazonaws.com")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "b-1.dr:9092,b-2.dr:9092")
                .containsEntry("FEATURE_FLAG", "on");
        assertThat(helm.upgrades()).hasSize(1);
        UpgradeRequest upgrade = helm.upgrades().get(0);
        assertThat(upgrade.overrides()).containsOnlyKeys("externalizedMariadb.host", "externalizedKafka.bootstrapServers");
        assertThat(helm.values(release)).containsEntry("featureFlag", "on")
                .containsEntry("externalizedMariadb", Map.of("host", "streams-dr.abc.eu-west-1.rds.amazonaws.com", "port", 3306));
        assertThat(helm.history(release)).extracting(HelmRevision::revision, HelmRevision::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "superseded"), org.assertj.core.groups.Tuple.tuple(2, "deployed"));
        // The rollout took 45 s of virtual time after the upgrade.
        assertThat(report.step("helm-repoint").orElseThrow().duration().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
        assertThat(report.step("helm-repoint").orElseThrow().duration().orElseThrow()).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void aSecondRunDoesNotUpgradeAgain() {
        plan(Rollout.DEFAULT_POLL_POLICY).execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();
        plan(Rollout.DEFAULT_POLL_POLICY).execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        assertThat(helm.upgrades()).hasSize(1);
        assertThat(helm.history(release)).hasSize(2);
    }

    @Test
    void aFailedUpgradeFailsTheStepAndIsRecordedFailed() {
        helm.failNextUpgrade("timed out waiting for the condition");

        PlanReport report = plan(Rollout.DEFAULT_POLL_POLICY).execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure()).get().asString().contains("timed out waiting for the condition");
        assertThat(report.step("helm-repoint").orElseThrow().error()).hasValueSatisfying(error -> assertThat(error)
                .contains("Call failed: helm upgrade of release streams/streams: timed out waiting for the condition"));
        assertThat(helm.history(release)).extracting(HelmRevision::status).containsExactly("deployed", "failed");
        assertThat(env()).containsEntry("DB_HOST", "db-old");
    }

    @Test
    void aRolloutThatNeverEndsTimesOutNamingTheWorkload() {
        cluster.close();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeRollouts.install(cluster, clock, Duration.ofHours(5));
        helm = FakeHelm.create(clock).withCluster(client).withEnvFromValue("DB_HOST", "externalizedMariadb.host");
        helm.install(InstallRequest.of(release, "./charts/streams").withValues(Map.of("externalizedMariadb", Map.of("host", "db-old"))).build());

        PlanReport report = plan(Rollout.DEFAULT_POLL_POLICY.withTimeout(Duration.ofMinutes(5)))
                .execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).isFalse();
        Throwable failure = report.failure().orElseThrow();
        Throwable cause = failure instanceof StepFailedException && failure.getCause() != null ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(TimedOutException.class);
        assertThat(cause.getMessage()).contains("rollout of Helm release streams/streams").contains("Deployment/streams")
                .contains("0/1 replicas updated");
    }

    @Test
    void rollbackMakesANewRevisionWithTheOldValues() {
        plan(Rollout.DEFAULT_POLL_POLICY).execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();

        helm.rollback(release, 1, "./charts/streams");

        assertThat(helm.history(release)).extracting(HelmRevision::revision).containsExactly(1, 2, 3);
        assertThat(env()).containsEntry("DB_HOST", "db-old");
        assertThatThrownBy(() -> helm.values(release, 9)).hasMessageContaining("revision 9 not found");
    }
}
