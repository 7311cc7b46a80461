package io.streamsdr.kafka;

import java.util.List;

/**
 * The result of {@link ZeroLossVerifier#verify(io.streamsdr.core.Poller)}: every mirrored partition compared. Immutable.
 *
 * @param source     the source cluster's alias
 * @param target     the target cluster's alias
 * @param partitions one comparison per partition of the mirrored topics on either side
 */
public record VerificationReport(String source, String target, List<PartitionComparison> partitions) {

    public VerificationReport {
        partitions = List.copyOf(partitions);
    }

    /** Source records missing on the target, all partitions. */
    public long lost() {
        return partitions.stream().mapToLong(PartitionComparison::lost).sum();
    }

    /** Extra copies on the target, all partitions. */
    public long duplicated() {
        return partitions.stream().mapToLong(PartitionComparison::duplicated).sum();
    }

    /** Records on the target the source never had, all partitions. */
    public long unexpected() {
        return partitions.stream().mapToLong(PartitionComparison::unexpected).sum();
    }

    /** Committed records on the source, all partitions. */
    public long sourceRecords() {
        return partitions.stream().mapToLong(PartitionComparison::sourceRecords).sum();
    }

    /** Committed records on the target, all partitions. */
    public long targetRecords() {
        return partitions.stream().mapToLong(PartitionComparison::targetRecords).sum();
    }

    /** Whether the target holds exactly the source's records: nothing lost, nothing duplicated, nothing else. */
    public boolean exact() {
        return partitions.stream().allMatch(PartitionComparison::exact);
    }

    @Override
    public String toString() {
        return source + " -> " + target + ": " + sourceRecords() + " -> " + targetRecords() + " records, lost " + lost()
                + ", duplicated " + duplicated() + ", unexpected " + unexpected() + (exact() ? " (exact)" : "");
    }
}
