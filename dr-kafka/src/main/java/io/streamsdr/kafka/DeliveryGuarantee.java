package io.streamsdr.kafka;

/** How often MirrorMaker 2 may write a record to the target: see {@link MirrorConfig.Builder#withDeliveryGuarantee}. */
public enum DeliveryGuarantee {
    /**
     * Every committed source record arrives; after a crash, records copied since the last offset flush
     * arrive again (the default; keep the offset flush interval small).
     */
    AT_LEAST_ONCE,
    /**
     * Every committed source record arrives once, also after a crash: transactions on the target
     * ({@code <target>.exactly.once.source.support=enabled}) and a short producer transaction timeout.
     * After a crash MM2 waits out the dead task's transaction before it resumes.
     */
    EXACTLY_ONCE
}
