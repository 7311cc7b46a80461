package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a {@link RestorePlan}: an id, what it does in words, the steps it waits for, the
 * outputs it publishes and consumes, a timeout, a retry policy and the action. Immutable; build it
 * with {@link #named(String)}.
 *
 * <pre>{@code
 * Step.Builder helmUpgrade = Step.named("helm-upgrade")
 *     .withDescription("helm upgrade streams, setting externalizedMariadb.host")
 *     .dependsOn("rds-restore")
 *     .consumes(DB_HOST)
 *     .withTimeout(Duration.ofMinutes(10))
 *     .withAction(ctx -> upgrade(Map.of("externalizedMariadb.host", ctx.input(DB_HOST))));
 * }</pre>
 */
public final class Step {
    private final String id;
    private final String description;
    private final List<String> dependencies;
    private final Set<StepOutput<?>> publishes;
    private final Set<StepOutput<?>> consumes;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final StepAction action;
    private final List<Precondition> preconditions;

    private Step(Builder b) {
        this.id = b.id;
        this.description = b.description == null ? b.id : b.description;
        this.dependencies = List.copyOf(b.dependencies);
        this.publishes = Collections.unmodifiableSet(new LinkedHashSet<>(b.publishes));
        this.consumes = Collections.unmodifiableSet(new LinkedHashSet<>(b.consumes));
        this.timeout = b.timeout;
        this.retryPolicy = b.retryPolicy;
        this.action = b.action;
        this.preconditions = List.copyOf(b.preconditions);
    }

    /**
     * Starts a step with this id.
     *
     * @throws InvalidConfigurationException when the id is not 1 to 63 letters, digits, '.', '_'
     *         or '-', starting with a letter or digit
     */
    public static Builder named(String id) {
        return new Builder(Check.id("step id", id));
    }

    /** The step's id, unique in its plan. */
    public String id() {
        return id;
    }

    /** What the step does, in words; {@link RestorePlan#preview()} shows it. Defaults to the id. */
    public String description() {
        return description;
    }

    /** Ids of the steps that must succeed before this one starts, in the order given. */
    public List<String> dependencies() {
        return dependencies;
    }

    /** The outputs this step publishes. */
    public Set<StepOutput<?>> publishes() {
        return publishes;
    }

    /** The outputs this step reads from the steps it depends on. */
    public Set<StepOutput<?>> consumes() {
        return consumes;
    }

    /** The limit for one attempt, if any. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** How failed attempts are retried. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The action. */
    public StepAction action() {
        return action;
    }

    /** The read-only checks that must hold before the step runs; see {@link RestorePlan#checkPreconditions()}. */
    public List<Precondition> preconditions() {
        return preconditions;
    }

    /**
     * A builder holding everything this step holds: change what you need and build a new step. How a
     * composition (such as {@link Failover}) puts a provider's ready-made step after others:
     * {@code step.toBuilder().dependsOn("velero-restore").build()}.
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.description = description.equals(id) ? null : description;
        b.dependencies.addAll(dependencies);
        b.publishes.addAll(publishes);
        b.consumes.addAll(consumes);
        b.timeout = timeout;
        b.retryPolicy = retryPolicy;
        b.action = action;
        b.preconditions.addAll(preconditions);
        return b;
    }

    @Override
    public String toString() {
        return "Step[" + id + "]";
    }

    /** Builds a {@link Step}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final String id;
        private String description;
        private final List<String> dependencies = new ArrayList<>();
        private final Set<StepOutput<?>> publishes = new LinkedHashSet<>();
        private final Set<StepOutput<?>> consumes = new LinkedHashSet<>();
        private Duration timeout;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private StepAction action;
        private final List<Precondition> preconditions = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        /** What the step will do, in words a reader of the preview understands. */
        public Builder withDescription(String description) {
            this.description = Check.notBlank("description of step '" + id + "'", description);
            return this;
        }

        /** Steps that must succeed before this one starts. */
        public Builder dependsOn(String... stepIds) {
            Check.notNull("dependencies of step '" + id + "'", stepIds);
            for (String dep : stepIds) {
                Check.notNull("dependency of step '" + id + "'", dep);
                if (!dependencies.contains(dep)) {
                    dependencies.add(dep);
                }
            }
            return this;
        }

        /** Outputs this step publishes with {@link StepContext#publish}; it must publish each before it succeeds. */
        public Builder publishes(StepOutput<?>... outputs) {
            publishes.addAll(Arrays.asList(Check.notNull("outputs of step '" + id + "'", outputs)));
            return this;
        }

        /** Outputs this step reads with {@link StepContext#input}; a step it depends on must publish each. */
        public Builder consumes(StepOutput<?>... outputs) {
            consumes.addAll(Arrays.asList(Check.notNull("inputs of step '" + id + "'", outputs)));
            return this;
        }

        /**
         * The limit for each attempt. Every wait through the step's context stops at it; on the system
         * sleeper a step that blocks elsewhere is also interrupted.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withTimeout(Duration timeout) {
            this.timeout = Check.positive("timeout of step '" + id + "'", timeout);
            return this;
        }

        /** How failed attempts are retried; default {@link RetryPolicy#none()}. */
        public Builder withRetry(RetryPolicy retryPolicy) {
            this.retryPolicy = Check.notNull("retry policy of step '" + id + "'", retryPolicy);
            return this;
        }

        /**
         * A read-only check that must hold before the step runs. {@link RestorePlan#checkPreconditions()}
         * runs every step's checks without running any step; {@link Failover#execute} and {@link Drill}
         * run them first and refuse to start when one fails. {@link RestorePlan#execute} does not: the
         * world can change between a check and the step, so the action keeps its own guard rails.
         */
        public Builder withPrecondition(Precondition precondition) {
            preconditions.add(Check.notNull("precondition of step '" + id + "'", precondition));
            return this;
        }

        /** The step's id. */
        public String id() {
            return id;
        }

        /** What the step does. Required. */
        public Builder withAction(StepAction action) {
            this.action = Check.notNull("action of step '" + id + "'", action);
            return this;
        }

        /**
         * The step.
         *
         * @throws InvalidConfigurationException when no action was given or the step depends on itself
         */
        public Step build() {
            if (action == null) {
                throw new InvalidConfigurationException("step '" + id + "'", "has no action: call withAction(ctx -> ...)");
            }
            if (dependencies.contains(id)) {
                throw new InvalidConfigurationException("step '" + id + "'", "depends on itself");
            }
            return new Step(this);
        }
    }
}
