/**
 * Kafka protected by MirrorMaker 2: the runbook's backup, verification and failback.
 *
 * <ul>
 *   <li>{@link io.streamsdr.kafka.KafkaCluster}: a cluster described once (bootstrap servers, SCRAM over
 *       SASL_SSL, truststore), validated before any connection;</li>
 *   <li>{@link io.streamsdr.kafka.MirrorConfig}: the MM2 configuration (identity replication, one flow,
 *       offset-syncs on the target, target-prefixed worker settings, a {@link io.streamsdr.kafka.DeliveryGuarantee}),
 *       as properties or an owner-only file for {@code connect-mirror-maker.sh};</li>
 *   <li>{@link io.streamsdr.kafka.Mirror}: a flow to start and stop, in process or on a Connect cluster
 *       ({@link io.streamsdr.kafka.ConnectMirror});</li>
 *   <li>{@link io.streamsdr.kafka.MirrorMonitor}: backup topics, lag in records and time, "mirroring done",
 *       group offsets translated; {@link io.streamsdr.kafka.KafkaBackupTarget} makes it a
 *       {@link io.streamsdr.core.BackupTarget} with sync points;</li>
 *   <li>{@link io.streamsdr.kafka.ZeroLossVerifier}: lost and duplicated records, partition by partition;</li>
 *   <li>{@link io.streamsdr.kafka.KafkaFailback}: the failback as two {@link io.streamsdr.core.PlanFragment}s,
 *       scoped by its id, carrying the clusters' secrets; {@link io.streamsdr.kafka.FailbackMirrors} holds the
 *       mirrors its runs start.</li>
 * </ul>
 *
 * <p>Nothing here has a clock of its own: a method that waits or reads in a loop takes the
 * {@link io.streamsdr.core.Poller} to do it through ({@code ctx.poller()} inside a plan step,
 * {@link io.streamsdr.core.Poller#system()} outside one), and {@link io.streamsdr.kafka.KafkaBackupTarget}
 * takes the run's {@link io.streamsdr.core.RunContext}. Failures are the library's exceptions:
 * {@link io.streamsdr.core.CallFailedException} with Kafka's exception as the cause,
 * {@link io.streamsdr.core.PreconditionFailedException} for a guard rail, {@link io.streamsdr.core.TimedOutException}
 * for a wait. See docs/kafka.md.
 */
package io.streamsdr.kafka;
