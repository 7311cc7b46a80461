package io.streamsdr.velero;

import io.streamsdr.velero.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Velero Restore as last read from the cluster: the fields of {@code velero.io/v1 Restore} this
 * library uses. Immutable.
 *
 * @param name                   the Restore's name
 * @param backupName             {@code spec.backupName}: the backup restored (Velero fills it in for a
 *                               restore from a schedule), or null before that
 * @param scheduleName           {@code spec.scheduleName}, or null
 * @param includedNamespaces     {@code spec.includedNamespaces}; empty means all in the backup
 * @param namespaceMapping       {@code spec.namespaceMapping}: source namespace to target namespace
 * @param existingResourcePolicy {@code spec.existingResourcePolicy}, or null (Velero's default: none)
 * @param phase                  {@code status.phase}
 * @param startTimestamp         when it started, or null
 * @param completionTimestamp    when it ended, or null
 * @param errors                 {@code status.errors}
 * @param warnings               {@code status.warnings} (objects that existed and differ count here)
 * @param failureReason          {@code status.failureReason}, or null
 * @param validationErrors       {@code status.validationErrors}
 * @param itemsRestored          {@code status.progress.itemsRestored}, or null
 * @param totalItems             {@code status.progress.totalItems}, or null
 */
public record Restore(String name, String backupName, String scheduleName, List<String> includedNamespaces,
        Map<String, String> namespaceMapping, ExistingResourcePolicy existingResourcePolicy, RestorePhase phase,
        Instant startTimestamp, Instant completionTimestamp, int errors, int warnings, String failureReason,
        List<String> validationErrors, Integer itemsRestored, Integer totalItems) {

    /** Copies the collections. */
    public Restore {
        includedNamespaces = List.copyOf(includedNamespaces == null ? List.of() : includedNamespaces);
        namespaceMapping = Map.copyOf(namespaceMapping == null ? Map.of() : namespaceMapping);
        validationErrors = List.copyOf(validationErrors == null ? List.of() : validationErrors);
    }

    /** The backup restored, once known. */
    public Optional<String> restoredBackup() {
        return Optional.ofNullable(backupName);
    }

    /** The state in a few words: {@code Completed, 0 errors, 2 warnings}. */
    public String describeState() {
        return StateText.describe(phase == RestorePhase.NONE ? null : phase.wireName(), itemsRestored, totalItems, errors, warnings, failureReason,
                validationErrors);
    }

    static Restore from(Map<String, Object> object) {
        String policy = Json.string(object, "spec", "existingResourcePolicy");
        ExistingResourcePolicy p = null;
        for (ExistingResourcePolicy e : ExistingResourcePolicy.values()) {
            if (e.wireName().equals(policy)) {
                p = e;
            }
        }
        return new Restore(Json.string(object, "metadata", "name"), Backup.emptyToNull(Json.string(object, "spec", "backupName")),
                Backup.emptyToNull(Json.string(object, "spec", "scheduleName")), Json.strings(object, "spec", "includedNamespaces"),
                Json.stringMap(object, "spec", "namespaceMapping"), p, RestorePhase.of(Json.string(object, "status", "phase")),
                Json.instant(object, "status", "startTimestamp"), Json.instant(object, "status", "completionTimestamp"),
                Json.integer(object, "status", "errors"), Json.integer(object, "status", "warnings"),
                Backup.emptyToNull(Json.string(object, "status", "failureReason")), Json.strings(object, "status", "validationErrors"),
                Json.optionalInteger(object, "status", "progress", "itemsRestored"),
                Json.optionalInteger(object, "status", "progress", "totalItems"));
    }
}
