/**
 * Velero backups, schedules and restores through fabric8. Under construction: see the project's issues.
 */
package io.streamsdr.velero;
