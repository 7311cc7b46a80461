package io.streamsdr.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTML page: self-contained, escaped, one SVG timeline whose bars a browser test can find. The
 * page is written as well-formed XML, so these tests read it with the JDK's XML parser instead of
 * searching text with regular expressions.
 */
class HtmlReportTest {

    // ---------------------------------------------------------------- self-contained and safe

    @Test
    void pageIsOneSelfContainedDocumentWithNothingFetchedFromElsewhere() {
        for (PlanReport r : List.of(Reports.resumedRun(), Reports.failedRun(), Reports.hostileRun(), Reports.zeroRun())) {
            String html = r.toHtml();
            assertThat(html).startsWith("<!DOCTYPE html>");
            assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://", "@import", "javascript:", "fetch(",
                    "xmlhttprequest", "import(");
            // exactly one script, the page's own, inline, last in the body; hostile text does not add one
            assertThat(count(html.toLowerCase(Locale.ROOT), "<script")).isOne();
            Document doc = parse(html);
            List<Element> scripts = nodes(doc, "//script");
            assertThat(scripts).hasSize(1);
            assertThat(scripts.get(0).hasAttribute("src")).isFalse();
            assertThat(scripts.get(0).getTextContent()).contains("dataset.ready");
            assertThat(nodes(doc, "//body/*[last()][self::script]")).hasSize(1);
            assertThat(nodes(doc, "//link | //img | //iframe | //object | //embed | //image | //use")).isEmpty();
            assertThat(nodes(doc, "//*[@src or @href or @xlink:href]")).isEmpty();
            assertThat(count(html, "<svg id=\"timeline\"")).isOne();
            assertThat(nodes(doc, "//svg")).hasSize(1);
        }
    }

    @Test
    void everyStringFromThePlanOrAStepIsEscaped() {
        String html = Reports.hostileRun().toHtml();

        assertThat(html).doesNotContain(Reports.HOSTILE_DESCRIPTION, Reports.HOSTILE_OUTPUT, Reports.HOSTILE_ERROR,
                Reports.HOSTILE_PLAN, "<rds>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;");
        // parsed back, the text is exactly what the step said: escaped once, not twice
        Document doc = parse(html);
        assertThat(text(doc, "//tr[@data-step='s1']/td[2]")).isEqualTo(Reports.HOSTILE_DESCRIPTION);
        assertThat(text(doc, "//tr[@data-step='s1']/td[9]")).isEqualTo("value = " + Reports.HOSTILE_OUTPUT);
        assertThat(text(doc, "//tr[@data-step='s2']/td[10]")).isEqualTo(Reports.HOSTILE_ERROR);
        assertThat(text(doc, "//title[1]")).contains(Reports.HOSTILE_PLAN);
        assertThat(text(doc, "//h1")).contains(Reports.HOSTILE_PLAN);
        assertThat(text(doc, "//rect[@data-step='s1']/title")).contains(Reports.HOSTILE_DESCRIPTION);
        assertThat(text(doc, "//table[@class='rpo']")).contains("<rds>");
        assertThat(text(doc, "//table[@class='objectives']")).contains("RPO <rds>");
    }

    @Test
    void controlCharactersDoNotBreakThePage() {
        PlanReport r = new PlanReport("ctl", PlanReport.Outcome.SUCCEEDED, Reports.T0, Reports.at(Reports.min(1)), Reports.T0,
                List.of(Reports.step("s", "bell\u0007 nul\u0000 end", List.of(), StepReport.Status.SUCCEEDED, Reports.min(0),
                        Reports.min(1), 1, false, Map.of(), null, true)),
                List.of("s"), Map.of(), List.of(), null);

        Document doc = parse(r.toHtml());

        assertThat(text(doc, "//tr[@data-step='s']/td[2]")).isEqualTo("bell\ufffd nul\ufffd end");
    }

    // ---------------------------------------------------------------- timeline

    @Test
    void oneBarPerStepThatStartedAndNoneForAStepThatDidNot() {
        Document doc = parse(Reports.failedRun().toHtml());

        assertThat(barSteps(doc, "bar")).containsExactly("a", "b", "c");
        assertThat(text(doc, "//svg[@id='timeline']")).contains("not started");
        assertThat(attr(doc, "//rect[@data-step='b']", "data-status")).isEqualTo("FAILED");
        assertThat(attr(doc, "//rect[@data-step='b']", "fill")).isEqualTo("#e53935");
        // 'c' has no end: its bar runs to the end of the axis, drawn dashed
        assertThat(attr(doc, "//rect[@data-step='c']", "stroke-dasharray")).isNotEmpty();
        assertThat(right(doc, "c")).isEqualTo(right(doc, "b"));
        assertThat(texts(doc, "//svg/text")).contains("2m failed", "cancelled (no end recorded)", "1m");
    }

    @Test
    void criticalClassMarksExactlyTheStepsOnTheCriticalPath() {
        for (PlanReport r : List.of(Reports.resumedRun(), Reports.failedRun(), Reports.bigRun())) {
            Document doc = parse(r.toHtml());
            List<String> expected = r.steps().stream().filter(StepReport::onCriticalPath).map(StepReport::id).toList();

            assertThat(barSteps(doc, "critical")).containsExactlyElementsOf(expected);
            assertThat(nodes(doc, "//line[@class='critical-link']")).hasSize(r.criticalPath().size() - 1);
            assertThat(nodes(doc, "//tr[@class='critical']")).hasSize(expected.size());
        }
        Document doc = parse(Reports.resumedRun().toHtml());
        assertThat(attr(doc, "//rect[@data-step='rds.restore']", "stroke-width")).isEqualTo("3");
        assertThat(attr(doc, "//rect[@data-step='kafka.failback']", "stroke-width")).isEqualTo("1");
        assertThat(text(doc, "//g[@class='legend']")).contains("critical path", "done in an earlier run", "failed");
    }

    @Test
    void barsArePlacedOnOneTimeAxisFromFirstStartToFinish() {
        Document doc = parse(Reports.resumedRun().toHtml());

        double left = x(doc, "velero.restore");
        double right = right(doc, "helm.upgrade");
        double perMinute = (right - left) / 25;
        assertThat(perMinute).isPositive();
        assertThat(x(doc, "rds.restore")).isCloseTo(left + 4 * perMinute, org.assertj.core.data.Offset.offset(0.2));
        assertThat(width(doc, "rds.restore")).isCloseTo(16 * perMinute, org.assertj.core.data.Offset.offset(0.2));
        assertThat(x(doc, "kafka.failback")).isCloseTo(left + 10 * perMinute, org.assertj.core.data.Offset.offset(0.2));
        assertThat(right(doc, "kafka.failback")).isCloseTo(left + 15 * perMinute, org.assertj.core.data.Offset.offset(0.2));
        // ticks from 0 to 25m, labelled the way Durations.format writes them
        assertThat(text(doc, "//g[@class='axis']")).contains("0s", "5m", "10m", "25m");
    }

    @Test
    void aResumedRunShowsTheEarlierRunGreyedAndWhereThisRunStarted() {
        Document doc = parse(Reports.resumedRun().toHtml());

        assertThat(attr(doc, "//rect[@data-step='velero.restore']", "fill")).isEqualTo("url(#hatch-done)");
        assertThat(nodes(doc, "//pattern[@id='hatch-done']")).hasSize(1);
        assertThat(nodes(doc, "//line[@class='run-start']")).hasSize(1);
        assertThat(text(doc, "//rect[@data-step='rds.restore']/title")).contains("rds.restore", "SUCCEEDED", "16m", "attempts 1",
                "resumed");
        assertThat(text(doc, "//tr[@data-step='rds.restore']/td[8]")).isEqualTo("yes");

        assertThat(nodes(parse(Reports.failedRun().toHtml()), "//line[@class='run-start']")).isEmpty();
    }

    @Test
    void everyBarHasATooltipWithIdStatusDurationAndAttempts() {
        Document doc = parse(Reports.failedRun().toHtml());

        assertThat(text(doc, "//rect[@data-step='b']/title")).contains("b", "FAILED", "duration 2m", "attempts 3", "incompatible-restore");
        assertThat(text(doc, "//rect[@data-step='c']/title")).contains("CANCELLED", "no end recorded");
    }

    @Test
    void aZeroSecondRunRendersWithoutNaNOrInfinity() {
        String html = Reports.zeroRun().toHtml();

        assertThat(html).doesNotContain("NaN", "Infinity");
        Document doc = parse(html);
        assertThat(barSteps(doc, "bar")).containsExactly("only");
        assertThat(width(doc, "only")).isPositive();
        assertThat(text(doc, "//g[@class='axis']")).contains("0s");
    }

    @Test
    void oddHandMadeReportsStillRender() {
        String longId = "a-step-id-that-is-far-too-long-to-fit-in-the-label-column";
        PlanReport r = new PlanReport("odd", PlanReport.Outcome.CANCELLED, Reports.T0, Reports.at(Reports.min(2)), Reports.T0,
                List.of(
                        // cancelled with no start recorded: no bar, the row says so
                        Reports.step("nostart", "x", List.of(), StepReport.Status.CANCELLED, null, Reports.min(1), 0, false,
                                Map.of(), "cancelled", false),
                        // ends after finishedAt: the axis widens to show it instead of clipping it
                        Reports.step(longId, "y", List.of(), StepReport.Status.SUCCEEDED, Reports.min(1), Reports.min(4), 1, false,
                                Map.of(), null, true)),
                List.of(longId), Map.of(), List.of(), null);

        Document doc = parse(r.toHtml());

        assertThat(barSteps(doc, "bar")).containsExactly(longId);
        assertThat(text(doc, "//svg")).contains("no start recorded");
        assertThat(text(doc, "//g[@class='axis']")).contains("4m");
        assertThat(texts(doc, "//text[@class='step-label']/title")).contains(longId);
        // the label is cut to 30 characters; its <title> (shown on hover) has the whole id
        assertThat(texts(doc, "//text[@class='step-label']")).contains(longId + longId.substring(0, 29) + "\u2026");

        PlanReport empty = new PlanReport("empty", PlanReport.Outcome.SUCCEEDED, Reports.T0, Reports.T0, Reports.T0, List.of(),
                List.of(), Map.of(), List.of(), null);
        Document emptyDoc = parse(empty.toHtml());
        assertThat(nodes(emptyDoc, "//svg[@id='timeline']")).hasSize(1);
        assertThat(text(emptyDoc, "//svg")).contains("The plan has no steps.");
        assertThat(text(emptyDoc, "//body")).contains("Critical path: none");
    }

    @Test
    void twoHundredStepsRenderAsTwoHundredCompactRows() {
        PlanReport r = Reports.bigRun();
        String html = r.toHtml();

        Document doc = parse(html);
        assertThat(barSteps(doc, "bar")).hasSize(200).doesNotHaveDuplicates();
        assertThat(nodes(doc, "//table[@class='steps']/tbody/tr")).hasSize(200);
        double svgHeight = Double.parseDouble(attr(doc, "//svg", "height"));
        assertThat(svgHeight).isBetween(200 * 10.0, 200 * 20.0);
        // the axis is repeated under a long list, so the scale is in view at either end
        assertThat(nodes(doc, "//g[@class='axis']/text")).hasSizeGreaterThanOrEqualTo(2 * nodes(doc, "//g[@class='axis']/line").size());
        assertThat(html.length()).isLessThan(1_000_000);
    }

    @Test
    void coordinatesUseADotWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        String html;
        try {
            Locale.setDefault(Locale.GERMANY);
            html = Reports.bigRun().toHtml();
        } finally {
            Locale.setDefault(before);
        }
        Matcher m = Pattern.compile(" (?:x|y|x1|x2|y1|y2|width|height)=\"([^\"]*)\"").matcher(html);
        int seen = 0;
        while (m.find()) {
            assertThat(m.group(1)).matches("-?\\d+(\\.\\d+)?");
            seen++;
        }
        assertThat(seen).isGreaterThan(400);
    }

    // ---------------------------------------------------------------- header and tables

    @Test
    void headerShowsOutcomeRtoThisRunCriticalPathAndInstants() {
        Document doc = parse(Reports.resumedRun().toHtml());
        Map<String, String> summary = summary(doc);

        assertThat(text(doc, "//h1/span[contains(@class,'outcome')]")).isEqualTo("SUCCEEDED");
        assertThat(attr(doc, "//h1/span[contains(@class,'outcome')]", "class")).contains("o-SUCCEEDED");
        assertThat(summary.get("RTO")).startsWith("25m");
        assertThat(summary.get("This run")).isEqualTo("15m");
        assertThat(summary.get("Critical path")).isEqualTo("25m (3 steps)");
        assertThat(summary.get("First step started")).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(summary.get("Started")).isEqualTo("2026-03-01T10:10:00Z");
        assertThat(summary.get("Finished")).isEqualTo("2026-03-01T10:25:00Z");
        assertThat(summary.get("Objectives")).isEqualTo("1 of 3 MISSED");

        Map<String, String> fresh = summary(parse(Reports.failedRun().toHtml()));
        assertThat(fresh).doesNotContainKeys("This run", "First step started");
        assertThat(attr(parse(Reports.failedRun().toHtml()), "//h1/span[contains(@class,'outcome')]", "class")).contains("o-FAILED");
    }

    @Test
    void stepsTableHasEveryColumnForEveryStep() {
        Document doc = parse(Reports.failedRun().toHtml());

        assertThat(texts(doc, "//table[@class='steps']/thead/tr/th")).containsExactly("Step", "Description", "Depends on", "Status",
                "Start", "Duration", "Attempts", "Resumed", "Outputs", "Error");
        assertThat(texts(doc, "//tr[@data-step='b']/td")).containsExactly("b \u2605", "second", "a", "FAILED", "+1m", "2m", "3", "",
                "", "RDS instance streams-db: status 'incompatible-restore'\nafter 3 attempts");
        assertThat(texts(doc, "//tr[@data-step='d']/td")).containsExactly("d", "last", "b, c", "NOT_STARTED", "-", "-", "0", "", "", "");
        assertThat(text(doc, "//tr[@data-step='a']/td[9]")).isEqualTo("x = 1");
    }

    @Test
    void rpoAndObjectivesAreListedMetOrMissed() {
        Document doc = parse(Reports.resumedRun().toHtml());

        assertThat(texts(doc, "//table[@class='rpo']/tbody/tr")).containsExactly("rds5m", "kafka2s");
        assertThat(texts(doc, "//table[@class='objectives']/tbody/tr")).containsExactly("RTO30m25mmet", "RPO rds15m5mmet",
                "RPO kafka1s2sMISSED");
        assertThat(nodes(doc, "//table[@class='objectives']//span[@class='missed']")).hasSize(1);
        assertThat(nodes(doc, "//table[@class='objectives']//span[@class='met']")).hasSize(2);

        Document failed = parse(Reports.failedRun().toHtml());
        assertThat(texts(failed, "//table[@class='objectives']/tbody/tr")).containsExactly("RTO1mnot measuredMISSED");
        assertThat(text(failed, "//body")).contains("No step recorded an achieved RPO.");
    }

    @Test
    void footerNamesTheJsonSchemaVersion() {
        PlanReport r = Reports.resumedRun();
        int version = io.streamsdr.core.report.JsonReportTest.json(r).get("schemaVersion").asInt();

        assertThat(text(parse(r.toHtml()), "//footer")).contains("schema version " + version);
    }

    // ---------------------------------------------------------------- helpers

    static Document parse(String html) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
        } catch (Exception e) {
            throw new AssertionError("the page is not well-formed: " + e.getMessage(), e);
        }
    }

    private static List<Element> nodes(Document doc, String xpath) {
        try {
            var xp = XPathFactory.newInstance().newXPath();
            xp.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
                @Override
                public String getNamespaceURI(String prefix) {
                    return "xlink".equals(prefix) ? "http://www.w3.org/1999/xlink" : XMLConstants.NULL_NS_URI;
                }

                @Override
                public String getPrefix(String uri) {
                    return null;
                }

                @Override
                public java.util.Iterator<String> getPrefixes(String uri) {
                    return java.util.Collections.emptyIterator();
                }
            });
            NodeList list = (NodeList) xp.evaluate(xpath, doc, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < list.getLength(); i++) {
                out.add((Element) list.item(i));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(xpath + ": " + e.getMessage(), e);
        }
    }

    private static String text(Document doc, String xpath) {
        List<Element> found = nodes(doc, xpath);
        assertThat(found).as(xpath).isNotEmpty();
        return found.get(0).getTextContent();
    }

    private static List<String> texts(Document doc, String xpath) {
        return nodes(doc, xpath).stream().map(Element::getTextContent).toList();
    }

    private static String attr(Document doc, String xpath, String name) {
        List<Element> found = nodes(doc, xpath);
        assertThat(found).as(xpath).hasSize(1);
        return found.get(0).getAttribute(name);
    }

    /** data-step of every rect having this class, in document order. */
    private static List<String> barSteps(Document doc, String cssClass) {
        return nodes(doc, "//rect[contains(concat(' ', @class, ' '), ' " + cssClass + " ')]").stream()
                .peek(e -> assertThat(Set.of(e.getAttribute("class").split(" "))).contains("bar"))
                .map(e -> e.getAttribute("data-step")).collect(Collectors.toList());
    }

    private static double x(Document doc, String step) {
        return Double.parseDouble(attr(doc, "//rect[@data-step='" + step + "']", "x"));
    }

    private static double width(Document doc, String step) {
        return Double.parseDouble(attr(doc, "//rect[@data-step='" + step + "']", "width"));
    }

    private static double right(Document doc, String step) {
        return x(doc, step) + width(doc, step);
    }

    private static Map<String, String> summary(Document doc) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element dt : nodes(doc, "//dl[@class='summary']/dt")) {
            out.put(dt.getTextContent(), ((Element) nodes(doc, "//dl[@class='summary']/dt[.='" + dt.getTextContent()
                    + "']/following-sibling::dd[1]").get(0)).getTextContent());
        }
        return out;
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
