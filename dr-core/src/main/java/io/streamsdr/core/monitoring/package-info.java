/**
 * Monitoring every protected component (docs/monitoring.md): one status call, Micrometer meters, notifications.
 *
 * <ul>
 *   <li>{@link io.streamsdr.core.monitoring.ProtectionMonitor} watches an installation's components and answers
 *       {@link io.streamsdr.core.monitoring.ProtectionMonitor#status()} from a cache, with at most one look per
 *       component per refresh interval, a timeout per look, and stale values marked as such;
 *       {@link io.streamsdr.core.monitoring.InstallationStatus} and
 *       {@link io.streamsdr.core.monitoring.ComponentStatus} are its answers, as text or JSON.</li>
 *   <li>{@link io.streamsdr.core.monitoring.ProtectionMeters} is a Micrometer {@code MeterBinder} (and a drill
 *       listener) over the monitor. Micrometer is an optional dependency of dr-core: this one class needs it, and
 *       it loads only when {@link io.streamsdr.core.monitoring.ProtectionMonitor#meters()} is called, which says
 *       which artifact to add when it is missing. The alert rules that use the meters ship in
 *       docs/monitoring/streams-dr-alerts.yaml.</li>
 *   <li>{@link io.streamsdr.core.monitoring.WebhookNotifier} posts a Slack-compatible JSON message when a plan or a
 *       drill ends and when a step fails; what it could not deliver becomes a warning of the drill report.</li>
 * </ul>
 */
package io.streamsdr.core.monitoring;
