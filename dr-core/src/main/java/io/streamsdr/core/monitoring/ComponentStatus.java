package io.streamsdr.core.monitoring;

import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.ReplicationLag;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One component as a {@link ProtectionMonitor} last saw it: its name and kind, the last good
 * {@link ProtectionStatus} (RPO, newest recovery point, health, a mirror's lag), when that was observed, and
 * whether it is <em>stale</em>: the latest look failed, timed out or has not come back, so the value shown is
 * an older one, kept and marked. Immutable.
 *
 * <p>A stale component is never {@link #healthy() healthy}: its last good status may say healthy, but nobody
 * knows whether it still is; {@link #reason()} then gives the stale reason first.
 */
public final class ComponentStatus {
    private final String component;
    private final String kind;
    private final Duration expectedInterval;
    private final ProtectionStatus lastGood;
    private final Instant lookedAt;
    private final String staleReason;

    ComponentStatus(String component, String kind, Duration expectedInterval, ProtectionStatus lastGood, Instant lookedAt,
            String staleReason) {
        this.component = component;
        this.kind = kind;
        this.expectedInterval = expectedInterval;
        this.lastGood = lastGood;
        this.lookedAt = lookedAt;
        this.staleReason = staleReason;
    }

    /** The component's name ({@link io.streamsdr.core.BackupTarget#name()}). */
    public String component() {
        return component;
    }

    /** What sort of component it is ({@link io.streamsdr.core.BackupTarget#kind()}): {@code rds}, {@code kafka}, {@code velero}... */
    public String kind() {
        return kind;
    }

    /** How often a new recovery point is due, where the target defines it ({@link io.streamsdr.core.BackupTarget#expectedInterval()}). */
    public Optional<Duration> expectedInterval() {
        return Optional.ofNullable(expectedInterval);
    }

    /** The last status a look returned; empty when no look has succeeded yet. */
    public Optional<ProtectionStatus> lastGood() {
        return Optional.ofNullable(lastGood);
    }

    /** When the value shown was observed (the last good status's {@code observedAt}); empty when there is none. */
    public Optional<Instant> observedAt() {
        return lastGood().map(ProtectionStatus::observedAt);
    }

    /** When the latest look started, good or not; empty before the first. */
    public Optional<Instant> lookedAt() {
        return Optional.ofNullable(lookedAt);
    }

    /** Whether the value shown is older than the latest look: that look failed, timed out or has not come back. */
    public boolean stale() {
        return staleReason != null;
    }

    /** Why the value is stale; empty when it is not. */
    public Optional<String> staleReason() {
        return Optional.ofNullable(staleReason);
    }

    /** Whether the last good status says healthy and it is not stale. */
    public boolean healthy() {
        return staleReason == null && lastGood != null && lastGood.healthy();
    }

    /**
     * Why it is not {@link #healthy() healthy}: the stale reason (and, when there was no good look yet, that
     * too), else the status's own reason; empty when healthy.
     */
    public Optional<String> reason() {
        if (staleReason != null) {
            return Optional.of("stale: " + staleReason + (lastGood == null ? "; no look has succeeded yet"
                    : "; last good status observed at " + lastGood.observedAt()));
        }
        return lastGood == null ? Optional.empty() : lastGood.reason();
    }

    /** The RPO of the last good status: what a disaster then would have lost, in time. */
    public Optional<Duration> rpo() {
        return lastGood().flatMap(ProtectionStatus::rpo);
    }

    /** The newest recovery point the last good status named. */
    public Optional<RecoveryPoint> newestRecoveryPoint() {
        return lastGood().flatMap(ProtectionStatus::newestRecoveryPoint);
    }

    /** The newest moment a restore could bring back, as of the last good status ({@link ProtectionStatus#recoverableTo()}). */
    public Optional<Instant> recoverableTo() {
        return lastGood().flatMap(ProtectionStatus::recoverableTo);
    }

    /** A mirror's lag, from the last good status. */
    public Optional<ReplicationLag> replicationLag() {
        return lastGood().flatMap(ProtectionStatus::replicationLag);
    }

    /**
     * The age at {@code now} of the newest recovery point the last good status saw ({@code now − recoverableTo}, never
     * negative); empty when it is stale or there is no recovery point. Between looks it grows with the clock.
     */
    public Optional<Duration> ageAt(Instant now) {
        if (staleReason != null) {
            return Optional.empty();
        }
        return recoverableTo().map(t -> {
            Duration d = Duration.between(t, now);
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentStatus c && c.component.equals(component) && c.kind.equals(kind)
                && Objects.equals(c.expectedInterval, expectedInterval) && Objects.equals(c.lastGood, lastGood)
                && Objects.equals(c.lookedAt, lookedAt) && Objects.equals(c.staleReason, staleReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, kind, expectedInterval, lastGood, lookedAt, staleReason);
    }

    @Override
    public String toString() {
        return "ComponentStatus[" + component + " (" + kind + "), " + (healthy() ? "healthy" : "NOT HEALTHY: " + reason().orElse("?"))
                + rpo().map(d -> ", rpo=" + d).orElse("") + "]";
    }
}
