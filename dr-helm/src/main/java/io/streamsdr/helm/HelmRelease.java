package io.streamsdr.helm;

import io.streamsdr.core.spi.Check;
import java.util.Objects;
import java.util.Optional;

/**
 * A release as Helm reported it after an install, upgrade or rollback. Immutable.
 */
public final class HelmRelease {
    private final ReleaseRef release;
    private final int revision;
    private final String status;
    private final String chart;

    private HelmRelease(ReleaseRef release, int revision, String status, String chart) {
        this.release = release;
        this.revision = revision;
        this.status = status;
        this.chart = chart;
    }

    /**
     * What a {@link Helm} implementation reports.
     *
     * @param release  which release
     * @param revision its revision now
     * @param status   Helm's status ({@code deployed}, {@code failed}, {@code pending-upgrade}, ...); null reads as {@code unknown}
     * @param chart    the chart as {@code name-version}, or null when Helm did not report it
     * @return the release
     * @throws io.streamsdr.core.InvalidConfigurationException when the release is null
     */
    public static HelmRelease of(ReleaseRef release, int revision, String status, String chart) {
        return new HelmRelease(Check.notNull("release", release), revision, status == null ? "unknown" : status, chart);
    }

    /** Which release. */
    public ReleaseRef release() {
        return release;
    }

    /** Its revision now. */
    public int revision() {
        return revision;
    }

    /** Helm's status ({@code deployed}, {@code failed}, {@code pending-upgrade}, ...). */
    public String status() {
        return status;
    }

    /** The chart, as {@code name-version}, when Helm reported it. */
    public Optional<String> chart() {
        return Optional.ofNullable(chart);
    }

    /** Whether Helm reports it {@code deployed}. */
    public boolean isDeployed() {
        return "deployed".equals(status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelmRelease r && r.release.equals(release) && r.revision == revision && r.status.equals(status)
                && Objects.equals(r.chart, chart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(release, revision, status, chart);
    }

    @Override
    public String toString() {
        return "HelmRelease[" + release + " revision " + revision + " " + status + (chart == null ? "" : ", chart " + chart) + "]";
    }
}
