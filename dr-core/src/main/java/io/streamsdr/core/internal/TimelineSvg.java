package io.streamsdr.core.internal;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report page's timeline: one {@code <svg id="timeline">} with a legend, a time axis, one row per
 * step (its label, and its bar when it started) and the critical path standing out (row shading,
 * thick bars, dashed links from the end of one step to the start of the next). Each bar is a
 * {@code <rect class="bar" data-step="id">} (class {@code critical} added on the critical path) with a
 * {@code <title>} tooltip; a resumed run gets a "this run started" marker.
 *
 * <p>Drawn in layers, each over the one before: row backgrounds, axis ticks and grid lines, the
 * run-start marker, critical-path links, then per row the label, the bar and the bar's caption.
 * Numbers are written with {@link Locale#ROOT}; every string from the report is escaped.
 */
final class TimelineSvg {
    private static final int LABEL_W = 220;
    private static final int CHART_W = 760;
    private static final int RIGHT_W = 140;
    private static final int WIDTH = LABEL_W + CHART_W + RIGHT_W;
    private static final int LEGEND_H = 26;
    private static final int AXIS_H = 22;
    private static final int MARKER_H = 16;
    /** Where the rows begin: below the legend, the axis labels and the run-start marker's caption. */
    private static final int TOP = LEGEND_H + AXIS_H + MARKER_H;
    private static final int MAX_TICKS = 10;
    private static final int MAX_LABEL_CHARS = 30;
    private static final String CRITICAL_STROKE = "#1a237e";
    private static final String RUN_START_STROKE = "#6a1b9a";

    /** Tick spacings, smallest first; past the last one the spacing doubles. */
    private static final Duration[] TICK_STEPS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
        Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7)
    };

    /** A legend entry: a swatch drawn as a bar of that kind is drawn, and its caption. */
    private record LegendItem(String fill, String stroke, String strokeWidth, String dash, String caption) {
    }

    private static final List<LegendItem> LEGEND = List.of(
            new LegendItem("#43a047", "#2e7d32", "1", "", "succeeded"),
            new LegendItem("url(#hatch-done)", "#9e9e9e", "1", "", "done in an earlier run"),
            new LegendItem("#e53935", "#b71c1c", "1", "", "failed"),
            new LegendItem("#fb8c00", "#e65100", "1", "", "cancelled"),
            new LegendItem("none", "#bdbdbd", "1", "3 2", "not started (empty row)"),
            new LegendItem("#fff3c4", CRITICAL_STROKE, "3", "", "critical path"));

    /** Row height, bar height and font size: smaller as the plan grows, so a big plan stays one picture. */
    private record Rows(int height, int barHeight, int font) {
        static Rows forSteps(int n) {
            int rowH = n > 60 ? 14 : n > 25 ? 18 : 24;
            return new Rows(rowH, rowH - (rowH >= 24 ? 8 : 4), rowH >= 24 ? 12 : rowH >= 18 ? 11 : 10);
        }
    }

    /** Maps instants to x coordinates; a zero-length axis puts everything at its start. */
    private record Axis(Instant origin, Instant end, double spanNanos) {
        /** From the report's first step start to its end, widened if a hand-made report has a step outside it. */
        static Axis of(PlanReport r) {
            Instant origin = r.firstStartedAt();
            Instant end = r.finishedAt();
            for (StepReport s : r.steps()) {
                for (Instant t : new Instant[] {start(s), TimelineSvg.end(s)}) {
                    if (t != null && t.isBefore(origin)) {
                        origin = t;
                    }
                    if (t != null && t.isAfter(end)) {
                        end = t;
                    }
                }
            }
            return new Axis(origin, end, Math.max(0, nanosBetween(origin, end)));
        }

        double x(Instant t) {
            if (spanNanos <= 0) {
                return LABEL_W;
            }
            double f = nanosBetween(origin, t) / spanNanos;
            return LABEL_W + CHART_W * Math.max(0, Math.min(1, f));
        }
    }

    /** Where a step's bar goes, in x coordinates; at least 2 wide, so an instant step still shows. */
    private record Span(double from, double to) {
        double width() {
            return to - from;
        }
    }

    private final StringBuilder sb;
    private final PlanReport r;
    private final List<StepReport> steps;
    private final Rows rows;
    private final Axis axis;
    /** Whether this run resumed an earlier one: the axis then starts before this run did. */
    private final boolean resumed;
    private final boolean bottomAxis;
    private final int rowsBottom;
    /** Per row, its bar's span; null for a step that did not start. */
    private final List<Span> spans;

    private TimelineSvg(StringBuilder sb, PlanReport r) {
        this.sb = sb;
        this.r = r;
        this.steps = r.steps();
        this.rows = Rows.forSteps(steps.size());
        this.axis = Axis.of(r);
        this.resumed = r.startedAt().isAfter(r.firstStartedAt());
        this.bottomAxis = steps.size() > 30;
        this.rowsBottom = TOP + Math.max(steps.size(), 1) * rows.height();
        this.spans = new ArrayList<>(steps.size());
        for (StepReport s : steps) {
            spans.add(start(s) == null ? null : span(s));
        }
    }

    /** Appends the report's timeline to {@code sb}. */
    static void render(StringBuilder sb, PlanReport r) {
        new TimelineSvg(sb, r).render();
    }

    private void render() {
        open();
        legend();
        rowBackgrounds();
        ticks();
        if (resumed) {
            runStartMarker();
        }
        if (steps.isEmpty()) {
            sb.append("<text x=\"").append(LABEL_W).append("\" y=\"").append(TOP + rows.height() - 6)
                    .append("\" fill=\"#757575\">The plan has no steps.</text>\n");
        }
        criticalLinks();
        for (int i = 0; i < steps.size(); i++) {
            row(i);
        }
        rtoObjectiveMarker();
        sb.append("</svg>\n");
    }

    private Span span(StepReport s) {
        double x1 = axis.x(start(s));
        double x2 = axis.x(end(s) != null ? end(s) : axis.end());
        return new Span(x1, x1 + Math.max(2, x2 - x1));
    }

    private int y(int row) {
        return TOP + row * rows.height();
    }

    private double middle(int row) {
        return y(row) + rows.height() / 2.0;
    }

    // ---------------------------------------------------------------- frame

    /** The {@code <svg>} element, its title and the hatch pattern of steps done in an earlier run. */
    private void open() {
        int height = rowsBottom + (bottomAxis ? AXIS_H : 6);
        String plan = Html.escape(r.planName());
        sb.append("<svg id=\"timeline\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Timeline of plan ").append(plan).append("\" font-size=\"")
                .append(rows.font()).append("\">\n")
                .append("<title>Timeline of plan ").append(plan).append("</title>\n")
                .append("<defs><pattern id=\"hatch-done\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
                .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#e0e0e0\"/>")
                .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9e9e9e\" stroke-width=\"3\"/></pattern></defs>\n");
    }

    private void legend() {
        sb.append("<g class=\"legend\" font-size=\"12\">\n");
        int x = 8;
        for (LegendItem it : LEGEND) {
            sb.append("<rect class=\"legend-swatch\" x=\"").append(x).append("\" y=\"6\" width=\"22\" height=\"12\" rx=\"2\" fill=\"")
                    .append(it.fill()).append("\" stroke=\"").append(it.stroke()).append("\" stroke-width=\"").append(it.strokeWidth())
                    .append('"').append(it.dash().isEmpty() ? "" : " stroke-dasharray=\"" + it.dash() + "\"").append("/>")
                    .append("<text x=\"").append(x + 28).append("\" y=\"16\">").append(it.caption()).append("</text>\n");
            x += 28 + it.caption().length() * 7 + 18;
        }
        if (resumed) {
            sb.append("<line x1=\"").append(x + 10).append("\" y1=\"4\" x2=\"").append(x + 10).append("\" y2=\"20\" stroke=\"")
                    .append(RUN_START_STROKE).append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"").append(x + 18)
                    .append("\" y=\"16\">this run started (resumed)</text>\n");
        }
        sb.append("</g>\n");
    }

    /** Shaded rows (alternate rows, and the critical path), drawn first so that everything else lies on them. */
    private void rowBackgrounds() {
        for (int i = 0; i < steps.size(); i++) {
            StepReport s = steps.get(i);
            String fill = rowFill(s, i);
            if (!fill.equals("#ffffff")) {
                sb.append("<rect class=\"row").append(s.onCriticalPath() ? " row-critical" : "").append("\" x=\"0\" y=\"").append(y(i))
                        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(rows.height()).append("\" fill=\"")
                        .append(fill).append("\"/>\n");
            }
        }
    }

    private static String rowFill(StepReport s, int row) {
        return s.onCriticalPath() ? "#fff3c4" : row % 2 == 1 ? "#fafafa" : "#ffffff";
    }

    // ---------------------------------------------------------------- axis

    /** A grid line and a label per tick, labels above the rows, and below them too on a tall chart. */
    private void ticks() {
        int labelY = LEGEND_H + AXIS_H - 6;
        int lineTop = TOP - MARKER_H;
        int bottomLabelY = bottomAxis ? rowsBottom + 15 : -1;
        long step = tickStep(axis.spanNanos());
        long count = axis.spanNanos() <= 0 ? 0 : (long) Math.floor(axis.spanNanos() / step);
        sb.append("<g class=\"axis\" font-size=\"11\" fill=\"#616161\">\n");
        for (long k = 0; k <= count; k++) {
            double x = axis.spanNanos() <= 0 ? LABEL_W : LABEL_W + CHART_W * (k * (double) step) / axis.spanNanos();
            String xs = num(x);
            String label = Html.escape(Durations.format(Duration.ofNanos(k * step)));
            String anchor = k == 0 ? "start" : x > LABEL_W + CHART_W - 20 ? "end" : "middle";
            sb.append("<line x1=\"").append(xs).append("\" y1=\"").append(lineTop).append("\" x2=\"").append(xs).append("\" y2=\"")
                    .append(rowsBottom).append("\" stroke=\"#e0e0e0\"/>");
            tickLabel(xs, labelY, anchor, label);
            if (bottomLabelY > 0) {
                tickLabel(xs, bottomLabelY, anchor, label);
            }
            sb.append('\n');
        }
        sb.append("</g>\n");
    }

    private void tickLabel(String x, int y, String anchor, String label) {
        sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor).append("\">")
                .append(label).append("</text>");
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

    /** A dashed vertical line where this run started, when it resumed an earlier one. */
    private void runStartMarker() {
        String x = num(axis.x(r.startedAt()));
        sb.append("<line class=\"run-start\" x1=\"").append(x).append("\" y1=\"").append(TOP - MARKER_H).append("\" x2=\"")
                .append(x).append("\" y2=\"").append(rowsBottom).append("\" stroke=\"").append(RUN_START_STROKE)
                .append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n<text x=\"").append(num(axis.x(r.startedAt()) + 4))
                .append("\" y=\"").append(TOP - 4).append("\" fill=\"").append(RUN_START_STROKE)
                .append("\" font-size=\"11\">this run started</text>\n");
    }

    /**
     * A dashed vertical line where the RTO objective ends, counted from the first step's start, green when met and red
     * when missed; at the chart's right edge with an arrow when the objective ends after the plan did.
     */
    private void rtoObjectiveMarker() {
        java.util.Optional<io.streamsdr.core.ObjectiveResult> rto = r.objectives().stream().filter(o -> o.name().equals("RTO")).findFirst();
        if (rto.isEmpty()) {
            return;
        }
        Instant at = r.firstStartedAt().plus(rto.get().objective());
        boolean beyond = at.isAfter(axis.end());
        double x = beyond ? LABEL_W + CHART_W : axis.x(at);
        String colour = rto.get().met() ? "#2e7d32" : "#c62828";
        String label = "RTO objective " + Durations.format(rto.get().objective()) + (beyond ? " \u2192" : "");
        boolean anchorEnd = x > LABEL_W + CHART_W - 160;
        sb.append("<g id=\"rto-objective\" class=\"rto-objective ").append(rto.get().met() ? "met" : "missed").append("\">")
                .append("<line x1=\"").append(num(x)).append("\" y1=\"").append(TOP - MARKER_H).append("\" x2=\"").append(num(x))
                .append("\" y2=\"").append(rowsBottom).append("\" stroke=\"").append(colour)
                .append("\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"").append(num(anchorEnd ? x - 4 : x + 4))
                .append("\" y=\"").append(TOP - 4).append("\" fill=\"").append(colour).append("\" font-size=\"11\" font-weight=\"700\"")
                .append(anchorEnd ? " text-anchor=\"end\"" : "").append('>').append(Html.escape(label)).append("</text></g>\n");
    }

    // ---------------------------------------------------------------- critical path

    /**
     * Links along the critical path, from the end of one step's bar to the start of the next; drawn
     * before the bars, so that bars and labels lie on top of them.
     */
    private void criticalLinks() {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            rowOf.putIfAbsent(steps.get(i).id(), i);
        }
        List<String> path = r.criticalPath();
        for (int i = 1; i < path.size(); i++) {
            Integer from = rowOf.get(path.get(i - 1));
            Integer to = rowOf.get(path.get(i));
            if (from != null && to != null && spans.get(from) != null && spans.get(to) != null) {
                sb.append("<line class=\"critical-link\" x1=\"").append(num(spans.get(from).to())).append("\" y1=\"")
                        .append(num(middle(from))).append("\" x2=\"").append(num(spans.get(to).from()))
                        .append("\" y2=\"").append(num(middle(to))).append("\" stroke=\"")
                        .append(CRITICAL_STROKE).append("\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>\n");
            }
        }
    }

    // ---------------------------------------------------------------- rows

    /** A step's row: its label, then its bar and the bar's caption, or a note that it has no bar. */
    private void row(int i) {
        StepReport s = steps.get(i);
        double mid = middle(i);
        label(s, mid);
        Span span = spans.get(i);
        if (span == null) {
            sb.append("<text class=\"no-bar\" x=\"").append(LABEL_W + 4).append("\" y=\"").append(num(mid + rows.font() / 2.0 - 1))
                    .append("\" fill=\"#9e9e9e\" font-style=\"italic\">")
                    .append(s.status() == StepReport.Status.NOT_STARTED ? "not started" : "no start recorded").append("</text>\n");
            return;
        }
        bar(s, span, y(i) + (rows.height() - rows.barHeight()) / 2.0);
        // a halo in the row's colour keeps the caption readable where a critical-path link crosses it
        sb.append("<text class=\"bar-label\" x=\"").append(num(span.from() + span.width() + 4)).append("\" y=\"").append(num(mid + rows.font() / 2.0 - 1))
                .append("\" fill=\"#424242\" stroke=\"").append(rowFill(s, i)).append("\" stroke-width=\"3\"")
                .append(" stroke-linejoin=\"round\" paint-order=\"stroke\">").append(Html.escape(caption(s))).append("</text>\n");
    }

    /** The step's id at the left, shortened with an ellipsis when long (the whole id in its tooltip). */
    private void label(StepReport s, double mid) {
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

    /** The bar, coloured by status (outlined thick on the critical path, dashed without an end), with its tooltip. */
    private void bar(StepReport s, Span span, double y) {
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
                .append("\" data-status=\"").append(s.status().name()).append("\" x=\"").append(num(span.from())).append("\" y=\"")
                .append(num(y)).append("\" width=\"").append(num(span.width())).append("\" height=\"").append(rows.barHeight())
                .append("\" rx=\"2\" fill=\"").append(fill).append("\" stroke=\"").append(critical ? CRITICAL_STROKE : stroke)
                .append("\" stroke-width=\"").append(critical ? "3" : "1").append('"')
                .append(end(s) == null ? " stroke-dasharray=\"4 2\"" : "").append("><title>")
                .append(Html.escape(tooltip(s))).append("</title></rect>\n");
    }

    /** The bar's tooltip: id, status, start, duration, attempts, description, error. */
    private String tooltip(StepReport s) {
        StringBuilder t = new StringBuilder();
        t.append(s.id()).append(" \u2014 ").append(s.status());
        if (s.onCriticalPath()) {
            t.append(" (critical path)");
        }
        t.append("\nstart +").append(Durations.format(Duration.between(r.firstStartedAt(), start(s))))
                .append(", duration ").append(end(s) == null ? "- (no end recorded)" : Durations.format(s.duration().orElse(null)))
                .append("\nattempts ").append(s.attempts());
        if (s.resumed()) {
            t.append(", resumed");
        }
        if (s.description() != null && !s.description().isEmpty()) {
            t.append('\n').append(s.description());
        }
        s.error().ifPresent(e -> t.append("\nerror: ").append(e));
        return t.toString();
    }

    /** The text right of the bar: the duration, and what did not go to plan. */
    private static String caption(StepReport s) {
        return String.join(" ", Stream.of(
                s.duration().map(Durations::format).orElse(""),
                switch (s.status()) {
                    case SUCCEEDED -> "";
                    case DONE_EARLIER -> "earlier run";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                    case NOT_STARTED -> "not started";
                },
                end(s) == null ? "(no end recorded)" : "").filter(p -> !p.isEmpty()).toList());
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
}
