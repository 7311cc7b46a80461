/**
 * Kafka protected by MirrorMaker 2: the runbook's backup, verification and failback.
 *
 * <ul>
 *   <li>{@link io.streamsdr.kafka.KafkaCluster}: a cluster described once (bootstrap servers, SCRAM over
 *       SASL_SSL, truststore), validated before any connection;</li>
 *   <li>{@link io.streamsdr.kafka.MirrorConfig}: the MM2 configuration (identity replication, one flow,
 *       offset-syncs on the target, target-prefixed worker settings, optional exactly-once), as properties
 *       or an owner-only file for {@code connect-mirror-maker.sh};</li>
 *   <li>{@link io.streamsdr.kafka.Mirror}: a flow to start and stop, in process or on a Connect cluster
 *       ({@link io.streamsdr.kafka.ConnectMirror});</li>
 *   <li>{@link io.streamsdr.kafka.MirrorMonitor}: backup topics, lag in records and time, "mirroring done",
 *       group offsets translated; {@link io.streamsdr.kafka.KafkaBackupTarget} makes it a
 *       {@link io.streamsdr.core.BackupTarget} with sync points;</li>
 *   <li>{@link io.streamsdr.kafka.ZeroLossVerifier}: lost and duplicated records, partition by partition;</li>
 *   <li>{@link io.streamsdr.kafka.KafkaFailback}: the failback as {@link io.streamsdr.core.RestorePlan} steps.</li>
 * </ul>
 * See docs/kafka.md.
 */
package io.streamsdr.kafka;
