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
 *
 * <p>A provider that knows more adds it with {@link #withNewestRecoveryPoint(RecoveryPoint)} (the point the RPO
 * is measured from) and, for a mirror, {@link #withReplicationLag(ReplicationLag)}: a monitor then needs no
 * second look.
 */
public final class ProtectionStatus {
    private final String target;
    private final Instant observedAt;
    private final Duration rpo;
    private final boolean healthy;
    private final String reason;
    private final RecoveryPoint newest;
    private final ReplicationLag lag;

    private ProtectionStatus(String target, Instant observedAt, Duration rpo, boolean healthy, String reason) {
        this(target, observedAt, rpo, healthy, reason, null, null);
    }

    private ProtectionStatus(String target, Instant observedAt, Duration rpo, boolean healthy, String reason, RecoveryPoint newest,
            ReplicationLag lag) {
        this.target = Check.notBlank("protection status target", target);
        this.observedAt = Check.notNull("protection status observedAt", observedAt);
        this.rpo = rpo == null ? null : Check.notNegative("protection status rpo", rpo);
        this.healthy = healthy;
        this.reason = reason;
        this.newest = newest;
        this.lag = lag;
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

    /**
     * A copy that names the newest usable recovery point, the one the RPO is measured from.
     *
     * @throws InvalidConfigurationException when the point is null or belongs to another target
     */
    public ProtectionStatus withNewestRecoveryPoint(RecoveryPoint point) {
        Check.notNull("newest recovery point of protection status '" + target + "'", point);
        if (!point.target().equals(target)) {
            throw new InvalidConfigurationException("newest recovery point of protection status '" + target + "'",
                    "must belong to '" + target + "', but '" + point.id() + "' belongs to '" + point.target() + "'");
        }
        return new ProtectionStatus(target, observedAt, rpo, healthy, reason, point, lag);
    }

    /** The newest usable recovery point, when the provider named it. */
    public Optional<RecoveryPoint> newestRecoveryPoint() {
        return Optional.ofNullable(newest);
    }

    /**
     * A copy that carries a mirror's lag, over the whole mirror.
     *
     * @throws InvalidConfigurationException when null
     */
    public ProtectionStatus withReplicationLag(ReplicationLag lag) {
        return new ProtectionStatus(target, observedAt, rpo, healthy, reason, newest,
                Check.notNull("replication lag of protection status '" + target + "'", lag));
    }

    /** A mirror's lag, when the target is a mirror and could measure it. */
    public Optional<ReplicationLag> replicationLag() {
        return Optional.ofNullable(lag);
    }

    /**
     * The newest moment a restore now could bring back: the newest recovery point's capture time when the
     * provider named it, else {@code observedAt − rpo}; empty when there is no RPO.
     */
    public Optional<Instant> recoverableTo() {
        if (newest != null) {
            return Optional.of(newest.capturedAt());
        }
        return rpo().map(observedAt::minus);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionStatus p && p.target.equals(target) && p.observedAt.equals(observedAt)
                && Objects.equals(p.rpo, rpo) && p.healthy == healthy && Objects.equals(p.reason, reason)
                && Objects.equals(p.newest, newest) && Objects.equals(p.lag, lag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, observedAt, rpo, healthy, reason, newest, lag);
    }

    @Override
    public String toString() {
        return "ProtectionStatus[" + target + ", " + (healthy ? "healthy" : "UNHEALTHY") + ", rpo="
                + (rpo == null ? "none" : rpo) + (reason == null ? "" : ", " + reason) + (newest == null ? "" : ", newest " + newest.id())
                + (lag == null ? "" : ", lag " + lag) + "]";
    }
}
