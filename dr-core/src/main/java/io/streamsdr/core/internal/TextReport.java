package io.streamsdr.core.internal;

import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.util.Locale;

/** {@link PlanReport#toText()}: a table a person reads in a terminal or a CI log. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(PlanReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan ").append(r.planName()).append(": ").append(r.outcome())
                .append("   RTO ").append(Durations.format(r.rto()));
        if (!r.rto().equals(r.elapsed())) {
            sb.append(" (this run ").append(Durations.format(r.elapsed())).append(')');
        }
        sb.append("   critical path ").append(Durations.format(r.criticalPathDuration())).append('\n');
        int w = Math.max(4, r.steps().stream().mapToInt(s -> s.id().length()).max().orElse(4));
        String fmt = "%-" + w + "s  %-12s  %9s  %9s  %8s  %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "step", "status", "start", "duration", "attempts", "outputs / error"));
        for (StepReport s : r.steps()) {
            String start = s.startedAt() == null ? "-" : "+" + Durations.format(Duration.between(r.firstStartedAt(), s.startedAt()));
            String detail = s.error() != null ? s.error() : s.outputs().isEmpty() ? "" : s.outputs().toString();
            sb.append(String.format(Locale.ROOT, fmt, (s.onCriticalPath() ? "*" : "") + s.id(), s.status(), start,
                    Durations.format(s.duration()), s.attempts(), detail));
        }
        sb.append("* on the critical path: ").append(String.join(" -> ", r.criticalPath())).append('\n');
        if (!r.rpo().isEmpty()) {
            sb.append("RPO achieved: ");
            r.rpo().forEach((k, v) -> sb.append(k).append(' ').append(Durations.format(v)).append("  "));
            sb.append('\n');
        }
        for (ObjectiveResult o : r.objectives()) {
            sb.append(o.met() ? "met     " : "MISSED  ").append(o.name()).append(": objective ").append(Durations.format(o.objective()))
                    .append(", achieved ").append(o.achieved() == null ? "not measured" : Durations.format(o.achieved())).append('\n');
        }
        return sb.toString();
    }
}
