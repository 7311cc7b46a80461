package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How well a component is protected right now: its current RPO (what a disaster now would lose,
 * measured in time: the age of the newest usable recovery point, or the replication lag of a mirror)
 * and whether protection is as it should be, or why not. Immutable.
 */
public final class ProtectionStatus {
    private final String target;
    private final Instant observedAt;
    private final Duration rpo;
    private final boolean healthy;
    private final String reason;

    private ProtectionStatus(String target, Instant observedAt, Duration rpo, boolean healthy, String reason) {
        this.target = Check.notBlank("protection status target", target);
        this.observedAt = Check.notNull("protection status observedAt", observedAt);
        this.rpo = rpo == null ? null : Check.notNegative("protection status rpo", rpo);
        this.healthy = healthy;
        this.reason = reason;
    }

    /**
     * Healthy, with this RPO.
     *
     * @throws InvalidConfigurationException when a value is null, the target blank or the RPO negative
     */
    public static ProtectionStatus healthy(String target, Instant observedAt, Duration rpo) {
        return new ProtectionStatus(target, observedAt, Check.notNull("rpo of healthy protection status", rpo), true, null);
    }

    /**
     * Not healthy, for {@code reason}, with the RPO there is.
     *
     * @param rpo the current RPO; null when there is no recovery point or it cannot be measured (then
     *            {@link #rpo()} is empty, as with {@link #unhealthy(String, Instant, String)})
     * @throws InvalidConfigurationException when the target, time or reason is null or blank, or the RPO negative
     */
    public static ProtectionStatus unhealthy(String target, Instant observedAt, Duration rpo, String reason) {
        return new ProtectionStatus(target, observedAt, rpo, false, Check.notBlank("reason of unhealthy protection status", reason));
    }

    /**
     * Not healthy, for {@code reason}, and no RPO: there is no recovery point at all, or it cannot be measured.
     *
     * @throws InvalidConfigurationException when a value is null, or the target or reason blank
     */
    public static ProtectionStatus unhealthy(String target, Instant observedAt, String reason) {
        return new ProtectionStatus(target, observedAt, null, false, Check.notBlank("reason of unhealthy protection status", reason));
    }

    /** The target's name. */
    public String target() {
        return target;
    }

    /** When this was measured. */
    public Instant observedAt() {
        return observedAt;
    }

    /** The current RPO; empty when there is no recovery point or it could not be measured. Always present when healthy. */
    public Optional<Duration> rpo() {
        return Optional.ofNullable(rpo);
    }

    /** Whether protection is as it should be. */
    public boolean healthy() {
        return healthy;
    }

    /** Why it is not healthy; empty when healthy. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionStatus p && p.target.equals(target) && p.observedAt.equals(observedAt)
                && Objects.equals(p.rpo, rpo) && p.healthy == healthy && Objects.equals(p.reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, observedAt, rpo, healthy, reason);
    }

    @Override
    public String toString() {
        return "ProtectionStatus[" + target + ", " + (healthy ? "healthy" : "UNHEALTHY") + ", rpo="
                + (rpo == null ? "none" : rpo) + (reason == null ? "" : ", " + reason) + "]";
    }
}
