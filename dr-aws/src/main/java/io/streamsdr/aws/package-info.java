/**
 * RDS backups and restores and the AWS side of a Velero install. Under construction: see the project's issues.
 */
package io.streamsdr.aws;
