package io.streamsdr.helm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code helm history}. Immutable.
 */
public final class HelmRevision {
    private final int revision;
    private final String status;
    private final String chart;
    private final String appVersion;
    private final String description;
    private final Instant updated;

    private HelmRevision(int revision, String status, String chart, String appVersion, String description, Instant updated) {
        this.revision = revision;
        this.status = status;
        this.chart = chart;
        this.appVersion = appVersion;
        this.description = description;
        this.updated = updated;
    }

    /**
     * What a {@link Helm} implementation reports.
     *
     * @param revision    the revision number, from 1
     * @param status      {@code deployed}, {@code superseded}, {@code failed}, ...; null reads as {@code unknown}
     * @param chart       the chart as {@code name-version}; null reads as empty
     * @param appVersion  the chart's appVersion, or null when it has none
     * @param description what happened ({@code Install complete}, {@code Upgrade complete}, ...); null reads as empty
     * @param updated     when, or null when not reported
     * @return the revision
     */
    public static HelmRevision of(int revision, String status, String chart, String appVersion, String description, Instant updated) {
        return new HelmRevision(revision, status == null ? "unknown" : status, chart == null ? "" : chart, appVersion,
                description == null ? "" : description, updated);
    }

    /** The revision number, from 1. */
    public int revision() {
        return revision;
    }

    /** {@code deployed}, {@code superseded}, {@code failed}, ... */
    public String status() {
        return status;
    }

    /** The chart as {@code name-version}. */
    public String chart() {
        return chart;
    }

    /** The chart's appVersion, when it has one. */
    public Optional<String> appVersion() {
        return Optional.ofNullable(appVersion);
    }

    /** What happened ({@code Install complete}, {@code Upgrade complete}, ...). */
    public String description() {
        return description;
    }

    /** When, if Helm reported it. */
    public Optional<Instant> updated() {
        return Optional.ofNullable(updated);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelmRevision r && r.revision == revision && r.status.equals(status) && r.chart.equals(chart)
                && Objects.equals(r.appVersion, appVersion) && r.description.equals(description) && Objects.equals(r.updated, updated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(revision, status, chart, appVersion, description, updated);
    }

    @Override
    public String toString() {
        return "HelmRevision[" + revision + " " + status + ", " + chart + ", " + description + (updated == null ? "" : ", " + updated) + "]";
    }
}
