package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.HelmRelease;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.helm.VeleroInstall;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.helm.FakeHelm;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.ScheduleRequest;
import io.streamsdr.velero.Velero;
import io.streamsdr.velero.VeleroNamespaceTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The code of docs/velero.md and docs/helm.md, compiled and run against the fakes. Keep them in step. */
@Timeout(60)
class VeleroDocsExampleTest {

    @Test
    void veleroDocExample() {
        VirtualClock clock = VirtualClock.create();
        try (MockCluster cluster = MockCluster.start()) {
            FakeVelero.install(cluster, clock);
            KubernetesClient client = cluster.client();
            client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config")
                    .endMetadata().addToData("mode", "production").build()).create();

            // --- docs/velero.md: back up, schedule, read the RPO
            // README:k8s-velero:start
            // given: KubernetesClient client; VirtualClock clock
            Velero velero = Velero.using(client);                // Velero's objects in namespace "velero"
            Poller poller = Poller.using(clock, clock);          // the test's clock; Poller.system() for real time
            Backup backup = velero.backup(BackupRequest.ofNamespace("streams")
                    .withTtl(Duration.ofDays(30))
                    .build(), poller);                             // waits for Completed; fails at once otherwise
            velero.createSchedule(ScheduleRequest.named("streams-daily")
                    .withSchedule("CRON_TZ=Europe/Paris 0 3 * * *") // parsed as Velero parses it
                    .withTemplate(BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(7)).build())
                    .build());
            VeleroNamespaceTarget target = velero.namespaceTarget("streams").withRpoObjective(Duration.ofHours(26));
            ProtectionStatus status = target.protectionStatus(RunContext.of(poller)); // RPO = age of the newest Completed backup
            // README:k8s-velero:end
            // --- end

            assertThat(backup.isCompleted()).isTrue();
            assertThat(status.healthy()).isTrue();
            assertThat(target.recoveryPoints(RunContext.of(poller))).extracting(RecoveryPoint::id).contains(backup.name());
            clock.advance(Duration.ofDays(1));
            cluster.deleteNamespace("streams");

            // --- docs/velero.md: restore in a plan
            // README:k8s-restore:start
            // given: Velero velero; VirtualClock clock
            RestorePlan plan = RestorePlan.builder("k8s-failover")
                    .withFragment(velero.restoreStep("velero-restore", RestoreRequest.fromSchedule("streams-daily").build())
                            .withTimeout(Duration.ofHours(1)))
                    .build();
            PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
            // README:k8s-restore:end
            // --- end

            assertThat(report.succeeded()).as(report.toText()).isTrue();
            assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get()).isNotNull();
            assertThat(velero.backupsOfSchedule("streams-daily")).hasSize(2);
        }
    }

    static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
    static final StepOutput<String> KAFKA_BOOTSTRAP = StepOutput.string("kafka.bootstrap.servers");

    @Test
    void helmDocExample() {
        VirtualClock clock = VirtualClock.create();
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            FakeRollouts.install(cluster, clock, Duration.ofSeconds(40));
            FakeHelm helm = FakeHelm.create(clock).withCluster(client)
                    .withEnvFromValue("DB_HOST", "externalizedMariadb.host")
                    .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers");
            helm.install(InstallRequest.of(ReleaseRef.named("streams").inNamespace("streams"), "./charts/streams")
                    .withValues(Map.of("externalizedMariadb", Map.of("host", "db-old"), "replicaCount", 3)).build());
            Secret dbPassword = Secret.of("Restored-DB-Pa55");

            // --- docs/helm.md: install Velero with the runbook's AWS values
            VeleroInstall install = VeleroInstall.aws()
                    .withBucket("streams-velero-backups")
                    .withRegion("eu-west-1")
                    .withCredentials(Secret.of("[default]\naws_access_key_id=AKIAEXAMPLE\naws_secret_access_key=example\n"))
                    .build();
            HelmRelease velero = helm.install(install.request());
            // --- docs/helm.md: the re-point step
            // README:k8s-helm:start
            // given: Helm helm; KubernetesClient client; VirtualClock clock; StepOutput<String> DB_HOST; StepOutput<String> KAFKA_BOOTSTRAP; Secret dbPassword
            RestorePlan plan = RestorePlan.builder("failover")
                    .withStep(Step.named("rds-restore").publishes(DB_HOST)
                            .withAction(ctx -> ctx.publish(DB_HOST, "streams-dr.abc.eu-west-1.rds.amazonaws.com")))
                    .withStep(Step.named("kafka-failback").publishes(KAFKA_BOOTSTRAP)
                            .withAction(ctx -> ctx.publish(KAFKA_BOOTSTRAP, "b-1.dr:9092,b-2.dr:9092")))
                    .withFragment(ReleaseUpgrade.of(helm, ReleaseRef.named("streams").inNamespace("streams"), "./charts/streams")
                            .withOverride("externalizedMariadb.host", DB_HOST)
                            .withOverride("externalizedKafka.bootstrapServers", KAFKA_BOOTSTRAP)
                            .withOverride("externalizedMariadb.password", dbPassword) // a Secret: masked in every report
                            .withRolloutWait(Rollout.using(client))
                            .fragment("helm-repoint")
                            .dependsOn("rds-restore", "kafka-failback")
                            .withTimeout(Duration.ofMinutes(15)))
                    .build();
            PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
            // README:k8s-helm:end
            // --- end

            assertThat(velero.isDeployed()).isTrue();
            assertThat(report.succeeded()).as(report.toText()).isTrue();
            assertThat(helm.values(ReleaseRef.named("streams").inNamespace("streams"))).containsEntry("replicaCount", 3)
                    .containsEntry("externalizedMariadb", Map.of("host", "streams-dr.abc.eu-west-1.rds.amazonaws.com",
                            "password", "Restored-DB-Pa55"));
            assertThat(helm.upgrades()).hasSize(1);
            assertThat(report.toJson() + report.toText() + report.toHtml()).doesNotContain("Restored-DB-Pa55");
        }
    }
}
