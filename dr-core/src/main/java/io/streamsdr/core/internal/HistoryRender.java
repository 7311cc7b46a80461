package io.streamsdr.core.internal;

import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link DrillHistory}'s text and its one self-contained HTML page: per drill, an SVG trend of the RTO
 * across runs (passed runs as filled dots, failed ones hollow, the RTO objective as a dashed line), an
 * SVG trend of the RPO of each component, and the table of runs. Well-formed XML, nothing fetched.
 */
public final class HistoryRender {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String[] COLOURS = {"#1f6feb", "#8250df", "#bf8700", "#1a7f37", "#cf222e", "#6e7781"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 200;
    private static final int LEFT = 80;
    /** Grid steps the y axis may use, so its labels are round durations. */
    private static final long[] STEPS_MILLIS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
        1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000};
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private HistoryRender() {
    }

    /** One line per run, grouped by drill. */
    public static String text(List<DrillHistory.Entry> entries) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<DrillHistory.Entry>> byDrill = byDrill(entries);
        if (byDrill.isEmpty()) {
            return "No drill in the history.\n";
        }
        byDrill.forEach((drill, runs) -> {
            sb.append("Drill '").append(drill).append("': ").append(runs.size()).append(runs.size() == 1 ? " run" : " runs").append('\n');
            for (DrillHistory.Entry e : runs) {
                sb.append(String.format(Locale.ROOT, "  %s UTC  %-6s  RTO %-10s", WHEN.format(e.finishedAt()), e.passed() ? "PASSED" : "FAILED",
                        e.rto().map(Durations::format).orElse("-")));
                e.rpo().forEach((c, d) -> sb.append("  RPO ").append(c).append(' ').append(Durations.format(d)));
                sb.append('\n');
            }
        });
        return sb.toString();
    }

    /** The page. */
    public static String html(List<DrillHistory.Entry> entries) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Drill history</title>\n<style>\n")
                .append("body { font-family: system-ui, sans-serif; margin: 2em; color: #1f2328; }\n")
                .append("table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #d0d7de; padding: 4px 8px; }\n")
                .append("td.num { text-align: right; font-variant-numeric: tabular-nums; } .failed { color: #cf222e; font-weight: bold; }\n")
                .append("svg { display: block; margin: 0.5em 0; } .axis { stroke: #8c959f; } .grid { stroke: #eaeef2; }\n")
                .append(".objective { stroke: #cf222e; stroke-dasharray: 6 4; } text { font-size: 11px; fill: #57606a; }\n")
                .append("</style>\n</head>\n<body>\n<h1>Drill history</h1>\n");
        Map<String, List<DrillHistory.Entry>> byDrill = byDrill(entries);
        if (byDrill.isEmpty()) {
            sb.append("<p>No drill in the history yet.</p>\n");
        }
        byDrill.forEach((drill, runs) -> {
            sb.append("<section class=\"drill\" data-drill=\"").append(Html.escape(drill)).append("\">\n<h2>")
                    .append(Html.escape(drill)).append("</h2>\n<p>").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                    .append(", ").append(runs.stream().filter(DrillHistory.Entry::passed).count()).append(" passed.</p>\n");
            Optional<Duration> objective = runs.get(runs.size() - 1).rtoObjective();
            Map<String, List<Optional<Duration>>> rto = new LinkedHashMap<>();
            rto.put("RTO", runs.stream().map(DrillHistory.Entry::rto).toList());
            sb.append("<h3>RTO</h3>\n").append(chart("rto", runs, rto, objective, true));
            Set<String> components = new LinkedHashSet<>();
            runs.forEach(e -> components.addAll(e.rpo().keySet()));
            if (!components.isEmpty()) {
                Map<String, List<Optional<Duration>>> rpo = new LinkedHashMap<>();
                for (String c : components) {
                    rpo.put(c, runs.stream().map(e -> Optional.ofNullable(e.rpo().get(c))).toList());
                }
                sb.append("<h3>RPO by component</h3>\n").append(chart("rpo", runs, rpo, Optional.empty(), false));
            }
            table(sb, runs, components);
            sb.append("</section>\n");
        });
        return sb.append("</body>\n</html>\n").toString();
    }

    private static Map<String, List<DrillHistory.Entry>> byDrill(List<DrillHistory.Entry> entries) {
        Map<String, List<DrillHistory.Entry>> out = new LinkedHashMap<>();
        entries.forEach(e -> out.computeIfAbsent(e.drill(), k -> new ArrayList<>()).add(e));
        return out;
    }

    /** A line chart: one polyline per series, x = run (oldest left), y = duration from 0 to the largest value or objective. */
    private static String chart(String kind, List<DrillHistory.Entry> runs, Map<String, List<Optional<Duration>>> series,
            Optional<Duration> objective, boolean markOutcome) {
        long max = objective.map(Duration::toMillis).orElse(0L);
        for (List<Optional<Duration>> s : series.values()) {
            for (Optional<Duration> d : s) {
                max = Math.max(max, d.map(Duration::toMillis).orElse(0L));
            }
        }
        long step = STEPS_MILLIS[STEPS_MILLIS.length - 1];
        for (long candidate : STEPS_MILLIS) {
            if (candidate * 4 >= max * 1.05) {
                step = candidate;
                break;
            }
        }
        long top = step * 4;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend ").append(kind)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(kind.toUpperCase(Locale.ROOT)).append(" across runs\">\n");
        for (int g = 0; g <= 4; g++) {
            double y = TOP + plotH - plotH * g / 4.0;
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    Html.escape(Durations.format(Duration.ofMillis(top * g / 4)))));
        }
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LEFT, TOP + plotH, WIDTH - RIGHT,
                TOP + plotH));
        objective.ifPresent(o -> {
            double y = y(o.toMillis(), top, plotH);
            sb.append(String.format(Locale.ROOT, "<line class=\"objective\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n", LEFT, y,
                    WIDTH - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">objective %s</text>%n", WIDTH - RIGHT, y - 4,
                    Html.escape(Durations.format(o))));
        });
        for (int i = 0; i < runs.size(); i++) {
            String anchor = runs.size() == 1 ? "middle" : i == 0 ? "start" : i == runs.size() - 1 ? "end" : "middle";
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>%n", x(i, runs.size(), plotW),
                    HEIGHT - BOTTOM + 16, anchor, Html.escape(WHEN.format(runs.get(i).finishedAt()).substring(5))));
        }
        int colour = 0;
        for (Map.Entry<String, List<Optional<Duration>>> s : series.entrySet()) {
            String stroke = COLOURS[colour++ % COLOURS.length];
            StringBuilder points = new StringBuilder();
            List<Optional<Duration>> values = s.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isPresent()) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, values.size(), plotW), y(values.get(i).get().toMillis(), top, plotH)));
                }
            }
            sb.append("<polyline class=\"series\" data-series=\"").append(Html.escape(s.getKey())).append("\" fill=\"none\" stroke=\"")
                    .append(stroke).append("\" stroke-width=\"2\" points=\"").append(points.toString().strip()).append("\"/>\n");
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isEmpty()) {
                    continue;
                }
                boolean passed = runs.get(i).passed();
                sb.append(String.format(Locale.ROOT, "<circle class=\"point%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" stroke=\"%s\" fill=\"%s\">"
                                + "<title>%s %s: %s</title></circle>%n",
                        markOutcome && !passed ? " failed" : "", x(i, values.size(), plotW), y(values.get(i).get().toMillis(), top, plotH), stroke,
                        markOutcome && !passed ? "#ffffff" : stroke, Html.escape(s.getKey()), Html.escape(WHEN.format(runs.get(i).finishedAt())),
                        Html.escape(Durations.format(values.get(i).get()))));
            }
        }
        if (series.size() > 1) {
            int lx = LEFT;
            colour = 0;
            for (String name : series.keySet()) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"13\">%s</text>%n",
                        lx, COLOURS[colour++ % COLOURS.length], lx + 14, Html.escape(name)));
                lx += 24 + 7 * name.length();
            }
        }
        return sb.append("</svg>\n").toString();
    }

    private static double x(int i, int n, int plotW) {
        return n == 1 ? LEFT + plotW / 2.0 : LEFT + plotW * i / (double) (n - 1);
    }

    private static double y(long millis, long top, int plotH) {
        return TOP + plotH - plotH * (double) millis / top;
    }

    private static void table(StringBuilder sb, List<DrillHistory.Entry> runs, Set<String> components) {
        sb.append("<table class=\"runs\">\n<tr><th>finished (UTC)</th><th>outcome</th><th>RTO</th>");
        components.forEach(c -> sb.append("<th>RPO ").append(Html.escape(c)).append("</th>"));
        sb.append("<th>report</th></tr>\n");
        for (DrillHistory.Entry e : runs) {
            sb.append("<tr><td>").append(Html.escape(WHEN.format(e.finishedAt()))).append("</td><td")
                    .append(e.passed() ? ">passed" : " class=\"failed\">FAILED").append("</td><td class=\"num\">")
                    .append(Html.escape(e.rto().map(Durations::format).orElse("-"))).append("</td>");
            for (String c : components) {
                sb.append("<td class=\"num\">").append(Html.escape(Optional.ofNullable(e.rpo().get(c)).map(Durations::format).orElse("-")))
                        .append("</td>");
            }
            sb.append("<td>").append(Html.escape(e.file().getFileName().toString())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
    }
}
