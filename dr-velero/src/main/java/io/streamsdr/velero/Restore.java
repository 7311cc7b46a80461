package io.streamsdr.velero;

import io.streamsdr.velero.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Velero Restore as last read from the cluster: the fields of {@code velero.io/v1 Restore} this
 * library uses. Immutable; read it again ({@link Velero#findRestore}) to see a newer state. What Velero
 * may not have written yet is an {@link Optional}.
 */
public final class Restore {
    private final String name;
    private final String backupName;
    private final String scheduleName;
    private final List<String> includedNamespaces;
    private final Map<String, String> namespaceMapping;
    private final ExistingResourcePolicy existingResourcePolicy;
    private final RestorePhase phase;
    private final Instant startTimestamp;
    private final Instant completionTimestamp;
    private final int errors;
    private final int warnings;
    private final String failureReason;
    private final List<String> validationErrors;
    private final Integer itemsRestored;
    private final Integer totalItems;

    private Restore(Map<String, Object> object) {
        this.name = Objects.requireNonNullElse(Json.string(object, "metadata", "name"), "");
        this.backupName = Json.nonEmptyString(object, "spec", "backupName");
        this.scheduleName = Json.nonEmptyString(object, "spec", "scheduleName");
        this.includedNamespaces = Json.strings(object, "spec", "includedNamespaces");
        this.namespaceMapping = Map.copyOf(Json.stringMap(object, "spec", "namespaceMapping"));
        this.existingResourcePolicy = ExistingResourcePolicy.ofWireName(Json.string(object, "spec", "existingResourcePolicy"));
        this.phase = RestorePhase.of(Json.string(object, "status", "phase"));
        this.startTimestamp = Json.instant(object, "status", "startTimestamp");
        this.completionTimestamp = Json.instant(object, "status", "completionTimestamp");
        this.errors = Json.integer(object, "status", "errors");
        this.warnings = Json.integer(object, "status", "warnings");
        this.failureReason = Json.nonEmptyString(object, "status", "failureReason");
        this.validationErrors = Json.strings(object, "status", "validationErrors");
        this.itemsRestored = Json.optionalInteger(object, "status", "progress", "itemsRestored");
        this.totalItems = Json.optionalInteger(object, "status", "progress", "totalItems");
    }

    /** Reads a Restore from its JSON form. */
    static Restore from(Map<String, Object> object) {
        return new Restore(object);
    }

    /** The Restore's name. */
    public String name() {
        return name;
    }

    /**
     * {@code spec.backupName}: the backup restored. For a restore from a schedule, Velero fills it in
     * when it picks the schedule's newest {@code Completed} backup; empty before that.
     */
    public Optional<String> backupName() {
        return Optional.ofNullable(backupName);
    }

    /** {@code spec.scheduleName}, for a restore from a schedule. */
    public Optional<String> scheduleName() {
        return Optional.ofNullable(scheduleName);
    }

    /** {@code spec.includedNamespaces}; empty means all in the backup. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** {@code spec.namespaceMapping}: source namespace to target namespace. */
    public Map<String, String> namespaceMapping() {
        return namespaceMapping;
    }

    /** {@code spec.existingResourcePolicy}; empty when not set (Velero's default: {@code none}). */
    public Optional<ExistingResourcePolicy> existingResourcePolicy() {
        return Optional.ofNullable(existingResourcePolicy);
    }

    /** {@code status.phase}; {@link RestorePhase#NONE} before Velero has seen it. */
    public RestorePhase phase() {
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

    /** {@code status.errors}: 0 when not reported. */
    public int errors() {
        return errors;
    }

    /** {@code status.warnings}: objects that existed and differ count here. 0 when not reported. */
    public int warnings() {
        return warnings;
    }

    /** {@code status.failureReason}, when Velero gave one. */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /** {@code status.validationErrors}: why a {@code FailedValidation} restore was refused. */
    public List<String> validationErrors() {
        return validationErrors;
    }

    /** {@code status.progress.itemsRestored}, once Velero reports progress. */
    public OptionalInt itemsRestored() {
        return itemsRestored == null ? OptionalInt.empty() : OptionalInt.of(itemsRestored);
    }

    /** {@code status.progress.totalItems}, once Velero reports progress. */
    public OptionalInt totalItems() {
        return totalItems == null ? OptionalInt.empty() : OptionalInt.of(totalItems);
    }

    /** Whether it is {@link RestorePhase#COMPLETED}. */
    public boolean isCompleted() {
        return phase == RestorePhase.COMPLETED;
    }

    /** The state in a few words: {@code Completed, 0 errors, 2 warnings}. */
    public String describeState() {
        return StateText.describe(phase == RestorePhase.NONE ? null : phase.wireName(), itemsRestored, totalItems, errors, warnings,
                failureReason, validationErrors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Restore r && name.equals(r.name) && Objects.equals(backupName, r.backupName)
                && Objects.equals(scheduleName, r.scheduleName) && includedNamespaces.equals(r.includedNamespaces)
                && namespaceMapping.equals(r.namespaceMapping) && existingResourcePolicy == r.existingResourcePolicy && phase == r.phase
                && Objects.equals(startTimestamp, r.startTimestamp) && Objects.equals(completionTimestamp, r.completionTimestamp)
                && errors == r.errors && warnings == r.warnings && Objects.equals(failureReason, r.failureReason)
                && validationErrors.equals(r.validationErrors) && Objects.equals(itemsRestored, r.itemsRestored)
                && Objects.equals(totalItems, r.totalItems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, backupName, phase, startTimestamp, completionTimestamp, errors, warnings);
    }

    /** Name, source and state. */
    @Override
    public String toString() {
        return "Restore[" + name + ", " + (backupName != null ? "backup " + backupName : "schedule " + scheduleName) + ", "
                + describeState() + "]";
    }
}
