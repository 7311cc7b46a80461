package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Sleeper;
import io.streamsdr.core.internal.PlanRun;
import io.streamsdr.core.internal.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A graph of steps with dependencies that restores something: preview it, run it, resume it.
 * Immutable and thread-safe; build it with {@link #builder(String)}.
 *
 * <pre>{@code
 * StepOutput<String> dbHost = StepOutput.string("rds.endpoint.address");
 * RestorePlan plan = RestorePlan.builder("streams-failover")
 *     .withStep(Step.named("rds-restore").publishes(dbHost).withAction(ctx -> ctx.publish(dbHost, restoreDb())))
 *     .withStep(Step.named("velero-restore").withAction(ctx -> restoreNamespace()))
 *     .withStep(Step.named("helm-upgrade").dependsOn("rds-restore", "velero-restore").consumes(dbHost)
 *         .withAction(ctx -> upgrade(Map.of("externalizedMariadb.host", ctx.input(dbHost)))))
 *     .build();
 * plan.preview();                              // what would happen; changes nothing
 * PlanReport report = plan.execute(options);   // rds-restore and velero-restore run in parallel
 * }</pre>
 *
 * <p>Providers hand out their steps as {@link PlanFragment}s, which bring their secrets with them:
 * {@code RestorePlan.builder("failover").withFragment(rdsRestore.fragment())...}.
 *
 * <p>Running: steps start as soon as their dependencies succeeded, up to
 * {@link RunOptions#withParallelism} at once, so the run takes as long as its critical path, not
 * the sum of its steps. After a failure no new step starts (see {@link FailurePolicy}). Every
 * step's state is recorded in the {@link io.streamsdr.core.spi.Journal journal} before the engine
 * acts on it: run the plan again with the same journal and finished steps are skipped, their
 * outputs restored, and a step that was running when the process died runs again with
 * {@link StepContext#isResuming()} true.
 */
public final class RestorePlan {
    private final String name;
    private final List<Step> steps;
    private final Map<String, Step> byId;
    private final Map<StepOutput<?>, String> publisherOf;
    private final Objectives objectives;
    private final List<Secret> secrets;
    private final String fingerprint;

    private RestorePlan(String name, List<Step> orderedSteps, Map<StepOutput<?>, String> publisherOf, Objectives objectives,
            List<Secret> secrets) {
        this.name = name;
        this.steps = List.copyOf(orderedSteps);
        Map<String, Step> m = new LinkedHashMap<>();
        for (Step s : steps) {
            m.put(s.id(), s);
        }
        this.byId = Collections.unmodifiableMap(m);
        this.publisherOf = Map.copyOf(publisherOf);
        this.objectives = objectives;
        this.secrets = List.copyOf(secrets);
        this.fingerprint = computeFingerprint();
    }

    /**
     * Starts a plan with this name.
     *
     * @throws InvalidConfigurationException when the name breaks the id rule (1 to 63 letters,
     *         digits, '.', '_' or '-', starting with a letter or digit)
     */
    public static Builder builder(String name) {
        return new Builder(Check.id("plan name", name));
    }

    /** The plan's name. */
    public String name() {
        return name;
    }

    /** The steps in the order they may start: every step after all of its dependencies; ties in the order added. */
    public List<Step> steps() {
        return steps;
    }

    /** The step with this id, if the plan has one. */
    public Optional<Step> step(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The id of the step that publishes {@code output}, if one does. */
    public Optional<String> publisherOf(StepOutput<?> output) {
        return Optional.ofNullable(publisherOf.get(output));
    }

    /** The objectives runs are measured against. */
    public Objectives objectives() {
        return objectives;
    }

    /** Secrets declared with {@link Builder#withSecret} or brought by fragments. */
    public List<Secret> secrets() {
        return secrets;
    }

    /**
     * A digest of the plan's shape: its name, step ids, dependencies and outputs (not descriptions
     * or actions). A journal written by a plan with another fingerprint is refused.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * What the plan would do, step by step. Runs no action and calls nothing: it only reads the
     * plan's definition.
     */
    public PlanPreview preview() {
        Map<String, Integer> wave = new HashMap<>();
        List<PlanPreview.StepPreview> out = new ArrayList<>();
        for (Step s : steps) {
            int w = 0;
            for (String d : s.dependencies()) {
                w = Math.max(w, wave.get(d) + 1);
            }
            wave.put(s.id(), w);
            out.add(new PlanPreview.StepPreview(s.id(), s.description(), s.dependencies(), w,
                    s.publishes().stream().map(StepOutput::name).toList(), s.consumes().stream().map(StepOutput::name).toList(),
                    s.timeout(), s.retryPolicy().toString(),
                    s.preconditions().stream().map(Precondition::description).toList()));
        }
        return new PlanPreview(name, out);
    }

    /**
     * Runs every step's {@link Step#preconditions() preconditions} now, in plan order, and returns
     * their results; runs no step action. Checks only read, so this changes nothing. Details are
     * redacted with the plan's secrets.
     */
    public List<CheckResult> checkPreconditions() {
        return checkPreconditions(RunContext.of(RunOptions.defaults().poller()));
    }

    /** {@link #checkPreconditions(RunContext)} on {@code clock}: shorthand for a context made from it. */
    public List<CheckResult> checkPreconditions(Clock clock) {
        return checkPreconditions(RunContext.of(Poller.using(Check.notNull("clock", clock), Sleeper.system())));
    }

    /**
     * {@link #checkPreconditions()} in {@code ctx}: checks that read the time ({@link Precondition.ContextCheck})
     * read it from there, and the time each check took is measured on its clock.
     */
    public List<CheckResult> checkPreconditions(RunContext ctx) {
        return checkPreconditions(Check.notNull("run context", ctx), Set.of());
    }

    /** The preconditions of every step but those in {@code skip} (steps a resumed run already started). */
    List<CheckResult> checkPreconditions(RunContext ctx, Set<String> skip) {
        Redactor redactor = new Redactor();
        secrets.forEach(redactor::add);
        List<CheckResult> results = new ArrayList<>();
        for (Step s : steps) {
            if (skip.contains(s.id())) {
                continue;
            }
            for (Precondition p : s.preconditions()) {
                results.add(p.evaluate(s.id(), ctx).redacted(redactor::redact));
            }
        }
        return List.copyOf(results);
    }

    /**
     * Runs the plan with {@link RunOptions#defaults()} and returns its report, whatever the
     * outcome: check {@link PlanReport#succeeded()} or call {@link PlanReport#throwIfFailed()}.
     */
    public PlanReport execute() {
        return execute(RunOptions.defaults());
    }

    /**
     * Runs the plan and returns its report, whatever the outcome: check
     * {@link PlanReport#succeeded()} or call {@link PlanReport#throwIfFailed()}.
     *
     * @throws PreconditionFailedException when the journal was written by another plan
     */
    public PlanReport execute(RunOptions options) {
        return PlanRun.start(this, Check.notNull("run options", options), false).awaitCompletion();
    }

    /**
     * Starts the plan on a thread of its own and returns at once; cancel it or wait for it
     * through the returned handle.
     *
     * @throws PreconditionFailedException when the journal was written by another plan
     */
    public PlanExecution start(RunOptions options) {
        return PlanRun.start(this, Check.notNull("run options", options), true);
    }

    private String computeFingerprint() {
        StringBuilder sb = new StringBuilder(name).append('\n');
        for (Step s : steps) {
            sb.append(s.id()).append('|').append(new TreeSet<>(s.dependencies())).append('|');
            s.publishes().stream().map(StepOutput::toString).sorted().forEach(o -> sb.append(o).append(','));
            sb.append('|');
            s.consumes().stream().map(StepOutput::toString).sorted().forEach(o -> sb.append(o).append(','));
            sb.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "RestorePlan[" + name + ", " + steps.size() + " steps]";
    }

    /** Builds a {@link RestorePlan}. Not thread-safe; {@link #build()} copies what it needs. */
    public static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();
        private Objectives objectives = Objectives.none();
        private final List<Secret> secrets = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a step (built now, from the builder's current state). */
        public Builder withStep(Step.Builder step) {
            return withStep(Check.notNull("step", step).build());
        }

        /** Adds a step. */
        public Builder withStep(Step step) {
            steps.add(Check.notNull("step", step));
            return this;
        }

        /** Adds a fragment's steps, as they are, and the secrets it carries. */
        public Builder withFragment(PlanFragment fragment) {
            Check.notNull("fragment", fragment);
            fragment.steps().forEach(this::withStep);
            fragment.secrets().forEach(this::withSecret);
            return this;
        }

        /** The objectives each run's report is measured against. */
        public Builder withObjectives(Objectives objectives) {
            this.objectives = Check.notNull("objectives", objectives);
            return this;
        }

        /** A secret the steps handle: every run shows {@value Secret#MASK} wherever its value would appear. */
        public Builder withSecret(Secret secret) {
            secrets.add(Check.notNull("secret", secret));
            return this;
        }

        /**
         * The plan.
         *
         * @throws InvalidConfigurationException when the plan has no step; two steps share an id; a
         *         step depends on a step not in the plan; dependencies form a cycle; two steps publish
         *         the same output; or a step consumes an output that no step it depends on (directly
         *         or not) publishes. The message names the step.
         */
        public RestorePlan build() {
            if (steps.isEmpty()) {
                throw new InvalidConfigurationException("plan '" + name + "'", "has no step: add one with withStep(...)");
            }
            Map<String, Step> byId = new LinkedHashMap<>();
            for (Step s : steps) {
                if (byId.putIfAbsent(s.id(), s) != null) {
                    throw new InvalidConfigurationException("step id '" + s.id() + "'",
                            "is used by two steps of plan '" + name + "': each step needs its own id");
                }
            }
            for (Step s : steps) {
                for (String d : s.dependencies()) {
                    if (!byId.containsKey(d)) {
                        throw new InvalidConfigurationException("dependency of step '" + s.id() + "'",
                                "'" + d + "' is not a step of plan '" + name + "' (steps: " + String.join(", ", byId.keySet()) + ")");
                    }
                }
            }
            List<Step> ordered = topologicalOrder(byId);
            Map<StepOutput<?>, String> publisher = new HashMap<>();
            for (Step s : steps) {
                for (StepOutput<?> o : s.publishes()) {
                    String other = publisher.putIfAbsent(o, s.id());
                    if (other != null) {
                        throw new InvalidConfigurationException("output '" + o.name() + "' of step '" + s.id() + "'",
                                "is already published by step '" + other + "': an output has one publisher");
                    }
                }
            }
            Map<String, Set<String>> ancestors = ancestors(ordered);
            for (Step s : ordered) {
                for (StepOutput<?> o : s.consumes()) {
                    String p = publisher.get(o);
                    if (p == null) {
                        throw new InvalidConfigurationException("input '" + o.name() + "' of step '" + s.id() + "'",
                                "no step publishes it: declare it with publishes(...) on the step that produces it");
                    }
                    if (!ancestors.get(s.id()).contains(p)) {
                        throw new InvalidConfigurationException("input '" + o.name() + "' of step '" + s.id() + "'",
                                "it is published by step '" + p + "', which '" + s.id() + "' does not depend on: add dependsOn(\""
                                        + p + "\")");
                    }
                }
            }
            return new RestorePlan(name, ordered, publisher, objectives, secrets);
        }

        private List<Step> topologicalOrder(Map<String, Step> byId) {
            Map<String, Integer> indegree = new LinkedHashMap<>();
            Map<String, List<String>> dependents = new HashMap<>();
            for (Step s : byId.values()) {
                indegree.put(s.id(), s.dependencies().size());
                for (String d : s.dependencies()) {
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s.id());
                }
            }
            List<Step> ordered = new ArrayList<>();
            Deque<String> ready = new ArrayDeque<>();
            indegree.forEach((id, n) -> {
                if (n == 0) {
                    ready.add(id);
                }
            });
            while (!ready.isEmpty()) {
                String id = ready.poll();
                ordered.add(byId.get(id));
                for (String dep : dependents.getOrDefault(id, List.of())) {
                    if (indegree.merge(dep, -1, Integer::sum) == 0) {
                        ready.add(dep);
                    }
                }
            }
            if (ordered.size() < byId.size()) {
                throw new InvalidConfigurationException("dependencies of plan '" + name + "'",
                        "must not form a cycle, but they do: " + describeCycle(byId, indegree));
            }
            return ordered;
        }

        private static String describeCycle(Map<String, Step> byId, Map<String, Integer> indegree) {
            // Walk dependencies among the steps left over until one repeats.
            String start = indegree.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
            List<String> path = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            String cur = start;
            while (seen.add(cur)) {
                path.add(cur);
                cur = byId.get(cur).dependencies().stream().filter(d -> indegree.get(d) > 0).findFirst().orElseThrow();
            }
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(cur), path.size()));
            Collections.reverse(cycle);
            // Start the loop at the step declared first, so the message is the same on every run.
            String firstDeclared = byId.keySet().stream().filter(cycle::contains).findFirst().orElseThrow();
            Collections.rotate(cycle, -cycle.indexOf(firstDeclared));
            cycle.add(cycle.get(0));
            return "step '" + String.join("' -> '", cycle) + "' (each waits for the one before it)";
        }

        private static Map<String, Set<String>> ancestors(List<Step> ordered) {
            Map<String, Set<String>> result = new HashMap<>();
            for (Step s : ordered) {
                Set<String> a = new HashSet<>();
                for (String d : s.dependencies()) {
                    a.add(d);
                    a.addAll(result.get(d));
                }
                result.put(s.id(), a);
            }
            return result;
        }
    }
}
