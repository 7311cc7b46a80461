package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@link PlanReport#toHtml()}: one self-contained HTML5 page (inline CSS, SVG and one inline script;
 * no font, image, script or link from anything outside the page) with a header, an SVG timeline in
 * which the critical path stands out, a table of steps, the RPO achieved, the objectives and the JSON
 * schema version.
 *
 * <p>The script ({@code SCRIPT}) is progressive enhancement only: the page reads the same without it.
 * It links each step's bar and table row (hovering one highlights both, a click pins the highlight,
 * {@code #step=<id>} in the address pins that step on load) and, once it ran, sets
 * {@code data-ready="true"} and {@code data-linked-steps} (steps having both a bar and a row) on
 * {@code <html>}, so a browser test can tell that it ran and found the page's parts.
 *
 * <p>The page is also well-formed XML (void elements self-closed, only the five XML entities), so
 * tools and tests can parse it with an XML parser. The timeline is {@code <svg id="timeline">}; each
 * step that started is one {@code <rect class="bar" data-step="id">} (class {@code critical} added
 * on the critical path) with a {@code <title>} tooltip. Every string that comes from the plan or a
 * step is escaped; numbers are written with {@link Locale#ROOT}, so a German default locale cannot
 * turn {@code 12.5} into {@code 12,5}.
 */
public final class HtmlReport {
    private static final int LABEL_W = 220;
    private static final int CHART_W = 760;
    private static final int RIGHT_W = 140;
    private static final int WIDTH = LABEL_W + CHART_W + RIGHT_W;
    private static final int LEGEND_H = 26;
    private static final int AXIS_H = 22;
    private static final int MARKER_H = 16;
    private static final int MAX_TICKS = 10;
    private static final int MAX_LABEL_CHARS = 30;
    private static final String CRITICAL_STROKE = "#1a237e";

    /** Tick spacings, smallest first; past the last one the spacing doubles. */
    private static final Duration[] TICK_STEPS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
        Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7)
    };

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#212121;background:#fff}
            h1{font-size:22px;margin:0 0 8px}
            h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e0e0e0;padding-bottom:4px}
            .outcome{display:inline-block;padding:2px 10px;border-radius:4px;font-weight:700;color:#fff;vertical-align:middle;font-size:14px}
            .o-SUCCEEDED{background:#2e7d32}.o-FAILED{background:#c62828}.o-CANCELLED{background:#ef6c00}
            dl.summary{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:12px 0}
            dl.summary dt{color:#616161}dl.summary dd{margin:0;font-variant-numeric:tabular-nums}
            .scroll{overflow-x:auto;border:1px solid #e0e0e0;border-radius:4px;padding:4px}
            svg text{font-family:inherit}
            table{border-collapse:collapse;font-size:13px;margin-top:4px}
            th,td{border:1px solid #e0e0e0;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f5f5f5}
            td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.pre{white-space:pre-wrap;word-break:break-word;max-width:420px}
            tr.critical td:first-child{font-weight:700;color:#1a237e;border-left:4px solid #1a237e}
            table.steps td:first-child{white-space:nowrap}
            tr.hl td,tr.pinned td{background:#ffe0b2}rect.bar.hl,rect.bar.pinned{stroke:#ff6f00;stroke-width:4px}
            html[data-ready] tr[data-step],html[data-ready] rect.bar{cursor:pointer}
            .st{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;white-space:nowrap}
            .st-SUCCEEDED{background:#c8e6c9}.st-DONE_EARLIER{background:#eeeeee;color:#616161}
            .st-FAILED{background:#ffcdd2;color:#b71c1c;font-weight:700}.st-CANCELLED{background:#ffe0b2}
            .st-NOT_STARTED{background:#fff;color:#9e9e9e;border:1px dashed #bdbdbd}
            .met{color:#2e7d32;font-weight:700}.missed{color:#c62828;font-weight:700}
            .path{font-size:13px}.muted{color:#757575}
            footer{margin-top:32px;font-size:12px;color:#757575}
            """;

    /**
     * The page's one script, appended just before {@code </body>}. It is written without {@code <} and
     * {@code &} so that the page stays well-formed XML, and fetches nothing.
     */
    static final String SCRIPT = """
            (function () {
              "use strict";
              var parts = new Map();
              document.querySelectorAll("#timeline rect.bar[data-step], table.steps tr[data-step]").forEach(function (el) {
                var id = el.getAttribute("data-step");
                if (!parts.has(id)) {
                  parts.set(id, []);
                }
                parts.get(id).push(el);
              });
              function mark(id, cls, on) {
                (parts.get(id) || []).forEach(function (el) {
                  el.classList.toggle(cls, on);
                });
              }
              var linked = 0;
              parts.forEach(function (els, id) {
                var rows = els.filter(function (el) { return el.tagName === "TR"; }).length;
                if (Math.min(rows, els.length - rows) > 0) { // a bar and a row
                  linked++;
                }
                els.forEach(function (el) {
                  el.addEventListener("mouseenter", function () { mark(id, "hl", true); });
                  el.addEventListener("mouseleave", function () { mark(id, "hl", false); });
                  el.addEventListener("click", function () { mark(id, "pinned", !el.classList.contains("pinned")); });
                });
              });
              var hash = /^#step=(.+)$/.exec(location.hash);
              if (hash) {
                try {
                  mark(decodeURIComponent(hash[1]), "pinned", true);
                } catch (malformed) {
                  // a mangled link pins nothing
                }
              }
              document.documentElement.dataset.linkedSteps = String(linked);
              document.documentElement.dataset.ready = "true";
            })();
            """;

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
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(sb, r);
        planBody(sb, r);
        sb.append("<footer>Streams DR plan report \u00b7 JSON report schema version ").append(JsonReport.SCHEMA_VERSION)
                .append(" (docs/report-schema.md)</footer>\n")
                .append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** The timeline, the critical path, the steps, the RPO achieved and the objectives: what a drill page shows too. */
    static void planBody(StringBuilder sb, PlanReport r) {
        planBody(sb, r, true);
    }

    /** {@link #planBody(StringBuilder, PlanReport)}, without the "RPO achieved" table when a page shows RPO its own way. */
    static void planBody(StringBuilder sb, PlanReport r, boolean withRpo) {
        sb.append("<h2>Timeline</h2>\n<div class=\"scroll\">\n");
        timeline(sb, r);
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
        }
        objectives(sb, r);
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

    // ---------------------------------------------------------------- timeline

    /** Maps instants to x coordinates; a zero-length axis puts everything at its start. */
    private record Axis(Instant origin, Instant end, double spanNanos) {
        double x(Instant t) {
            if (spanNanos <= 0) {
                return LABEL_W;
            }
            double f = nanosBetween(origin, t) / spanNanos;
            return LABEL_W + CHART_W * Math.max(0, Math.min(1, f));
        }
    }

    private static void timeline(StringBuilder sb, PlanReport r) {
        List<StepReport> steps = r.steps();
        int n = steps.size();
        int rowH = n > 60 ? 14 : n > 25 ? 18 : 24;
        int barH = rowH - (rowH >= 24 ? 8 : 4);
        int font = rowH >= 24 ? 12 : rowH >= 18 ? 11 : 10;
        boolean bottomAxis = n > 30;
        boolean marker = r.startedAt().isAfter(r.firstStartedAt());
        int top = LEGEND_H + AXIS_H + MARKER_H;
        int rowsBottom = top + Math.max(n, 1) * rowH;
        int height = rowsBottom + (bottomAxis ? AXIS_H : 6);

        // the axis covers firstStartedAt..finishedAt, widened if a hand-made report has a step outside it
        Instant origin = r.firstStartedAt();
        Instant end = r.finishedAt();
        for (StepReport s : steps) {
            for (Instant t : new Instant[] {start(s), end(s)}) {
                if (t != null && t.isBefore(origin)) {
                    origin = t;
                }
                if (t != null && t.isAfter(end)) {
                    end = t;
                }
            }
        }
        Axis axis = new Axis(origin, end, Math.max(0, nanosBetween(origin, end)));

        sb.append("<svg id=\"timeline\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Timeline of plan ").append(Html.escape(r.planName())).append("\" font-size=\"")
                .append(font).append("\">\n")
                .append("<title>Timeline of plan ").append(Html.escape(r.planName())).append("</title>\n")
                .append("<defs><pattern id=\"hatch-done\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
                .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e0e0e0\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9e9e9e\" stroke-width=\"3\"/></pattern></defs>\n");
        legend(sb, marker);

        // row backgrounds first, so grid lines and bars draw over them
        for (int i = 0; i < n; i++) {
            StepReport s = steps.get(i);
            int y = top + i * rowH;
            String fill = rowFill(s, i);
            if (!fill.equals("#ffffff")) {
                sb.append("<rect class=\"row").append(s.onCriticalPath() ? " row-critical" : "").append("\" x=\"0\" y=\"").append(y)
                        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(rowH).append("\" fill=\"").append(fill)
                        .append("\"/>\n");
            }
        }
        ticks(sb, axis, LEGEND_H + AXIS_H - 6, top - MARKER_H, rowsBottom, bottomAxis ? rowsBottom + 15 : -1);
        if (marker) {
            String x = num(axis.x(r.startedAt()));
            sb.append("<line class=\"run-start\" x1=\"").append(x).append("\" y1=\"").append(top - MARKER_H).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(rowsBottom).append("\" stroke=\"#6a1b9a\" stroke-width=\"1.5\"")
                    .append(" stroke-dasharray=\"5 3\"/>\n<text x=\"").append(num(axis.x(r.startedAt()) + 4)).append("\" y=\"")
                    .append(top - 4).append("\" fill=\"#6a1b9a\" font-size=\"11\">this run started</text>\n");
        }
        if (n == 0) {
            sb.append("<text x=\"").append(LABEL_W).append("\" y=\"").append(top + rowH - 6)
                    .append("\" fill=\"#757575\">The plan has no steps.</text>\n");
        }

        // where each bar goes: {x start, x end}, or null for a step that did not start
        List<double[]> spans = new ArrayList<>(n);
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < n; i++) {
            StepReport s = steps.get(i);
            row.putIfAbsent(s.id(), i);
            if (start(s) == null) {
                spans.add(null);
            } else {
                double x1 = axis.x(start(s));
                double x2 = axis.x(end(s) != null ? end(s) : axis.end());
                spans.add(new double[] {x1, x1 + Math.max(2, x2 - x1)});
            }
        }

        // links along the critical path, from the end of one step to the start of the next; drawn
        // first so that bars and labels lie on top of them
        List<String> path = r.criticalPath();
        for (int i = 1; i < path.size(); i++) {
            Integer from = row.get(path.get(i - 1));
            Integer to = row.get(path.get(i));
            if (from != null && to != null && spans.get(from) != null && spans.get(to) != null) {
                sb.append("<line class=\"critical-link\" x1=\"").append(num(spans.get(from)[1])).append("\" y1=\"")
                        .append(num(top + from * rowH + rowH / 2.0)).append("\" x2=\"").append(num(spans.get(to)[0]))
                        .append("\" y2=\"").append(num(top + to * rowH + rowH / 2.0)).append("\" stroke=\"")
                        .append(CRITICAL_STROKE).append("\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>\n");
            }
        }

        for (int i = 0; i < n; i++) {
            StepReport s = steps.get(i);
            int y = top + i * rowH;
            double mid = y + rowH / 2.0;
            label(sb, s, mid);
            if (spans.get(i) == null) {
                sb.append("<text class=\"no-bar\" x=\"").append(LABEL_W + 4).append("\" y=\"").append(num(mid + font / 2.0 - 1))
                        .append("\" fill=\"#9e9e9e\" font-style=\"italic\">")
                        .append(s.status() == StepReport.Status.NOT_STARTED ? "not started" : "no start recorded").append("</text>\n");
                continue;
            }
            double x1 = spans.get(i)[0];
            double w = spans.get(i)[1] - x1;
            bar(sb, r, s, x1, y + (rowH - barH) / 2.0, w, barH);
            String text = String.join(" ", Stream.of(
                    dur(s) == null ? "" : Durations.format(dur(s)),
                    switch (s.status()) {
                        case SUCCEEDED -> "";
                        case DONE_EARLIER -> "earlier run";
                        case FAILED -> "failed";
                        case CANCELLED -> "cancelled";
                        case NOT_STARTED -> "not started";
                    },
                    end(s) == null ? "(no end recorded)" : "").filter(p -> !p.isEmpty()).toList());
            // a halo in the row's colour keeps the label readable where a critical-path link crosses it
            sb.append("<text class=\"bar-label\" x=\"").append(num(x1 + w + 4)).append("\" y=\"").append(num(mid + font / 2.0 - 1))
                    .append("\" fill=\"#424242\" stroke=\"").append(rowFill(s, i)).append("\" stroke-width=\"3\"")
                    .append(" stroke-linejoin=\"round\" paint-order=\"stroke\">").append(Html.escape(text)).append("</text>\n");
        }
        sb.append("</svg>\n");
    }

    private static String rowFill(StepReport s, int row) {
        return s.onCriticalPath() ? "#fff3c4" : row % 2 == 1 ? "#fafafa" : "#ffffff";
    }

    private static void legend(StringBuilder sb, boolean marker) {
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"#43a047", "#2e7d32", "1", "", "succeeded"});
        items.add(new String[] {"url(#hatch-done)", "#9e9e9e", "1", "", "done in an earlier run"});
        items.add(new String[] {"#e53935", "#b71c1c", "1", "", "failed"});
        items.add(new String[] {"#fb8c00", "#e65100", "1", "", "cancelled"});
        items.add(new String[] {"none", "#bdbdbd", "1", "3 2", "not started (empty row)"});
        items.add(new String[] {"#fff3c4", CRITICAL_STROKE, "3", "", "critical path"});
        sb.append("<g class=\"legend\" font-size=\"12\">\n");
        int x = 8;
        for (String[] it : items) {
            sb.append("<rect class=\"legend-swatch\" x=\"").append(x).append("\" y=\"6\" width=\"22\" height=\"12\" rx=\"2\" fill=\"")
                    .append(it[0]).append("\" stroke=\"").append(it[1]).append("\" stroke-width=\"").append(it[2]).append('"')
                    .append(it[3].isEmpty() ? "" : " stroke-dasharray=\"" + it[3] + "\"").append("/>")
                    .append("<text x=\"").append(x + 28).append("\" y=\"16\">").append(it[4]).append("</text>\n");
            x += 28 + it[4].length() * 7 + 18;
        }
        if (marker) {
            sb.append("<line x1=\"").append(x + 10).append("\" y1=\"4\" x2=\"").append(x + 10).append("\" y2=\"20\" stroke=\"#6a1b9a\"")
                    .append(" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"").append(x + 18)
                    .append("\" y=\"16\">this run started (resumed)</text>\n");
        }
        sb.append("</g>\n");
    }

    private static void ticks(StringBuilder sb, Axis axis, int labelY, int lineTop, int lineBottom, int bottomLabelY) {
        long step = tickStep(axis.spanNanos());
        long count = axis.spanNanos() <= 0 ? 0 : (long) Math.floor(axis.spanNanos() / step);
        sb.append("<g class=\"axis\" font-size=\"11\" fill=\"#616161\">\n");
        for (long k = 0; k <= count; k++) {
            double x = axis.spanNanos() <= 0 ? LABEL_W : LABEL_W + CHART_W * (k * (double) step) / axis.spanNanos();
            String xs = num(x);
            String label = Html.escape(Durations.format(Duration.ofNanos(k * step)));
            String anchor = k == 0 ? "start" : x > LABEL_W + CHART_W - 20 ? "end" : "middle";
            sb.append("<line x1=\"").append(xs).append("\" y1=\"").append(lineTop).append("\" x2=\"").append(xs).append("\" y2=\"")
                    .append(lineBottom).append("\" stroke=\"#e0e0e0\"/>")
                    .append("<text x=\"").append(xs).append("\" y=\"").append(labelY).append("\" text-anchor=\"").append(anchor)
                    .append("\">").append(label).append("</text>");
            if (bottomLabelY > 0) {
                sb.append("<text x=\"").append(xs).append("\" y=\"").append(bottomLabelY).append("\" text-anchor=\"").append(anchor)
                        .append("\">").append(label).append("</text>");
            }
            sb.append('\n');
        }
        sb.append("</g>\n");
    }

    /** The smallest listed spacing giving at most {@value #MAX_TICKS} intervals, in nanoseconds. */
    private static long tickStep(double spanNanos) {
        for (Duration d : TICK_STEPS) {
            if (spanNanos / d.toNanos() <= MAX_TICKS) {
                return d.toNanos();
            }
        }
        long step = TICK_STEPS[TICK_STEPS.length - 1].toNanos();
        while (spanNanos / step > MAX_TICKS && step < Long.MAX_VALUE / 2) {
            step *= 2;
        }
        return step;
    }

    private static void label(StringBuilder sb, StepReport s, double mid) {
        String id = s.id().length() > MAX_LABEL_CHARS ? s.id().substring(0, MAX_LABEL_CHARS - 1) + "\u2026" : s.id();
        sb.append("<text class=\"step-label\" x=\"").append(LABEL_W - 8).append("\" y=\"").append(num(mid + 4))
                .append("\" text-anchor=\"end\"");
        if (s.onCriticalPath()) {
            sb.append(" font-weight=\"bold\" fill=\"").append(CRITICAL_STROKE).append('"');
        } else if (s.status() == StepReport.Status.NOT_STARTED) {
            sb.append(" fill=\"#9e9e9e\"");
        }
        sb.append("><title>").append(Html.escape(s.id())).append("</title>").append(Html.escape(id)).append("</text>\n");
    }

    private static void bar(StringBuilder sb, PlanReport r, StepReport s, double x, double y, double w, int h) {
        String fill;
        String stroke;
        switch (s.status()) {
            case DONE_EARLIER -> {
                fill = "url(#hatch-done)";
                stroke = "#9e9e9e";
            }
            case FAILED -> {
                fill = "#e53935";
                stroke = "#b71c1c";
            }
            case CANCELLED -> {
                fill = "#fb8c00";
                stroke = "#e65100";
            }
            case NOT_STARTED -> { // a hand-made report may give a start to a step that did not start
                fill = "none";
                stroke = "#bdbdbd";
            }
            default -> {
                fill = "#43a047";
                stroke = "#2e7d32";
            }
        }
        boolean critical = s.onCriticalPath();
        sb.append("<rect class=\"bar").append(critical ? " critical" : "").append("\" data-step=\"").append(Html.escape(s.id()))
                .append("\" data-status=\"").append(s.status().name()).append("\" x=\"").append(num(x)).append("\" y=\"")
                .append(num(y)).append("\" width=\"").append(num(w)).append("\" height=\"").append(h)
                .append("\" rx=\"2\" fill=\"").append(fill).append("\" stroke=\"").append(critical ? CRITICAL_STROKE : stroke)
                .append("\" stroke-width=\"").append(critical ? "3" : "1").append('"')
                .append(end(s) == null ? " stroke-dasharray=\"4 2\"" : "").append("><title>");
        StringBuilder t = new StringBuilder();
        t.append(s.id()).append(" \u2014 ").append(s.status());
        if (critical) {
            t.append(" (critical path)");
        }
        t.append("\nstart +").append(Durations.format(Duration.between(r.firstStartedAt(), start(s))))
                .append(", duration ").append(end(s) == null ? "- (no end recorded)" : Durations.format(dur(s)))
                .append("\nattempts ").append(s.attempts());
        if (s.resumed()) {
            t.append(", resumed");
        }
        if (s.description() != null && !s.description().isEmpty()) {
            t.append('\n').append(s.description());
        }
        if (err(s) != null) {
            t.append("\nerror: ").append(err(s));
        }
        sb.append(Html.escape(t.toString())).append("</title></rect>\n");
    }

    // ---------------------------------------------------------------- tables

    private static void stepsTable(StringBuilder sb, PlanReport r) {
        sb.append("<h2>Steps</h2>\n<table class=\"steps\">\n<thead><tr><th>Step</th><th>Description</th><th>Depends on</th>")
                .append("<th>Status</th><th>Start</th><th>Duration</th><th>Attempts</th><th>Resumed</th><th>Outputs</th>")
                .append("<th>Error</th></tr></thead>\n<tbody>\n");
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
                        .append(Html.escape(e.getValue()));
                first = false;
            }
            sb.append("</td><td class=\"pre\">").append(Html.escape(err(s))).append("</td></tr>\n");
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

    // ---------------------------------------------------------------- numbers

    private static double nanosBetween(Instant a, Instant b) {
        return (double) (b.getEpochSecond() - a.getEpochSecond()) * 1e9 + (b.getNano() - a.getNano());
    }

    /** A coordinate with at most one decimal, in {@link Locale#ROOT}; never NaN or Infinity. */
    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static Instant start(StepReport s) {
        return s.startedAt().orElse(null);
    }

    private static Instant end(StepReport s) {
        return s.endedAt().orElse(null);
    }

    private static Duration dur(StepReport s) {
        return s.duration().orElse(null);
    }

    private static String err(StepReport s) {
        return s.error().orElse(null);
    }
}
