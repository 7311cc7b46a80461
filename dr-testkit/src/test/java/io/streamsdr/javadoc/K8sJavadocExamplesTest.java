package io.streamsdr.javadoc;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.Helm;
import io.streamsdr.helm.HelmBinary;
import io.streamsdr.helm.HelmJava;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.helm.VeleroInstall;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.helm.FakeHelm;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.velero.FakeVelero;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.NamespaceDataCheck;
import io.streamsdr.velero.NamespaceHeartbeat;
import io.streamsdr.velero.Restore;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.ScheduleRequest;
import io.streamsdr.velero.Velero;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of dr-velero, dr-helm, dr-testkit's Kubernetes fakes and dr-core's {@code Precondition},
 * compiled and run on one mock Kubernetes API server with the fake Velero, rollouts and Helm, on a virtual clock.
 * {@code JavadocExamplesTest} keeps each {@code // JAVADOC:} region identical to its example.
 */
class K8sJavadocExamplesTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds-restore.endpoint.address");
    private final VirtualClock clock = VirtualClock.create();

    @Test
    void theExamplesRunOnTheMockCluster() {
        // JAVADOC:io.streamsdr.testkit.k8s.MockCluster:start
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            FakeVelero velero = FakeVelero.install(cluster, clock);
            examplesOn(cluster, client);                  // the test's code
        }
        // JAVADOC:io.streamsdr.testkit.k8s.MockCluster:end
    }

    private void examplesOn(MockCluster cluster, KubernetesClient client) {
        client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config")
                .endMetadata().addToData("mode", "production").build()).create();

        // JAVADOC:io.streamsdr.velero.NamespaceHeartbeat:start
        NamespaceHeartbeat heartbeat = NamespaceHeartbeat.in(client, "streams");
        heartbeat.beat(clock);                            // creates or updates ConfigMap streamsdr-heartbeat
        Optional<Instant> newest = heartbeat.newest();    // after the restore
        // JAVADOC:io.streamsdr.velero.NamespaceHeartbeat:end
        assertThat(newest).contains(clock.instant());
        assertThat(client.configMaps().inNamespace("streams").withName("streamsdr-heartbeat").get()).isNotNull();

        RunContext run = RunContext.of(Poller.using(clock, clock));
        // JAVADOC:io.streamsdr.velero.NamespaceDataCheck:start
        NamespaceDataCheck objects = NamespaceDataCheck.builder("namespace streams", client, "streams").build();
        DataBaseline before = objects.capture(run);   // just before the disaster
        // JAVADOC:io.streamsdr.velero.NamespaceDataCheck:end
        assertThat(before.count()).isEqualTo(1);   // streams-config; the heartbeat is read as the heartbeat
        assertThat(before.newestHeartbeat()).contains(clock.instant());

        // JAVADOC:io.streamsdr.velero.BackupRequest:start
        BackupRequest request = BackupRequest.ofNamespace("streams")
            .withTtl(Duration.ofDays(30))
            .build();
        // JAVADOC:io.streamsdr.velero.BackupRequest:end
        assertThat(request.ttl()).contains(Duration.ofDays(30));

        // JAVADOC:io.streamsdr.velero.ScheduleRequest:start
        ScheduleRequest daily = ScheduleRequest.named("streams-daily")
            .withSchedule("CRON_TZ=Europe/Paris 0 3 * * *")
            .withTemplate(BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(7)).build())
            .build();
        // JAVADOC:io.streamsdr.velero.ScheduleRequest:end
        assertThat(daily.name()).isEqualTo("streams-daily");

        // JAVADOC:io.streamsdr.velero.Velero:start
        Velero velero = Velero.using(client);                                    // Velero in namespace "velero"
        Poller poller = Poller.using(clock, clock);                              // a test's virtual time; Poller.system() is real time
        Backup backup = velero.backup(BackupRequest.ofNamespace("streams").build(), poller);   // waits for Completed
        velero.createSchedule(ScheduleRequest.named("streams-daily").withSchedule("@daily")
            .withTemplate(BackupRequest.ofNamespace("streams").build()).build());
        cluster.deleteNamespace("streams");                                      // the disaster (MockCluster, dr-testkit)
        Restore restore = velero.restore(RestoreRequest.fromBackup(backup.name()).build(), poller);
        // JAVADOC:io.streamsdr.velero.Velero:end
        assertThat(backup.isCompleted()).isTrue();
        assertThat(restore.isCompleted()).isTrue();
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get()).isNotNull();
        assertThat(objects.verify(run, before).passed()).isTrue();

        clock.advance(Duration.ofDays(1));   // the schedule's first backup
        cluster.deleteNamespace("streams");
        // JAVADOC:io.streamsdr.velero.RestoreRequest:start
        RestoreRequest fromSchedule = RestoreRequest.fromSchedule("streams-daily").build();
        // JAVADOC:io.streamsdr.velero.RestoreRequest:end
        // JAVADOC:io.streamsdr.core.Precondition:start
        Step.Builder restoreStep = Step.named("velero-restore")
            .withPrecondition(Precondition.of("newest backup of 'streams-daily' is Completed",
                () -> "backup " + velero.checkRestore(fromSchedule).name() + " is Completed"));
        // JAVADOC:io.streamsdr.core.Precondition:end
        List<CheckResult> checked = RestorePlan.builder("p").withStep(restoreStep.withAction(ctx -> { })).build().checkPreconditions(clock);
        assertThat(checked).singleElement().satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.detail()).startsWith("backup streams-daily-").endsWith(" is Completed");
        });
        assertThat(velero.restore(fromSchedule, poller).isCompleted()).isTrue();

        helmExamples(cluster, client);
    }

    private void helmExamples(MockCluster cluster, KubernetesClient client) {
        FakeRollouts.install(cluster, clock, Duration.ofSeconds(40));
        // JAVADOC:io.streamsdr.testkit.helm.FakeHelm:start
        FakeHelm helm = FakeHelm.create(clock)
            .withCluster(cluster.client())
            .withEnvFromValue("DB_HOST", "externalizedMariadb.host")
            .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers");
        // JAVADOC:io.streamsdr.testkit.helm.FakeHelm:end
        helm.install(InstallRequest.of(ReleaseRef.named("streams").inNamespace("streams"), "./charts/streams")
                .withValues(Map.of("externalizedMariadb", Map.of("host", "db-old"))).build());

        // JAVADOC:io.streamsdr.helm.ReleaseRef:start
        ReleaseRef streams = ReleaseRef.named("streams").inNamespace("streams-prod");
        // JAVADOC:io.streamsdr.helm.ReleaseRef:end
        assertThat(streams.name()).isEqualTo("streams");
        assertThat(streams.namespace()).isEqualTo("streams-prod");

        StepOutput<String> dbHost = DB_HOST;
        String password = "Restored-DB-Pa55";
        // JAVADOC:io.streamsdr.helm.ReleaseUpgrade:start
        PlanFragment repoint = ReleaseUpgrade.of(helm, ReleaseRef.named("streams").inNamespace("streams"), "./charts/streams")
            .withOverride("externalizedMariadb.host", dbHost)                      // a StepOutput<String> of an earlier step
            .withOverride("externalizedMariadb.password", Secret.of(password))     // carried by the fragment: masked everywhere
            .withRolloutWait(Rollout.using(client))
            .fragment("helm-repoint")
            .dependsOn("rds-restore");
        // JAVADOC:io.streamsdr.helm.ReleaseUpgrade:end
        PlanReport report = RestorePlan.builder("failover")
                .withStep(Step.named("rds-restore").publishes(DB_HOST).withAction(ctx -> ctx.publish(DB_HOST, "streams-dr.abc")))
                .withFragment(repoint)
                .build().execute(RunOptions.defaults().withTime(clock, clock));
        assertThat(report).succeeded();
        assertThat(helm.values(ReleaseRef.named("streams").inNamespace("streams")))
                .containsEntry("externalizedMariadb", Map.of("host", "streams-dr.abc", "password", password));
        assertThat(report.toText() + report.toJson()).doesNotContain(password);

        // JAVADOC:io.streamsdr.helm.VeleroInstall:start
        VeleroInstall install = VeleroInstall.aws()
            .withBucket("streams-velero-backups")
            .withRegion("eu-west-1")
            .withCredentials(Secret.of("[default]\naws_access_key_id=...\naws_secret_access_key=...\n"))
            .build();
        helm.install(install.request());
        // JAVADOC:io.streamsdr.helm.VeleroInstall:end
        assertThat(helm.values(ReleaseRef.named("velero").inNamespace("velero")).toString()).contains("streams-velero-backups", "eu-west-1");

        Secret credentials = Secret.of("[default]\naws_access_key_id=AKIAEXAMPLE\n");
        // JAVADOC:io.streamsdr.helm.InstallRequest:start
        InstallRequest request = InstallRequest.of(ReleaseRef.named("velero").inNamespace("velero"), "velero")
            .withRepository(URI.create("https://vmware-tanzu.github.io/helm-charts"))
            .withVersion("12.1.0")
            .withSecretValue("credentials.secretContents.cloud", credentials)
            .withNamespaceCreated(true)
            .build();
        // JAVADOC:io.streamsdr.helm.InstallRequest:end
        assertThat(request.createNamespace()).isTrue();
        assertThat(request.toString()).doesNotContain("AKIAEXAMPLE");
    }

    @Test
    void theTwoHelms() {
        // JAVADOC:io.streamsdr.helm.HelmBinary:start
        Helm helm = HelmBinary.onPath().withKubeConfig(Path.of("/home/me/.kube/config"));
        // JAVADOC:io.streamsdr.helm.HelmBinary:end
        assertThat(helm.toString()).contains("/home/me/.kube/config");
    }

    @Test
    void helmInProcess() {
        // JAVADOC:io.streamsdr.helm.HelmJava:start
        Helm helm = HelmJava.create().withKubeConfig(Path.of(System.getProperty("user.home"), ".kube", "config"));
        // JAVADOC:io.streamsdr.helm.HelmJava:end
        assertThat(helm.toString()).contains(".kube");
    }
}
