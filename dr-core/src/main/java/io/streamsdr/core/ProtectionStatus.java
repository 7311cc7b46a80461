package io.streamsdr.core;

import io.streamsdr.core.internal.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How well a component is protected right now. Immutable.
 *
 * @param target     the target's name
 * @param observedAt when this was measured
 * @param rpo        the current recovery point objective: what a disaster now would lose, measured in
 *                   time (age of the newest usable recovery point, or replication lag for a mirror);
 *                   null when there is no recovery point at all
 * @param healthy    whether protection is as it should be
 * @param reason     why it is not healthy; null when healthy
 */
public record ProtectionStatus(String target, Instant observedAt, Duration rpo, boolean healthy, String reason) {

    /**
     * @throws InvalidConfigurationException when target or observedAt is null, rpo is negative, an
     *         unhealthy status has no reason, or a healthy one has no RPO
     */
    public ProtectionStatus {
        Check.notBlank("protection status target", target);
        Check.notNull("protection status observedAt", observedAt);
        if (rpo != null) {
            Check.notNegative("protection status rpo", rpo);
        }
        if (!healthy) {
            Check.notBlank("reason of unhealthy protection status", reason);
        } else {
            Check.notNull("rpo of healthy protection status", rpo);
            reason = null;
        }
    }

    /** Healthy, with this RPO. */
    public static ProtectionStatus healthy(String target, Instant observedAt, Duration rpo) {
        return new ProtectionStatus(target, observedAt, rpo, true, null);
    }

    /** Not healthy, for {@code reason}; {@code rpo} may be null when there is no recovery point. */
    public static ProtectionStatus unhealthy(String target, Instant observedAt, Duration rpo, String reason) {
        return new ProtectionStatus(target, observedAt, rpo, false, reason);
    }

    /** The current RPO, if there is any recovery point. */
    public Optional<Duration> currentRpo() {
        return Optional.ofNullable(rpo);
    }
}
