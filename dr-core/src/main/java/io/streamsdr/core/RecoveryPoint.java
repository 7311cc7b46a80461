package io.streamsdr.core;

import io.streamsdr.core.internal.Check;
import java.util.Map;
import java.util.Optional;

import java.time.Instant;

/**
 * Something a component can be restored from: a snapshot, a Velero backup, a mirror's sync point,
 * or a point-in-time window. Immutable.
 *
 * @param id          the provider's id for it (snapshot id, backup name); for a window, a descriptive id
 * @param target      the {@link BackupTarget#name() name} of the target it belongs to
 * @param kind        what sort of point it is
 * @param capturedAt  the newest moment whose data it holds: restoring it loses what came after
 * @param windowStart for {@link Kind#POINT_IN_TIME_WINDOW}, the earliest restorable moment; otherwise null
 * @param attributes  provider details (engine version, size, region, schedule name); no secrets
 */
public record RecoveryPoint(String id, String target, Kind kind, Instant capturedAt, Instant windowStart,
        Map<String, String> attributes) {

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

    /**
     * @throws InvalidConfigurationException when a required field is null, or a window has no start
     *         or a start after its end
     */
    public RecoveryPoint {
        Check.notBlank("recovery point id", id);
        Check.notBlank("recovery point target", target);
        Check.notNull("recovery point kind", kind);
        Check.notNull("recovery point capturedAt", capturedAt);
        if (kind == Kind.POINT_IN_TIME_WINDOW) {
            Check.notNull("recovery point windowStart", windowStart);
            if (windowStart.isAfter(capturedAt)) {
                throw new InvalidConfigurationException("recovery point windowStart", "must not be after capturedAt");
            }
        }
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** A single point (not a window) with no attributes. */
    public static RecoveryPoint of(String id, String target, Kind kind, Instant capturedAt) {
        return new RecoveryPoint(id, target, kind, capturedAt, null, Map.of());
    }

    /** The earliest restorable moment of a window, if this is one. */
    public Optional<Instant> window() {
        return Optional.ofNullable(windowStart);
    }
}
