package io.streamsdr.kafka;

/**
 * How a failback checks the copy before it publishes new production's bootstrap servers: see
 * {@link KafkaFailback.Builder#withVerification}.
 */
public enum FailbackVerification {
    /**
     * A {@code <id>.verify} step reads backup and new production record by record
     * ({@link ZeroLossVerifier}) and fails when anything was lost, duplicated or added (the default).
     */
    RECORD_BY_RECORD,
    /** No verification step: the copy is trusted once MirrorMaker 2 reports it done. */
    NONE
}
