/**
 * Velero backups, schedules and restores through fabric8, with no {@code kubectl exec}.
 *
 * <p>Start with {@link io.streamsdr.velero.Velero#using(io.fabric8.kubernetes.client.KubernetesClient)}.
 * Requests ({@link io.streamsdr.velero.BackupRequest}, {@link io.streamsdr.velero.ScheduleRequest},
 * {@link io.streamsdr.velero.RestoreRequest}) are immutable definitions with {@code toBuilder()},
 * validated when built, before any API call: names by DNS-1123 rules, schedules as Velero's server
 * parses them ({@link io.streamsdr.velero.CronSchedule}), TTLs. A schedule takes a
 * {@link io.streamsdr.velero.BackupRequest} as its template. Observed objects
 * ({@link io.streamsdr.velero.Backup}, {@link io.streamsdr.velero.Schedule},
 * {@link io.streamsdr.velero.Restore}) are immutable, with every Velero 1.18 phase mapped and
 * {@link java.util.Optional} for what Velero may not have written yet.
 *
 * <p>Plan work comes as {@link io.streamsdr.core.PlanFragment}s scoped by the id you give
 * ({@code velero.restoreStep(id, request)}, {@code velero.backupStep(id, request)}); waits outside a
 * plan take a {@link io.streamsdr.core.Poller}, and nothing here reads the system clock.
 */
package io.streamsdr.velero;
