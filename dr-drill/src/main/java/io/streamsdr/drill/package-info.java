/**
 * The Streams failover drill on embedded real parts: the recipe that composes the providers, and the
 * runnable local drill (README command 1).
 *
 * <p>{@link io.streamsdr.drill.LocalStreams} is the world the drill runs in: three real KRaft clusters
 * with the real MirrorMaker 2, the in-memory RDS, a mock Kubernetes API server with the fake Velero
 * controller and the real Helm engine, all on one {@link io.streamsdr.testkit.ScaledClock}, with
 * {@link io.streamsdr.drill.LocalStreams#disaster()} to break it.
 */
package io.streamsdr.drill;
