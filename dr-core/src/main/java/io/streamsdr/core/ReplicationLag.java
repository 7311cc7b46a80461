package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;

/**
 * How far a mirror is behind its source, summed over the whole mirror (never per partition): the
 * records not yet copied, and the age of the oldest of them. A mirror's {@link ProtectionStatus}
 * carries it ({@link ProtectionStatus#replicationLag()}), and the monitoring meters export both
 * numbers per mirror.
 *
 * @param records how many committed source records the backup does not hold yet; 0 when caught up
 * @param time    how old the oldest of them is: what a disaster now would lose, in time; zero when caught up
 */
public record ReplicationLag(long records, Duration time) {

    /**
     * Checks the values.
     *
     * @throws InvalidConfigurationException when {@code records} is negative, or {@code time} null or negative
     */
    public ReplicationLag {
        if (records < 0) {
            throw new InvalidConfigurationException("replication lag records", "must not be negative, was " + records);
        }
        Check.notNegative("replication lag time", time);
    }

    /** Whether the backup holds everything (no record behind). */
    public boolean caughtUp() {
        return records == 0;
    }

    @Override
    public String toString() {
        return records + " records, " + Durations.format(time);
    }
}
