package io.streamsdr.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A secret chart value given to {@link ReleaseUpgrade#withOverride(String, Secret)} travels in the
 * fragment: a planted secret reaches Helm, and never the reports (JSON, text, HTML), the events, the
 * log lines, the console or the failure of an upgrade whose error quotes it.
 */
@Timeout(60)
class ReleaseUpgradeSecretTest {
    private static final String PLANTED = "Planted-Db-Pa55word-7c1e";
    private static final StepOutput<String> DB_HOST = StepOutput.string("rds-restore.endpoint");
    private final ReleaseRef release = ReleaseRef.named("streams").inNamespace("streams");

    private VirtualClock clock;
    private MockCluster cluster;
    private KubernetesClient client;
    private FakeHelm helm;
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        clock = VirtualClock.create();
        cluster = MockCluster.start();
        client = cluster.client();
        FakeRollouts.install(cluster, clock, Duration.ofSeconds(30));
        helm = FakeHelm.create(clock).withCluster(client).withEnvFromValue("DB_HOST", "externalizedMariadb.host");
        helm.install(InstallRequest.of(release, "./charts/streams").withValues(Map.of("externalizedMariadb", Map.of("host", "db-old"))).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private PlanFragment repoint() {
        return ReleaseUpgrade.of(helm, release, "./charts/streams")
                .withOverride("externalizedMariadb.host", DB_HOST)
                .withOverride("externalizedMariadb.password", Secret.of(PLANTED))
                .withRolloutWait(Rollout.using(client))
                .fragment("helm-repoint")
                .dependsOn("rds-restore");
    }

    private Step rdsRestore() {
        return Step.named("rds-restore").publishes(DB_HOST).withAction(ctx -> ctx.publish(DB_HOST, "streams-dr.local")).build();
    }

    private PlanReport run(RestorePlan plan) {
        PlanListener recorder = new PlanListener() {
            @Override
            public void stepStarted(String stepId, String description, boolean resuming, Instant at) {
                events.add(description);
            }

            @Override
            public void stepProgress(String stepId, String message, Instant at) {
                events.add(message);
            }

            @Override
            public void stepFailed(String stepId, int attempts, String reason, Instant at) {
                events.add(reason);
            }
        };
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return plan.execute(RunOptions.defaults().withTime(clock, clock).onEvents(recorder).onEvents(PlanListener.logging())
                    .onEvents(PlanListener.console(new PrintStream(console, true, StandardCharsets.UTF_8))));
        } finally {
            System.setErr(originalErr);
        }
    }

    /** Everything a run shows to a person or a file, but the journal and Helm's values. */
    private List<String> everythingShown(PlanReport report) {
        List<String> shown = new ArrayList<>(List.of(report.toJson(), report.toText(), report.toHtml(), report.toString(),
                String.join("\n", events), console.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)));
        report.failure().ifPresent(f -> {
            StringWriter trace = new StringWriter();
            f.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
            shown.add(f.getMessage());
        });
        return shown;
    }

    @Test
    void theFragmentCarriesTheSecretAndTheSecretReachesHelmOnly() {
        PlanFragment repoint = repoint();
        assertThat(repoint.secrets()).extracting(Secret::reveal).containsExactly(PLANTED);

        PlanReport report = run(RestorePlan.builder("failover").withStep(rdsRestore()).withFragment(repoint).build());

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(helm.values(release)).containsEntry("externalizedMariadb", Map.of("host", "streams-dr.local", "password", PLANTED));
        assertThat(helm.upgrades()).singleElement().satisfies(u -> {
            assertThat(u.secretKeys()).containsExactly("externalizedMariadb.password");
            assertThat(u.overrides()).doesNotContainKey("externalizedMariadb.password");
            assertThat(u.toString()).doesNotContain(PLANTED);
        });
        assertThat(everythingShown(report)).allSatisfy(out -> assertThat(out).doesNotContain(PLANTED));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("the SLF4J lines were captured").contains("helm-repoint");
    }

    @Test
    void aFailingUpgradeWhoseErrorQuotesTheSecretShowsTheMaskInstead() {
        helm.failNextUpgrade("template: streams/templates/secret.yaml:3: password " + PLANTED + " is too weak");

        PlanReport report = run(RestorePlan.builder("failover").withStep(rdsRestore()).withFragment(repoint()).build());

        assertThat(report.succeeded()).isFalse();
        assertThat(everythingShown(report)).allSatisfy(out -> assertThat(out).doesNotContain(PLANTED));
        assertThat(report.step("helm-repoint").orElseThrow().error()).hasValue("Call failed: helm upgrade of release streams/streams:"
                + " template: streams/templates/secret.yaml:3: password **** is too weak");
        assertThat(events).anySatisfy(e -> assertThat(e).contains("password **** is too weak"));
    }

    @Test
    void withoutTheFragmentsSecretsTheSameFailureWouldLeakIt() {
        // The control: the same step, taken out of its fragment, so the plan never learns the secret.
        helm.failNextUpgrade("password " + PLANTED + " is too weak");
        Step bare = repoint().steps().get(0);

        PlanReport report = run(RestorePlan.builder("failover").withStep(rdsRestore()).withStep(bare).build());

        assertThat(report.step("helm-repoint").orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains(PLANTED));
    }
}
