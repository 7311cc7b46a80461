package io.streamsdr.velero;

import io.streamsdr.velero.internal.Phases;

/**
 * The phase of a Velero Restore ({@code status.phase}). Terminal phases are {@link #COMPLETED},
 * {@link #PARTIALLY_FAILED}, {@link #FAILED} and {@link #FAILED_VALIDATION}; the
 * {@code *PartiallyFailed} intermediate phases can only end in {@link #PARTIALLY_FAILED}.
 */
public enum RestorePhase {
    /** No phase yet ({@code ""}). */
    NONE(""),
    /** Seen, not yet started. */
    NEW("New"),
    /** The spec is invalid (both or neither of backupName and scheduleName, no such backup). Terminal. */
    FAILED_VALIDATION("FailedValidation"),
    /** Items are being restored. */
    IN_PROGRESS("InProgress"),
    /** Items are restored; plugins are still working. */
    WAITING_FOR_PLUGIN_OPERATIONS("WaitingForPluginOperations"),
    /** As above, with errors already seen: it will end {@link #PARTIALLY_FAILED}. */
    WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED("WaitingForPluginOperationsPartiallyFailed"),
    /** Finishing. */
    FINALIZING("Finalizing"),
    /** As above, with errors already seen: it will end {@link #PARTIALLY_FAILED}. */
    FINALIZING_PARTIALLY_FAILED("FinalizingPartiallyFailed"),
    /** Done without errors (there may be warnings). Terminal. */
    COMPLETED("Completed"),
    /** Done, some items failed. Terminal. */
    PARTIALLY_FAILED("PartiallyFailed"),
    /** Failed as a whole. Terminal. */
    FAILED("Failed"),
    /** A phase this library does not know (a newer Velero). */
    UNKNOWN("?");

    private final String wireName;

    RestorePhase(String wireName) {
        this.wireName = wireName;
    }

    /** The phase as Velero writes it. */
    public String wireName() {
        return wireName;
    }

    /** The phase for Velero's text; null or empty gives {@link #NONE}, an unknown text {@link #UNKNOWN}. */
    public static RestorePhase of(String wireName) {
        return Phases.of(wireName, values(), RestorePhase::wireName, NONE, UNKNOWN);
    }

    /** Whether the restore is over. */
    public boolean isTerminal() {
        return this == COMPLETED || this == PARTIALLY_FAILED || this == FAILED || this == FAILED_VALIDATION;
    }

    /** Whether the restore can no longer end {@link #COMPLETED}. */
    public boolean isFailure() {
        return this == PARTIALLY_FAILED || this == FAILED || this == FAILED_VALIDATION
                || this == WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED || this == FINALIZING_PARTIALLY_FAILED;
    }
}
