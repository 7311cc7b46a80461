package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.internal.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DR drill: a {@link Failover} run for real, then checked and cleaned up, with the evidence in one
 * {@link DrillReport}. Made with {@link Failover#drill()}; immutable.
 *
 * <pre>{@code
 * DrillReport report = failover.drill()
 *     .verify("restored database is available", () -> "status " + status("streams-dr"))
 *     .teardownIfRan(rdsRestore.fragment(), "delete the restored instance", () -> {
 *         rds.deleteDBInstance(r -> r.dbInstanceIdentifier("streams-dr").skipFinalSnapshot(true));
 *         return "deletion of streams-dr requested";
 *     })
 *     .run(options);
 * assertThat(report).meetsRto(Duration.ofMinutes(45)).meetsRpo(Duration.ofMinutes(15));   // dr-testkit
 * }</pre>
 *
 * <p>{@link #run} does, in order: check every precondition (read-only; when one fails, no step runs);
 * run the plan; when it succeeded, run each data check ({@link Builder#withDataCheck}) and then each verification; and then, always, even when something
 * before failed or threw, run each teardown action, last registered first (one tied to a step with
 * {@link Builder#teardownIfRan} only when that step started); last, tell each {@link DrillListener}
 * ({@link Builder#onEvents}), whose warnings join the report's. A failing verification
 * or teardown action, and a data check that fails or throws, is recorded, never thrown; so is an exception from the engine (a journal written
 * by another plan, say). Every text in the report is redacted with the
 * plan's secrets.
 */
public final class Drill {
    /** A post-restore check or a teardown action: returns what it found or did, throws when it fails. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs.
         *
         * @return what was found or done, in words (may be null)
         * @throws Exception when the check does not hold or the action failed
         */
        String run() throws Exception;
    }

    /** A check or an action; a teardown action with {@code afterSteps} runs only when one of those steps started. */
    private record Named(String name, Action action, List<String> afterSteps) {
    }

    /** A data check with the baseline it captured before the disaster. */
    private record Evidence(DataCheck check, DataBaseline before) {
    }

    private final Failover failover;
    private final List<Evidence> dataChecks;
    private final List<Named> verifications;
    private final List<Named> teardown;
    private final Map<String, String> environment;
    private final List<DrillListener> listeners;

    private Drill(Builder b) {
        this.failover = b.failover;
        this.dataChecks = List.copyOf(b.dataChecks);
        this.verifications = List.copyOf(b.verifications);
        this.teardown = List.copyOf(b.teardown);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.listeners = List.copyOf(b.listeners);
    }

    /** The failover this drill runs. */
    public Failover failover() {
        return failover;
    }

    /** {@link #run(RunOptions)} with {@link RunOptions#defaults()}. */
    public DrillReport run() {
        return run(RunOptions.defaults());
    }

    /**
     * Runs the drill and returns its report, whatever the outcome: check {@link DrillReport#passed()}.
     *
     * @throws InvalidConfigurationException when options is null
     */
    public DrillReport run(RunOptions options) {
        Check.notNull("run options", options);
        Redactor redactor = new Redactor();
        failover.plan().secrets().forEach(redactor::add);
        Clock clock = options.clock();
        Instant startedAt = clock.instant();
        String name = failover.plan().name();
        List<String> warnings = new ArrayList<>();
        RunOptions planOptions = options;
        for (DrillListener l : listeners) {
            if (!planOptions.listeners().contains(l)) {
                planOptions = planOptions.onEvents(l); // given in the options too: it hears each plan event once
            }
            tell(l, "drillStarted", () -> l.drillStarted(name, startedAt), warnings, redactor);
        }
        List<CheckResult> preconditions = List.of();
        PlanReport ran = null;
        List<CheckResult> checks = new ArrayList<>();
        List<DataEvidence> evidence = new ArrayList<>();
        List<CheckResult> cleanup = new ArrayList<>();
        String error = null;
        try {
            preconditions = failover.preflight(options);
            if (preconditions.stream().allMatch(CheckResult::passed)) {
                ran = failover.plan().execute(planOptions);
                if (ran.succeeded()) {
                    for (Evidence d : dataChecks) {
                        evidence.add(verifyOne(d, options, redactor));
                    }
                    for (Named v : verifications) {
                        checks.add(runOne("verification", v, clock, redactor));
                    }
                }
            }
        } catch (RuntimeException e) {
            error = redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            PlanReport plan = ran;
            for (int i = teardown.size() - 1; i >= 0; i--) {
                Named t = teardown.get(i);
                if (!t.afterSteps().isEmpty() && t.afterSteps().stream().noneMatch(id -> started(plan, id))) {
                    cleanup.add(new CheckResult("teardown", redactor.redact(t.name()), true,
                            "skipped: " + (t.afterSteps().size() == 1 ? "step '" + t.afterSteps().get(0) + "' did not run"
                                    : "none of steps " + t.afterSteps() + " ran") + ", so there is nothing of it to undo", Duration.ZERO));
                } else {
                    cleanup.add(runOne("teardown", t, clock, redactor));
                }
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((k, v) -> env.put(k, redactor.redact(v)));
        DrillReport report = new DrillReport(name, startedAt, clock.instant(), preconditions, ran, checks, cleanup, env, error, evidence)
                .withWarnings(warnings).withTimeOf(options.sleeper());
        List<String> late = new ArrayList<>();
        for (DrillListener l : listeners) {
            DrillReport finished = report;
            tell(l, "drillFinished", () -> {
                List<String> said = l.drillFinished(finished);
                if (said != null) {
                    said.stream().filter(w -> w != null && !w.isBlank()).forEach(w -> late.add(redactor.redact(w)));
                }
            }, late, redactor);
        }
        return report.withWarnings(late);
    }

    /** Calls a drill listener; what it throws becomes a warning, never the drill's failure. */
    private static void tell(DrillListener l, String event, Runnable call, List<String> warnings, Redactor redactor) {
        try {
            call.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            warnings.add(redactor.redact("drill listener " + l.getClass().getName() + " threw in " + event + " (ignored): " + e));
        }
    }

    /** Runs one data check in the drill's time; what it throws is recorded as a check that could not run. */
    private static DataEvidence verifyOne(Evidence d, RunOptions options, Redactor redactor) {
        DataEvidence found;
        try {
            found = Check.notNull("evidence of data check '" + d.check().component() + "'", d.check().verify(RunContext.of(options.poller()), d.before()));
        } catch (RuntimeException | AssertionError e) {
            found = DataEvidence.couldNotRun(d.before().component(), d.before().unit(), d.before().takenAt(),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return found.redacted(redactor::redact);
    }

    /** Whether the step started in this run or an earlier one: it may have made something. */
    private static boolean started(PlanReport plan, String stepId) {
        return plan != null && plan.step(stepId).filter(s -> s.status() != StepReport.Status.NOT_STARTED).isPresent();
    }

    private static CheckResult runOne(String subject, Named n, Clock clock, Redactor redactor) {
        Instant start = clock.instant();
        boolean passed;
        String detail;
        try {
            String found = n.action().run();
            passed = true;
            detail = found == null || found.isBlank() ? "done" : found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            passed = false;
            detail = "interrupted";
        } catch (Exception | AssertionError e) {
            passed = false;
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        Duration took = Duration.between(start, clock.instant());
        return new CheckResult(subject, redactor.redact(n.name()), passed, redactor.redact(detail),
                took.isNegative() ? Duration.ZERO : took);
    }

    @Override
    public String toString() {
        return "Drill[" + failover.plan().name() + ", " + dataChecks.size() + " data checks, " + verifications.size() + " verifications, "
                + teardown.size() + " teardown actions" + (listeners.isEmpty() ? "" : ", " + listeners.size() + " listeners") + "]";
    }

    /** Builds a {@link Drill}. Not thread-safe. */
    public static final class Builder {
        private final Failover failover;
        private final List<Evidence> dataChecks = new ArrayList<>();
        private final List<Named> verifications = new ArrayList<>();
        private final List<Named> teardown = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<DrillListener> listeners = new ArrayList<>();

        Builder(Failover failover) {
            this.failover = failover;
        }

        /**
         * Evidence from data: after the plan succeeded, {@code check} reads the restored side and compares it with
         * {@code before}, the baseline it captured on production just before the disaster; the report shows the RPO
         * measured from data next to the plan's, and what was compared. Data checks run before the verifications
         * (which may write, a sentinel record say), in the order added. When a data check fails the drill: see
         * {@link DataCheck}.
         *
         * @throws InvalidConfigurationException when either is null, the baseline is another component's, or the
         *         component already has a data check
         */
        public Builder withDataCheck(DataCheck check, DataBaseline before) {
            Check.notNull("data check", check);
            Check.notNull("data baseline of '" + check.component() + "'", before);
            if (!before.component().equals(check.component())) {
                throw new InvalidConfigurationException("data baseline of '" + check.component() + "'", "was captured for component '"
                        + before.component() + "': give each check the baseline its own capture(ctx) returned");
            }
            if (dataChecks.stream().anyMatch(d -> d.check().component().equals(check.component()))) {
                throw new InvalidConfigurationException("data check of '" + check.component() + "'", "must be given once per component");
            }
            dataChecks.add(new Evidence(check, before));
            return this;
        }

        /**
         * A post-restore check, run after the plan succeeded: the restored database answers, a
         * sentinel record makes the round trip, the pods are ready.
         *
         * @throws InvalidConfigurationException when the name is blank or the check null
         */
        public Builder verify(String name, Action check) {
            verifications.add(new Named(Check.notBlank("verification name", name), Check.notNull("verification '" + name + "'", check), List.of()));
            return this;
        }

        /**
         * Something to undo after the drill, whatever happened: delete the restored instance, the
         * restored namespace. Teardown actions run last registered first.
         *
         * @throws InvalidConfigurationException when the name is blank or the action null
         */
        public Builder teardown(String name, Action action) {
            teardown.add(new Named(Check.notBlank("teardown name", name), Check.notNull("teardown action '" + name + "'", action), List.of()));
            return this;
        }

        /**
         * Something to undo after the drill only when step {@code stepId} started (in this run or
         * one it resumed): delete the instance the restore step created, but not one that was there
         * before and made the drill refuse to start. Skipped otherwise, and reported as skipped.
         *
         * @throws InvalidConfigurationException when the step is not in the plan, the name is blank
         *         or the action null
         */
        public Builder teardownIfRan(String stepId, String name, Action action) {
            Check.notBlank("teardown name", name);
            Check.notNull("step of teardown '" + name + "'", stepId);
            if (failover.plan().step(stepId).isEmpty()) {
                throw new InvalidConfigurationException("step of teardown '" + name + "'", "'" + stepId + "' is not a step of plan '"
                        + failover.plan().name() + "' (steps: " + String.join(", ", failover.plan().steps().stream().map(Step::id).toList())
                        + ")");
            }
            teardown.add(new Named(name, Check.notNull("teardown action '" + name + "'", action), List.of(stepId)));
            return this;
        }

        /**
         * Something to undo after the drill only when a step of {@code fragment} started: stop the mirror
         * the failback's resumed half restarted, but not when it never ran. Skipped otherwise, and reported
         * as skipped.
         *
         * @throws InvalidConfigurationException when the fragment is null or none of its steps is in the
         *         plan, the name is blank or the action null
         */
        public Builder teardownIfRan(PlanFragment fragment, String name, Action action) {
            Check.notBlank("teardown name", name);
            Check.notNull("fragment of teardown '" + name + "'", fragment);
            List<String> ids = fragment.steps().stream().map(Step::id).filter(id -> failover.plan().step(id).isPresent()).toList();
            if (ids.isEmpty()) {
                throw new InvalidConfigurationException("fragment of teardown '" + name + "'", "'" + fragment.id()
                        + "' has no step in plan '" + failover.plan().name() + "': add it to the failover first");
            }
            teardown.add(new Named(name, Check.notNull("teardown action '" + name + "'", action), ids));
            return this;
        }

        /**
         * A fact about where the drill ran, for the report (versions, identifiers, the clock's scale).
         * Redacted with the plan's secrets; never put a secret here on purpose.
         *
         * @throws InvalidConfigurationException when the key is blank or the value null
         */
        public Builder withEnvironment(String key, String value) {
            environment.put(Check.notBlank("environment key", key), Check.notNull("environment value of '" + key + "'", value));
            return this;
        }

        /**
         * One more listener of this drill: it hears the drill's start, its plan's events (the drill adds it to
         * the run's listeners), and its end with the report; what it returns then becomes the report's warnings.
         * Monitoring's meters and webhook notifier are drill listeners.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder onEvents(DrillListener listener) {
            listeners.add(Check.notNull("drill listener", listener));
            return this;
        }

        /** The drill. */
        public Drill build() {
            return new Drill(this);
        }

        /** {@code build().run(options)}. */
        public DrillReport run(RunOptions options) {
            return build().run(options);
        }
    }
}
