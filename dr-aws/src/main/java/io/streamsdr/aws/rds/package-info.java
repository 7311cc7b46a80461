/**
 * RDS: {@link io.streamsdr.aws.rds.RdsDatabase} protects one instance (automated backups, snapshots,
 * recovery points, RPO, pruning, cross-region copies) and hands out plan work as
 * {@link io.streamsdr.core.PlanFragment}s: {@link io.streamsdr.aws.rds.RdsSnapshotStep} takes a snapshot,
 * {@link io.streamsdr.aws.rds.RdsRestore} restores into a new instance and publishes its endpoint. Built
 * from your own {@code RdsClient}; time comes from the run (a {@link io.streamsdr.core.RunContext}, a
 * {@link io.streamsdr.core.Poller} or a {@link java.time.Clock} passed to each call), never from the
 * database object.
 */
package io.streamsdr.aws.rds;
