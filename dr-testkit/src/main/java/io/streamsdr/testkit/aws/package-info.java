/**
 * AWS fakes for tests: {@link io.streamsdr.testkit.aws.InMemoryRds}, an {@code RdsClient} that behaves like
 * RDS on a (virtual) clock, and {@link io.streamsdr.testkit.aws.InMemoryS3} and
 * {@link io.streamsdr.testkit.aws.InMemoryIam} for Velero's prerequisites, and
 * {@link io.streamsdr.testkit.aws.MotoServer} with its JUnit 5 {@link io.streamsdr.testkit.aws.MotoServerExtension},
 * which run the real {@code moto_server} on a loopback port. The AWS SDK is an optional dependency of dr-testkit: add
 * {@code software.amazon.awssdk:rds} to your test classpath to use them.
 */
package io.streamsdr.testkit.aws;
