/**
 * RDS: {@link io.streamsdr.aws.rds.RdsDatabase} protects one instance (automated backups, snapshots,
 * recovery points, RPO, pruning, cross-region copies) and makes {@link io.streamsdr.aws.rds.RdsRestore}
 * steps that restore it into a new instance. Built from your own {@code RdsClient}.
 */
package io.streamsdr.aws.rds;
