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
        ScheduleRequest s = ScheduleRequest.named("streams-daily").withSchedule("CRON_TZ=UTC 0 3 * * *")
                .withTemplate(BackupRequest.ofNamespace("streams").withTtl(Duration.ofHours(48)).build()).build();
        assertThat(s.spec()).containsEntry("schedule", "CRON_TZ=UTC 0 3 * * *")
                .containsEntry("template", Map.of("includedNamespaces", List.of("streams"), "ttl", "48h0m0s"));
    }

    @Test
    void aScheduleTemplateCarriesEveryBackupOptionAndItsLabelsForTheBackups() {
        BackupRequest template = BackupRequest.ofNamespace("streams").withNamespace("streams-kafka").withTtl("72h30m")
                .withStorageLocation("secondary").withSnapshotVolumes(false).withDefaultVolumesToFsBackup(true)
                .withLabel("team", "streams").build();
        ScheduleRequest s = ScheduleRequest.named("streams-daily").withSchedule("@daily").withTemplate(template)
                .withLabel("owner", "dr").withPaused(true).withOwnerReferencesInBackup(true).build();

        // The same fields as a Backup made now, and the labels where Velero copies them onto each backup.
        Map<String, Object> expected = new java.util.LinkedHashMap<>(template.spec());
        expected.put("metadata", Map.of("labels", Map.of("team", "streams")));
        assertThat(s.spec()).containsExactlyInAnyOrderEntriesOf(Map.of("schedule", "@daily", "template", expected, "paused", true,
                "useOwnerReferencesInBackup", true));
        assertThat(expected).containsEntry("ttl", "72h30m0s").containsEntry("snapshotVolumes", false)
                .containsEntry("defaultVolumesToFsBackup", true).containsEntry("storageLocation", "secondary");
        assertThat(s.labels()).containsExactly(Map.entry("owner", "dr"));
        assertThat(s.template()).isSameAs(template);
    }

    @Test
    void toBuilderCopiesEveryFieldAndLeavesTheOriginalAlone() {
        BackupRequest backup = BackupRequest.ofNamespace("streams").withName("b1").withTtl(Duration.ofDays(2)).withStorageLocation("x")
                .withLabel("a", "1").withSnapshotVolumes(true).withDefaultVolumesToFsBackup(false).build();
        BackupRequest backup2 = backup.toBuilder().withNamespace("streams-kafka").withLabel("b", "2").build();
        assertThat(backup2.spec()).containsEntry("includedNamespaces", List.of("streams", "streams-kafka"))
                .containsEntry("ttl", "48h0m0s").containsEntry("storageLocation", "x").containsEntry("snapshotVolumes", true)
                .containsEntry("defaultVolumesToFsBackup", false);
        assertThat(backup2.name()).contains("b1");
        assertThat(backup2.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(backup.includedNamespaces()).containsExactly("streams");
        assertThat(backup.labels()).containsExactly(Map.entry("a", "1"));

        RestoreRequest restore = RestoreRequest.fromSchedule("daily").withName("r1").withNamespace("streams")
                .withNamespaceMapping("streams", "streams-dr").withExistingResourcePolicy(ExistingResourcePolicy.UPDATE)
                .withRestorePVs(true).withPartiallyFailedBackupAllowed(true).build();
        RestoreRequest restore2 = restore.toBuilder().withName("r2").build();
        assertThat(restore2.spec(null)).isEqualTo(restore.spec(null));
        assertThat(restore2.name()).contains("r2");
        assertThat(restore2.partiallyFailedAllowed()).isTrue();
        assertThat(restore2.warnings()).containsExactly(RestoreRequest.OTHER_NAMESPACE_WARNING);
        assertThat(restore.name()).contains("r1");
        assertThat(restore.toBuilder().withPartiallyFailedBackupAllowed(false).build().partiallyFailedAllowed()).isFalse();

        ScheduleRequest schedule = ScheduleRequest.named("daily").withSchedule("@daily").withTemplate(BackupRequest.ofNamespace("streams")
                .withTtl(Duration.ofDays(1)).build()).withPaused(true).build();
        ScheduleRequest schedule2 = schedule.toBuilder().withSchedule("@hourly").build();
        assertThat(schedule2.spec()).containsEntry("schedule", "@hourly").containsEntry("paused", true)
                .containsEntry("template", schedule.spec().get("template"));
        assertThat(schedule.schedule().expression()).isEqualTo("@daily");
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
        assertThat(b.ttl()).contains(Duration.ofHours(720));
        assertThat(b.startTimestamp()).contains(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(b.completionTimestamp()).isEmpty();
        assertThat(b.failureReason()).contains("x");
        assertThat(b.itemsBackedUp()).isEmpty();
        assertThat(b.describeState()).isEqualTo("PartiallyFailed, 2 errors, 1 warning, failure reason: x");
        assertThat(b.covers("streams")).isTrue();
        assertThat(b.covers("other")).isFalse();
    }

    @Test
    void whatVeleroHasNotWrittenYetIsEmptyNotNull() {
        Backup b = Backup.from(Map.of("metadata", Map.of("name", "fresh"), "spec", Map.of("ttl", "", "storageLocation", "")));
        assertThat(b.phase()).isEqualTo(BackupPhase.NONE);
        assertThat(b.ttl()).isEmpty();
        assertThat(b.storageLocation()).isEmpty();
        assertThat(b.startTimestamp()).isEmpty();
        assertThat(b.expiration()).isEmpty();
        assertThat(b.failureReason()).isEmpty();
        assertThat(b.totalItems()).isEmpty();
        assertThat(b.describeState()).isEqualTo("no phase yet, 0 errors, 0 warnings");

        Restore r = Restore.from(Map.of("metadata", Map.of("name", "r1"), "spec", Map.of("scheduleName", "daily"),
                "status", Map.of("phase", "InProgress", "progress", Map.of("totalItems", 4, "itemsRestored", 1))));
        assertThat(r.backupName()).isEmpty();
        assertThat(r.scheduleName()).contains("daily");
        assertThat(r.existingResourcePolicy()).isEmpty();
        assertThat(r.itemsRestored()).hasValue(1);
        assertThat(r.completionTimestamp()).isEmpty();
        assertThat(r.describeState()).isEqualTo("InProgress, 1/4 items, 0 errors, 0 warnings");
        assertThat(Restore.from(Map.of("spec", Map.of("existingResourcePolicy", "update"))).existingResourcePolicy())
                .contains(ExistingResourcePolicy.UPDATE);

        Schedule s = Schedule.from(Map.of("metadata", Map.of("name", "daily"), "spec", Map.of("schedule", "@daily")));
        assertThat(s.lastBackup()).isEmpty();
        assertThat(s.lastSkipped()).isEmpty();
        assertThat(s.phase()).isEqualTo(SchedulePhase.NONE);
        assertThat(s.toString()).isEqualTo("Schedule[daily, '@daily', no phase yet]");
    }
}
