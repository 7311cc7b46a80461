package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.BackupPhase;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.ExistingResourcePolicy;
import io.streamsdr.velero.Restore;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Schedule;
import io.streamsdr.velero.SchedulePhase;
import io.streamsdr.velero.ScheduleRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** dr-velero against the fake Velero controller over fabric8's mock API server, on virtual time. */
@Timeout(60)
class FakeVeleroTest {
    private VirtualClock clock;
    private MockCluster cluster;
    private KubernetesClient client;
    private FakeVelero fake;
    private Velero velero;
    private Poller poller;

    @BeforeEach
    void start() {
        clock = VirtualClock.create();
        poller = Poller.using(clock, clock);
        cluster = MockCluster.start();
        client = cluster.client();
        fake = FakeVelero.install(cluster, clock);
        velero = Velero.using(client);
        seedStreamsNamespace("streams");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void seedStreamsNamespace(String ns) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config").endMetadata()
                .addToData("mode", "production").build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("streams-db").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes())).build()).create();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("streams-api").endMetadata()
                .withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("streams-api").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("api").withImage("streams/api:1")
                .addNewEnv().withName("DB_HOST").withValue("db-primary").endEnv().endContainer().endSpec().endTemplate().endSpec().build())
                .create();
    }

    @Test
    void backupDeleteNamespaceRestoreBringsTheObjectsBack() {
        Backup backup = velero.backup(BackupRequest.ofNamespace("streams").withName("before-disaster").build(), poller);

        assertThat(backup.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(backup.startTimestamp()).contains(VirtualClock.DEFAULT_START);
        assertThat(backup.completionTimestamp()).contains(VirtualClock.DEFAULT_START.plusSeconds(30));
        assertThat(backup.expiration()).contains(VirtualClock.DEFAULT_START.plus(Duration.ofHours(720)));
        assertThat(fake.backupContents("before-disaster")).contains("ConfigMap/streams/streams-config",
                "Secret/streams/streams-db", "Service/streams/streams-api", "Deployment/streams/streams-api");

        cluster.deleteNamespace("streams");
        assertThat(client.configMaps().inNamespace("streams").list().getItems()).isEmpty();

        Restore restore = velero.restore(RestoreRequest.fromBackup("before-disaster").build(), poller);

        assertThat(restore.backupName()).contains("before-disaster");
        assertThat(restore.warnings()).isZero();
        assertThat(client.namespaces().withName("streams").get()).isNotNull();
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get().getData()).containsEntry("mode", "production");
        assertThat(client.secrets().inNamespace("streams").withName("streams-db").get().getData()).containsKey("password");
        assertThat(client.services().inNamespace("streams").withName("streams-api").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace("streams").withName("streams-api").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().get(0).getValue()).isEqualTo("db-primary");
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get().getMetadata().getLabels())
                .containsEntry("velero.io/backup-name", "before-disaster");
    }

    @Test
    void restoreWhileTheNamespaceHasResourcesIsRefusedAndNothingIsCreated() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);

        assertThatThrownBy(() -> velero.restore(RestoreRequest.fromBackup("b1").build(), poller))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("namespace 'streams' exists with resources in it")
                .hasMessageContaining("Deployment/streams-api")
                .hasMessageContaining("withExistingResourcePolicy(ExistingResourcePolicy.UPDATE)");
        assertThat(velero.findRestore("b1-20260101000030")).isEmpty();
    }

    @Test
    void existingObjectsThatDifferAreSkippedWithAWarningUnlessPolicyIsUpdate() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        client.configMaps().inNamespace("streams").withName("streams-config").edit(c -> {
            c.getData().put("mode", "drifted");
            return c;
        });
        // Straight to the fake: what Velero itself does without the guard rail.
        Restore updated = velero.restore(RestoreRequest.fromBackup("b1").withName("r-update")
                .withExistingResourcePolicy(ExistingResourcePolicy.UPDATE).build(), poller);
        assertThat(updated.warnings()).isZero();
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get().getData()).containsEntry("mode", "production");

        client.configMaps().inNamespace("streams").withName("streams-config").edit(c -> {
            c.getData().put("mode", "drifted-again");
            return c;
        });
        createRawRestore("r-none", Map.of("backupName", "b1"));
        Restore none = velero.awaitRestore("r-none", poller);
        assertThat(none.warnings()).isEqualTo(1);
        assertThat(fake.restoreWarnings("r-none")).singleElement().asString()
                .contains("ConfigMap \"streams-config\" already exists").contains("different than the backed-up version");
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get().getData()).containsEntry("mode", "drifted-again");
    }

    /** A Restore written straight to the API, as the velero CLI would, with no guard rail. */
    private void createRawRestore(String name, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("velero.io/v1");
        r.setKind("Restore");
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("velero").build());
        r.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(RESTORES).inNamespace("velero").resource(r).create();
    }

    private static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder().withGroup("velero.io")
            .withVersion("v1").withKind("Restore").withPlural("restores").withNamespaced(true).build();

    @Test
    void scheduleTicksAndRestoreFromScheduleUsesTheNewestCompletedBackup() {
        Schedule created = velero.createSchedule(ScheduleRequest.named("streams-hourly").withSchedule("0 * * * *")
                .withTemplate(BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(2)).build()).build());
        assertThat(created.schedule()).isEqualTo("0 * * * *");

        // A new schedule backs up at once, then every hour; the 03:00 backup fails partially.
        fake.injectBackupOutcome("streams-hourly-20260101030000", FakeVelero.Outcome.partiallyFailed(2, 1));
        clock.advance(Duration.ofHours(3).plusMinutes(10));

        List<Backup> backups = velero.backupsOfSchedule("streams-hourly");
        assertThat(backups).extracting(Backup::name).containsExactly("streams-hourly-20260101030000",
                "streams-hourly-20260101020000", "streams-hourly-20260101010000", "streams-hourly-20260101000000");
        assertThat(backups.get(0).phase()).isEqualTo(BackupPhase.PARTIALLY_FAILED);
        assertThat(backups).allSatisfy(b -> assertThat(b.scheduleName()).contains("streams-hourly"));
        Schedule schedule = velero.findSchedule("streams-hourly").orElseThrow();
        assertThat(schedule.phase()).isEqualTo(SchedulePhase.ENABLED);
        assertThat(schedule.lastBackup()).contains(VirtualClock.DEFAULT_START.plus(Duration.ofHours(3)));

        assertThat(velero.newestCompletedBackupOfSchedule("streams-hourly")).map(Backup::name).contains("streams-hourly-20260101020000");
        cluster.deleteNamespace("streams");
        Restore restore = velero.restore(RestoreRequest.fromSchedule("streams-hourly").build(), poller);
        assertThat(restore.scheduleName()).contains("streams-hourly");
        assertThat(restore.backupName()).contains("streams-hourly-20260101020000");
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get()).isNotNull();
    }

    @Test
    void aTickWhileTheScheduleBackupIsRunningIsSkipped() {
        FakeVelero slow = null;
        cluster.close();
        cluster = MockCluster.start();
        client = cluster.client();
        slow = FakeVelero.builder(cluster, clock).withBackupDuration(Duration.ofMinutes(90)).install();
        velero = Velero.using(client);
        seedStreamsNamespace("streams");
        velero.createSchedule(ScheduleRequest.named("s").withSchedule("@every 1h").withTemplate(BackupRequest.ofNamespace("streams").build()).build());
        clock.advance(Duration.ofHours(3).plusMinutes(30));

        assertThat(velero.backupsOfSchedule("s")).extracting(Backup::name)
                .containsExactly("s-20260101020000", "s-20260101000000");
        // 01:00 and 03:00 fell while a 90-minute backup was running: skipped, not caught up.
        assertThat(velero.findSchedule("s").orElseThrow().lastSkipped()).contains(VirtualClock.DEFAULT_START.plus(Duration.ofHours(3)));
        assertThat(slow).isNotNull();
    }

    @Test
    void partiallyFailedBackupFailsAtOnceWithItsCounts() {
        fake.injectNextBackupOutcome(FakeVelero.Outcome.partiallyFailed(3, 2));

        assertThatThrownBy(() -> velero.backup(BackupRequest.ofNamespace("streams").withName("b-partial").build(), poller))
                .isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("Velero backup 'b-partial' to complete cannot complete")
                .hasMessageContaining("PartiallyFailed")
                .hasMessageContaining("3 errors")
                .hasMessageContaining("2 warnings")
                .hasMessageContaining("velero backup logs b-partial");
        // It failed as soon as the backup ended, not at the 4-hour timeout.
        assertThat(clock.elapsedSince(VirtualClock.DEFAULT_START)).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void failedBackupCarriesItsFailureReason() {
        fake.injectNextBackupOutcome(FakeVelero.Outcome.failed("backup storage location default is unavailable"));

        assertThatThrownBy(() -> velero.backup(BackupRequest.ofNamespace("streams").withName("b-failed").build(), poller))
                .isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("Failed")
                .hasMessageContaining("failure reason: backup storage location default is unavailable");
    }

    @Test
    void partiallyFailedRestoreFailsTheWait() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        cluster.deleteNamespace("streams");
        fake.injectNextRestoreOutcome(FakeVelero.Outcome.partiallyFailed(1, 0));

        assertThatThrownBy(() -> velero.restore(RestoreRequest.fromBackup("b1").withName("r1").build(), poller))
                .isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("restore 'r1' is PartiallyFailed")
                .hasMessageContaining("1 error");
    }

    @Test
    void restoreFromScheduleWithoutACompletedBackupIsRefused() {
        fake.injectNextBackupOutcome(FakeVelero.Outcome.failed("boom"));
        velero.createSchedule(ScheduleRequest.named("s").withSchedule("@daily").withTemplate(BackupRequest.ofNamespace("streams").build()).build());
        clock.advance(Duration.ofMinutes(5));
        cluster.deleteNamespace("streams");

        assertThatThrownBy(() -> velero.restore(RestoreRequest.fromSchedule("s").build(), poller))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("schedule 's' has no Completed backup")
                .hasMessageContaining("Failed");
    }

    @Test
    void restoreIntoAnotherNamespaceNeedsAMappingAndCarriesTheRunbookWarning() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        RestoreRequest request = RestoreRequest.fromBackup("b1").withNamespaceMapping("streams", "streams-dr").build();
        assertThat(request.warnings()).containsExactly(RestoreRequest.OTHER_NAMESPACE_WARNING);

        Restore restore = velero.restore(request, poller);

        assertThat(restore.namespaceMapping()).containsEntry("streams", "streams-dr");
        assertThat(client.configMaps().inNamespace("streams-dr").withName("streams-config").get()).isNotNull();
        assertThat(client.namespaces().withName("streams-dr").get()).isNotNull();

        assertThatThrownBy(() -> velero.restore(RestoreRequest.fromBackup("b1").withNamespaceMapping("other", "x").build(), poller))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("holds namespaces [streams], not 'other'");
    }

    @Test
    void namespaceTargetReportsRecoveryPointsAndRpo() {
        var target = velero.namespaceTarget("streams").withRpoObjective(Duration.ofHours(2));
        RunContext ctx = RunContext.of(Poller.using(clock, clock));
        assertThat(target.protectionStatus(ctx).healthy()).isFalse();
        assertThat(target.protectionStatus(ctx).reason().orElseThrow()).contains("no Completed Velero backup");

        RecoveryPoint first = target.takeRecoveryPoint(ctx);
        clock.advance(Duration.ofMinutes(30));
        RecoveryPoint second = target.takeRecoveryPoint(ctx);
        clock.advance(Duration.ofMinutes(15));

        assertThat(target.recoveryPoints(ctx)).extracting(RecoveryPoint::id).containsExactly(second.id(), first.id());
        ProtectionStatus status = target.protectionStatus(ctx);
        assertThat(status.healthy()).isTrue();
        assertThat(status.rpo()).contains(Duration.between(second.capturedAt(), clock.instant()));
        assertThat(status.rpo().orElseThrow()).isGreaterThan(Duration.ofMinutes(15));

        fake.injectNextBackupOutcome(FakeVelero.Outcome.partiallyFailed(1, 0));
        assertThatThrownBy(() -> target.takeRecoveryPoint(ctx)).isInstanceOf(TerminalStateException.class);
        assertThat(target.protectionStatus(ctx).reason().orElseThrow()).contains("PartiallyFailed").contains("1 error");

        clock.advance(Duration.ofHours(3));
        assertThat(target.protectionStatus(ctx).rpo().orElseThrow()).isGreaterThan(Duration.ofHours(2));
    }

    @Test
    void namespaceTargetNamesItsNewestBackupAndItsScheduleDefinesTheExpectedInterval() {
        var target = velero.namespaceTarget("streams");
        RunContext ctx = RunContext.of(Poller.using(clock, clock));
        target.takeRecoveryPoint(ctx);
        clock.advance(Duration.ofHours(1));
        RecoveryPoint newest = target.takeRecoveryPoint(ctx);
        clock.advance(Duration.ofMinutes(10));

        ProtectionStatus status = target.protectionStatus(ctx);

        assertThat(status.newestRecoveryPoint()).contains(newest);
        assertThat(status.recoverableTo()).contains(newest.capturedAt());
        assertThat(target.kind()).isEqualTo("velero");
        assertThat(target.expectedInterval()).as("no schedule given").isEmpty();

        ScheduleRequest sixHourly = ScheduleRequest.named("streams-6h").withSchedule("0 */6 * * *")
                .withTemplate(BackupRequest.ofNamespace("streams").build()).build();
        assertThat(target.withSchedule(sixHourly).expectedInterval()).contains(Duration.ofHours(6));
        ScheduleRequest weekdays = ScheduleRequest.named("streams-weekdays").withSchedule("0 2 * * 1-5")
                .withTemplate(BackupRequest.ofNamespace("streams").build()).build();
        assertThat(target.withSchedule(weekdays).expectedInterval()).as("Friday 02:00 to Monday 02:00").contains(Duration.ofDays(3));
        assertThat(target.withSchedule(sixHourly).withRpoObjective(Duration.ofHours(1)).expectedInterval())
                .as("kept by the other copies").contains(Duration.ofHours(6));

        ScheduleRequest otherNamespace = ScheduleRequest.named("billing").withSchedule("@daily")
                .withTemplate(BackupRequest.ofNamespace("billing").build()).build();
        assertThatThrownBy(() -> target.withSchedule(otherNamespace)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid schedule 'billing' of namespace 'streams': must back up namespace 'streams', but its template "
                        + "includes [billing]");
        ScheduleRequest never = ScheduleRequest.named("never").withSchedule("0 0 30 2 *")
                .withTemplate(BackupRequest.ofNamespace("streams").build()).build();
        assertThatThrownBy(() -> target.withSchedule(never)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid schedule 'never' of namespace 'streams': '0 0 30 2 *' fires fewer than twice in five years: it "
                        + "defines no interval between backups");
        assertThatThrownBy(() -> target.withSchedule(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid schedule of namespace 'streams': must not be null");
    }

    @Test
    void namespaceTargetTakesItsTimeFromTheRunContextOnly() {
        // The run's clock is a day ahead of Velero's; its sleeper moves Velero's time on.
        java.time.Clock runClock = java.time.Clock.offset(clock, Duration.ofDays(1));
        RunContext ctx = RunContext.of(Poller.using(runClock, clock));
        var target = velero.namespaceTarget("streams");

        RecoveryPoint point = target.takeRecoveryPoint(ctx);

        assertThat(point.id()).as("named on the run's clock").isEqualTo("streams-20260102000000");
        assertThat(point.capturedAt()).as("captured when Velero started it, on Velero's clock").isEqualTo(VirtualClock.DEFAULT_START);
        assertThat(target.protectionStatus(ctx).rpo()).as("measured to the run's now")
                .contains(Duration.between(VirtualClock.DEFAULT_START, runClock.instant()));
        assertThat(target.protectionStatus(RunContext.of(poller)).rpo()).contains(Duration.between(VirtualClock.DEFAULT_START, clock.instant()));
    }

    @Test
    void restoreStepInAPlanRestoresAndRecordsTheRpo() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        clock.advance(Duration.ofMinutes(10));
        cluster.deleteNamespace("streams");

        RestorePlan plan = RestorePlan.builder("k8s-failover")
                .withFragment(velero.restoreStep("velero-restore", RestoreRequest.fromBackup("b1").build()).withTimeout(Duration.ofHours(1)))
                .build();
        java.time.Instant restoreStartsAt = clock.instant();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).isTrue();
        assertThat(client.apps().deployments().inNamespace("streams").withName("streams-api").get()).isNotNull();
        // The backup started at the clock's start; the restore began 10 minutes after the backup was seen Completed.
        assertThat(report.rpo()).containsEntry("namespace streams", Duration.between(VirtualClock.DEFAULT_START, restoreStartsAt));
    }

    @Test
    void aBackupThatWillEndPartiallyFailedFailsTheWaitWhileFinalizing() {
        fake.injectNextBackupOutcome(FakeVelero.Outcome.partiallyFailed(4, 0));

        assertThatThrownBy(() -> velero.backup(BackupRequest.ofNamespace("streams").withName("b-fin").build(), poller))
                .isInstanceOf(TerminalStateException.class)
                .hasMessageContaining("is FinalizingPartiallyFailed").hasMessageContaining("4 errors, 0 warnings");
        // Seen before the backup's end at 30 s: the wait did not sit out the finalizing phase.
        assertThat(clock.instant()).isBefore(VirtualClock.DEFAULT_START.plusSeconds(30));
        clock.advance(Duration.ofMinutes(1));
        assertThat(velero.findBackup("b-fin").orElseThrow().phase()).isEqualTo(BackupPhase.PARTIALLY_FAILED);
    }

    @Test
    void velero118QueuePhasesAreWaitedThrough() {
        cluster.close();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeVelero.builder(cluster, clock).withQueuePhases(true).install();
        velero = Velero.using(client);
        seedStreamsNamespace("streams");

        velero.createBackup(BackupRequest.ofNamespace("streams").withName("queued").build(), clock);
        assertThat(velero.findBackup("queued").orElseThrow().phase()).isEqualTo(BackupPhase.QUEUED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(velero.findBackup("queued").orElseThrow().phase()).isEqualTo(BackupPhase.READY_TO_START);
        clock.advance(Duration.ofSeconds(1));
        assertThat(velero.findBackup("queued").orElseThrow().phase()).isEqualTo(BackupPhase.IN_PROGRESS);
        clock.advance(Duration.ofSeconds(26));
        assertThat(velero.findBackup("queued").orElseThrow().phase()).isEqualTo(BackupPhase.FINALIZING);

        Backup done = velero.awaitBackup("queued", poller);
        assertThat(done.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(done.startTimestamp()).contains(VirtualClock.DEFAULT_START.plusSeconds(2));
    }

    @Test
    void backupStepInAPlanWaitsForCompleted() {
        RestorePlan plan = RestorePlan.builder("backup-now")
                .withFragment(velero.backupStep("velero-backup", BackupRequest.ofNamespace("streams").withName("planned").build()))
                .build();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));

        assertThat(report.succeeded()).isTrue();
        assertThat(velero.findBackup("planned").orElseThrow().isCompleted()).isTrue();
        assertThat(report.step("velero-backup").orElseThrow().outputs()).containsEntry("velero-backup.backup.name", "planned");
    }

    @Test
    void anInvalidScheduleWrittenStraightToTheApiFailsValidationLikeVelero() {
        GenericKubernetesResource s = new GenericKubernetesResource();
        s.setApiVersion("velero.io/v1");
        s.setKind("Schedule");
        s.setMetadata(new ObjectMetaBuilder().withName("bad").withNamespace("velero").build());
        s.setAdditionalProperty("spec", Map.of("schedule", "0 3 * * 7", "template", Map.of("includedNamespaces", List.of("streams"))));
        client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1")
                .withKind("Schedule").withPlural("schedules").withNamespaced(true).build()).inNamespace("velero").resource(s).create();

        Schedule bad = velero.findSchedule("bad").orElseThrow();
        assertThat(bad.phase()).isEqualTo(SchedulePhase.FAILED_VALIDATION);
        assertThat(bad.validationErrors()).singleElement().asString().startsWith("invalid schedule: ").contains("above maximum (6)");
        clock.advance(Duration.ofDays(2));
        assertThat(velero.backupsOfSchedule("bad")).isEmpty();
    }

    @Test
    void aBackupThatOutlivesThePollPolicyTimesOutWithItsLastState() {
        cluster.close();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeVelero.builder(cluster, clock).withBackupDuration(Duration.ofHours(6)).install();
        seedStreamsNamespace("streams");
        Velero impatient = Velero.using(client).withPollPolicy(Velero.DEFAULT_POLL_POLICY.withTimeout(Duration.ofHours(1)));

        assertThatThrownBy(() -> impatient.backup(BackupRequest.ofNamespace("streams").withName("slow").build(), poller))
                .isInstanceOf(io.streamsdr.core.TimedOutException.class)
                .hasMessageContaining("Velero backup 'slow' to complete did not complete within 1h")
                .hasMessageContaining("last state seen: InProgress");
        assertThat(clock.elapsedSince(VirtualClock.DEFAULT_START)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRestoreIntoAnEmptyExistingNamespaceIsAllowed() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), poller);
        cluster.deleteNamespace("streams");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams").endMetadata().build()).create();
        client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt")
                .endMetadata().addToData("ca.crt", "x").build()).create();

        Restore restore = velero.restore(RestoreRequest.fromBackup("b1").build(), poller);

        assertThat(restore.phase()).isEqualTo(io.streamsdr.velero.RestorePhase.COMPLETED);
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get()).isNotNull();
    }

    @Test
    void partiallyFailedBackupsAreRestoredOnlyWhenAllowed() {
        velero.createSchedule(ScheduleRequest.named("s").withSchedule("@hourly").withTemplate(BackupRequest.ofNamespace("streams").build()).build());
        fake.injectBackupOutcome("s-20260101010000", FakeVelero.Outcome.partiallyFailed(1, 0));
        clock.advance(Duration.ofMinutes(70));
        cluster.deleteNamespace("streams");

        assertThatThrownBy(() -> velero.restore(RestoreRequest.fromBackup("s-20260101010000").build(), poller))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("is PartiallyFailed")
                .hasMessageContaining("withPartiallyFailedBackupAllowed(true)");

        Restore fromNewest = velero.restore(RestoreRequest.fromSchedule("s").withName("r-allowed").withPartiallyFailedBackupAllowed(true).build(), poller);

        // Named by the client, as the CLI's --allow-partially-failed does; Velero itself would skip it.
        assertThat(fromNewest.backupName()).contains("s-20260101010000");
        assertThat(fromNewest.scheduleName()).isEmpty();
        assertThat(velero.checkRestore(RestoreRequest.fromSchedule("s").withExistingResourcePolicy(ExistingResourcePolicy.UPDATE).build()).name())
                .isEqualTo("s-20260101000000");
    }
}
