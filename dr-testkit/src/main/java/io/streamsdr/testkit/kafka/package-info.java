/**
 * Real Kafka for tests: {@link io.streamsdr.testkit.kafka.EmbeddedKafka}, a single-node KRaft cluster in
 * the test JVM on loopback ports, the one embedded-Kafka fixture that dr-kafka's tests, its benchmarks and
 * the local drill share. Kafka's test kit is an optional dependency of dr-testkit: add
 * {@code org.apache.kafka:kafka-test-common-runtime} and {@code org.apache.kafka:kafka_2.13} (the
 * version of your {@code kafka-clients}) to your test class path to use it.
 */
package io.streamsdr.testkit.kafka;
