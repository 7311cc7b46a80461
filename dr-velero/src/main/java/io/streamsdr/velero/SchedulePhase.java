package io.streamsdr.velero;

import io.streamsdr.velero.internal.Phases;

/** The phase of a Velero Schedule ({@code status.phase}). */
public enum SchedulePhase {
    /** No phase yet ({@code ""}). */
    NONE(""),
    /** Seen, not yet validated. */
    NEW("New"),
    /** Valid: backups are created on its ticks (unless paused). */
    ENABLED("Enabled"),
    /** The schedule expression or the template is invalid; {@code status.validationErrors} says why. */
    FAILED_VALIDATION("FailedValidation"),
    /** A phase this library does not know. */
    UNKNOWN("?");

    private final String wireName;

    SchedulePhase(String wireName) {
        this.wireName = wireName;
    }

    /** The phase as Velero writes it. */
    public String wireName() {
        return wireName;
    }

    /** The phase for Velero's text; null or empty gives {@link #NONE}, an unknown text {@link #UNKNOWN}. */
    public static SchedulePhase of(String wireName) {
        return Phases.of(wireName, values(), SchedulePhase::wireName, NONE, UNKNOWN);
    }
}
