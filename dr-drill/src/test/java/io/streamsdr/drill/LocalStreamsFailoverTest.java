package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.StepReport;
import io.streamsdr.helm.HelmRevision;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.kafka.VerificationReport;
import io.streamsdr.kafka.ZeroLossVerifier;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.RestoreRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Streams failover on the real parts: LocalStreams starts three KRaft clusters with the real
 * MirrorMaker 2, the in-memory RDS, the mock Kubernetes with the fake Velero and the real Helm
 * engine; the disaster strikes; one plan built from the providers' current APIs restores the
 * database, the namespace and Kafka in parallel, then re-points Streams in one Helm upgrade. It runs
 * on a ScaledClock at 60×, so the report's 20-minute RDS restore takes 20 real seconds.
 */
class LocalStreamsFailoverTest {
    private static final String RESTORED_DB = "streams-dr";

    @Test
    @Timeout(300)
    void aFailoverPlanRecoversStreamsOnTheRealParts() throws Exception {
        long t0 = System.nanoTime();
        List<String> times = new ArrayList<>();
        Path runDirectory;
        List<Integer> ports = new ArrayList<>();
        try (LocalStreams streams = LocalStreams.builder(Path.of("target", "local-drill")).start()) {
            times.add("start " + ms(System.nanoTime() - t0) + " " + streams.startupTimes().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().toMillis() + "ms").collect(Collectors.joining(", ", "(", ")")));
            runDirectory = streams.runDirectory();
            ScaledClock clock = streams.clock();
            KubernetesClient client = streams.client();
            ports.add(port(streams.production().bootstrapServers()));
            ports.add(port(streams.backup().bootstrapServers()));
            ports.add(port(streams.newProduction().bootstrapServers()));
            ports.add(URI.create(streams.kubernetes().url()).getPort());

            // Before the disaster: records written, read and committed; the release points at production and the old DB.
            assertThat(streams.recordsWritten()).isEqualTo(20_000);
            assertThat(streams.recordsPerTopic()).containsOnlyKeys(LocalStreams.TOPICS);
            assertThat(streams.recordsConsumed()).isEqualTo(20_000);
            Map<TopicPartition, Long> committed = StreamsTraffic.groupOffsets(streams.production(), LocalStreams.CONSUMER_GROUP);
            assertThat(committed).hasSize(6);
            assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
            assertThat(env(client, "streams-api")).containsEntry("DB_HOST", streams.oldDatabaseHost())
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", streams.production().bootstrapServers());
            assertThat(streams.oldDatabaseHost()).startsWith(LocalStreams.DB_INSTANCE + ".");
            assertThat(streams.namespaceBackup().isCompleted()).isTrue();
            assertThat(streams.kafkaTarget().protectionStatus().healthy()).as(streams.kafkaTarget().protectionStatus().toString()).isTrue();

            long disasterStart = System.nanoTime();
            streams.disaster();
            times.add("disaster " + ms(System.nanoTime() - disasterStart));
            assertThat(streams.productionRunning()).isFalse();
            assertThat(client.apps().deployments().inNamespace(LocalStreams.NAMESPACE).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(LocalStreams.NAMESPACE).list().getItems()).isEmpty();

            // The plan, from the providers' current APIs.
            RdsRestore rdsRestore = streams.database().restoreFromLatestSnapshot().toInstance(RESTORED_DB).build();
            Backup newest = streams.velero().backupsOf(LocalStreams.NAMESPACE).get(0);
            KafkaFailback failback = KafkaFailback.of(streams.forwardMirror()).to(streams.newProduction())
                    .withMirrors(streams.mirrors())
                    // Waits run on the scaled clock: 200 ms and 1 s of real time, expressed in simulated time.
                    .withStableWindow(clock.toSimulated(Duration.ofSeconds(1)))
                    .withPollPolicy(new PollPolicy(Duration.ZERO, Backoff.fixed(clock.toSimulated(Duration.ofMillis(200))), Duration.ofHours(2)))
                    .build();
            RestorePlan.Builder builder = RestorePlan.builder("streams-failover")
                    .withStep(rdsRestore.step())
                    .withStep(streams.velero().restoreStep("velero-restore", RestoreRequest.fromBackup(newest.name()).build()));
            failback.steps().forEach(builder::withStep);
            failback.secrets().forEach(builder::withSecret);
            builder.withStep(ReleaseUpgrade.of(streams.helm(), LocalStreams.RELEASE, streams.chart().toString())
                    .withOverride(LocalStreams.DB_HOST_VALUE, rdsRestore.endpointAddress())
                    .withOverride(LocalStreams.KAFKA_BOOTSTRAP_VALUE, KafkaFailback.BOOTSTRAP_SERVERS)
                    .withRolloutWait(Rollout.using(client))
                    .step("helm-upgrade")
                    .dependsOn(rdsRestore.stepId(), "velero-restore", KafkaFailback.PUBLISH));

            long planStart = System.nanoTime();
            PlanReport report = builder.build().execute(RunOptions.defaults().withTime(clock, clock));
            long planReal = System.nanoTime() - planStart;
            times.add("plan " + ms(planReal));
            System.out.println(report.toText());

            assertThat(report.succeeded()).as(report.toText()).isTrue();

            // One new Helm revision carries both the restored DB host and new production's bootstrap servers.
            String restoredHost = streams.rds().describeDBInstances(r -> r.dbInstanceIdentifier(RESTORED_DB)).dbInstances().get(0)
                    .endpoint().address();
            assertThat(restoredHost).startsWith(RESTORED_DB + ".").isNotEqualTo(streams.oldDatabaseHost());
            for (String deployment : LocalStreams.DEPLOYMENTS) {
                assertThat(env(client, deployment)).as(deployment)
                        .containsEntry("DB_HOST", restoredHost)
                        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", streams.newProduction().bootstrapServers())
                        .containsEntry("FEATURE_FLAG", "on");
            }
            assertThat(streams.helm().history(LocalStreams.RELEASE)).extracting(HelmRevision::revision, HelmRevision::status)
                    .containsExactly(Tuple.tuple(1, "superseded"), Tuple.tuple(2, "deployed"));

            // New production holds exactly the records, and the group's offsets.
            VerificationReport copied = ZeroLossVerifier.between(streams.backup(), streams.newProduction()).verify();
            assertThat(copied.exact()).as(copied.toString()).isTrue();
            assertThat(copied.targetRecords()).isEqualTo(streams.recordsWritten());
            assertThat(StreamsTraffic.groupOffsets(streams.newProduction(), LocalStreams.CONSUMER_GROUP)).isEqualTo(committed);
            assertThat(failback.restartedForward()).hasValueSatisfying(m -> assertThat(m.isRunning()).isTrue());

            // Step durations are the simulated latencies: minutes, not the real seconds they took.
            assertThat(report.step(rdsRestore.stepId()).duration()).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(23));
            assertThat(report.step("velero-restore").duration()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
            assertThat(report.step("helm-upgrade").duration()).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(5));
            // The critical path runs through the 20-minute RDS restore or through the Kafka failback, whose real
            // seconds (MM2 starts and stops) show as simulated minutes; either way it ends with the Helm upgrade.
            assertThat(report.criticalPath()).last().isEqualTo("helm-upgrade");
            assertThat(report.rto()).isGreaterThanOrEqualTo(report.step(rdsRestore.stepId()).duration()
                    .plus(report.step("helm-upgrade").duration())).isLessThan(Duration.ofMinutes(40));
            assertThat(Duration.ofNanos(planReal)).as("the plan's simulated RTO passed in real time divided by 60")
                    .isGreaterThanOrEqualTo(clock.toReal(report.rto()).minusMillis(100));
            for (StepReport s : report.steps()) {
                times.add("  " + s.id() + " " + s.duration() + " simulated, ~" + clock.toReal(s.duration()).toMillis() + " ms real");
            }
        }
        times.add("total " + ms(System.nanoTime() - t0));
        System.out.println("LocalStreamsFailoverTest wall times:\n" + String.join("\n", times));

        // Nothing is left running or on disk.
        assertThat(runDirectory).doesNotExist();
        for (int port : ports) {
            assertThat(accepts(port)).as("something still listens on 127.0.0.1:" + port).isFalse();
        }
    }

    private static Map<String, String> env(KubernetesClient client, String deployment) {
        Deployment d = client.apps().deployments().inNamespace(LocalStreams.NAMESPACE).withName(deployment).get();
        assertThat(d).as("deployment " + deployment).isNotNull();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static int port(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis() + " ms";
    }
}
