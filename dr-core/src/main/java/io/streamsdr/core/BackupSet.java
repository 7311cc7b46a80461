package io.streamsdr.core;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link Installation#backupAll()} took: a recovery point per component and each component's
 * RPO right after, with the run's report (timeline, durations, failures). Immutable.
 *
 * @param report the run: one step per component
 * @param points each component's new recovery point, by component name; a component whose backup
 *               failed is missing
 */
public record BackupSet(PlanReport report, Map<String, RecoveryPoint> points) {

    public BackupSet {
        points = Map.copyOf(points);
    }

    /** Whether every component has a new recovery point. */
    public boolean succeeded() {
        return report.succeeded();
    }

    /** Each component's RPO right after its backup, by component name. */
    public Map<String, Duration> rpo() {
        return report.rpo();
    }

    /** How long the whole backup took (the slowest component). */
    public Duration elapsed() {
        return report.rto();
    }

    /** One line per component: its new point and its RPO; then failures. */
    public String toText() {
        StringBuilder sb = new StringBuilder("Backup of every component: ").append(succeeded() ? "SUCCEEDED" : "FAILED")
                .append(" in ").append(Durations.format(elapsed())).append('\n');
        report.rpo().forEach((c, d) -> {
            RecoveryPoint p = points.get(c);
            sb.append(String.format("  %-24s %-40s RPO after the backup %s%n", c, p == null ? "-" : p.id(), Durations.format(d)));
        });
        report.steps().forEach(s -> s.error().ifPresent(e -> sb.append("  ").append(s.id()).append(" failed: ").append(e).append('\n')));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "BackupSet[" + (succeeded() ? "SUCCEEDED" : "FAILED") + ", " + points.keySet() + "]";
    }
}
