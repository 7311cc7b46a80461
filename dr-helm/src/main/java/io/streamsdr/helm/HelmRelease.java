package io.streamsdr.helm;

/**
 * A release as Helm reported it after an install, upgrade or rollback. Immutable.
 *
 * @param release  which release
 * @param revision its revision now
 * @param status   Helm's status ({@code deployed}, {@code failed}, {@code pending-upgrade}, ...)
 * @param chart    the chart, as {@code name-version}, or null when not reported
 */
public record HelmRelease(ReleaseRef release, int revision, String status, String chart) {

    /** Whether Helm reports it {@code deployed}. */
    public boolean isDeployed() {
        return "deployed".equals(status);
    }
}
