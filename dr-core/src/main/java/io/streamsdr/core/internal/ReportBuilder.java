package io.streamsdr.core.internal;

import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@link PlanReport} of a run that ended: each step's report (outputs redacted, secret ones
 * masked), the critical path, the RTO (from the first start of any step, in this run or an earlier
 * one, to the end of this run), the RPO each component achieved and the objectives checked against
 * both.
 */
final class ReportBuilder {
    private final RunScope scope;
    private final Map<String, StepState> states;

    ReportBuilder(RunScope scope, Map<String, StepState> states) {
        this.scope = scope;
        this.states = states;
    }

    /**
     * The report, finished now on the run's clock.
     *
     * @param startedAt    when this run started
     * @param firstFailure the first step failure, kept as the report's failure; null when none failed
     * @param cancelled    whether the run was asked to stop
     */
    PlanReport build(Instant startedAt, Throwable firstFailure, boolean cancelled) {
        Instant finishedAt = scope.clock.instant();
        List<String> critical = criticalPath();
        List<StepReport> steps = new ArrayList<>();
        Instant first = startedAt;
        for (StepState st : states.values()) {
            if (st.firstStartedAt != null && st.firstStartedAt.isBefore(first)) {
                first = st.firstStartedAt;
            }
            steps.add(stepReport(st, critical.contains(st.id())));
        }
        Map<String, Duration> rpo = rpo();
        PlanReport.Outcome outcome = steps.stream().allMatch(StepReport::isDone) ? PlanReport.Outcome.SUCCEEDED
                : cancelled ? PlanReport.Outcome.CANCELLED : PlanReport.Outcome.FAILED;
        Duration rto = Duration.between(first, finishedAt);
        List<ObjectiveResult> objectives = objectives(scope.plan.objectives(), outcome, rto, rpo);
        return new PlanReport(scope.plan.name(), outcome, startedAt, finishedAt, first, steps, critical, rpo, objectives, firstFailure);
    }

    private StepReport stepReport(StepState st, boolean onCriticalPath) {
        StepReport.Status status = st.status == null ? StepReport.Status.NOT_STARTED : st.status;
        Map<String, String> shown = new LinkedHashMap<>();
        for (StepOutput<?> o : st.step.publishes()) {
            String v = st.outputs.get(o.name());
            if (v != null) {
                shown.put(o.name(), o.isSecret() ? Secret.MASK : scope.redactor.redact(v));
            }
        }
        boolean started = status != StepReport.Status.NOT_STARTED;
        boolean ranNow = status != StepReport.Status.DONE_EARLIER && started;
        boolean failed = status == StepReport.Status.FAILED || status == StepReport.Status.CANCELLED;
        return new StepReport(st.id(), scope.redactor.redact(st.step.description()), st.step.dependencies(), status,
                started ? st.startedAt : null, started ? st.endedAt : null, ranNow ? st.attemptsThisRun : 0, st.resuming && ranNow,
                shown, failed ? st.error : null, onCriticalPath);
    }

    /** Per component, the largest RPO any step recorded for it, in the order steps are listed. */
    private Map<String, Duration> rpo() {
        Map<String, Duration> rpo = new LinkedHashMap<>();
        for (StepState st : states.values()) {
            st.checkpoints.forEach((k, v) -> {
                if (k.startsWith(StepState.RPO_PREFIX)) {
                    rpo.merge(k.substring(StepState.RPO_PREFIX.length()), Duration.parse(v), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            });
        }
        return rpo;
    }

    /**
     * The chain that decided the run's length: the step that ended last, then, among its
     * dependencies, the one that ended last (it held the step back), and so on back. Only steps that
     * ran to an end (succeeded, done earlier, failed) count.
     */
    private List<String> criticalPath() {
        RestorePlan plan = scope.plan;
        Step last = null;
        Instant lastEnd = null;
        for (Step s : plan.steps()) {
            Instant end = endOf(s.id());
            if (end != null && (lastEnd == null || !end.isBefore(lastEnd))) {
                last = s;
                lastEnd = end;
            }
        }
        List<String> path = new ArrayList<>();
        while (last != null) {
            path.add(last.id());
            Step next = null;
            Instant nextEnd = null;
            for (String d : last.dependencies()) {
                Instant end = endOf(d);
                if (end != null && (nextEnd == null || end.isAfter(nextEnd))) {
                    next = plan.step(d).orElseThrow();
                    nextEnd = end;
                }
            }
            last = next;
        }
        Collections.reverse(path);
        return path;
    }

    /** When a step that ran to an end ended; null for one that did not. */
    private Instant endOf(String id) {
        StepState s = states.get(id);
        boolean ranToAnEnd = s.status == StepReport.Status.SUCCEEDED || s.status == StepReport.Status.DONE_EARLIER
                || s.status == StepReport.Status.FAILED;
        return ranToAnEnd ? s.endedAt : null;
    }

    /** The RTO objective (measured only when the plan succeeded), then one RPO objective per component. */
    private static List<ObjectiveResult> objectives(Objectives o, PlanReport.Outcome outcome, Duration rto, Map<String, Duration> rpo) {
        List<ObjectiveResult> out = new ArrayList<>();
        o.rto().ifPresent(obj -> out.add(outcome == PlanReport.Outcome.SUCCEEDED ? ObjectiveResult.measured("RTO", obj, rto)
                : ObjectiveResult.unmeasured("RTO", obj, "the plan " + outcome.name().toLowerCase(Locale.ROOT))));
        Set<String> components = new LinkedHashSet<>(o.componentRpo().keySet());
        components.addAll(rpo.keySet());
        for (String c : components) {
            o.rpoFor(c).ifPresent(obj -> {
                Duration achieved = rpo.get(c);
                out.add(achieved != null ? ObjectiveResult.measured("RPO " + c, obj, achieved)
                        : ObjectiveResult.unmeasured("RPO " + c, obj, "nothing was recorded for '" + c + "'; recorded: "
                                + (rpo.isEmpty() ? "nothing" : String.join(", ", rpo.keySet()))));
            });
        }
        if (components.isEmpty()) {
            o.rpo().ifPresent(obj -> out.add(ObjectiveResult.unmeasured("RPO", obj, "no step recorded an RPO")));
        }
        return out;
    }
}
