package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A piece of a plan that a provider hands out: ordered steps with their own dependencies, the outputs
 * they publish and the secrets they handle. It is the one shape in which every provider offers its
 * work (an RDS restore, a Velero restore, the Kafka failback's two halves, the Helm re-point), and the
 * one shape {@link RestorePlan.Builder#withFragment} and {@link Failover.Builder} take. Immutable; every
 * {@code with*} and {@code dependsOn} returns a copy.
 *
 * <pre>{@code
 * PlanFragment rds = PlanFragment.builder("rds")                 // what a provider hands out, e.g. rdsRestore.fragment()
 *     .withStep(Step.named("rds").publishes(DB_HOST)             // its outputs are named "rds.<name>"
 *         .withAction(ctx -> ctx.publish(DB_HOST, restoreDb(masterPassword))))
 *     .withSecret(Secret.of(masterPassword))                     // masked in every log and report of the plan
 *     .build();
 * RestorePlan plan = RestorePlan.builder("failover")
 *     .withFragment(rds)
 *     .withFragment(veleroRestore)                               // in parallel with "rds"
 *     .withFragment(helmUpgrade.dependsOn(rds, veleroRestore))   // "helm-upgrade" waits for both
 *     .build();                                                  // the secret came with the fragment
 * }</pre>
 *
 * <p><b>Ids are scoped by the fragment.</b> Every step is named {@code <id>} or {@code <id>.<name>}, and
 * every output it publishes {@code <id>.<name>}: give two instances of a provider two ids (two Kafka
 * failbacks, {@code "kafka-eu"} and {@code "kafka-us"}) and they share one plan without a clash.
 *
 * <p><b>Entries and exits.</b> The entries are the steps that wait for no other step of the fragment;
 * the exits are those no other step of the fragment waits for. Putting a fragment after another makes
 * each entry wait for each exit of the other ({@link #dependsOn(PlanFragment...)}); {@link Failover}
 * chains its stages this way.
 *
 * <p><b>Secrets register themselves.</b> A provider puts the secrets its steps handle (passwords, JAAS
 * lines) into its fragments; a plan built from them masks every one in reports, events, logs and error
 * messages, with nothing for the user to remember.
 */
public final class PlanFragment {
    private final String id;
    private final List<Step> steps;
    private final List<Secret> secrets;
    private final RecoveryStrategy strategy;

    private PlanFragment(String id, List<Step> steps, List<Secret> secrets) {
        this(id, steps, secrets, null);
    }

    private PlanFragment(String id, List<Step> steps, List<Secret> secrets, RecoveryStrategy strategy) {
        this.id = id;
        this.steps = List.copyOf(steps);
        this.secrets = List.copyOf(secrets);
        this.strategy = strategy;
    }

    /** How this fragment recovers its component, when it says (the failover preview shows it). */
    public Optional<RecoveryStrategy> strategy() {
        return Optional.ofNullable(strategy);
    }

    /**
     * A copy that says how it recovers its component: the failover preview shows the strategy, its expected
     * time and the data a failover now would lose by it.
     *
     * @throws InvalidConfigurationException when null
     */
    public PlanFragment withStrategy(RecoveryStrategy strategy) {
        return new PlanFragment(id, steps, secrets, Check.notNull("strategy of fragment '" + id + "'", strategy));
    }

    /**
     * A fragment of one step, whose id is the step's.
     *
     * @throws InvalidConfigurationException when the step is null, or publishes an output not named {@code <step id>.<name>}
     */
    public static PlanFragment of(Step step) {
        Check.notNull("step", step);
        return builder(step.id()).withStep(step).build();
    }

    /** {@link #of(Step)} of the step built now. */
    public static PlanFragment of(Step.Builder step) {
        return of(Check.notNull("step", step).build());
    }

    /**
     * Starts a fragment with this id; its steps are named {@code id} or {@code id.<name>}.
     *
     * @throws InvalidConfigurationException when the id breaks the id rule (1 to 63 letters, digits, '.', '_'
     *         or '-', starting with a letter or digit)
     */
    public static Builder builder(String id) {
        return new Builder(Check.id("fragment id", id));
    }

    /** The fragment's id: the scope of its step ids and output names. */
    public String id() {
        return id;
    }

    /** The steps, in the order given (each after the steps of the fragment it depends on). */
    public List<Step> steps() {
        return steps;
    }

    /** The step with this id, if it is one of this fragment's. */
    public Optional<Step> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    /** The secrets its steps handle. */
    public List<Secret> secrets() {
        return secrets;
    }

    /** Ids of the steps that wait for no other step of this fragment, in order. */
    public List<String> entries() {
        Set<String> own = ids();
        return steps.stream().filter(s -> s.dependencies().stream().noneMatch(own::contains)).map(Step::id).toList();
    }

    /** Ids of the steps that no other step of this fragment waits for, in order. */
    public List<String> exits() {
        Set<String> dependedOn = new HashSet<>();
        steps.forEach(s -> dependedOn.addAll(s.dependencies()));
        return steps.stream().map(Step::id).filter(sid -> !dependedOn.contains(sid)).toList();
    }

    /** The outputs its steps publish, in order. */
    public Set<StepOutput<?>> outputs() {
        Set<StepOutput<?>> out = new LinkedHashSet<>();
        steps.forEach(s -> out.addAll(s.publishes()));
        return Collections.unmodifiableSet(out);
    }

    /**
     * A copy whose entries also wait for these steps (of other fragments, or plain steps of the plan).
     *
     * @throws InvalidConfigurationException when an id is null or one of this fragment's own steps
     */
    public PlanFragment dependsOn(String... stepIds) {
        Check.notNull("dependencies of fragment '" + id + "'", stepIds);
        Set<String> own = ids();
        for (String d : stepIds) {
            Check.notNull("dependency of fragment '" + id + "'", d);
            if (own.contains(d)) {
                throw new InvalidConfigurationException("dependency '" + d + "' of fragment '" + id + "'",
                        "is a step of the fragment itself: a fragment can only wait for steps outside it");
            }
        }
        Set<String> entries = new HashSet<>(entries());
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(entries.contains(s.id()) ? s.toBuilder().dependsOn(stepIds).build() : s);
        }
        return new PlanFragment(id, out, secrets, strategy);
    }

    /**
     * A copy whose entries also wait for every exit of each of {@code fragments}: this fragment runs
     * after them.
     *
     * @throws InvalidConfigurationException when a fragment is null or shares a step with this one
     */
    public PlanFragment dependsOn(PlanFragment... fragments) {
        Check.notNull("fragments that fragment '" + id + "' depends on", fragments);
        List<String> exits = new ArrayList<>();
        for (PlanFragment f : fragments) {
            exits.addAll(Check.notNull("fragment that fragment '" + id + "' depends on", f).exits());
        }
        return dependsOn(exits.toArray(String[]::new));
    }

    /**
     * A copy in which every step has this limit for each attempt (see {@link Step.Builder#withTimeout}).
     *
     * @throws InvalidConfigurationException when not positive
     */
    public PlanFragment withTimeout(Duration timeout) {
        Check.positive("timeout of fragment '" + id + "'", timeout);
        return new PlanFragment(id, steps.stream().map(s -> s.toBuilder().withTimeout(timeout).build()).toList(), secrets, strategy);
    }

    /** A builder holding this fragment's steps and secrets. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.steps.addAll(steps);
        b.secrets.addAll(secrets);
        b.strategy = strategy;
        return b;
    }

    private Set<String> ids() {
        Set<String> own = new HashSet<>();
        steps.forEach(s -> own.add(s.id()));
        return own;
    }

    @Override
    public String toString() {
        return "PlanFragment[" + id + ": " + String.join(", ", steps.stream().map(Step::id).toList()) + "]";
    }

    /** Builds a {@link PlanFragment}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final String id;
        private final List<Step> steps = new ArrayList<>();
        private final List<Secret> secrets = new ArrayList<>();
        private RecoveryStrategy strategy;

        private Builder(String id) {
            this.id = id;
        }

        /** Adds a step (its id must be the fragment's id or start with it and a '.'). */
        public Builder withStep(Step step) {
            steps.add(Check.notNull("step of fragment '" + id + "'", step));
            return this;
        }

        /** Adds the step built now. */
        public Builder withStep(Step.Builder step) {
            return withStep(Check.notNull("step of fragment '" + id + "'", step).build());
        }

        /** A secret the steps handle; every plan built with this fragment masks it. */
        public Builder withSecret(Secret secret) {
            secrets.add(Check.notNull("secret of fragment '" + id + "'", secret));
            return this;
        }

        /** {@link #withSecret} for each. */
        public Builder withSecrets(Collection<Secret> secrets) {
            Check.notNull("secrets of fragment '" + id + "'", secrets).forEach(this::withSecret);
            return this;
        }

        /** {@link #withSecret} for each. */
        public Builder withSecrets(Secret... secrets) {
            return withSecrets(Arrays.asList(Check.notNull("secrets of fragment '" + id + "'", secrets)));
        }

        /**
         * The fragment.
         *
         * @throws InvalidConfigurationException when it has no step; a step is not named {@code <id>} or
         *         {@code <id>.<name>}; two steps share an id; or a step publishes an output not named
         *         {@code <id>.<name>}. The message names the step or output and the fix.
         */
        public PlanFragment build() {
            if (steps.isEmpty()) {
                throw new InvalidConfigurationException("fragment '" + id + "'", "has no step: add one with withStep(...)");
            }
            Map<String, Step> byId = new LinkedHashMap<>();
            for (Step s : steps) {
                if (!s.id().equals(id) && !s.id().startsWith(id + ".")) {
                    throw new InvalidConfigurationException("step '" + s.id() + "' of fragment '" + id + "'",
                            "must be named '" + id + "' or '" + id + ".<name>', so that two fragments in one plan cannot collide");
                }
                if (byId.putIfAbsent(s.id(), s) != null) {
                    throw new InvalidConfigurationException("step id '" + s.id() + "'",
                            "is used by two steps of fragment '" + id + "': each step needs its own id");
                }
                for (StepOutput<?> o : s.publishes()) {
                    if (!o.name().startsWith(id + ".")) {
                        throw new InvalidConfigurationException("output '" + o.name() + "' of step '" + s.id() + "'",
                                "must be named '" + id + ".<name>', the fragment's id first, so that two fragments in one plan cannot collide");
                    }
                }
            }
            return new PlanFragment(id, steps, secrets, strategy);
        }
    }
}
