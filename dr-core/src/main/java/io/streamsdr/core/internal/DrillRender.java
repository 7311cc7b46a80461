package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link DrillReport}'s JSON, text and HTML. */
public final class DrillRender {
    /** The version of the drill report's JSON schema (docs/report-schema.md). */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private DrillRender() {
    }

    // ---------------------------------------------------------------- JSON

    public static String json(DrillReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("drillSchemaVersion", SCHEMA_VERSION);
        root.put("drill", r.drill());
        root.put("passed", r.passed());
        ArrayNode failures = root.putArray("failures");
        r.failures().forEach(failures::add);
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("elapsedMillis", r.elapsed().toMillis());
        root.put("simulatedTime", r.simulatedTime());
        root.put("timeScale", r.timeScale());
        if (r.rto().isPresent()) {
            root.put("rtoMillis", r.rto().get().toMillis());
        } else {
            root.putNull("rtoMillis");
        }
        ObjectNode rpo = root.putObject("rpoMillis");
        r.rpo().forEach((k, v) -> rpo.put(k, v.toMillis()));
        ObjectNode dataRpo = root.putObject("dataRpoMillis");
        r.dataRpo().forEach((k, v) -> dataRpo.put(k, v.toMillis()));
        checks(root.putArray("preconditions"), r.preconditions());
        try {
            if (r.plan().isEmpty()) {
                root.putNull("plan");
            } else {
                root.set("plan", JSON.readTree(r.plan().get().toJson()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot embed the plan report", e);
        }
        evidence(root.putArray("evidence"), r);
        checks(root.putArray("verifications"), r.verifications());
        checks(root.putArray("teardown"), r.teardown());
        ObjectNode env = root.putObject("environment");
        r.environment().forEach(env::put);
        root.put("error", r.error().orElse(null));
        try {
            return JSON.writer(PRETTY).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render drill report", e);
        }
    }

    private static void evidence(ArrayNode array, DrillReport r) {
        for (DataEvidence e : r.evidence()) {
            ObjectNode n = array.addObject();
            n.put("component", e.component());
            n.put("passed", e.passed());
            n.put("summary", e.summary());
            n.put("unit", e.unit());
            n.put("compared", e.compared());
            n.put("differenceCount", e.differenceCount());
            n.put("lostWithinRpo", e.lostWithinRpo());
            Duration metadata = r.rpo().get(e.component());
            if (metadata == null) {
                n.putNull("metadataRpoMillis");
            } else {
                n.put("metadataRpoMillis", metadata.toMillis());
            }
            if (e.dataRpo().isPresent()) {
                n.put("dataRpoMillis", e.dataRpo().get().toMillis());
            } else {
                n.putNull("dataRpoMillis");
            }
            n.put("baselineTakenAt", e.baselineTakenAt().toString());
            n.put("baselineHeartbeat", e.baselineHeartbeat().map(Object::toString).orElse(null));
            n.put("restoredHeartbeat", e.restoredHeartbeat().map(Object::toString).orElse(null));
            ArrayNode diffs = n.putArray("differences");
            for (DataEvidence.Difference d : e.differences()) {
                ObjectNode dn = diffs.addObject();
                dn.put("kind", d.kind().name());
                dn.put("item", d.item());
                dn.put("detail", d.detail());
                dn.put("withinRpo", d.withinRpo());
            }
            n.put("error", e.error().orElse(null));
        }
    }

    private static void checks(ArrayNode array, List<CheckResult> results) {
        for (CheckResult c : results) {
            ObjectNode n = array.addObject();
            n.put("subject", c.subject());
            n.put("name", c.name());
            n.put("passed", c.passed());
            n.put("detail", c.detail());
            n.put("tookMillis", c.took().toMillis());
        }
    }

    // ---------------------------------------------------------------- text

    public static String text(DrillReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Drill '").append(r.drill()).append("': ").append(r.passed() ? "PASSED" : "FAILED").append('\n');
        sb.append(timeNote(r)).append('\n');
        if (!r.preconditions().isEmpty()) {
            sb.append("\nPreconditions (checked before any change):\n");
            r.preconditions().forEach(c -> line(sb, c));
        }
        r.plan().ifPresent(p -> sb.append('\n').append(p.toText()));
        if (r.plan().isPresent()) {
            sb.append("\nRPO achieved by component (").append(r.timeLabel()).append("):\n");
            if (r.rpo().isEmpty()) {
                sb.append("  none measured\n");
            }
            Map<String, Duration> rpo = r.rpo();
            rpo.forEach((c, d) -> sb.append(String.format(Locale.ROOT, "  %-28s %10s%n", c, Durations.format(d))));
        }
        if (!r.evidence().isEmpty()) {
            sb.append("\nEvidence from data, by component (RPO achieved, from the restore steps' metadata | RPO measured from data; ")
                    .append(r.timeLabel()).append("):\n");
            for (DataEvidence e : r.evidence()) {
                sb.append(String.format(Locale.ROOT, "  %-8s %-20s %10s | %10s  %s%n", e.passed() ? "[ok]" : "[FAILED]", e.component(),
                        metadataRpo(r, e.component()), e.dataRpo().map(Durations::format).orElse("none"), e.summary()));
                e.differences().forEach(d -> sb.append("             - ").append(d).append('\n'));
                if (e.differenceCount() > e.differences().size()) {
                    sb.append("             ... ").append(e.differenceCount() - e.differences().size()).append(" more not listed\n");
                }
            }
        }
        if (!r.verifications().isEmpty()) {
            sb.append("\nVerifications:\n");
            r.verifications().forEach(c -> line(sb, c));
        }
        if (!r.teardown().isEmpty()) {
            sb.append("\nTeardown:\n");
            r.teardown().forEach(c -> line(sb, c));
        }
        if (!r.passed()) {
            sb.append("\nWhy the drill failed:\n");
            r.failures().forEach(f -> sb.append("  - ").append(f).append('\n'));
        }
        if (!r.warnings().isEmpty()) {
            sb.append("\nWarnings (they do not fail the drill):\n");
            r.warnings().forEach(w -> sb.append("  - ").append(w).append('\n'));
        }
        return sb.toString();
    }

    /** One sentence: which time the report's figures are in. */
    static String timeNote(DrillReport r) {
        if (!r.simulatedTime()) {
            return "Times are real.";
        }
        if (r.timeScale() > 1) {
            return String.format(Locale.ROOT, "Times are simulated (clock x%s: 1 real second = %s simulated seconds); check durations are real.",
                    scale(r), scale(r));
        }
        return "Times are simulated (virtual clock).";
    }

    private static String scale(DrillReport r) {
        double f = r.timeScale();
        return f == Math.rint(f) ? Long.toString((long) f) : Double.toString(f);
    }

    /** A check's duration as measured on the run's clock, shown in real time when the clock was scaled. */
    static String took(DrillReport r, Duration took) {
        if (r.simulatedTime() && r.timeScale() > 1) {
            return Durations.format(Duration.ofNanos(Math.round(took.toNanos() / r.timeScale())));
        }
        return Durations.format(took);
    }

    private static String metadataRpo(DrillReport r, String component) {
        Duration d = r.rpo().get(component);
        return d == null ? "none" : Durations.format(d);
    }

    private static void line(StringBuilder sb, CheckResult c) {
        sb.append(c.passed() ? "  [ok]     " : "  [FAILED] ").append(c.subject()).append(": ").append(c.name()).append(" \u2014 ")
                .append(c.detail()).append('\n');
    }

    // ---------------------------------------------------------------- HTML

    public static String html(DrillReport r) {
        StringBuilder sb = new StringBuilder(32_768);
        String name = Html.escape(r.drill());
        String verdict = r.passed() ? "PASSED" : "FAILED";
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Drill ").append(name).append(": ").append(verdict).append("</title>\n")
                .append("<style>\n").append(PageAssets.REPORT_CSS).append(PageAssets.DRILL_CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<header>\n<h1>DR drill <span class=\"plan\">").append(name).append("</span> <span class=\"outcome ")
                .append(r.passed() ? "o-PASSED" : "o-NOT-PASSED").append("\" id=\"verdict\">").append(verdict).append("</span></h1>\n")
                .append("<dl class=\"summary\">\n");
        String label = " (" + r.timeLabel() + ")";
        sb.append("<dt>RTO</dt><dd id=\"rto\">").append(Html.escape(r.rto().map(d -> Durations.format(d) + label)
                .orElse("not measured (the plan did not run)")));
        r.plan().flatMap(p -> objective(p, "RTO")).ifPresent(o -> sb.append(" against the ").append(Html.escape(Durations.format(o.objective())))
                .append(" objective \u2014 ").append(o.met() ? "<span class=\"met\">met</span>" : "<span class=\"missed\">MISSED</span>"));
        sb.append("</dd>\n");
        dd(sb, "Drill took", Durations.format(r.elapsed()) + label + " (preconditions, plan, data checks, verifications, teardown)");
        sb.append("<dt>Time</dt><dd id=\"time-note\" class=\"").append(r.simulatedTime() ? "simulated" : "real").append("\">")
                .append(Html.escape(timeNote(r))).append("</dd>\n");
        dd(sb, "Started", r.startedAt().toString());
        dd(sb, "Finished", r.finishedAt().toString());
        sb.append("</dl>\n");
        if (!r.passed()) {
            sb.append("<ul class=\"failures\">\n");
            r.failures().forEach(f -> sb.append("<li>").append(Html.escape(f)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        if (!r.warnings().isEmpty()) {
            sb.append("<ul class=\"warnings\" title=\"warnings: they do not fail the drill\">\n");
            r.warnings().forEach(w -> sb.append("<li>warning: ").append(Html.escape(w)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("</header>\n");
        rpoTable(sb, r);
        evidenceTable(sb, r);
        checksTable(sb, r, "Preconditions", "preconditions", "Checked read-only before any change; when one fails, no step runs.",
                r.preconditions());
        if (r.plan().isPresent()) {
            HtmlReport.planBody(sb, r.plan().get(), false);
        } else {
            sb.append("<h2>Timeline</h2>\n<p class=\"muted\">The plan did not run.</p>\n");
        }
        checksTable(sb, r, "Verifications", "verifications", "Post-restore checks, run after the plan succeeded.", r.verifications());
        checksTable(sb, r, "Teardown", "teardown", "Run always, last registered first.", r.teardown());
        sb.append("<h2>Environment</h2>\n");
        if (r.environment().isEmpty()) {
            sb.append("<p class=\"muted\">Nothing recorded.</p>\n");
        } else {
            sb.append("<table class=\"environment\">\n<tbody>\n");
            r.environment().forEach((k, v) -> sb.append("<tr><th>").append(Html.escape(k)).append("</th><td class=\"pre\">")
                    .append(Html.escape(v)).append("</td></tr>\n"));
            sb.append("</tbody>\n</table>\n");
        }
        sb.append("<footer>Streams DR drill report \u00b7 drill JSON schema version ").append(SCHEMA_VERSION)
                .append(", plan JSON schema version ").append(JsonReport.SCHEMA_VERSION)
                .append(" (docs/report-schema.md)</footer>\n")
                .append("<script>\n").append(PageAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static java.util.Optional<ObjectiveResult> objective(PlanReport p, String name) {
        return p.objectives().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    private static void rpoTable(StringBuilder sb, DrillReport r) {
        sb.append("<h2>RPO by component</h2>\n");
        if (r.rpo().isEmpty()) {
            sb.append("<p class=\"muted\">No RPO was measured.</p>\n");
            return;
        }
        sb.append("<table class=\"rpo-objectives\">\n<thead><tr><th>Component</th><th>RPO achieved (").append(r.timeLabel())
                .append(")</th><th>Objective</th><th>Result</th>")
                .append("</tr></thead>\n<tbody>\n");
        java.util.Map<String, Duration> rows = new java.util.LinkedHashMap<>(r.rpo());
        r.objectives().stream().filter(x -> x.name().startsWith("RPO ")).forEach(x -> rows.putIfAbsent(x.name().substring(4), null));
        rows.forEach((c, d) -> {
            java.util.Optional<ObjectiveResult> o = r.objectives().stream().filter(x -> x.name().equals("RPO " + c)).findFirst();
            sb.append("<tr><td>").append(Html.escape(c)).append("</td><td class=\"num\">")
                    .append(d == null ? "not measured" : Html.escape(Durations.format(d)))
                    .append("</td><td class=\"num\">").append(o.map(x -> Html.escape(Durations.format(x.objective()))).orElse("none"))
                    .append("</td>").append(o.map(x -> x.met() ? "<td class=\"ok\">met</td>" : "<td class=\"bad\">MISSED</td>")
                            .orElse("<td class=\"muted\">-</td>")).append("</tr>\n");
        });
        sb.append("</tbody>\n</table>\n");
    }

    private static void evidenceTable(StringBuilder sb, DrillReport r) {
        sb.append("<h2>Evidence from data</h2>\n");
        if (r.evidence().isEmpty()) {
            sb.append("<p class=\"muted\">No data check ran.</p>\n");
            return;
        }
        sb.append("<p class=\"muted\">Per component: the RPO the restore steps computed from metadata, the RPO measured from the newest ")
                .append("heartbeat that came back, and what was compared against the baseline taken just before the disaster.</p>\n")
                .append("<table class=\"evidence\">\n<thead><tr><th>Component</th><th>RPO achieved, metadata (").append(r.timeLabel())
                .append(")</th><th>RPO measured from data (").append(r.timeLabel()).append(")</th><th>Compared</th>")
                .append("<th>Differences</th><th>Result</th><th>Found</th></tr></thead>\n<tbody>\n");
        for (DataEvidence e : r.evidence()) {
            sb.append("<tr data-component=\"").append(Html.escape(e.component())).append("\"><td>").append(Html.escape(e.component()))
                    .append("</td><td class=\"num\">").append(Html.escape(metadataRpo(r, e.component())))
                    .append("</td><td class=\"num\">").append(Html.escape(e.dataRpo().map(Durations::format).orElse("none")))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", e.compared())).append(' ').append(Html.escape(e.unit()))
                    .append("</td><td class=\"num\">").append(e.differenceCount()).append(e.lostWithinRpo() > 0 ? " (" + e.lostWithinRpo() + " within the RPO)" : "")
                    .append("</td>").append(e.passed() ? "<td class=\"ok\">ok</td>" : "<td class=\"bad\">FAILED</td>")
                    .append("<td class=\"pre\">").append(Html.escape(e.summary()));
            if (!e.differences().isEmpty()) {
                sb.append("<ul class=\"differences\">");
                e.differences().forEach(d -> sb.append("<li").append(d.withinRpo() ? " class=\"within-rpo\"" : "").append('>')
                        .append(Html.escape(d.toString())).append("</li>"));
                if (e.differenceCount() > e.differences().size()) {
                    sb.append("<li>").append(e.differenceCount() - e.differences().size()).append(" more not listed</li>");
                }
                sb.append("</ul>");
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void checksTable(StringBuilder sb, DrillReport r, String title, String cls, String note, List<CheckResult> checks) {
        sb.append("<h2>").append(title).append("</h2>\n");
        if (checks.isEmpty()) {
            sb.append("<p class=\"muted\">None.</p>\n");
            return;
        }
        sb.append("<p class=\"muted\">").append(Html.escape(note)).append("</p>\n<table class=\"").append(cls)
                .append("\">\n<thead><tr><th>For</th><th>Check</th><th>Result</th><th>Found</th><th>Took (")
                .append(r.simulatedTime() && r.timeScale() > 1 ? "real" : r.timeLabel()).append(")</th></tr></thead>\n<tbody>\n");
        for (CheckResult c : checks) {
            sb.append("<tr><td>").append(Html.escape(c.subject())).append("</td><td>").append(Html.escape(c.name())).append("</td>")
                    .append(c.passed() ? "<td class=\"ok\">ok</td>" : "<td class=\"bad\">FAILED</td>").append("<td class=\"pre\">")
                    .append(Html.escape(c.detail())).append("</td><td class=\"num\">").append(Html.escape(took(r, c.took())))
                    .append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    private static void dd(StringBuilder sb, String term, String value) {
        sb.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>\n");
    }

}
