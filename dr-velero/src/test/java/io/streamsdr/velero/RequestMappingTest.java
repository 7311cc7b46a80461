package io.streamsdr.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the requests put into Velero's objects, and how phases map. */
class RequestMappingTest {

    @Test
    void backupSpecUsesVelerosFieldNamesAndGoDurations() {
        BackupRequest r = BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(30)).withStorageLocation("default")
                .withSnapshotVolumes(false).build();
        assertThat(r.spec()).containsEntry("includedNamespaces", List.of("streams")).containsEntry("ttl", "720h0m0s")
                .containsEntry("storageLocation", "default").containsEntry("snapshotVolumes", false);
        assertThat(BackupRequest.ofNamespace("streams").withTtl("72h30m").build().ttl()).contains(Duration.ofMinutes(72 * 60 + 30));
    }

    @Test
    void scheduleSpecHoldsTheExpressionAndTheTemplate() {
        ScheduleRequest s = ScheduleRequest.named("streams-daily").withSchedule("CRON_TZ=UTC 0 3 * * *").withNamespace("streams")
                .withTtl(Duration.ofHours(48)).build();
        assertThat(s.spec()).containsEntry("schedule", "CRON_TZ=UTC 0 3 * * *")
                .containsEntry("template", Map.of("includedNamespaces", List.of("streams"), "ttl", "48h0m0s"));
    }

    @Test
    void restoreSpecNamesExactlyOneSource() {
        assertThat(RestoreRequest.fromBackup("b1").build().spec(null)).containsEntry("backupName", "b1").doesNotContainKey("scheduleName");
        RestoreRequest fromSchedule = RestoreRequest.fromSchedule("daily").withExistingResourcePolicy(ExistingResourcePolicy.UPDATE).build();
        assertThat(fromSchedule.spec(null)).containsEntry("scheduleName", "daily").containsEntry("existingResourcePolicy", "update")
                .doesNotContainKey("backupName");
        assertThat(fromSchedule.warnings()).isEmpty();
        assertThat(RestoreRequest.fromBackup("b1").withNamespaceMapping("streams", "streams").build().warnings()).isEmpty();
    }

    @Test
    void everyVeleroPhaseIsMapped() {
        for (String phase : List.of("New", "Queued", "ReadyToStart", "FailedValidation", "InProgress", "WaitingForPluginOperations",
                "WaitingForPluginOperationsPartiallyFailed", "Finalizing", "FinalizingPartiallyFailed", "Completed", "PartiallyFailed",
                "Failed", "Deleting")) {
            assertThat(BackupPhase.of(phase)).as(phase).isNotEqualTo(BackupPhase.UNKNOWN);
            assertThat(BackupPhase.of(phase).wireName()).isEqualTo(phase);
        }
        for (String phase : List.of("New", "FailedValidation", "InProgress", "WaitingForPluginOperations",
                "WaitingForPluginOperationsPartiallyFailed", "Finalizing", "FinalizingPartiallyFailed", "Completed", "PartiallyFailed", "Failed")) {
            assertThat(RestorePhase.of(phase)).as(phase).isNotEqualTo(RestorePhase.UNKNOWN);
        }
        assertThat(BackupPhase.of("")).isEqualTo(BackupPhase.NONE);
        assertThat(BackupPhase.of("Exploded")).isEqualTo(BackupPhase.UNKNOWN);
        assertThat(BackupPhase.FINALIZING_PARTIALLY_FAILED.isFailure()).isTrue();
        assertThat(BackupPhase.QUEUED.isRunning()).isTrue();
        assertThat(BackupPhase.COMPLETED.isFailure()).isFalse();
        assertThat(SchedulePhase.of("Enabled")).isEqualTo(SchedulePhase.ENABLED);
    }

    @Test
    void backupFromJsonReadsStatusOnTheMainObject() {
        Backup b = Backup.from(Map.of("metadata", Map.of("name", "s-20260101000000", "labels", Map.of("velero.io/schedule-name", "s")),
                "spec", Map.of("includedNamespaces", List.of("streams"), "ttl", "720h0m0s"),
                "status", Map.of("phase", "PartiallyFailed", "errors", 2, "warnings", 1, "failureReason", "x",
                        "startTimestamp", "2026-01-01T00:00:00Z")));
        assertThat(b.scheduleName()).contains("s");
        assertThat(b.ttl()).isEqualTo(Duration.ofHours(720));
        assertThat(b.describeState()).isEqualTo("PartiallyFailed, 2 errors, 1 warning, failure reason: x");
        assertThat(b.covers("streams")).isTrue();
        assertThat(b.covers("other")).isFalse();
    }
}
