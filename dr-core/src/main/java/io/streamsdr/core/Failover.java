package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A failover of an {@link Installation} as one {@link RestorePlan}, composed in stages from the
 * {@link PlanFragment fragments} the providers offer (their secrets come with them): the restores run in parallel; then ONE re-point step (the Helm upgrade
 * that sets the restored database host and Kafka bootstrap servers together, so the application
 * rolls out once); then whatever comes after it (restart the forward mirror, verify). Each stage
 * waits for the one before. The restore steps record the RPO each component achieved (the providers'
 * steps do: the RDS restore, the Velero restore, the Kafka failback); the preview estimates it from
 * each component's newest recovery point.
 *
 * <pre>{@code
 * Failover failover = streams.failover("streams-failover")
 *     .restore(veleroRestore)        // velero.restoreStep("velero-restore", request): these three in parallel
 *     .restore(rdsRestore)           // rdsRestore.fragment() (dr-aws)
 *     .restore(kafkaRestore)         // kafkaFailback.restoreSteps() (dr-kafka)
 *     .repoint(helmUpgrade)          // upgrade.fragment("helm-upgrade") (dr-helm): then one Helm upgrade
 *     .then(resumeMirroring)         // kafkaFailback.resumeMirroringSteps(): then the forward mirror again
 *     .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
 *     .build();
 * FailoverPreview preview = failover.preview(options);   // the plan, its preconditions checked read-only
 * PlanReport report = failover.execute(options);         // refuses to start when a precondition fails
 * }</pre>
 *
 * <p>Resuming: run it again with the same journal. Preconditions of steps the journal shows as
 * started are not checked again (a restored namespace is no longer absent, and should not be).
 */
public final class Failover {
    private final Installation installation;
    private final RestorePlan plan;
    private final PlanFragment repoint;
    private final List<RecoveryStrategy> strategies;

    private Failover(Installation installation, RestorePlan plan, PlanFragment repoint, List<RecoveryStrategy> strategies) {
        this.installation = installation;
        this.plan = plan;
        this.repoint = repoint;
        this.strategies = List.copyOf(strategies);
    }

    /** The strategies the restore fragments name ({@link PlanFragment#strategy()}), in the order given. */
    public List<RecoveryStrategy> strategies() {
        return strategies;
    }

    /** The installation it fails over. */
    public Installation installation() {
        return installation;
    }

    /** The plan. */
    public RestorePlan plan() {
        return plan;
    }

    /** The re-point fragment, as given (the plan holds it wired after the restores). */
    public PlanFragment repoint() {
        return repoint;
    }

    /** {@link #preview(RunOptions)} with {@link RunOptions#defaults()}: the system clock. */
    public FailoverPreview preview() {
        return preview(RunOptions.defaults());
    }

    /**
     * The plan, every precondition checked now (read-only), and the data a failover now would lose
     * per component, on the time of {@code options}. Changes nothing and runs no step.
     *
     * @throws InvalidConfigurationException when options is null
     */
    public FailoverPreview preview(RunOptions options) {
        Check.notNull("run options", options);
        RunContext ctx = RunContext.of(options.poller());
        List<FailoverPreview.StrategyEstimate> estimates = new ArrayList<>();
        java.util.Map<String, Duration> newestPointAges = strategies.isEmpty() ? java.util.Map.of() : installation.estimatedDataLoss(ctx);
        for (RecoveryStrategy s : strategies) {
            Duration loss = null;
            String reason = null;
            if (s.dataLoss().isEmpty()) {
                // A strategy that restores a recovery point loses what is newer than the newest one.
                loss = newestPointAges.get(s.component());
                reason = loss == null ? "no readable recovery point of '" + s.component() + "'" : null;
            } else {
                try {
                    loss = s.dataLoss().get().now(ctx).orElse(null);
                    reason = loss == null ? "it cannot be read now" : null;
                } catch (Exception e) {
                    reason = "it could not be read: " + e.getMessage();
                }
            }
            estimates.add(new FailoverPreview.StrategyEstimate(s.component(), s.name(), s.expectedTime(), loss, reason));
        }
        return new FailoverPreview(plan.preview(), plan.checkPreconditions(ctx),
                installation.targets().stream().map(BackupTarget::name).toList(), installation.estimatedDataLoss(ctx), estimates);
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
            rec.get().steps().values().stream().map(StepRecord::stepId).forEach(started::add);
        }
        return plan.checkPreconditions(RunContext.of(options.poller()), started);
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

    /** Composes a {@link Failover}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final Installation installation;
        private final String planName;
        private final List<PlanFragment> restores = new ArrayList<>();
        private PlanFragment repoint;
        private final List<List<PlanFragment>> after = new ArrayList<>();
        private Objectives objectives = Objectives.none();

        Builder(Installation installation, String planName) {
            this.installation = installation;
            this.planName = planName;
        }

        /**
         * Adds restores: every restore fragment runs in parallel with the others (the steps within one
         * keep their own order).
         *
         * @throws InvalidConfigurationException when a fragment is null
         */
        public Builder restore(PlanFragment... fragments) {
            for (PlanFragment f : Check.notNull("restore fragments", fragments)) {
                restores.add(Check.notNull("restore fragment", f));
            }
            return this;
        }

        /**
         * The ONE fragment that points the application at what the restores brought back (the Helm
         * upgrade that sets the database host and the Kafka bootstrap servers in one revision): it waits
         * for every restore.
         *
         * @throws InvalidConfigurationException when null, or when a re-point was already given
         */
        public Builder repoint(PlanFragment fragment) {
            Check.notNull("re-point fragment", fragment);
            if (repoint != null) {
                throw new InvalidConfigurationException("re-point fragment '" + fragment.id() + "'",
                        "a failover has ONE re-point, and '" + repoint.id() + "' is it: set every value in that one upgrade,"
                                + " so the application rolls out once");
            }
            repoint = fragment;
            return this;
        }

        /**
         * Fragments after everything before: the first call's wait for the re-point, each later call's
         * for the call before. Fragments given in one call run in parallel.
         *
         * @throws InvalidConfigurationException when a fragment is null
         */
        public Builder then(PlanFragment... fragments) {
            List<PlanFragment> stage = new ArrayList<>();
            for (PlanFragment f : Check.notNull("fragments", fragments)) {
                stage.add(Check.notNull("fragment", f));
            }
            after.add(stage);
            return this;
        }

        /** The objectives every run is measured against. */
        public Builder withObjectives(Objectives objectives) {
            this.objectives = Check.notNull("objectives", objectives);
            return this;
        }

        /**
         * The failover. The secrets of every fragment are the plan's.
         *
         * @throws InvalidConfigurationException when there is no restore or no re-point, or when the
         *         plan is invalid (see {@link RestorePlan.Builder#build()})
         */
        public Failover build() {
            if (restores.isEmpty()) {
                throw new InvalidConfigurationException("failover '" + planName + "'", "restores nothing: add fragments with restore(...)");
            }
            if (repoint == null) {
                throw new InvalidConfigurationException("failover '" + planName + "'",
                        "has no re-point: add the fragment that points the application at the restored parts with repoint(...)");
            }
            List<List<PlanFragment>> stages = new ArrayList<>();
            stages.add(restores);
            stages.add(List.of(repoint));
            stages.addAll(after);
            RestorePlan.Builder plan = RestorePlan.builder(planName).withObjectives(objectives);
            List<String> previousExits = List.of();
            for (List<PlanFragment> stage : stages) {
                List<Step> steps = new ArrayList<>();
                stage.forEach(f -> steps.addAll(f.steps()));
                stage.forEach(f -> f.secrets().forEach(plan::withSecret));
                Set<String> ids = new HashSet<>();
                steps.forEach(s -> ids.add(s.id()));
                Set<String> dependedOn = new HashSet<>();
                for (Step s : steps) {
                    boolean entry = s.dependencies().stream().noneMatch(ids::contains);
                    plan.withStep(entry && !previousExits.isEmpty() ? s.toBuilder().dependsOn(previousExits.toArray(String[]::new)).build() : s);
                    dependedOn.addAll(s.dependencies());
                }
                previousExits = steps.stream().map(Step::id).filter(id -> !dependedOn.contains(id)).toList();
            }
            List<RecoveryStrategy> strategies = new ArrayList<>();
            restores.forEach(f -> f.strategy().ifPresent(strategies::add));
            return new Failover(installation, plan.build(), repoint, strategies);
        }
    }
}
