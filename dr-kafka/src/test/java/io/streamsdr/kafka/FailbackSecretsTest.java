package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.StepFailedException;
import io.streamsdr.core.StepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failback brings its clusters' secrets with its fragments: with planted SCRAM and truststore
 * passwords, and a mirror that fails with every setting of its configuration in the message (as a
 * careless Connect error answer would), no password and no JAAS line reaches the report (JSON, text,
 * HTML), the events or the step's exception, and nobody called withSecret. No cluster is started: the
 * addresses are never dialled.
 */
class FailbackSecretsTest {
    private static final String PROD_PASSWORD = "pl4nted-prod-Scram";
    private static final String BACKUP_PASSWORD = "pl4nted-backup-Scram";
    private static final String NEW_PASSWORD = "pl4nted-new-Scram";
    private static final String TRUST_PASSWORD = "pl4nted-truststore";
    private static final List<String> PLANTED = List.of(PROD_PASSWORD, BACKUP_PASSWORD, NEW_PASSWORD, TRUST_PASSWORD);

    /** A mirror whose start and stop fail with its whole configuration, passwords included, in the message. */
    private static final class LeakyMirror implements Mirror {
        private final MirrorConfig config;
        private final boolean running;
        private final AtomicReference<String> thrown = new AtomicReference<>();

        LeakyMirror(MirrorConfig config, boolean running) {
            this.config = config;
            this.running = running;
        }

        private RuntimeException leak() {
            String message = "Connect answered 500 for config " + config.toProperties();
            thrown.set(message);
            return new IllegalStateException(message);
        }

        @Override
        public MirrorConfig config() {
            return config;
        }

        @Override
        public void start(Poller poller) {
            throw leak();
        }

        @Override
        public void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller) {
        }

        @Override
        public void stop(Poller poller) {
            if (running) {
                throw leak();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout) {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void plantedPasswordsNeverReachReportsEventsOrMessages(@TempDir Path dir) throws Exception {
        Path truststore = Files.writeString(dir.resolve("truststore.jks"), "not really a keystore");
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:1")
                .withScram("streams", Secret.of(PROD_PASSWORD)).withTruststore(truststore, Secret.of(TRUST_PASSWORD)).build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:2")
                .withScram("streams", Secret.of(BACKUP_PASSWORD)).withTruststore(truststore, Secret.of(TRUST_PASSWORD)).build();
        KafkaCluster newProd = KafkaCluster.named("prod2").withBootstrapServers("127.0.0.1:3")
                .withScram("streams", Secret.of(NEW_PASSWORD)).build();
        LeakyMirror forward = new LeakyMirror(MirrorConfig.from(prod).to(backup).build(), true);
        KafkaFailback failback = KafkaFailback.of(forward).to(newProd).build();

        // The fragments carry every password and JAAS line the steps handle; the plan takes them from there.
        assertThat(failback.restoreSteps().secrets()).extracting(Secret::reveal).contains(PROD_PASSWORD, BACKUP_PASSWORD, NEW_PASSWORD,
                TRUST_PASSWORD, newProd.jaasConfig().orElseThrow().reveal());
        assertThat(failback.resumeMirroringSteps().secrets()).extracting(Secret::reveal).contains(BACKUP_PASSWORD, NEW_PASSWORD);
        RestorePlan plan = RestorePlan.builder("kafka-failback").withFragment(failback.restoreSteps())
                .withFragment(failback.resumeMirroringSteps()).build();

        List<String> events = new CopyOnWriteArrayList<>();
        PlanListener recorder = new PlanListener() {
            @Override
            public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
                events.add("started " + stepId + ": " + description);
            }

            @Override
            public void stepProgress(String stepId, String message, Instant at) {
                events.add("progress " + stepId + ": " + message);
            }

            @Override
            public void stepFailed(String stepId, int attempts, String reason, Instant at) {
                events.add("failed " + stepId + ": " + reason);
            }

            @Override
            public void stepSkipped(String stepId, String reason, Instant at) {
                events.add("skipped " + stepId + ": " + reason);
            }
        };
        PlanReport report = plan.execute(RunOptions.defaults().onEvents(recorder));

        // The leak was there to be masked: the step threw every password of the forward flow.
        assertThat(forward.thrown.get()).contains(PROD_PASSWORD, BACKUP_PASSWORD, TRUST_PASSWORD);
        StepReport stopForward = report.step("kafka.stop-forward").orElseThrow();
        assertThat(stopForward.status()).isEqualTo(StepReport.Status.FAILED);
        assertThat(stopForward.error()).hasValueSatisfying(e -> assertThat(e).contains("Connect answered 500", Secret.MASK));
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("failed kafka.stop-forward: ").contains(Secret.MASK));
        for (String shown : List.of(report.toJson(), report.toText(), report.toHtml(), String.join("\n", events),
                stopForward.error().orElseThrow(), report.failure().map(Throwable::getMessage).orElse(""))) {
            assertThat(shown).doesNotContain(PLANTED).doesNotContain("ScramLoginModule required username");
        }
        assertThatThrownBy(report::throwIfFailed).isInstanceOf(StepFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("kafka.stop-forward", Secret.MASK).doesNotContain(PLANTED));
        assertThat(failback.toString()).doesNotContain(PLANTED);
        assertThat(failback.reverseConfig().toString()).doesNotContain(PLANTED);
    }

    /** Another path: new production's password, in the reverse mirror's failure (one real backup cluster, so the first step succeeds). */
    @Test
    void newProductionsPasswordIsMaskedInTheReverseMirrorsFailure() {
        try (Clusters kafka = new Clusters("failback-secrets")) {
            KafkaCluster backup = kafka.start("backup");
            kafka.createTopics(backup, 1, "streams.a");
            Clusters.produce(backup, "b", 10, "streams.a");
            KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:1").withScram("streams", Secret.of(PROD_PASSWORD)).build();
            KafkaCluster newProd = KafkaCluster.named("prod2").withBootstrapServers("127.0.0.1:3").withScram("streams", Secret.of(NEW_PASSWORD)).build();
            List<LeakyMirror> made = new CopyOnWriteArrayList<>();
            KafkaFailback failback = KafkaFailback.of(new LeakyMirror(MirrorConfig.from(prod).to(backup).build(), false)).to(newProd)
                    .withExistingData(ExistingDataPolicy.COPY_ANYWAY) // nothing listens at new production's address
                    .withMirrors(c -> {
                        LeakyMirror m = new LeakyMirror(c, false);
                        made.add(m);
                        return m;
                    }).build();
            PlanReport report = RestorePlan.builder("kafka-failback").withFragment(failback.restoreSteps()).build().execute();

            assertThat(report.step("kafka.stop-forward").orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
            StepReport startReverse = report.step("kafka.start-reverse").orElseThrow();
            assertThat(startReverse.status()).isEqualTo(StepReport.Status.FAILED);
            assertThat(made).hasSize(1);
            assertThat(made.get(0).thrown.get()).contains(NEW_PASSWORD, newProd.jaasConfig().orElseThrow().reveal());
            assertThat(startReverse.error()).hasValueSatisfying(e -> assertThat(e).contains("Connect answered 500", "prod2.sasl.jaas.config=" + Secret.MASK));
            for (String shown : List.of(report.toJson(), report.toText(), report.toHtml(), report.failure().map(Throwable::getMessage).orElse(""))) {
                assertThat(shown).doesNotContain(NEW_PASSWORD).doesNotContain("ScramLoginModule required username");
            }
        }
    }
}
