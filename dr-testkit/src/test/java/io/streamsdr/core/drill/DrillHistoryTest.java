package io.streamsdr.core.drill;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.DrillHistory;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Installation;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill history: reports appended as files, read back in order, the RTO trend, and the "no worse than" assertion. */
class DrillHistoryTest {
    private final VirtualClock clock = VirtualClock.create();
    private final FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock);

    @TempDir
    Path dir;

    /** A drill whose RDS restore takes {@code restore}; the RTO objective is 30 minutes. */
    private DrillReport drill(String name, Duration restore, boolean verificationHolds) {
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        DrillReport report = Installation.named("streams").protect(rds).build().failover(name)
                .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> {
                    ctx.recordRpo("rds", Duration.ofMinutes(5));
                    ctx.sleep(restore);
                })))
                .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(2)))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(30)))
                .build().drill()
                .verify("restored database answers", () -> {
                    if (!verificationHolds) {
                        throw new AssertionError("no answer");
                    }
                    return "SELECT 1";
                })
                .run(RunOptions.defaults().withTime(clock, clock));
        clock.advance(Duration.ofDays(1)); // one drill a day
        return report;
    }

    @Test
    void reportsAreAppendedAsTheirJsonAndReadBackOldestFirst() throws Exception {
        DrillHistory history = DrillHistory.inDirectory(dir.resolve("history"));
        assertThat(history.entries()).as("no directory yet: an empty history").isEmpty();

        Path first = history.append(drill("streams-failover", Duration.ofMinutes(20), true));
        history.append(drill("streams-failover", Duration.ofMinutes(21), true));
        DrillReport third = drill("streams-failover", Duration.ofMinutes(30), false);
        history.append(third);
        history.append(drill("other-drill", Duration.ofMinutes(1), true));

        assertThat(first.getFileName().toString()).isEqualTo("streams-failover-20260101T002200.000Z.json");
        assertThat(Files.readString(first)).as("the file is the drill's own JSON report").startsWith("{").contains("\"drillSchemaVersion\"");
        List<DrillHistory.Entry> runs = history.entries("streams-failover");
        assertThat(runs).extracting(e -> e.rto().orElseThrow())
                .containsExactly(Duration.ofMinutes(22), Duration.ofMinutes(23), Duration.ofMinutes(32));
        assertThat(runs).extracting(DrillHistory.Entry::passed).containsExactly(true, true, false);
        assertThat(runs.get(2).rtoObjective()).contains(Duration.ofMinutes(30));
        assertThat(runs.get(2).rpo()).containsEntry("rds", Duration.ofMinutes(5));
        assertThat(runs.get(2).finishedAt()).isEqualTo(third.finishedAt());
        assertThat(history.entries()).extracting(DrillHistory.Entry::drill)
                .containsExactly("streams-failover", "streams-failover", "streams-failover", "other-drill");
        assertThat(history.medianRtoBeforeNewest("streams-failover", 5)).contains(Duration.ofMinutes(22).plusSeconds(30));
        assertThat(history.toText()).contains("Drill 'streams-failover': 3 runs", "FAILED  RTO 32m", "RPO rds 5m", "Drill 'other-drill': 1 run");
    }

    @Test
    void theSameDrillFinishingInTheSameMillisecondGetsAFileOfItsOwn() throws Exception {
        DrillHistory history = DrillHistory.inDirectory(dir);
        DrillReport report = drill("streams-failover", Duration.ofMinutes(20), true);

        Path a = history.append(report);
        Path b = history.append(report);

        assertThat(a).isNotEqualTo(b);
        assertThat(b.getFileName().toString()).endsWith("Z-2.json");
        assertThat(history.entries()).hasSize(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").allMatch(n -> n.endsWith(".json"));
        }
    }

    @Test
    void aFileThatIsNotADrillReportIsSkippedAndNamed() throws Exception {
        DrillHistory history = DrillHistory.inDirectory(dir);
        history.append(drill("streams-failover", Duration.ofMinutes(20), true));
        Files.writeString(dir.resolve("notes.json"), "{\"hello\": 1}");
        Files.writeString(dir.resolve("broken.json"), "{ not json");
        Files.writeString(dir.resolve("readme.txt"), "not json at all");

        assertThat(history.entries()).hasSize(1);
        assertThat(history.unreadable()).extracting(p -> p.getFileName().toString()).containsExactly("broken.json", "notes.json");
    }

    @Test
    void theAssertionComparesTheNewestRtoWithTheMedianOfTheRunsBefore() {
        DrillHistory history = DrillHistory.inDirectory(dir);
        for (int minutes : new int[] {20, 22, 21, 23, 20}) {
            history.append(drill("streams-failover", Duration.ofMinutes(minutes), true));
        }
        history.append(drill("streams-failover", Duration.ofMinutes(24), true)); // RTO 26m against a median of 23m: 13 % worse

        assertThat(history).hasRuns("streams-failover", 6).newestPassed("streams-failover").rtoWithinOfMedian("streams-failover", 5, 0.20);
        assertThatThrownBy(() -> assertThat(history).rtoWithinOfMedian("streams-failover", 5, 0.10)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected the newest RTO of drill 'streams-failover' to be at most 25m18s (the median 23m of the 5 runs before it,"
                        + " + 10 %), but it is 26m, 13 % over the median; RTO of every run, oldest first: [22m, 24m, 23m, 25m, 22m, 26m]");
        assertThatThrownBy(() -> assertThat(history).hasRuns("streams-failover", 7)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to hold at least 7 runs of drill 'streams-failover', but it holds 6");
        assertThatThrownBy(() -> assertThat(history).newestPassed("nightly")).isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("to hold runs of drill 'nightly', but it holds none (drills: [streams-failover])");
    }

    @Test
    void aFailedNewestRunIsNamed() {
        DrillHistory history = DrillHistory.inDirectory(dir);
        history.append(drill("streams-failover", Duration.ofMinutes(20), false));

        assertThatThrownBy(() -> assertThat(history).newestPassed("streams-failover")).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the newest run of drill 'streams-failover' (2026-01-01T00:22:00Z, streams-failover-")
                .hasMessageEndingWith(".json) to have passed, but it failed");
        assertThat(history).as("a single run has nothing to be compared with").rtoWithinOfMedian("streams-failover", 5, 0.0);
    }

    @Test
    void theTrendPageIsOneWellFormedPageWithAnRtoLineAndTheObjective() throws Exception {
        DrillHistory history = DrillHistory.inDirectory(dir);
        history.append(drill("streams-failover", Duration.ofMinutes(20), true));
        history.append(drill("streams-failover", Duration.ofMinutes(31), false));

        String html = history.toHtml();

        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("svg").getLength()).as("an RTO and an RPO trend").isEqualTo(2);
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(html).contains("data-drill=\"streams-failover\"", "class=\"objective\"", "objective 30m", "class=\"point failed\"",
                "<td class=\"failed\">FAILED</td>", "2 runs, 1 passed.").doesNotContain("src=", "href=", "<script");
        assertThat(DrillHistory.inDirectory(dir.resolve("none")).toHtml()).contains("No drill in the history yet.");
    }

    @Test
    void badInputIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> DrillHistory.inDirectory(file)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid history directory " + file + ": must be a directory, but is a file");
        assertThatThrownBy(() -> DrillHistory.inDirectory(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid history directory: must not be null");
        assertThatThrownBy(() -> DrillHistory.inDirectory(dir).medianRtoBeforeNewest("x", 0)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid runs: must be at least 1, was 0");
        assertThatThrownBy(() -> DrillHistory.inDirectory(dir).append(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid drill report: must not be null");
    }
}
