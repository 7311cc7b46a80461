package io.streamsdr.velero;

import io.streamsdr.velero.internal.Phases;

/**
 * The phase of a Velero Backup ({@code status.phase}), every value of Velero 1.18. Terminal phases
 * are {@link #COMPLETED}, {@link #PARTIALLY_FAILED}, {@link #FAILED} and {@link #FAILED_VALIDATION};
 * the {@code *PartiallyFailed} intermediate phases can only end in {@link #PARTIALLY_FAILED}.
 */
public enum BackupPhase {
    /** No phase yet: the controller has not seen the backup ({@code ""}). */
    NONE(""),
    /** Seen, not yet started. */
    NEW("New"),
    /** Velero 1.18 backup queue: waiting for a free slot. */
    QUEUED("Queued"),
    /** Velero 1.18 backup queue: about to start. */
    READY_TO_START("ReadyToStart"),
    /** The spec is invalid; {@code status.validationErrors} says why. Terminal. */
    FAILED_VALIDATION("FailedValidation"),
    /** Items are being backed up. */
    IN_PROGRESS("InProgress"),
    /** Items are backed up; plugins (snapshot data movers) are still working. */
    WAITING_FOR_PLUGIN_OPERATIONS("WaitingForPluginOperations"),
    /** As above, with errors already seen: it will end {@link #PARTIALLY_FAILED}. */
    WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED("WaitingForPluginOperationsPartiallyFailed"),
    /** Writing the final backup contents. */
    FINALIZING("Finalizing"),
    /** As above, with errors already seen: it will end {@link #PARTIALLY_FAILED}. */
    FINALIZING_PARTIALLY_FAILED("FinalizingPartiallyFailed"),
    /** Done without errors: usable. Terminal. */
    COMPLETED("Completed"),
    /** Done, but some items failed. Terminal. */
    PARTIALLY_FAILED("PartiallyFailed"),
    /** Failed as a whole. Terminal. */
    FAILED("Failed"),
    /** Being deleted. */
    DELETING("Deleting"),
    /** A phase this library does not know (a newer Velero). */
    UNKNOWN("?");

    private final String wireName;

    BackupPhase(String wireName) {
        this.wireName = wireName;
    }

    /** The phase as Velero writes it. */
    public String wireName() {
        return wireName;
    }

    /** The phase for Velero's text; null or empty gives {@link #NONE}, an unknown text {@link #UNKNOWN}. */
    public static BackupPhase of(String wireName) {
        return Phases.of(wireName, values(), BackupPhase::wireName, NONE, UNKNOWN);
    }

    /** Whether the backup is over (successfully or not). */
    public boolean isTerminal() {
        return this == COMPLETED || this == PARTIALLY_FAILED || this == FAILED || this == FAILED_VALIDATION;
    }

    /** Whether the backup can no longer end {@link #COMPLETED}: failed, or bound to end partially failed, or deleting. */
    public boolean isFailure() {
        return this == PARTIALLY_FAILED || this == FAILED || this == FAILED_VALIDATION || this == DELETING
                || this == WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED || this == FINALIZING_PARTIALLY_FAILED;
    }

    /** Whether Velero counts the backup as running (a schedule skips its tick then): none, new, queued or in progress. */
    public boolean isRunning() {
        return this == NONE || this == NEW || this == QUEUED || this == READY_TO_START || this == IN_PROGRESS
                || this == WAITING_FOR_PLUGIN_OPERATIONS || this == WAITING_FOR_PLUGIN_OPERATIONS_PARTIALLY_FAILED
                || this == FINALIZING || this == FINALIZING_PARTIALLY_FAILED;
    }
}
