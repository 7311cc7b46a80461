package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RunOptions;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.VeleroAuth;
import io.streamsdr.helm.VeleroInstall;
import io.streamsdr.kafka.KafkaBackupTarget;
import io.streamsdr.kafka.KafkaCluster;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.kafka.Mirror;
import io.streamsdr.kafka.MirrorConfig;
import io.streamsdr.kafka.MirrorMonitor;
import io.streamsdr.kafka.MskIam;
import io.streamsdr.kafka.StrimziMirror;
import io.streamsdr.kafka.VerificationReport;
import io.streamsdr.kafka.ZeroLossVerifier;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.helm.FakeHelm;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import io.streamsdr.testkit.strimzi.FakeStrimzi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * "MSK with IAM, Velero with IRSA, MM2 on Strimzi" by changing only the objects the Streams recipe is given: the
 * Kafka lines of {@link StreamsDrill}'s failover (the failback with its mirror factory, the one re-point, the
 * forward mirror again) composed over IAM-configured MSK clusters and Strimzi mirrors, stopping short of the
 * wire (no MSK exists here); then the very same lines over embedded clusters, run for real, every mirror a
 * KafkaMirrorMaker2 that dr-testkit's fake Strimzi operator runs as real MirrorMaker 2 connectors.
 */
class ProductionWiringTest {
    static final ReleaseRef STREAMS = ReleaseRef.named("streams").inNamespace("streams");

    /** The recipe's Kafka lines (StreamsDrill.compose), parameterised only by the objects it is given. */
    static Failover compose(Installation installation, Mirror forward, KafkaCluster newProduction, Function<MirrorConfig, Mirror> mirrors,
            FakeHelm helm, PlanFragment... otherRestores) {
        KafkaFailback failback = KafkaFailback.of(forward).to(newProduction)
                .withMirrors(mirrors)
                .withStableWindow(Duration.ofMillis(500))
                .withPollPolicy(new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(200)), Duration.ofMinutes(5)))
                .build();
        ReleaseUpgrade repoint = ReleaseUpgrade.of(helm, STREAMS, "./charts/streams")
                .withOverride("externalizedKafka.bootstrapServers", failback.bootstrapServers());
        PlanFragment[] restores = new PlanFragment[otherRestores.length + 1];
        System.arraycopy(otherRestores, 0, restores, 0, otherRestores.length);
        restores[otherRestores.length] = failback.restoreSteps();
        return installation.failover("streams-failover")
                .restore(restores)
                .repoint(repoint.fragment("helm-upgrade"))
                .then(failback.resumeMirroringSteps())
                .build();
    }

    static FakeHelm helmWithStreams(Clock clock) {
        FakeHelm helm = FakeHelm.create(clock);
        helm.install(InstallRequest.of(STREAMS, "./charts/streams").withValues(Map.of("externalizedKafka", Map.of("bootstrapServers", "old:9098"))).build());
        return helm;
    }

    @Test
    @SuppressWarnings("unchecked")
    void mskWithIamVeleroWithIrsaAndMm2OnStrimziAreOnlyOtherObjectsForTheSameRecipe() {
        MskIam sourceRole = MskIam.builder().withRole("arn:aws:iam::123456789012:role/streams-mm2-prod").withStsRegion("eu-west-1").build();
        MskIam backupRole = MskIam.builder().withRole("arn:aws:iam::123456789012:role/streams-mm2-dr").withStsRegion("eu-central-1").build();
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("b-1.prod.kafka.eu-west-1.amazonaws.com:9098").withAuth(sourceRole).build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("b-1.dr.kafka.eu-central-1.amazonaws.com:9098").withAuth(backupRole).build();
        KafkaCluster prod2 = KafkaCluster.named("prod2").withBootstrapServers("b-1.prod2.kafka.eu-west-1.amazonaws.com:9098").withAuth(sourceRole).build();
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            Function<MirrorConfig, Mirror> onStrimzi = c -> StrimziMirror.on(client, "kafka", c);
            StrimziMirror forward = StrimziMirror.on(client, "kafka", MirrorConfig.from(prod).to(backup).build());
            Installation installation = Installation.named("streams")
                    .protect(KafkaBackupTarget.watching(MirrorMonitor.of(forward)).build()).build();
            VeleroInstall velero = VeleroInstall.aws().withBucket("streams-velero-backups").withRegion("eu-west-1")
                    .withAuth(VeleroAuth.irsa("arn:aws:iam::123456789012:role/streams-velero")).build();

            Failover failover = compose(installation, forward, prod2, onStrimzi, helmWithStreams(VirtualClock.create()));

            assertThat(failover.plan().steps().stream().map(s -> s.id()).toList()).containsExactlyInAnyOrder("kafka.stop-forward",
                    "kafka.start-reverse", "kafka.await-reverse", "kafka.stop-reverse", "kafka.verify", "kafka.publish-bootstrap", "helm-upgrade",
                    "kafka.restart-forward");
            assertThat(failover.plan().secrets()).isEmpty(); // IAM roles, no password, no key: nothing to mask
            // the resources Strimzi would be given: each side authenticates with its own role, no credential in config
            Map<String, Object> spec = (Map<String, Object>) forward.resource().get("spec");
            Map<String, Object> target = (Map<String, Object>) spec.get("target");
            Map<String, Object> source = (Map<String, Object>) ((List<Map<String, Object>>) spec.get("mirrors")).get(0).get("source");
            assertThat(String.valueOf(((Map<String, Object>) source.get("authentication")).get("config"))).contains("streams-mm2-prod");
            assertThat(String.valueOf(((Map<String, Object>) target.get("authentication")).get("config"))).contains("streams-mm2-dr");
            assertThat(String.valueOf(target.get("config"))).doesNotContain("sasl.");
            assertThat(velero.request().secrets()).isEmpty();
            assertThat(velero.request().values()).containsEntry("credentials", Map.of("useSecret", false));
            assertThat(client.genericKubernetesResources(StrimziMirror.KAFKA_MIRROR_MAKER_2).inAnyNamespace().list().getItems()).isEmpty();
        }
    }

    @Test
    void theSameLinesRunTheKafkaFailoverThroughStrimziWithZeroLoss() throws Exception {
        Path base = Path.of("target", "production-wiring", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        try (EmbeddedKafka prodKafka = EmbeddedKafka.named("prod").withDirectory(base.resolve("prod")).start();
                EmbeddedKafka backupKafka = EmbeddedKafka.named("backup").withDirectory(base.resolve("backup")).start();
                EmbeddedKafka prod2Kafka = EmbeddedKafka.named("prod2").withDirectory(base.resolve("prod2")).start();
                MockCluster cluster = MockCluster.start();
                FakeStrimzi strimzi = FakeStrimzi.install(cluster, Clock.systemUTC())) {
            KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers(prodKafka.bootstrapServers()).build();
            KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers(backupKafka.bootstrapServers()).build();
            KafkaCluster prod2 = KafkaCluster.named("prod2").withBootstrapServers(prod2Kafka.bootstrapServers()).build();
            prodKafka.createTopics(3, LocalStreams.TOPICS.toArray(String[]::new));
            write(prod, 2000);
            KubernetesClient client = cluster.client();
            Function<MirrorConfig, Mirror> onStrimzi = c -> StrimziMirror.on(client, "kafka", c);
            Mirror forward = onStrimzi.apply(MirrorConfig.from(prod).to(backup).withReplicationFactor(1).withInternalReplicationFactor(1)
                    .withRefreshInterval(Duration.ofSeconds(1)).withOffsetFlushInterval(Duration.ofMillis(500)).build());
            forward.start(Poller.system());
            try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
                monitor.awaitDone(Poller.system(), new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(200)), Duration.ofMinutes(2)),
                        Duration.ofMillis(500));
            }
            // (production stays up: with its brokers gone the stopped connectors' clients retry them for a minute and more,
            // which the local drill already shows; here the point is the wiring, and the failback stops the forward mirror first)
            FakeHelm helm = helmWithStreams(Clock.systemUTC());
            Installation installation = Installation.named("streams")
                    .protect(KafkaBackupTarget.watching(MirrorMonitor.of(forward)).build()).build();

            PlanReport report = compose(installation, forward, prod2, onStrimzi, helm).execute(RunOptions.defaults());

            assertThat(report.succeeded()).as(report.toText()).isTrue();
            VerificationReport copied = ZeroLossVerifier.between(backup, prod2).verify(Poller.system());
            assertThat(copied.exact()).as(copied.toString()).isTrue();
            assertThat(copied.targetRecords()).isEqualTo(2000);
            assertThat(helm.values(STREAMS)).containsEntry("externalizedKafka", Map.of("bootstrapServers", prod2.bootstrapServers()));
            assertThat(client.genericKubernetesResources(StrimziMirror.KAFKA_MIRROR_MAKER_2).inNamespace("kafka").list().getItems()
                    .stream().map(r -> r.getMetadata().getName()).toList()).containsExactlyInAnyOrder("prod-backup-mm2", "backup-prod2-mm2",
                            "prod2-backup-mm2");
            assertThat(strimzi.workersStarted()).isEqualTo(3);
            onStrimzi.apply(MirrorConfig.from(prod2).to(backup).withReplicationFactor(1).withInternalReplicationFactor(1).build())
                    .stop(Poller.system());
        }
    }

    private static void write(KafkaCluster cluster, int n) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class);
        p.put("value.serializer", ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(LocalStreams.TOPICS.get(i % 2), ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
