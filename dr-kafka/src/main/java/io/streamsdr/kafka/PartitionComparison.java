package io.streamsdr.kafka;

/**
 * One partition compared on both clusters, read_committed, record by record as multisets of
 * (key, value, headers): the order of records does not matter, their number does.
 *
 * @param topic          the topic
 * @param partition      the partition
 * @param sourceRecords  committed records on the source
 * @param targetRecords  committed records on the target
 * @param sourceDigest   an order-insensitive digest of the source's records
 * @param targetDigest   the same over the target's records; equal digests and counts mean the same records
 * @param lost           source records missing on the target
 * @param duplicated     extra copies on the target of records the source has
 * @param unexpected     records on the target the source does not have
 * @param duplicatedKeys keys that appear more often on the target than on the source
 */
public record PartitionComparison(String topic, int partition, long sourceRecords, long targetRecords, String sourceDigest,
        String targetDigest, long lost, long duplicated, long unexpected, long duplicatedKeys) {

    /** Whether both sides hold exactly the same records. */
    public boolean exact() {
        return lost == 0 && duplicated == 0 && unexpected == 0 && sourceDigest.equals(targetDigest);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + ": " + sourceRecords + " -> " + targetRecords + (exact() ? " exact"
                : " lost " + lost + ", duplicated " + duplicated + " (" + duplicatedKeys + " keys), unexpected " + unexpected);
    }
}
