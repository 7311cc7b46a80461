package io.streamsdr.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.DrillReport;
import io.streamsdr.testkit.prometheus.Promtool;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/monitoring.md's meter table and what Micrometer's real Prometheus registry exports cannot drift: this test
 * reads the table, scrapes an installation on fakes whose components, plan, drill and backups all ran, and checks
 * both ways: every meter listed is there with its documented type, unit and tags, every meter scraped is listed.
 */
class MetersDocTest {
    static final Path DOC = Path.of("..", "docs", "monitoring.md").toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("^\\| `(streamsdr_[a-z_]+)` \\| (gauge|counter|timer) \\| ([a-z-]+) \\| ([a-z, ]+) \\|",
            Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    record Documented(String name, String type, String unit, Set<String> tags) {
    }

    static List<Documented> documented() throws IOException {
        List<Documented> out = new ArrayList<>();
        Matcher m = ROW.matcher(Files.readString(DOC));
        while (m.find()) {
            Set<String> tags = new TreeSet<>();
            for (String t : m.group(4).split(",")) {
                tags.add(t.strip());
            }
            out.add(new Documented(m.group(1), m.group(2), m.group(3), tags));
        }
        return out;
    }

    /** An installation on fakes with every meter exercised: points, a mirror, an RPO objective, backups, a drill. */
    static String scrapeOfAWorkedInstallation() {
        try (MonitoredStreams s = new MonitoredStreams(VirtualClock.DEFAULT_START)) {
            s.rds.withExistingRecoveryPoint(Duration.ofMinutes(4));
            s.kafka.withExistingRecoveryPoint(Duration.ofSeconds(3));
            s.namespace.withExistingRecoveryPoint(Duration.ofMinutes(40));
            assertThat(s.installation.backupAll(s.options().onEvents(s.meters)).succeeded()).isTrue();
            DrillReport drill = s.drill(Duration.ofMinutes(19), false);
            assertThat(drill.passed()).as(drill.failures().toString()).isTrue();
            s.scrape(); // the first look registers the mirror's lag gauges (before that scrape goes on)
            return s.scrape();
        }
    }

    @Test
    void everyDocumentedMeterIsScrapedWithItsTypeUnitAndTagsAndNothingElseIs() throws IOException {
        List<Documented> doc = documented();
        assertThat(doc).as("rows of the meter table in " + DOC).hasSize(16);
        String scrape = scrapeOfAWorkedInstallation();

        Map<String, String> types = new LinkedHashMap<>();
        Matcher t = TYPE.matcher(scrape);
        while (t.find()) {
            types.put(t.group(1), t.group(2));
        }
        Map<String, List<Set<String>>> labelSets = new LinkedHashMap<>();
        Matcher s = SAMPLE.matcher(scrape);
        while (s.find()) {
            Set<String> keys = new TreeSet<>();
            Matcher l = LABEL.matcher(s.group(2) == null ? "" : s.group(2));
            while (l.find()) {
                keys.add(l.group(1));
            }
            labelSets.computeIfAbsent(s.group(1), k -> new ArrayList<>()).add(keys);
        }

        Set<String> explained = new TreeSet<>();
        for (Documented d : doc) {
            switch (d.unit()) {
                case "seconds" -> assertThat(d.name()).as("unit of " + d.name()).matches(".*_seconds(_total)?");
                case "records" -> assertThat(d.name()).as("unit of " + d.name()).endsWith("_records");
                case "-" -> assertThat(d.name()).as("a dimensionless meter carries no unit").doesNotContain("_seconds", "_records", "_bytes");
                default -> throw new AssertionError("unknown unit '" + d.unit() + "' of " + d.name() + " in " + DOC);
            }
            List<String> samples = new ArrayList<>();
            switch (d.type()) {
                case "gauge" -> {
                    assertThat(types).as("TYPE of " + d.name()).containsEntry(d.name(), "gauge");
                    samples.add(d.name());
                    explained.add(d.name());
                }
                case "counter" -> {
                    assertThat(d.name()).endsWith("_total");
                    assertThat(types).as("TYPE of " + d.name()).containsEntry(d.name(), "counter");
                    samples.add(d.name());
                    explained.add(d.name());
                }
                case "timer" -> {
                    assertThat(types).as("TYPE of " + d.name()).containsEntry(d.name(), "summary").containsEntry(d.name() + "_max", "gauge");
                    samples.addAll(List.of(d.name() + "_count", d.name() + "_sum", d.name() + "_max"));
                    explained.addAll(List.of(d.name(), d.name() + "_max"));
                }
                default -> throw new AssertionError(d.type());
            }
            for (String sample : samples) {
                assertThat(labelSets.get(sample)).as("samples of " + sample + " in the scrape").isNotEmpty()
                        .allSatisfy(keys -> assertThat(keys).as("tags of " + sample).isEqualTo(d.tags()));
            }
        }
        Set<String> scraped = new TreeSet<>(types.keySet());
        scraped.removeIf(n -> !n.startsWith("streamsdr_"));
        assertThat(scraped).as("every streamsdr meter scraped is in the table of " + DOC).isEqualTo(explained);
    }

    @Test
    void prometheusOwnLinterHasNothingToSayAboutTheNames() {
        Promtool promtool = Promtool.installedOrSkip();
        String scrape = scrapeOfAWorkedInstallation();
        Promtool.Result lint = promtool.checkMetrics(scrape);
        assertThat(lint.output()).as("promtool check metrics").isEmpty();
        assertThat(lint.succeeded()).isTrue();
    }
}
