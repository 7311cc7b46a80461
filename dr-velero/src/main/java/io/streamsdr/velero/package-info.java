/**
 * Velero backups, schedules and restores through fabric8, with no {@code kubectl exec}.
 *
 * <p>Start with {@link io.streamsdr.velero.Velero#using(io.fabric8.kubernetes.client.KubernetesClient)}.
 * Requests ({@link io.streamsdr.velero.BackupRequest}, {@link io.streamsdr.velero.ScheduleRequest},
 * {@link io.streamsdr.velero.RestoreRequest}) are validated when built, before any API call:
 * names by DNS-1123 rules, schedules as Velero's server parses them
 * ({@link io.streamsdr.velero.CronSchedule}), TTLs. Observed objects are immutable records
 * ({@link io.streamsdr.velero.Backup}, {@link io.streamsdr.velero.Schedule},
 * {@link io.streamsdr.velero.Restore}) with every Velero 1.18 phase mapped.
 */
package io.streamsdr.velero;
