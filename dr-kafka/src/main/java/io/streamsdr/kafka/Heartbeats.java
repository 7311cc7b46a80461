package io.streamsdr.kafka;

/** Whether MirrorMaker 2 writes heartbeats to the target: see {@link MirrorConfig.Builder#withHeartbeats}. */
public enum Heartbeats {
    /** Heartbeats to the target's {@code heartbeats} topic, for monitoring the flow (the default). */
    EMIT,
    /**
     * None: MM2 starts about 0.7 s sooner (one connector task and its rebalances fewer) and leaves no
     * {@code heartbeats} topic on the target. The failback's short-lived reverse mirror runs so.
     */
    OFF
}
