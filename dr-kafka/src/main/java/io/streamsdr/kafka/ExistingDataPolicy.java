package io.streamsdr.kafka;

/**
 * What a failback does when new production's mirrored topics already hold records: see
 * {@link KafkaFailback.Builder#withExistingData}.
 */
public enum ExistingDataPolicy {
    /** Refuse before anything is copied (a guard rail): copying the backup onto it would mix old and new records. The default. */
    REFUSE,
    /** Copy the backup onto it all the same (the guard rail is skipped): for a cluster known to hold only what may be mixed in. */
    COPY_ANYWAY
}
