/**
 * A fake Strimzi cluster operator ({@link io.streamsdr.testkit.strimzi.FakeStrimzi}) that runs real
 * MirrorMaker 2 connectors on an in-process Kafka Connect worker for each {@code KafkaMirrorMaker2} resource
 * of a {@link io.streamsdr.testkit.k8s.MockCluster}, and reports status as Strimzi does.
 */
package io.streamsdr.testkit.strimzi;
