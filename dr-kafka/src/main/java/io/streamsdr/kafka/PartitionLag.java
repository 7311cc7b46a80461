package io.streamsdr.kafka;

import java.time.Duration;

/**
 * How far MirrorMaker 2 is behind on one source partition.
 *
 * @param topic         the topic (the same name on both clusters, identity replication)
 * @param partition     the partition
 * @param sourceEnd     the source's end offset for read_committed readers (its last stable offset)
 * @param nextToCopy    the first source offset MM2 has not committed as copied
 * @param lagRecords    records not yet copied: 0 when no committed record is left after {@code nextToCopy},
 *                      otherwise {@code sourceEnd - nextToCopy} (an upper bound: transaction markers count)
 * @param lagTime       the age of the oldest committed source record not yet copied; zero when caught up
 */
public record PartitionLag(String topic, int partition, long sourceEnd, long nextToCopy, long lagRecords, Duration lagTime) {

    /** Whether every committed record of this partition has been copied. */
    public boolean caughtUp() {
        return lagRecords == 0;
    }

    @Override
    public String toString() {
        return topic + "-" + partition + (caughtUp() ? " caught up at " + sourceEnd
                : " behind by " + lagRecords + " records / " + io.streamsdr.core.spi.Durations.format(lagTime) + " (next " + nextToCopy + ", end " + sourceEnd + ")");
    }
}
