package io.streamsdr.helm;

import java.time.Instant;

/**
 * One line of {@code helm history}. Immutable.
 *
 * @param revision    the revision number, from 1
 * @param status      {@code deployed}, {@code superseded}, {@code failed}, ...
 * @param chart       the chart as {@code name-version}
 * @param appVersion  the chart's appVersion, or null
 * @param description what happened ({@code Install complete}, {@code Upgrade complete}, ...)
 * @param updated     when, or null when not reported
 */
public record HelmRevision(int revision, String status, String chart, String appVersion, String description, Instant updated) {
}
