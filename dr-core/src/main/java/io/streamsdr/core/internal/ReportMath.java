package io.streamsdr.core.internal;

import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The critical path and the objectives of a run. */
final class ReportMath {
    private ReportMath() {
    }

    /**
     * The chain that decided the run's length: the step that ended last, then, among its
     * dependencies, the one that ended last (it held the step back), and so on back.
     *
     * @param times a step's {start, end}, or null for a step that did not run to an end
     */
    static List<String> criticalPath(RestorePlan plan, Function<String, Instant[]> times) {
        Step last = null;
        Instant lastEnd = null;
        for (Step s : plan.steps()) {
            Instant[] t = times.apply(s.id());
            if (t != null && t[1] != null && (lastEnd == null || !t[1].isBefore(lastEnd))) {
                last = s;
                lastEnd = t[1];
            }
        }
        List<String> path = new ArrayList<>();
        while (last != null) {
            path.add(last.id());
            Step next = null;
            Instant nextEnd = null;
            for (String d : last.dependencies()) {
                Instant[] t = times.apply(d);
                if (t != null && t[1] != null && (nextEnd == null || t[1].isAfter(nextEnd))) {
                    next = plan.step(d).orElseThrow();
                    nextEnd = t[1];
                }
            }
            last = next;
        }
        Collections.reverse(path);
        return path;
    }

    static List<ObjectiveResult> objectives(Objectives o, PlanReport.Outcome outcome, Duration rto, Map<String, Duration> rpo) {
        List<ObjectiveResult> out = new ArrayList<>();
        o.rto().ifPresent(obj -> out.add(outcome == PlanReport.Outcome.SUCCEEDED ? ObjectiveResult.measured("RTO", obj, rto)
                : ObjectiveResult.unmeasured("RTO", obj, "the plan " + outcome.name().toLowerCase(java.util.Locale.ROOT))));
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
