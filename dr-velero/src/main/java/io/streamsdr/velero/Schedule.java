package io.streamsdr.velero;

import io.streamsdr.velero.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Velero Schedule as last read from the cluster. Immutable.
 *
 * @param name               the Schedule's name
 * @param schedule           {@code spec.schedule}: the cron expression or {@code @every} descriptor
 * @param paused             {@code spec.paused}
 * @param includedNamespaces {@code spec.template.includedNamespaces}
 * @param phase              {@code status.phase}
 * @param lastBackup         {@code status.lastBackup}: when it last created a backup, or null
 * @param lastSkipped        {@code status.lastSkipped}: when it last skipped a tick, or null
 * @param validationErrors   {@code status.validationErrors}
 */
public record Schedule(String name, String schedule, boolean paused, List<String> includedNamespaces, SchedulePhase phase,
        Instant lastBackup, Instant lastSkipped, List<String> validationErrors) {

    /** Copies the collections. */
    public Schedule {
        includedNamespaces = List.copyOf(includedNamespaces == null ? List.of() : includedNamespaces);
        validationErrors = List.copyOf(validationErrors == null ? List.of() : validationErrors);
    }

    static Schedule from(Map<String, Object> object) {
        return new Schedule(Json.string(object, "metadata", "name"), Json.string(object, "spec", "schedule"),
                Boolean.TRUE.equals(Json.bool(object, "spec", "paused")),
                Json.strings(object, "spec", "template", "includedNamespaces"),
                SchedulePhase.of(Json.string(object, "status", "phase")), Json.instant(object, "status", "lastBackup"),
                Json.instant(object, "status", "lastSkipped"), Json.strings(object, "status", "validationErrors"));
    }
}
