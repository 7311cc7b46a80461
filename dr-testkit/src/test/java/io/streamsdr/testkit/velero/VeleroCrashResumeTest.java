package io.streamsdr.testkit.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.StepRecord;
import io.streamsdr.testkit.CrashingJournal;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.BackupPhase;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.Restore;
import io.streamsdr.velero.RestorePhase;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Velero's backup and restore steps, "crashed" with dr-testkit's {@link CrashingJournal} against the
 * fake Velero on the mock API server: before every journal write, just after the checkpoint write
 * (between saving the name and the create call), and in the middle of the wait (after the create).
 * Each resumed run ends with exactly ONE Backup (Restore) and a Completed result.
 */
@Timeout(60)
class VeleroCrashResumeTest {
    /** Journal writes of a clean run of a one-step fragment: RUNNING, the checkpoint (the name), SUCCEEDED. */
    private static final int WRITES = 3;
    private static final int CHECKPOINT_WRITE = 2;
    private static final java.time.format.DateTimeFormatter NAME_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(java.time.ZoneOffset.UTC);
    private static final ResourceDefinitionContext BACKUPS = context("Backup", "backups");
    private static final ResourceDefinitionContext RESTORES = context("Restore", "restores");

    /** Velero's time: the fake controller moves on it; a resumed run waits on it. */
    private VirtualClock clock;
    private MockCluster cluster;
    private KubernetesClient client;
    private Velero velero;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        clock = VirtualClock.create();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeVelero.install(cluster, clock);
        velero = Velero.using(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("streams").endMetadata().build()).create();
        client.configMaps().inNamespace("streams").resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config").endMetadata()
                .addToData("mode", "production").build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("velero.io").withVersion("v1").withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }

    private List<GenericKubernetesResource> all(ResourceDefinitionContext kind) {
        return client.genericKubernetesResources(kind).inNamespace("velero").list().getItems();
    }

    private RunOptions on(VirtualClock time, Journal journal) {
        return RunOptions.defaults().withTime(time, time).withJournal(journal).onEvents(new PlanListener() {
            @Override
            public void stepProgress(String stepId, String message, Instant at) {
                progress.add(message);
            }
        });
    }

    static IntStream everyWrite() {
        return IntStream.range(0, WRITES);
    }

    // ------------------------------------------------------------------ backupStep

    private RestorePlan backupPlan() {
        return RestorePlan.builder("nightly-backup").withFragment(velero.backupStep("nightly", BackupRequest.ofNamespace("streams").build()))
                .build();
    }

    private void assertExactlyOneCompletedBackup(PlanReport resumed) {
        assertThat(resumed.succeeded()).as(resumed.toText()).isTrue();
        assertThat(all(BACKUPS)).as("Backups in the cluster").hasSize(1);
        String name = all(BACKUPS).get(0).getMetadata().getName();
        assertThat(velero.findBackup(name).map(Backup::phase)).contains(BackupPhase.COMPLETED);
        assertThat(resumed.step("nightly").orElseThrow().outputs()).containsEntry("nightly.backup.name", name);
    }

    @ParameterizedTest(name = "backup step, crash before journal write {0}")
    @MethodSource("everyWrite")
    void aBackupStepCrashedBeforeAnyJournalWriteResumesToOneBackup(int writesBeforeCrash) {
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(journal, writesBeforeCrash);

        assertThatThrownBy(() -> backupPlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(crashing.writes()).isEqualTo(writesBeforeCrash);
        assertThat(all(BACKUPS)).as("a Backup is created only after its name is in the journal")
                .hasSize(writesBeforeCrash >= CHECKPOINT_WRITE ? 1 : 0);

        PlanReport resumed = backupPlan().execute(on(clock, journal));

        assertExactlyOneCompletedBackup(resumed);
    }

    @Test
    void aBackupStepCrashedBetweenTheCheckpointAndTheCreateCreatesTheBackupItPlanned() {
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingAfterWrite(journal, CHECKPOINT_WRITE);

        assertThatThrownBy(() -> backupPlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class)
                .hasMessageContaining("checkpoints [velero.backup]");
        StepRecord record = journal.load().orElseThrow().steps().get("nightly");
        String planned = record.checkpoints().get("velero.backup");
        assertThat(planned).isEqualTo("streams-20260101000000");
        assertThat(all(BACKUPS)).as("the process died before the create call").isEmpty();
        clock.advance(Duration.ofMinutes(5));

        PlanReport resumed = backupPlan().execute(on(clock, journal));

        assertExactlyOneCompletedBackup(resumed);
        assertThat(all(BACKUPS).get(0).getMetadata().getName()).as("the name saved before the crash, not one of the resume's time")
                .isEqualTo(planned);
        assertThat(resumed.step("nightly").orElseThrow().resumed()).isTrue();
        assertThat(progress).contains("resuming: backup streams-20260101000000 was planned by an earlier run but never created; creating it");
    }

    @Test
    void aBackupStepCrashedInTheMiddleOfItsWaitWaitsForTheBackupItCreated() {
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingOnRequest(journal);
        AtomicBoolean crashedWhileInProgress = new AtomicBoolean();
        cluster.onEveryRequest(store -> {
            if (!crashing.crashed() && store.list("/apis/velero.io/v1/namespaces/velero/backups").stream()
                    .anyMatch(b -> "InProgress".equals(FakeVelero.phase(b)))) {
                crashedWhileInProgress.set(true);
                crashing.crashNow(); // the process dies during the wait: its next journal write never happens
            }
        });
        // The first run waits on a clock of its own, on which Velero's backup never ends: it is still
        // InProgress when the process dies, and when the next run starts.
        VirtualClock firstRunsTime = VirtualClock.create();

        assertThatThrownBy(() -> backupPlan().execute(on(firstRunsTime, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(crashedWhileInProgress).isTrue();
        assertThat(all(BACKUPS)).hasSize(1);
        assertThat(velero.findBackup("streams-20260101000000").map(Backup::phase)).contains(BackupPhase.IN_PROGRESS);

        PlanReport resumed = backupPlan().execute(on(clock, journal));

        assertExactlyOneCompletedBackup(resumed);
        assertThat(resumed.step("nightly").orElseThrow().resumed()).isTrue();
        assertThat(progress).contains("resuming: waiting for backup streams-20260101000000 created by an earlier run");
    }

    @Test
    void aBackupStepCrashedJustBeforeRecordingItsSuccessDoesNotBackUpAgain() {
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(journal, WRITES - 1);

        assertThatThrownBy(() -> backupPlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class)
                .hasMessageContaining("nightly SUCCEEDED");
        clock.advance(Duration.ofHours(1));

        PlanReport resumed = backupPlan().execute(on(clock, journal));

        assertExactlyOneCompletedBackup(resumed);
        assertThat(resumed.step("nightly").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
    }

    // ------------------------------------------------------------------ restoreStep

    /** A Completed backup of namespace streams, then the namespace lost. */
    private void disaster() {
        velero.backup(BackupRequest.ofNamespace("streams").withName("b1").build(), Poller.using(clock, clock));
        clock.advance(Duration.ofMinutes(10));
        cluster.deleteNamespace("streams");
    }

    private RestorePlan restorePlan() {
        return RestorePlan.builder("k8s-failover").withFragment(velero.restoreStep("velero-restore", RestoreRequest.fromBackup("b1").build()))
                .build();
    }

    private void assertExactlyOneCompletedRestore(PlanReport resumed) {
        assertThat(resumed.succeeded()).as(resumed.toText()).isTrue();
        assertThat(all(RESTORES)).as("Restores in the cluster").hasSize(1);
        String name = all(RESTORES).get(0).getMetadata().getName();
        assertThat(velero.findRestore(name).map(Restore::phase)).contains(RestorePhase.COMPLETED);
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get().getData()).isEqualTo(Map.of("mode", "production"));
        assertThat(resumed.rpo()).containsKey("namespace streams");
    }

    @ParameterizedTest(name = "restore step, crash before journal write {0}")
    @MethodSource("everyWrite")
    void aRestoreStepCrashedBeforeAnyJournalWriteResumesToOneRestore(int writesBeforeCrash) {
        disaster();
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(journal, writesBeforeCrash);

        assertThatThrownBy(() -> restorePlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(all(RESTORES)).as("a Restore is created only after its name is in the journal")
                .hasSize(writesBeforeCrash >= CHECKPOINT_WRITE ? 1 : 0);

        PlanReport resumed = restorePlan().execute(on(clock, journal));

        assertExactlyOneCompletedRestore(resumed);
    }

    @Test
    void aRestoreStepCrashedBetweenTheCheckpointAndTheCreateCreatesTheRestoreItPlanned() {
        disaster();
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingAfterWrite(journal, CHECKPOINT_WRITE);
        String expected = "b1-" + NAME_TIME.format(clock.instant());

        assertThatThrownBy(() -> restorePlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class)
                .hasMessageContaining("checkpoints [velero.restore]");
        String planned = journal.load().orElseThrow().steps().get("velero-restore").checkpoints().get("velero.restore");
        assertThat(planned).isEqualTo(expected);
        assertThat(all(RESTORES)).isEmpty();
        clock.advance(Duration.ofMinutes(5));

        PlanReport resumed = restorePlan().execute(on(clock, journal));

        assertExactlyOneCompletedRestore(resumed);
        assertThat(all(RESTORES).get(0).getMetadata().getName()).isEqualTo(planned);
        assertThat(progress).contains("resuming: restore " + planned + " was planned by an earlier run but never created; creating it");
    }

    @Test
    void aRestoreStepCrashedInTheMiddleOfItsWaitWaitsForTheRestoreItCreated() {
        disaster();
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingOnRequest(journal);
        AtomicBoolean crashedWhileInProgress = new AtomicBoolean();
        cluster.onEveryRequest(store -> {
            if (!crashing.crashed() && store.list("/apis/velero.io/v1/namespaces/velero/restores").stream()
                    .anyMatch(r -> "InProgress".equals(FakeVelero.phase(r)))) {
                crashedWhileInProgress.set(true);
                crashing.crashNow();
            }
        });
        VirtualClock firstRunsTime = VirtualClock.create();
        firstRunsTime.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> restorePlan().execute(on(firstRunsTime, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(crashedWhileInProgress).isTrue();
        assertThat(all(RESTORES)).hasSize(1);
        assertThat(velero.findRestore("b1-20260101001000").map(Restore::phase)).contains(RestorePhase.IN_PROGRESS);

        // The namespace already holds part of what the restore brings back: the guard rail must not stop the resumed wait.
        PlanReport resumed = restorePlan().execute(on(clock, journal));

        assertExactlyOneCompletedRestore(resumed);
        assertThat(resumed.step("velero-restore").orElseThrow().resumed()).isTrue();
        assertThat(progress).contains("resuming: waiting for restore b1-20260101001000 created by an earlier run");
    }

    @Test
    void aRestoreStepCrashedJustBeforeRecordingItsSuccessDoesNotRestoreAgain() {
        disaster();
        Journal journal = Journal.inMemory();
        CrashingJournal crashing = CrashingJournal.crashingBeforeWrite(journal, WRITES - 1);

        assertThatThrownBy(() -> restorePlan().execute(on(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class)
                .hasMessageContaining("velero-restore SUCCEEDED");
        // The namespace is back: a second create would be refused by the guard rail, a resumed wait is not.
        assertThat(client.configMaps().inNamespace("streams").withName("streams-config").get()).isNotNull();

        PlanReport resumed = restorePlan().execute(on(clock, journal));

        assertExactlyOneCompletedRestore(resumed);
    }
}
