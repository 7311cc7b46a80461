package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link PlanReport#toHtml()}: one self-contained HTML5 page (inline CSS, SVG and one inline script;
 * no font, image, script or link from anything outside the page) with a header, an SVG timeline in
 * which the critical path stands out ({@link TimelineSvg}), a table of steps, the RPO achieved, the
 * objectives and the JSON schema version. The stylesheet and the script are {@link PageAssets}: they
 * live as resources and are inlined; the page reads the same without the script.
 *
 * <p>The page is also well-formed XML (void elements self-closed, only the five XML entities), so
 * tools and tests can parse it with an XML parser. Every string that comes from the plan or a step is
 * escaped; numbers are written with {@link java.util.Locale#ROOT}, so a German default locale cannot
 * turn {@code 12.5} into {@code 12,5}.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The whole page for this report. */
    public static String render(PlanReport r) {
        StringBuilder sb = new StringBuilder(16_384 + r.steps().size() * 1_024);
        String plan = Html.escape(r.planName());
        String outcome = r.outcome().name();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Plan ").append(plan).append(": ").append(outcome).append("</title>\n")
                .append("<style>\n").append(PageAssets.REPORT_CSS).append("</style>\n</head>\n<body>\n");
        header(sb, r);
        planBody(sb, r);
        sb.append("<footer>Streams DR plan report \u00b7 JSON report schema version ").append(JsonReport.SCHEMA_VERSION)
                .append(" (docs/report-schema.md)</footer>\n")
                .append("<script>\n").append(PageAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** The timeline, the critical path, the steps, the RPO achieved and the objectives: what a drill page shows too. */
    static void planBody(StringBuilder sb, PlanReport r) {
        planBody(sb, r, true);
    }

    /**
     * {@link #planBody(StringBuilder, PlanReport)}, without the "RPO achieved" and objectives tables when a page shows
     * them its own way (the drill page: the RTO objective in its summary, each RPO objective in its RPO table).
     */
    static void planBody(StringBuilder sb, PlanReport r, boolean withRpo) {
        sb.append("<h2>Timeline</h2>\n<div class=\"scroll\">\n");
        TimelineSvg.render(sb, r);
        sb.append("</div>\n<p class=\"path\">Critical path: ");
        if (r.criticalPath().isEmpty()) {
            sb.append("<span class=\"muted\">none (no step ended)</span>");
        } else {
            sb.append(Html.escape(String.join(" \u2192 ", r.criticalPath())));
        }
        sb.append("</p>\n");
        stepsTable(sb, r);
        if (withRpo) {
            rpo(sb, r);
            objectives(sb, r);
        }
    }

    // ---------------------------------------------------------------- header

    private static void header(StringBuilder sb, PlanReport r) {
        sb.append("<header>\n<h1>Plan <span class=\"plan\">").append(Html.escape(r.planName())).append("</span> ")
                .append("<span class=\"outcome o-").append(r.outcome().name()).append("\">").append(r.outcome().name())
                .append("</span></h1>\n<dl class=\"summary\">\n");
        dt(sb, "RTO", Durations.format(r.rto()) + (r.firstStartedAt().equals(r.startedAt()) ? ""
                : " (from the first step start in an earlier run)"));
        if (!r.rto().equals(r.elapsed())) {
            dt(sb, "This run", Durations.format(r.elapsed()));
        }
        dt(sb, "Critical path", Durations.format(r.criticalPathDuration()) + " (" + r.criticalPath().size()
                + (r.criticalPath().size() == 1 ? " step)" : " steps)"));
        if (!r.firstStartedAt().equals(r.startedAt())) {
            dt(sb, "First step started", r.firstStartedAt().toString());
        }
        dt(sb, "Started", r.startedAt().toString());
        dt(sb, "Finished", r.finishedAt().toString());
        long missed = r.objectives().stream().filter(o -> !o.met()).count();
        if (!r.objectives().isEmpty()) {
            sb.append("<dt>Objectives</dt><dd>").append(missed == 0 ? "<span class=\"met\">all met</span>"
                    : "<span class=\"missed\">" + missed + " of " + r.objectives().size() + " MISSED</span>").append("</dd>\n");
        }
        sb.append("</dl>\n</header>\n");
    }

    private static void dt(StringBuilder sb, String term, String value) {
        sb.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
    }

    // ---------------------------------------------------------------- tables

    private static void stepsTable(StringBuilder sb, PlanReport r) {
        sb.append("<h2>Steps</h2>\n<table class=\"steps\">\n<thead><tr><th>Step</th><th>Description</th><th>Depends on</th>")
                .append("<th>Status</th><th>Start</th><th>Duration</th><th>Attempts</th><th>Resumed</th><th class=\"outputs\">Outputs</th>")
                .append("<th class=\"error\">Error</th></tr></thead>\n<tbody>\n");
        for (StepReport s : r.steps()) {
            sb.append("<tr data-step=\"").append(Html.escape(s.id())).append('"')
                    .append(s.onCriticalPath() ? " class=\"critical\"" : "").append('>')
                    .append("<td>").append(Html.escape(s.id())).append(s.onCriticalPath() ? " \u2605" : "").append("</td>")
                    .append("<td class=\"pre\">").append(Html.escape(s.description())).append("</td>")
                    .append("<td>").append(Html.escape(String.join(", ", s.dependsOn()))).append("</td>")
                    .append("<td><span class=\"st st-").append(s.status().name()).append("\">").append(s.status().name())
                    .append("</span></td>")
                    .append("<td class=\"num\">").append(start(s) == null ? "-"
                            : "+" + Html.escape(Durations.format(Duration.between(r.firstStartedAt(), start(s))))).append("</td>")
                    .append("<td class=\"num\">").append(Html.escape(Durations.format(dur(s)))).append("</td>")
                    .append("<td class=\"num\">").append(s.attempts()).append("</td>")
                    .append("<td>").append(s.resumed() ? "yes" : "").append("</td>")
                    .append("<td class=\"pre\">");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(s.outputs()).entrySet()) {
                sb.append(first ? "" : "<br/>").append("<code>").append(Html.escape(e.getKey())).append("</code> = ")
                        .append(Html.breakable(e.getValue()));
                first = false;
            }
            sb.append("</td><td class=\"pre error\">").append(Html.breakable(err(s))).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n<p class=\"muted\">\u2605 on the critical path. Start is measured from the first step's start")
                .append(r.firstStartedAt().equals(r.startedAt()) ? "" : " (in an earlier run)").append(".</p>\n");
    }

    private static void rpo(StringBuilder sb, PlanReport r) {
        sb.append("<h2>RPO achieved</h2>\n");
        if (r.rpo().isEmpty()) {
            sb.append("<p class=\"muted\">No step recorded an achieved RPO.</p>\n");
            return;
        }
        sb.append("<table class=\"rpo\">\n<thead><tr><th>Component</th><th>RPO achieved</th></tr></thead>\n<tbody>\n");
        r.rpo().forEach((component, d) -> sb.append("<tr><td>").append(Html.escape(component)).append("</td><td class=\"num\">")
                .append(Html.escape(Durations.format(d))).append("</td></tr>\n"));
        sb.append("</tbody>\n</table>\n");
    }

    private static void objectives(StringBuilder sb, PlanReport r) {
        sb.append("<h2>Objectives</h2>\n");
        if (r.objectives().isEmpty()) {
            sb.append("<p class=\"muted\">No objectives were set.</p>\n");
            return;
        }
        sb.append("<table class=\"objectives\">\n<thead><tr><th>Objective</th><th>Target</th><th>Achieved</th><th>Result</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (ObjectiveResult o : r.objectives()) {
            sb.append("<tr><td>").append(Html.escape(o.name())).append("</td><td class=\"num\">")
                    .append(Html.escape(Durations.format(o.objective()))).append("</td><td class=\"num\">")
                    .append(o.achieved().map(d -> Html.escape(Durations.format(d))).orElse("not measured"))
                    .append("</td><td>").append(o.met() ? "<span class=\"met\">met</span>" : "<span class=\"missed\">MISSED</span>")
                    .append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static Instant start(StepReport s) {
        return s.startedAt().orElse(null);
    }

    private static Duration dur(StepReport s) {
        return s.duration().orElse(null);
    }

    private static String err(StepReport s) {
        return s.error().orElse(null);
    }
}
