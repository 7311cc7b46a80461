package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.NamespaceStandby;
import io.streamsdr.velero.NamespaceStandby.RunningWorkloads;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The passive namespace standby against the fake Velero controller (which applies Velero's resource modifiers)
 * and the fake rollouts, on a fabric8 mock API server and virtual time: restored scaled to zero on a schedule,
 * scaled up at failover, its age in the preview and as the RPO, and its guard rails. One cluster for the class;
 * each test restores into its own standby namespace.
 */
@Timeout(120)
class NamespaceStandbyTest {
    static final VirtualClock CLOCK = VirtualClock.create();
    static MockCluster cluster;
    static KubernetesClient client;
    static Velero velero;
    static Instant backupStart;
    static int next;
    String standbyNs;

    @BeforeAll
    static void production() {
        cluster = MockCluster.start();
        client = cluster.client();
        FakeVelero.builder(cluster, CLOCK).withRestoreDuration(Duration.ofMinutes(3)).install();
        FakeRollouts.install(cluster, CLOCK, Duration.ofMinutes(1));
        velero = Velero.using(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams").endMetadata().build()).create();
        client.apps().deployments().inNamespace("streams").resource(new DeploymentBuilder().withNewMetadata().withName("streams-api")
                .endMetadata().withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withName("api")
                .withImage("streams/api:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.apps().statefulSets().inNamespace("streams").resource(new StatefulSetBuilder().withNewMetadata().withName("streams-worker")
                .endMetadata().withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("worker")
                .withImage("streams/worker:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        backupStart = CLOCK.instant();
        velero.backup(BackupRequest.ofNamespace("streams").withName("nightly").build(), Poller.using(CLOCK, CLOCK));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void ownNamespace() {
        CLOCK.advance(Duration.ofMinutes(1)); // restores are named after the backup and the second: one test's never meets another's
        standbyNs = "streams-dr-" + (++next);
    }

    NamespaceStandby.Builder standby() {
        return NamespaceStandby.builder(velero, RestoreRequest.fromBackup("nightly").withNamespace("streams")
                .withNamespaceMapping("streams", standbyNs).build()).withReplicas("streams-api", 2)
                .withMaxAge(Duration.ofDays(30)); // the class shares one clock, which one test moves by 30 hours
    }

    static RunOptions options() {
        return RunOptions.defaults().withTime(CLOCK, CLOCK);
    }

    static PlanReport run(String name, io.streamsdr.core.PlanFragment fragment) {
        return RestorePlan.builder(name).withFragment(fragment).build().execute(options());
    }

    static List<CheckResult> preview(io.streamsdr.core.PlanFragment fragment) {
        return RestorePlan.builder("preview").withFragment(fragment).build().checkPreconditions(RunContext.of(options().poller()));
    }

    int apiReplicas() {
        return client.apps().deployments().inNamespace(standbyNs).withName("streams-api").get().getSpec().getReplicas();
    }

    int workerReplicas() {
        return client.apps().statefulSets().inNamespace(standbyNs).withName("streams-worker").get().getSpec().getReplicas();
    }

    @Test
    void theJavadocExampleRefreshesTheStandbyThenScalesItUp() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("streams-nightly").build(), Poller.using(CLOCK, CLOCK));
        RunOptions options = options();

        // JAVADOC:io.streamsdr.velero.NamespaceStandby:start
        NamespaceStandby standby = NamespaceStandby.builder(velero, RestoreRequest.fromBackup("streams-nightly")
                        .withNamespace("streams").withNamespaceMapping("streams", "streams-standby").build())
                .withReplicas(2).withReplicas("streams-api", 3)    // what the scale-up sets (default 1 each)
                .withMaxAge(Duration.ofHours(26))                  // older: the preview says so and the scale-up refuses
                .build();
        RestorePlan.builder("standby-refresh").withFragment(standby.refreshFragment()).build()
                .execute(options);                                 // nightly: the backup restored, every workload at 0
        PlanReport failover = RestorePlan.builder("failover").withFragment(standby.scaleUpFragment()).build()
                .execute(options);                                 // at failover: scaled up, waited until ready
        // JAVADOC:io.streamsdr.velero.NamespaceStandby:end

        assertThat(failover.succeeded()).as(failover.toText()).isTrue();
        assertThat(client.apps().deployments().inNamespace("streams-standby").withName("streams-api").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.apps().statefulSets().inNamespace("streams-standby").withName("streams-worker").get().getSpec().getReplicas())
                .isEqualTo(2);
    }

    @Test
    void theRefreshRestoresTheWorkloadsScaledToZeroAndCanRunAgainNightly() {
        NamespaceStandby standby = standby().build();

        run("refresh", standby.refreshFragment()).throwIfFailed();

        assertThat(apiReplicas()).isZero();
        assertThat(workerReplicas()).isZero();
        ConfigMap cm = client.configMaps().inNamespace("velero").withName(standby.modifierConfigMap()).get();
        assertThat(cm.getData().get("scale-to-zero.yaml")).contains("groupResource: deployments.apps", "groupResource: statefulsets.apps",
                "path: \"/spec/replicas\"", "- " + standbyNs);
        assertThat(client.apps().deployments().inNamespace("streams").withName("streams-api").get().getSpec().getReplicas())
                .as("production untouched").isEqualTo(3);

        CLOCK.advance(Duration.ofHours(1));
        run("refresh-again", standby.refreshFragment()).throwIfFailed();
        assertThat(apiReplicas()).isZero();
    }

    @Test
    void theScaleUpSetsTheReplicasWaitsUntilReadyAndRecordsTheStandbysAgeAsTheRpo() throws Exception {
        NamespaceStandby standby = standby().build();
        run("refresh", standby.refreshFragment()).throwIfFailed();
        CLOCK.advance(Duration.ofHours(2));
        List<CheckResult> checks = preview(standby.scaleUpFragment());
        Duration age = Duration.between(backupStart, CLOCK.instant());
        assertThat(checks).allMatch(CheckResult::passed);
        assertThat(checks.get(0).detail()).isEqualTo("2 workload(s) in '" + standbyNs + "', all scaled to zero");
        assertThat(checks.get(1).detail()).isEqualTo("restored from a backup started " + backupStart + ", "
                + io.streamsdr.core.spi.Durations.format(age) + " ago");
        assertThat(standby.scaleUpFragment().strategy().orElseThrow().dataLoss().orElseThrow().now(RunContext.of(options().poller())))
                .isEqualTo(Optional.of(age));
        Instant start = CLOCK.instant();

        PlanReport report = run("failover", standby.scaleUpFragment()).throwIfFailed();

        assertThat(apiReplicas()).isEqualTo(2);
        assertThat(workerReplicas()).isEqualTo(1);
        assertThat(client.apps().deployments().inNamespace(standbyNs).withName("streams-api").get().getStatus().getReadyReplicas()).isEqualTo(2);
        // the fake rolls out in 1 minute; the wait looks every 2 s growing to 15 s
        assertThat(CLOCK.elapsedSince(start)).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(1).plusSeconds(16));
        assertThat(report.rpo()).containsEntry("namespace " + standbyNs, age);
    }

    @Test
    void aStandbyThatRunsIsRefusedAsATargetUnlessAccepted() {
        NamespaceStandby standby = standby().build();
        run("refresh", standby.refreshFragment()).throwIfFailed();
        client.apps().deployments().inNamespace(standbyNs).withName("streams-api").scale(4);

        List<CheckResult> refresh = preview(standby.refreshFragment());
        List<CheckResult> scaleUp = preview(standby.scaleUpFragment());
        String refused = "Refused by guard rail 'the standby must be scaled to zero': namespace '" + standbyNs + "' runs Deployment/streams-api"
                + " (4 replicas): it is not a passive standby (was it scaled up?). To proceed anyway: withRunningWorkloads(RunningWorkloads.ACCEPT),"
                + " or scale it to zero first";
        assertThat(refresh.get(0).passed()).isFalse();
        assertThat(refresh.get(0).detail()).isEqualTo(refused);
        assertThat(scaleUp.get(0).detail()).isEqualTo(refused);

        NamespaceStandby accepting = standby.toBuilder().withRunningWorkloads(RunningWorkloads.ACCEPT).build();
        assertThat(preview(accepting.scaleUpFragment())).allMatch(CheckResult::passed);
        run("refresh-over-it", accepting.refreshFragment()).throwIfFailed();
        assertThat(apiReplicas()).as("the refresh scaled it back to zero").isZero();
    }

    @Test
    void aStandbyOlderThanItsMaximumAgeOrMissingMakesThePreviewSaySo() {
        NamespaceStandby missing = standby().build();
        assertThat(preview(missing.scaleUpFragment()).get(0).detail()).isEqualTo("Refused by guard rail 'a standby must be in place': namespace '"
                + standbyNs + "' holds no Deployment or StatefulSet. To proceed anyway: run the standby's refresh fragment first (namespace-standby-refresh)");

        NamespaceStandby standby = standby().withMaxAge(Duration.ofHours(1)).build();
        run("refresh", standby.refreshFragment()).throwIfFailed();
        CLOCK.advance(Duration.ofHours(30));
        Duration age = Duration.between(backupStart, CLOCK.instant());

        CheckResult old = preview(standby.scaleUpFragment()).get(1);
        assertThat(old.passed()).isFalse();
        assertThat(old.detail()).isEqualTo("Refused by guard rail 'the standby must be at most 1h old': the standby in '" + standbyNs + "' is "
                + io.streamsdr.core.spi.Durations.format(age) + " old (backup started " + backupStart + "): a failover now would lose everything"
                + " since. To proceed anyway: refresh it, or raise the maximum with withMaxAge(..)");
    }

    @Test
    void aRestoreNamingAMissingModifierFailsValidationInTheFakeAsInVelero() {
        RestoreRequest request = RestoreRequest.fromBackup("nightly").withNamespace("streams").withNamespaceMapping("streams", standbyNs)
                .withResourceModifier("no-such-modifier").build();

        PlanReport report = run("restore", velero.restoreStep("restore", request));

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failure().orElseThrow()).hasMessageContaining("Error fetching resource modifier ConfigMap velero/no-such-modifier: not found");
    }

    // ------------------------------------------------------------------ bad input

    static Arguments bad(String what, ThrowingCallable call, String message) {
        return Arguments.of(what, call, message);
    }

    static NamespaceStandby.Builder valid() {
        return NamespaceStandby.builder(velero, RestoreRequest.fromBackup("nightly").withNamespace("streams").build());
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                bad("null velero", () -> NamespaceStandby.builder(null, RestoreRequest.fromBackup("b").withNamespace("s").build()),
                        "Invalid velero: must not be null"),
                bad("null request", () -> NamespaceStandby.builder(velero, null), "Invalid standby restore request: must not be null"),
                bad("request naming no namespace", () -> NamespaceStandby.builder(velero, RestoreRequest.fromBackup("nightly").build()),
                        "Invalid standby restore request: must name exactly one namespace with withNamespace(..), named 0"),
                bad("request naming two namespaces", () -> NamespaceStandby.builder(velero, RestoreRequest.fromBackup("nightly")
                        .withNamespace("a").withNamespace("b").build()),
                        "Invalid standby restore request: must name exactly one namespace with withNamespace(..), named 2"),
                bad("id with capitals", () -> valid().withId("Standby"), "Invalid standby id 'Standby': must be a DNS-1123 label: 1 to 63"
                        + " lower-case letters, digits or '-', starting and ending with a letter or digit"),
                bad("id of 50 characters", () -> valid().withId("s".repeat(50)),
                        "Invalid standby id '" + "s".repeat(50) + "': must be at most 49 characters, so that '<id>-scale-to-zero' fits in 63; was 50"),
                bad("zero replicas", () -> valid().withReplicas(0),
                        "Invalid standby replicas: must be at least 1 (a standby scaled up to zero serves nothing), was 0"),
                bad("negative replicas of a workload", () -> valid().withReplicas("streams-api", -1),
                        "Invalid replicas of standby workload 'streams-api': must be at least 1 (a standby scaled up to zero serves nothing), was -1"),
                bad("workload name with an underscore", () -> valid().withReplicas("streams_api", 1), "Invalid standby workload name"
                        + " 'streams_api': must be a DNS-1123 subdomain of at most 253 characters: lower-case letters, digits, '-' and '.',"
                        + " starting and ending with a letter or digit"),
                bad("null maximum age", () -> valid().withMaxAge(null), "Invalid standby maximum age: must not be null"),
                bad("zero maximum age", () -> valid().withMaxAge(Duration.ZERO), "Invalid standby maximum age: must be positive, was 0s"),
                bad("null running workloads policy", () -> valid().withRunningWorkloads(null), "Invalid running workloads policy: must not be null"),
                bad("null poll policy", () -> valid().withPollPolicy(null), "Invalid standby poll policy: must not be null"),
                bad("resource modifier name with a slash", () -> RestoreRequest.fromBackup("b").withResourceModifier("a/b"), "Invalid resource"
                        + " modifier ConfigMap 'a/b': must be a DNS-1123 subdomain of at most 253 characters: lower-case letters, digits, '-' and"
                        + " '.', starting and ending with a letter or digit"))
;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String message) {
        int before = cluster.requestCount();
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
        assertThat(cluster.requestCount()).isEqualTo(before);
    }
}
