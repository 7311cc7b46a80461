package io.streamsdr.aws.rds;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;

/**
 * What {@link RdsDatabase#enableAutomatedBackups(int, io.streamsdr.core.Poller)} did. Immutable; no
 * component is null.
 *
 * @param instanceId            the instance
 * @param previousRetentionDays the retention before the call (0: automated backups were off)
 * @param retentionDays         the retention now
 * @param change                what the call changed: nothing, the retention only, or backups turned on,
 *                              which made RDS restart the instance (an outage)
 */
public record AutomatedBackups(String instanceId, int previousRetentionDays, int retentionDays, Change change) {

    /** What {@link RdsDatabase#enableAutomatedBackups} changed. */
    public enum Change {
        /** The retention was already the one asked for: no modification was sent. */
        NONE,
        /** The retention went from one non-zero value to another: no restart, no outage. */
        RETENTION_CHANGED,
        /** Automated backups went from off (0 days) to on: RDS restarted the instance, an outage. */
        TURNED_ON_WITH_RESTART
    }

    private static final String OUTAGE_NOTE = "switching the retention between 0 and a non-zero value restarts the instance: an outage";

    /**
     * @throws InvalidConfigurationException when the instance id is blank, the change null, or a retention negative
     */
    public AutomatedBackups {
        Check.notBlank("instance id of automated backups", instanceId);
        Check.notNull("change of automated backups", change);
        if (previousRetentionDays < 0 || retentionDays < 0) {
            throw new InvalidConfigurationException("retention of automated backups",
                    "must not be negative, was " + previousRetentionDays + " → " + retentionDays);
        }
    }

    /** Whether a modification was sent (false when the retention was already this). */
    public boolean changed() {
        return change != Change.NONE;
    }

    /** Whether this call made RDS restart the instance (backups turned on from a retention of 0): an outage. */
    public boolean outageExpected() {
        return change == Change.TURNED_ON_WITH_RESTART;
    }

    /** A sentence for people, always reminding that switching between 0 and non-zero causes an outage. */
    public String note() {
        return switch (change) {
            case NONE -> "automated backups already on with " + retentionDays + " days of retention; nothing changed (note: "
                    + OUTAGE_NOTE + ")";
            case RETENTION_CHANGED -> "backup retention changed from " + previousRetentionDays + " to " + retentionDays
                    + " days, without an outage (note: " + OUTAGE_NOTE + ")";
            case TURNED_ON_WITH_RESTART -> "automated backups turned on with " + retentionDays
                    + " days of retention; the instance restarted (an outage), since " + OUTAGE_NOTE;
        };
    }
}
