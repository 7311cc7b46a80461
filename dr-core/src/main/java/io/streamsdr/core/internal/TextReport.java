package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * {@link PlanReport#toText()}: a table a person reads in a terminal or a CI log. One line per step
 * (line breaks inside errors and outputs are shown as {@code " | "} so a row stays a row, and no
 * line ends in spaces); steps on
 * the critical path are marked {@code *}; outputs are listed by name, so two renderings of one
 * report are identical.
 */
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
        // +1 for the '*' that marks the critical path, so the columns stay aligned
        int w = Math.max(4, r.steps().stream().mapToInt(s -> s.id().length() + 1).max().orElse(4));
        // start and duration as wide as their longest value (at least 9), so that "+12m22.775s" keeps the columns aligned
        int startW = Math.max(9, r.steps().stream().mapToInt(s -> start(r, s).length()).max().orElse(9));
        int durationW = Math.max(9, r.steps().stream().mapToInt(s -> Durations.format(s.duration().orElse(null)).length()).max().orElse(9));
        String fmt = "%-" + w + "s  %-12s  %" + startW + "s  %" + durationW + "s  %8s  %s";
        sb.append(String.format(Locale.ROOT, fmt, "step", "status", "start", "duration", "attempts", "outputs / error")).append('\n');
        for (StepReport s : r.steps()) {
            String start = start(r, s);
            String detail = oneLine(s.error().orElse(s.outputs().isEmpty() ? "" : new TreeMap<>(s.outputs()).toString()));
            sb.append(String.format(Locale.ROOT, fmt, (s.onCriticalPath() ? "*" : "") + s.id(), s.status(), start,
                    Durations.format(s.duration().orElse(null)), s.attempts(), detail).stripTrailing()).append('\n');
        }
        sb.append("* on the critical path: ")
                .append(r.criticalPath().isEmpty() ? "(none: no step ended)" : String.join(" -> ", r.criticalPath())).append('\n');
        if (!r.rpo().isEmpty()) {
            StringJoiner rpo = new StringJoiner("  ", "RPO achieved: ", "\n");
            r.rpo().forEach((k, v) -> rpo.add(k + ' ' + Durations.format(v)));
            sb.append(rpo);
        }
        for (ObjectiveResult o : r.objectives()) {
            sb.append(o.met() ? "met     " : "MISSED  ").append(o.name()).append(": objective ").append(Durations.format(o.objective()))
                    .append(", achieved ").append(o.achieved().map(Durations::format).orElse("not measured")).append('\n');
        }
        return sb.toString();
    }

    private static String start(PlanReport r, StepReport s) {
        return s.startedAt().map(t -> "+" + Durations.format(Duration.between(r.firstStartedAt(), t))).orElse("-");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*(\\r\\n|\\r|\\n)\\s*", " | ");
    }
}
