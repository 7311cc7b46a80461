package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a component can be restored from: a snapshot, a Velero backup, a mirror's sync point,
 * or a point-in-time window. Immutable.
 */
public final class RecoveryPoint {

    /** What sort of recovery point. */
    public enum Kind {
        /** Taken on demand (an RDS manual snapshot). */
        MANUAL_SNAPSHOT,
        /** Taken by the service on its own schedule (an RDS automated snapshot). */
        AUTOMATED_SNAPSHOT,
        /** Any moment between {@code windowStart} and {@code capturedAt} (RDS point-in-time restore). */
        POINT_IN_TIME_WINDOW,
        /** A mirror held everything its source had at {@code capturedAt} (Kafka + MirrorMaker 2). */
        SYNC_POINT,
        /** A backup of resources (a Velero Backup, manual or from a schedule). */
        BACKUP
    }

    private final String id;
    private final String target;
    private final Kind kind;
    private final Instant capturedAt;
    private final Instant windowStart;
    private final Map<String, String> attributes;

    private RecoveryPoint(String id, String target, Kind kind, Instant capturedAt, Instant windowStart, Map<String, String> attributes) {
        this.id = Check.notBlank("recovery point id", id);
        this.target = Check.notBlank("recovery point target", target);
        this.kind = Check.notNull("recovery point kind", kind);
        this.capturedAt = Check.notNull("recovery point capturedAt", capturedAt);
        this.windowStart = windowStart;
        this.attributes = Map.copyOf(Check.notNull("recovery point attributes", attributes));
    }

    /**
     * A single point (not a window).
     *
     * @param id         the provider's id for it (snapshot id, backup name)
     * @param target     the {@link BackupTarget#name() name} of the target it belongs to
     * @param kind       what sort of point it is; not {@link Kind#POINT_IN_TIME_WINDOW}
     * @param capturedAt the newest moment whose data it holds: restoring it loses what came after
     * @param attributes provider details (engine version, size, region, schedule name); no secrets
     * @throws InvalidConfigurationException when a value is null or blank, or the kind is a window
     */
    public static RecoveryPoint of(String id, String target, Kind kind, Instant capturedAt, Map<String, String> attributes) {
        if (kind == Kind.POINT_IN_TIME_WINDOW) {
            throw new InvalidConfigurationException("recovery point kind", "a window needs its start: use RecoveryPoint.window(...)");
        }
        return new RecoveryPoint(id, target, kind, capturedAt, null, attributes);
    }

    /** {@link #of(String, String, Kind, Instant, Map)} with no attributes. */
    public static RecoveryPoint of(String id, String target, Kind kind, Instant capturedAt) {
        return of(id, target, kind, capturedAt, Map.of());
    }

    /**
     * A point-in-time window: any moment from {@code windowStart} to {@code capturedAt} can be restored.
     *
     * @throws InvalidConfigurationException when a value is null or blank, or the start is after the end
     */
    public static RecoveryPoint window(String id, String target, Instant windowStart, Instant capturedAt, Map<String, String> attributes) {
        Check.notNull("recovery point windowStart", windowStart);
        Check.notNull("recovery point capturedAt", capturedAt);
        if (windowStart.isAfter(capturedAt)) {
            throw new InvalidConfigurationException("recovery point windowStart", "must not be after capturedAt");
        }
        return new RecoveryPoint(id, target, Kind.POINT_IN_TIME_WINDOW, capturedAt, windowStart, attributes);
    }

    /** The provider's id for it (snapshot id, backup name); for a window, a descriptive id. */
    public String id() {
        return id;
    }

    /** The {@link BackupTarget#name() name} of the target it belongs to. */
    public String target() {
        return target;
    }

    /** What sort of point it is. */
    public Kind kind() {
        return kind;
    }

    /** The newest moment whose data it holds: restoring it loses what came after. For a window, its end. */
    public Instant capturedAt() {
        return capturedAt;
    }

    /** The earliest restorable moment, for a {@link Kind#POINT_IN_TIME_WINDOW window}; empty otherwise. */
    public Optional<Instant> windowStart() {
        return Optional.ofNullable(windowStart);
    }

    /** Provider details (engine version, size, region, schedule name); no secrets. */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryPoint p && p.id.equals(id) && p.target.equals(target) && p.kind == kind
                && p.capturedAt.equals(capturedAt) && Objects.equals(p.windowStart, windowStart) && p.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, target, kind, capturedAt, windowStart, attributes);
    }

    @Override
    public String toString() {
        return "RecoveryPoint[" + id + ", " + target + ", " + kind + ", " + (windowStart == null ? "" : windowStart + " .. ") + capturedAt
                + (attributes.isEmpty() ? "" : ", " + attributes) + "]";
    }
}
