package io.streamsdr.aws.rds;

/**
 * What {@link RdsDatabase#enableAutomatedBackups(int)} did. Immutable.
 *
 * @param instanceId             the instance
 * @param previousRetentionDays  the retention before the call (0: automated backups were off)
 * @param retentionDays          the retention now
 * @param changed                whether a modification was sent (false when the retention was already this)
 * @param outageExpected         whether this change switched between 0 and a non-zero retention, which
 *                               makes RDS restart the instance: an outage
 * @param note                   a sentence for people, always reminding that switching between 0 and
 *                               non-zero causes an outage
 */
public record AutomatedBackups(String instanceId, int previousRetentionDays, int retentionDays, boolean changed,
        boolean outageExpected, String note) {
}
