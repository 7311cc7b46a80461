package io.streamsdr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every invalid plan shape is rejected while building, with the step named in the message. */
class RestorePlanValidationTest {
    private static final StepAction NOTHING = ctx -> { };

    private static Step.Builder step(String id) {
        return Step.named(id).withAction(NOTHING);
    }

    @Test
    void aCycleIsRejectedAndShownStepByStep() {
        RestorePlan.Builder b = RestorePlan.builder("p")
                .withStep(step("a").dependsOn("c"))
                .withStep(step("b").dependsOn("a"))
                .withStep(step("c").dependsOn("b"))
                .withStep(step("d"));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid dependencies of plan 'p': must not form a cycle, but they do: "
                        + "step 'a' -> 'b' -> 'c' -> 'a' (each waits for the one before it)");
    }

    @Test
    void aCycleBehindAnAcyclicPrefixIsFound() {
        RestorePlan.Builder b = RestorePlan.builder("p")
                .withStep(step("root"))
                .withStep(step("x").dependsOn("root", "y"))
                .withStep(step("y").dependsOn("x"));

        assertThatThrownBy(b::build).hasMessageContaining("'x'").hasMessageContaining("'y'").hasMessageContaining("cycle")
                .hasMessageNotContaining("'root'");
    }

    @Test
    void aStepThatDependsOnItselfIsRejected() {
        assertThatThrownBy(() -> step("a").dependsOn("a").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid step 'a': depends on itself");
    }

    @Test
    void anUnknownDependencyIsRejectedListingTheStepsThatExist() {
        RestorePlan.Builder b = RestorePlan.builder("p").withStep(step("rds")).withStep(step("helm").dependsOn("rds", "velero"));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid dependency of step 'helm': 'velero' is not a step of plan 'p' (steps: rds, helm)");
    }

    @Test
    void duplicateIdsAreRejected() {
        RestorePlan.Builder b = RestorePlan.builder("p").withStep(step("rds")).withStep(step("rds"));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid step id 'rds': is used by two steps of plan 'p': each step needs its own id");
    }

    @Test
    void anOutputNobodyPublishesIsRejected() {
        StepOutput<String> host = StepOutput.string("rds.endpoint");
        RestorePlan.Builder b = RestorePlan.builder("p").withStep(step("helm").consumes(host));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid input 'rds.endpoint' of step 'helm': no step publishes it: "
                        + "declare it with publishes(...) on the step that produces it");
    }

    @Test
    void anOutputPublishedByAStepTheConsumerDoesNotWaitForIsRejectedWithTheFix() {
        StepOutput<String> host = StepOutput.string("rds.endpoint");
        RestorePlan.Builder b = RestorePlan.builder("p").withStep(step("rds").publishes(host)).withStep(step("helm").consumes(host));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid input 'rds.endpoint' of step 'helm': it is published by step 'rds', "
                        + "which 'helm' does not depend on: add dependsOn(\"rds\")");
    }

    @Test
    void anOutputFromATransitiveDependencyIsAccepted() {
        StepOutput<String> host = StepOutput.string("rds.endpoint");
        RestorePlan plan = RestorePlan.builder("p")
                .withStep(step("rds").publishes(host))
                .withStep(step("wait").dependsOn("rds"))
                .withStep(step("helm").dependsOn("wait").consumes(host))
                .build();

        assertThat(plan.publisherOf(host)).contains("rds");
        assertThat(plan.publisherOf(StepOutput.string("nobody.publishes"))).isEmpty();
    }

    @Test
    void twoPublishersOfOneOutputAreRejected() {
        StepOutput<String> host = StepOutput.string("endpoint");
        RestorePlan.Builder b = RestorePlan.builder("p").withStep(step("a").publishes(host)).withStep(step("b").publishes(host));

        assertThatThrownBy(b::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid output 'endpoint' of step 'b': is already published by step 'a': an output has one publisher");
    }

    @Test
    void anEmptyPlanIsRejected() {
        assertThatThrownBy(() -> RestorePlan.builder("p").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid plan 'p': has no step: add one with withStep(...)");
    }

    @Test
    void aStepWithoutActionIsRejected() {
        assertThatThrownBy(() -> RestorePlan.builder("p").withStep(Step.named("rds")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid step 'rds': has no action: call withAction(ctx -> ...)");
    }

    @Test
    void badIdsAndValuesAreRejectedNamingTheFieldAndTheRule() {
        assertThatThrownBy(() -> Step.named("restore db")).hasMessage("Invalid step id 'restore db': must be 1 to 63 characters, "
                + "start with a letter or digit and contain only letters, digits, '.', '_' and '-'");
        assertThatThrownBy(() -> Step.named("")).hasMessageStartingWith("Invalid step id '': must be 1 to 63 characters");
        assertThatThrownBy(() -> Step.named("-x")).hasMessageStartingWith("Invalid step id '-x'");
        assertThatThrownBy(() -> Step.named("x".repeat(64))).hasMessageStartingWith("Invalid step id 'xxxx");
        assertThatThrownBy(() -> Step.named(null)).hasMessage("Invalid step id: must not be null");
        assertThatThrownBy(() -> RestorePlan.builder("my plan")).hasMessageStartingWith("Invalid plan name 'my plan'");
        assertThatThrownBy(() -> StepOutput.string("a/b")).hasMessageStartingWith("Invalid output name 'a/b'");
        assertThatThrownBy(() -> step("a").withTimeout(Duration.ZERO)).hasMessage("Invalid timeout of step 'a': must be positive, was 0s");
        assertThatThrownBy(() -> step("a").withTimeout(Duration.ofSeconds(-1)))
                .hasMessage("Invalid timeout of step 'a': must be positive, was -1s");
        assertThatThrownBy(() -> step("a").withDescription(" ")).hasMessage("Invalid description of step 'a': must not be blank");
        assertThatThrownBy(() -> step("a").dependsOn((String) null)).hasMessage("Invalid dependency of step 'a': must not be null");
        assertThatThrownBy(() -> step("a").withRetry(null)).hasMessage("Invalid retry policy of step 'a': must not be null");
        assertThatThrownBy(() -> RetryPolicy.attempts(0)).hasMessage("Invalid retry maxAttempts: must be between 1 and 100, was 0");
        assertThatThrownBy(() -> RetryPolicy.attempts(101)).hasMessage("Invalid retry maxAttempts: must be between 1 and 100, was 101");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2), 0))
                .hasMessage("Invalid backoff multiplier: must be a finite number >= 1.0, was 0.5");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), 2, Duration.ofSeconds(2), 0))
                .hasMessage("Invalid backoff max: must be at least the initial delay 10s, was 2s");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).withJitter(1.5))
                .hasMessage("Invalid backoff jitter: must be between 0.0 and 1.0, was 1.5");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(2), 0))
                .hasMessageStartingWith("Invalid backoff multiplier");
        assertThatThrownBy(() -> PollPolicy.defaults().withTimeout(Duration.ZERO)).hasMessage("Invalid poll timeout: must be positive, was 0s");
        assertThatThrownBy(() -> PollPolicy.defaults().withInitialDelay(Duration.ofSeconds(-5)))
                .hasMessage("Invalid poll initialDelay: must not be negative, was -5s");
        assertThatThrownBy(() -> Objectives.none().withRto(Duration.ZERO)).hasMessage("Invalid RTO objective: must be positive, was 0s");
        assertThatThrownBy(() -> Objectives.none().withRpo("", Duration.ZERO)).hasMessage("Invalid RPO objective component: must not be blank");
        assertThatThrownBy(() -> Secret.of("")).hasMessage("Invalid secret: must not be null or empty");
    }

    @Test
    void previewShowsOrderWavesAndOutputsAndRunsNothing() {
        AtomicInteger actions = new AtomicInteger();
        StepAction counting = ctx -> actions.incrementAndGet();
        StepOutput<String> host = StepOutput.string("rds.endpoint");
        RestorePlan plan = RestorePlan.builder("failover")
                .withStep(Step.named("helm").withDescription("helm upgrade streams").dependsOn("rds", "velero").consumes(host)
                        .withTimeout(Duration.ofMinutes(10)).withAction(counting))
                .withStep(Step.named("rds").withDescription("restore snapshot nightly").publishes(host).withAction(counting))
                .withStep(Step.named("velero").withDescription("restore namespace streams").withAction(counting))
                .build();

        PlanPreview preview = plan.preview();

        assertThat(actions).hasValue(0);
        assertThat(preview.steps()).extracting(PlanPreview.StepPreview::id).containsExactly("rds", "velero", "helm");
        assertThat(preview.steps()).extracting(PlanPreview.StepPreview::wave).containsExactly(0, 0, 1);
        assertThat(preview.steps().get(2).consumes()).containsExactly("rds.endpoint");
        assertThat(preview.toText()).contains("[wave 1] helm: helm upgrade streams", "after: rds, velero", "reads: rds.endpoint",
                "publishes: rds.endpoint", "timeout 10m", "nothing is changed");
    }

    @Test
    void theFingerprintFollowsTheShapeNotTheWording() {
        RestorePlan a = RestorePlan.builder("p").withStep(step("x").withDescription("one")).build();
        RestorePlan b = RestorePlan.builder("p").withStep(step("x").withDescription("two")).build();
        RestorePlan c = RestorePlan.builder("p").withStep(step("x")).withStep(step("y").dependsOn("x")).build();

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint()).hasSize(24);
    }

    @Test
    void aBuiltPlanDoesNotChangeWhenItsBuilderDoes() {
        Step.Builder s = step("a");
        RestorePlan.Builder builder = RestorePlan.builder("p").withStep(s);
        RestorePlan plan = builder.build();
        s.dependsOn("b");
        builder.withStep(step("b"));

        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.step("a").orElseThrow().dependencies()).isEmpty();
    }
}
