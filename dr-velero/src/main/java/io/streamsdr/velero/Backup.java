package io.streamsdr.velero;

import io.streamsdr.velero.internal.GoDuration;
import io.streamsdr.velero.internal.Json;
import io.streamsdr.velero.internal.VeleroResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Velero Backup as last read from the cluster: the fields of {@code velero.io/v1 Backup} this
 * library uses. Immutable; read it again to see a newer state.
 *
 * @param name                the Backup's name
 * @param labels              its labels ({@code velero.io/schedule-name} for backups made by a schedule)
 * @param includedNamespaces  {@code spec.includedNamespaces}; empty means all namespaces
 * @param storageLocation     {@code spec.storageLocation}, or null for the default location
 * @param ttl                 {@code spec.ttl}, or null for the server default (720h)
 * @param phase               {@code status.phase}
 * @param startTimestamp      when Velero started it, or null
 * @param completionTimestamp when it ended, or null
 * @param expiration          when Velero will delete it, or null
 * @param errors              {@code status.errors}
 * @param warnings            {@code status.warnings}
 * @param failureReason       {@code status.failureReason}, or null
 * @param validationErrors    {@code status.validationErrors}
 * @param itemsBackedUp       {@code status.progress.itemsBackedUp}, or null
 * @param totalItems          {@code status.progress.totalItems}, or null
 */
public record Backup(String name, Map<String, String> labels, List<String> includedNamespaces, String storageLocation,
        Duration ttl, BackupPhase phase, Instant startTimestamp, Instant completionTimestamp, Instant expiration,
        int errors, int warnings, String failureReason, List<String> validationErrors, Integer itemsBackedUp,
        Integer totalItems) {

    /** Copies the collections. */
    public Backup {
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        includedNamespaces = List.copyOf(includedNamespaces == null ? List.of() : includedNamespaces);
        validationErrors = List.copyOf(validationErrors == null ? List.of() : validationErrors);
    }

    /** The schedule that made this backup, from its {@code velero.io/schedule-name} label. */
    public Optional<String> scheduleName() {
        return Optional.ofNullable(labels.get(VeleroResources.SCHEDULE_NAME_LABEL));
    }

    /** Whether it is {@link BackupPhase#COMPLETED}: usable for a restore. */
    public boolean isCompleted() {
        return phase == BackupPhase.COMPLETED;
    }

    /** Whether it covers {@code namespace} ({@code includedNamespaces} lists it, is empty, or holds {@code *}). */
    public boolean covers(String namespace) {
        return includedNamespaces.isEmpty() || includedNamespaces.contains("*") || includedNamespaces.contains(namespace);
    }

    /** The state in a few words: {@code PartiallyFailed, 2 errors, 1 warning, failure reason: x}. */
    public String describeState() {
        return StateText.describe(phase == BackupPhase.NONE ? null : phase.wireName(), itemsBackedUp, totalItems, errors, warnings, failureReason,
                validationErrors);
    }

    static Backup from(Map<String, Object> object) {
        String ttl = Json.string(object, "spec", "ttl");
        Duration parsedTtl = null;
        if (ttl != null && !ttl.isEmpty()) {
            try {
                parsedTtl = GoDuration.parse(ttl);
            } catch (IllegalArgumentException ignored) {
                parsedTtl = null;
            }
        }
        return new Backup(Json.string(object, "metadata", "name"), Json.stringMap(object, "metadata", "labels"),
                Json.strings(object, "spec", "includedNamespaces"), emptyToNull(Json.string(object, "spec", "storageLocation")),
                parsedTtl, BackupPhase.of(Json.string(object, "status", "phase")),
                Json.instant(object, "status", "startTimestamp"), Json.instant(object, "status", "completionTimestamp"),
                Json.instant(object, "status", "expiration"), Json.integer(object, "status", "errors"),
                Json.integer(object, "status", "warnings"), emptyToNull(Json.string(object, "status", "failureReason")),
                Json.strings(object, "status", "validationErrors"),
                Json.optionalInteger(object, "status", "progress", "itemsBackedUp"),
                Json.optionalInteger(object, "status", "progress", "totalItems"));
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
