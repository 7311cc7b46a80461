package io.streamsdr.velero;

import io.streamsdr.velero.internal.GoDuration;
import io.streamsdr.velero.internal.Json;
import io.streamsdr.velero.internal.VeleroResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Velero Backup as last read from the cluster: the fields of {@code velero.io/v1 Backup} this
 * library uses. Immutable; read it again ({@link Velero#findBackup}) to see a newer state. What Velero
 * may not have written yet (a start time, a failure reason, progress) is an {@link Optional}.
 */
public final class Backup {
    private final String name;
    private final Map<String, String> labels;
    private final List<String> includedNamespaces;
    private final String storageLocation;
    private final Duration ttl;
    private final BackupPhase phase;
    private final Instant startTimestamp;
    private final Instant completionTimestamp;
    private final Instant expiration;
    private final int errors;
    private final int warnings;
    private final String failureReason;
    private final List<String> validationErrors;
    private final Integer itemsBackedUp;
    private final Integer totalItems;

    private Backup(Map<String, Object> object) {
        this.name = Objects.requireNonNullElse(Json.string(object, "metadata", "name"), "");
        this.labels = Map.copyOf(Json.stringMap(object, "metadata", "labels"));
        this.includedNamespaces = Json.strings(object, "spec", "includedNamespaces");
        this.storageLocation = Json.nonEmptyString(object, "spec", "storageLocation");
        this.ttl = parseTtl(Json.nonEmptyString(object, "spec", "ttl"));
        this.phase = BackupPhase.of(Json.string(object, "status", "phase"));
        this.startTimestamp = Json.instant(object, "status", "startTimestamp");
        this.completionTimestamp = Json.instant(object, "status", "completionTimestamp");
        this.expiration = Json.instant(object, "status", "expiration");
        this.errors = Json.integer(object, "status", "errors");
        this.warnings = Json.integer(object, "status", "warnings");
        this.failureReason = Json.nonEmptyString(object, "status", "failureReason");
        this.validationErrors = Json.strings(object, "status", "validationErrors");
        this.itemsBackedUp = Json.optionalInteger(object, "status", "progress", "itemsBackedUp");
        this.totalItems = Json.optionalInteger(object, "status", "progress", "totalItems");
    }

    /** Reads a Backup from its JSON form (as fabric8's generic resources hold it). */
    static Backup from(Map<String, Object> object) {
        return new Backup(object);
    }

    private static Duration parseTtl(String ttl) {
        if (ttl == null) {
            return null;
        }
        try {
            return GoDuration.parse(ttl);
        } catch (IllegalArgumentException notAGoDuration) {
            return null;
        }
    }

    /** The Backup's name. */
    public String name() {
        return name;
    }

    /** Its labels ({@code velero.io/schedule-name} for backups made by a schedule). */
    public Map<String, String> labels() {
        return labels;
    }

    /** {@code spec.includedNamespaces}; empty means all namespaces. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** {@code spec.storageLocation}; empty for Velero's default location. */
    public Optional<String> storageLocation() {
        return Optional.ofNullable(storageLocation);
    }

    /** {@code spec.ttl}; empty for the server default (720h) or a value that is not a Go duration. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** {@code status.phase}; {@link BackupPhase#NONE} before Velero has seen it. */
    public BackupPhase phase() {
        return phase;
    }

    /** When Velero started it; empty until it has. */
    public Optional<Instant> startTimestamp() {
        return Optional.ofNullable(startTimestamp);
    }

    /** When it ended; empty until it has. */
    public Optional<Instant> completionTimestamp() {
        return Optional.ofNullable(completionTimestamp);
    }

    /** When Velero will delete it; empty until it has started. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    /** {@code status.errors}: 0 when not reported. */
    public int errors() {
        return errors;
    }

    /** {@code status.warnings}: 0 when not reported. */
    public int warnings() {
        return warnings;
    }

    /** {@code status.failureReason}, when Velero gave one. */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /** {@code status.validationErrors}: why a {@code FailedValidation} backup was refused. */
    public List<String> validationErrors() {
        return validationErrors;
    }

    /** {@code status.progress.itemsBackedUp}, once Velero reports progress. */
    public OptionalInt itemsBackedUp() {
        return itemsBackedUp == null ? OptionalInt.empty() : OptionalInt.of(itemsBackedUp);
    }

    /** {@code status.progress.totalItems}, once Velero reports progress. */
    public OptionalInt totalItems() {
        return totalItems == null ? OptionalInt.empty() : OptionalInt.of(totalItems);
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
        return StateText.describe(phase == BackupPhase.NONE ? null : phase.wireName(), itemsBackedUp, totalItems, errors, warnings,
                failureReason, validationErrors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backup b && name.equals(b.name) && labels.equals(b.labels) && includedNamespaces.equals(b.includedNamespaces)
                && Objects.equals(storageLocation, b.storageLocation) && Objects.equals(ttl, b.ttl) && phase == b.phase
                && Objects.equals(startTimestamp, b.startTimestamp) && Objects.equals(completionTimestamp, b.completionTimestamp)
                && Objects.equals(expiration, b.expiration) && errors == b.errors && warnings == b.warnings
                && Objects.equals(failureReason, b.failureReason) && validationErrors.equals(b.validationErrors)
                && Objects.equals(itemsBackedUp, b.itemsBackedUp) && Objects.equals(totalItems, b.totalItems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, phase, startTimestamp, completionTimestamp, errors, warnings);
    }

    /** Name, namespaces and state. */
    @Override
    public String toString() {
        return "Backup[" + name + ", namespaces " + includedNamespaces + ", " + describeState()
                + (startTimestamp == null ? "" : ", started " + startTimestamp) + "]";
    }
}
