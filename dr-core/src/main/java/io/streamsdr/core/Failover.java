package io.streamsdr.core;

import io.streamsdr.core.internal.Check;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A failover of an {@link Installation} as one {@link RestorePlan}, composed in stages from the
 * steps the providers offer: the restores run in parallel; then ONE re-point step (the Helm upgrade
 * that sets the restored database host and Kafka bootstrap servers together, so the application
 * rolls out once); then whatever comes after it (restart the forward mirror, verify). Each stage
 * waits for the one before. The restore steps record the RPO each component achieved (the providers'
 * steps do: the RDS restore, the Velero restore, the Kafka failback); the preview estimates it from
 * each component's newest recovery point.
 *
 * <pre>{@code
 * Failover failover = streams.failover("streams-failover")
 *     .restore(velero.restoreStep("velero-restore", request))       // these three in parallel
 *     .restore(rdsRestore.step())
 *     .restore(kafkaFailback.restoreSteps())
 *     .repoint(upgrade.step("helm-upgrade"))                        // then one Helm upgrade
 *     .then(kafkaFailback.resumeMirroringSteps())                   // then the forward mirror again
 *     .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
 *     .build();
 * FailoverPreview preview = failover.preview();   // the plan, its preconditions checked read-only
 * PlanReport report = failover.execute(options);  // refuses to start when a precondition fails
 * }</pre>
 *
 * <p>Resuming: run it again with the same journal. Preconditions of steps the journal shows as
 * started are not checked again (a restored namespace is no longer absent, and should not be).
 */
public final class Failover {
    private final Installation installation;
    private final RestorePlan plan;
    private final String repointStep;

    private Failover(Installation installation, RestorePlan plan, String repointStep) {
        this.installation = installation;
        this.plan = plan;
        this.repointStep = repointStep;
    }

    /** The installation it fails over. */
    public Installation installation() {
        return installation;
    }

    /** The plan. */
    public RestorePlan plan() {
        return plan;
    }

    /** The id of the re-point step. */
    public String repointStep() {
        return repointStep;
    }

    /** {@link #preview(Clock)} on the system clock. */
    public FailoverPreview preview() {
        return preview(Clock.systemUTC());
    }

    /**
     * The plan, every precondition checked now (read-only), and the data a failover now would lose
     * per component. Changes nothing.
     */
    public FailoverPreview preview(Clock clock) {
        Check.notNull("clock", clock);
        return new FailoverPreview(plan.preview(), plan.checkPreconditions(clock), installation.estimatedDataLoss(clock));
    }

    /**
     * Checks the preconditions of every step that the journal in {@code options} does not show as
     * started, then, when all hold, runs the plan.
     *
     * @throws PreconditionFailedException when a precondition does not hold; no step ran
     */
    public PlanReport execute(RunOptions options) {
        Check.notNull("run options", options);
        List<CheckResult> failed = preflight(options).stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty()) {
            throw refused(failed);
        }
        return plan.execute(options);
    }

    /** Starts describing a drill of this failover: post-restore checks, teardown, the report. */
    public Drill.Builder drill() {
        return new Drill.Builder(this);
    }

    /** Preconditions of the steps that have not started in the journal of {@code options}. */
    List<CheckResult> preflight(RunOptions options) {
        Set<String> started = new HashSet<>();
        Optional<JournalRecord> rec = options.journalOrNew().load();
        if (rec.isPresent() && rec.get().planName().equals(plan.name())) {
            rec.get().steps().values().stream().filter(s -> s.state() != null).map(StepRecord::stepId).forEach(started::add);
        }
        return plan.checkPreconditions(options.clock(), started);
    }

    static PreconditionFailedException refused(List<CheckResult> failed) {
        return new PreconditionFailedException("failover preconditions", failed.size() + " of them do not hold: "
                + failed.stream().map(r -> r.subject() + ": " + r.name() + " (" + r.detail() + ")").collect(Collectors.joining("; ")),
                null);
    }

    @Override
    public String toString() {
        return "Failover[" + plan.name() + " of " + installation.name() + ", " + plan.steps().size() + " steps]";
    }

    /** Composes a {@link Failover}. Not thread-safe. */
    public static final class Builder {
        private final Installation installation;
        private final String planName;
        private final List<Step> restores = new ArrayList<>();
        private Step repoint;
        private final List<List<Step>> after = new ArrayList<>();
        private Objectives objectives = Objectives.none();
        private final List<Secret> secrets = new ArrayList<>();

        Builder(Installation installation, String planName) {
            this.installation = installation;
            this.planName = planName;
        }

        /** Adds restore steps; every restore step runs in parallel with the other restores' steps. */
        public Builder restore(Step.Builder... steps) {
            for (Step.Builder s : Check.notNull("restore steps", steps)) {
                restores.add(Check.notNull("restore step", s).build());
            }
            return this;
        }

        /** Adds a provider's chain of restore steps (their own dependencies are kept). */
        public Builder restore(Collection<Step> steps) {
            Check.notNull("restore steps", steps).forEach(s -> restores.add(Check.notNull("restore step", s)));
            return this;
        }

        /**
         * The one step that points the application at what the restores brought back: it waits for
         * every restore.
         *
         * @throws InvalidConfigurationException when a re-point step was already given
         */
        public Builder repoint(Step.Builder step) {
            Check.notNull("re-point step", step);
            if (repoint != null) {
                throw new InvalidConfigurationException("re-point step '" + step.id() + "'",
                        "a failover has ONE re-point step, and '" + repoint.id() + "' is it: set every value in that one step,"
                                + " so the application rolls out once");
            }
            repoint = step.build();
            return this;
        }

        /** Steps after everything before: the first call waits for the re-point step, each later call for the one before. */
        public Builder then(Step.Builder... steps) {
            List<Step> stage = new ArrayList<>();
            for (Step.Builder s : Check.notNull("steps", steps)) {
                stage.add(Check.notNull("step", s).build());
            }
            after.add(stage);
            return this;
        }

        /** {@link #then(Step.Builder...)} for a provider's ready-made steps. */
        public Builder then(Collection<Step> steps) {
            List<Step> stage = new ArrayList<>();
            Check.notNull("steps", steps).forEach(s -> stage.add(Check.notNull("step", s)));
            after.add(stage);
            return this;
        }

        /** The objectives every run is measured against. */
        public Builder withObjectives(Objectives objectives) {
            this.objectives = Check.notNull("objectives", objectives);
            return this;
        }

        /** Secrets the steps handle (a provider's {@code secrets()}): masked in every report and event. */
        public Builder withSecrets(Collection<Secret> secrets) {
            Check.notNull("secrets", secrets).forEach(s -> this.secrets.add(Check.notNull("secret", s)));
            return this;
        }

        /** {@link #withSecrets(Collection)} for some secrets. */
        public Builder withSecrets(Secret... secrets) {
            return withSecrets(Arrays.asList(Check.notNull("secrets", secrets)));
        }

        /**
         * The failover.
         *
         * @throws InvalidConfigurationException when there is no restore or no re-point step, or when
         *         the plan is invalid (see {@link RestorePlan.Builder#build()})
         */
        public Failover build() {
            if (restores.isEmpty()) {
                throw new InvalidConfigurationException("failover '" + planName + "'", "restores nothing: add steps with restore(...)");
            }
            if (repoint == null) {
                throw new InvalidConfigurationException("failover '" + planName + "'",
                        "has no re-point step: add the step that points the application at the restored parts with repoint(...)");
            }
            List<Step> stage1 = new ArrayList<>(restores);
            List<List<Step>> stages = new ArrayList<>();
            stages.add(stage1);
            stages.add(List.of(repoint));
            stages.addAll(after);
            RestorePlan.Builder plan = RestorePlan.builder(planName).withObjectives(objectives);
            secrets.forEach(plan::withSecret);
            List<Step> previous = null;
            for (List<Step> stage : stages) {
                List<Step> wired = previous == null ? stage : after(stage, sinks(previous));
                wired.forEach(plan::withStep);
                previous = wired;
            }
            return new Failover(installation, plan.build(), repoint.id());
        }

        /** Steps of a stage that no other step of the stage waits for. */
        private static List<String> sinks(List<Step> stage) {
            Set<String> dependedOn = new HashSet<>();
            stage.forEach(s -> dependedOn.addAll(s.dependencies()));
            return stage.stream().map(Step::id).filter(id -> !dependedOn.contains(id)).toList();
        }

        /** The stage with each of its first steps (waiting for no step of the stage) also waiting for {@code before}. */
        private static List<Step> after(List<Step> stage, List<String> before) {
            Set<String> ids = new LinkedHashSet<>();
            stage.forEach(s -> ids.add(s.id()));
            List<Step> out = new ArrayList<>();
            for (Step s : stage) {
                boolean first = s.dependencies().stream().noneMatch(ids::contains);
                out.add(first ? s.alsoAfter(before.toArray(String[]::new)) : s);
            }
            return out;
        }
    }
}
