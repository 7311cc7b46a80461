package io.streamsdr.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * MirrorMaker 2's lag over every mirrored partition, measured at one moment. Immutable.
 *
 * @param flow       the flow measured, {@code source->target}
 * @param observedAt when it was measured
 * @param partitions one entry per source partition of the mirrored topics, by topic then partition
 */
public record MirrorLag(String flow, Instant observedAt, List<PartitionLag> partitions) {

    public MirrorLag {
        partitions = partitions.stream()
                .sorted(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition)).toList();
    }

    /** Whether every committed source record has been copied ("mirroring done"). */
    public boolean caughtUp() {
        return partitions.stream().allMatch(PartitionLag::caughtUp);
    }

    /** Records not yet copied, all partitions together (an upper bound, see {@link PartitionLag#lagRecords()}). */
    public long lagRecords() {
        return partitions.stream().mapToLong(PartitionLag::lagRecords).sum();
    }

    /** The largest lag in time: what a disaster now would lose. This is the mirror's RPO. */
    public Duration maxLagTime() {
        return partitions.stream().map(PartitionLag::lagTime).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    /** The partitions still behind. */
    public List<PartitionLag> behind() {
        return partitions.stream().filter(p -> !p.caughtUp()).toList();
    }

    /** A one-line summary. */
    @Override
    public String toString() {
        List<PartitionLag> behind = behind();
        if (behind.isEmpty()) {
            return flow + ": all " + partitions.size() + " partitions caught up";
        }
        return flow + ": " + lagRecords() + " records in " + behind.size() + " of " + partitions.size() + " partitions to copy;"
                + " replication lag " + io.streamsdr.core.spi.Durations.format(maxLagTime()) + " (the oldest of them); first: " + behind.get(0);
    }
}
