package io.streamsdr.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.internal.HistoryRender;
import io.streamsdr.core.spi.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Drill results kept over time, so a team can answer "is our RTO getting worse?": each
 * {@link DrillReport} appended as its JSON file to a directory the user chooses, read back as
 * {@link Entry entries}, and shown as one self-contained HTML page with a trend of RTO and RPO per
 * component across runs. Like AWS Backup's restore-testing history, but in your repository or CI
 * artifacts, and for all three layers at once.
 *
 * <pre>{@code
 * DrillHistory history = DrillHistory.inDirectory(dir.resolve("drill-history"));
 * history.append(report);                                   // drill-history/streams-failover-20261205T181500.123Z.json
 * Files.writeString(trend, history.toHtml());
 * assertThat(history).rtoWithinOfMedian("streams-failover", 5, 0.20);   // dr-testkit: no more than 20 % worse
 * }</pre>
 *
 * <p>The files are the drills' own JSON reports (docs/report-schema.md), unchanged, so they can also be
 * read by any tool. A file that is not a drill report is skipped when reading (and named by
 * {@link #unreadable()}), never fatal. Immutable and thread-safe: every call reads the directory again.
 */
public final class DrillHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One drill run as the history keeps it. */
    public record Entry(String drill, Instant startedAt, Instant finishedAt, boolean passed, Optional<Duration> rto,
            Optional<Duration> rtoObjective, Map<String, Duration> rpo, Path file) {
        /** @throws NullPointerException when a value is null */
        public Entry {
            Objects.requireNonNull(drill, "drill");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(rto, "rto");
            Objects.requireNonNull(rtoObjective, "rtoObjective");
            rpo = Collections.unmodifiableMap(new LinkedHashMap<>(rpo));
            Objects.requireNonNull(file, "file");
        }
    }

    private final Path directory;

    private DrillHistory(Path directory) {
        this.directory = directory;
    }

    /**
     * The history kept in {@code directory} (created on the first {@link #append}).
     *
     * @throws InvalidConfigurationException when the directory is null, or exists and is not a directory
     */
    public static DrillHistory inDirectory(Path directory) {
        Check.notNull("history directory", directory);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidConfigurationException("history directory " + directory, "must be a directory, but is a file");
        }
        return new DrillHistory(directory);
    }

    /** Where the reports are kept. */
    public Path directory() {
        return directory;
    }

    /**
     * Appends a drill's report: its JSON written to {@code <drill>-<finishedAt>.json} (UTC, to the
     * millisecond), atomically (a temporary file in the same directory, then a rename). A second report
     * of the same drill that finished in the same millisecond gets {@code -2}, {@code -3}, ...
     *
     * @return the file written
     * @throws InvalidConfigurationException when the report is null
     * @throws CallFailedException           when the directory or the file cannot be written
     */
    public Path append(DrillReport report) {
        Check.notNull("drill report", report);
        String base = safe(report.drill()) + "-" + FILE_TIME.format(report.finishedAt());
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, base + ".", ".tmp");
            try {
                Files.writeString(tmp, report.toJson(), StandardCharsets.UTF_8);
                Path target = directory.resolve(base + ".json");
                for (int n = 2; Files.exists(target); n++) {
                    target = directory.resolve(base + "-" + n + ".json");
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CallFailedException("append drill report '" + report.drill() + "' to history " + directory, e);
        }
    }

    /**
     * Every run in the history, oldest first (by the time each finished). Files that are not drill
     * reports are left out (see {@link #unreadable()}).
     *
     * @throws CallFailedException when the directory cannot be listed
     */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Path f : files()) {
            read(f).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Entry::finishedAt).thenComparingInt(e -> sequence(e.file())));
        return List.copyOf(out);
    }

    /** The runs of one drill (by its plan's name), oldest first. */
    public List<Entry> entries(String drill) {
        Check.notBlank("drill", drill);
        return entries().stream().filter(e -> e.drill().equals(drill)).toList();
    }

    /** The JSON files in the directory that could not be read as drill reports. */
    public List<Path> unreadable() {
        return files().stream().filter(f -> read(f).isEmpty()).toList();
    }

    /**
     * The median RTO of the {@code runs} runs of {@code drill} before its newest one (runs whose plan did
     * not run are left out), if there are any.
     *
     * @throws InvalidConfigurationException when the drill is blank or runs below 1
     */
    public Optional<Duration> medianRtoBeforeNewest(String drill, int runs) {
        if (runs < 1) {
            throw new InvalidConfigurationException("runs", "must be at least 1, was " + runs);
        }
        List<Entry> all = entries(drill);
        if (all.size() < 2) {
            return Optional.empty();
        }
        List<Duration> before = all.subList(Math.max(0, all.size() - 1 - runs), all.size() - 1).stream()
                .map(Entry::rto).flatMap(Optional::stream).sorted().toList();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        int mid = before.size() / 2;
        return Optional.of(before.size() % 2 == 1 ? before.get(mid) : before.get(mid - 1).plus(before.get(mid)).dividedBy(2));
    }

    /** The history as text: one line per run, per drill. */
    public String toText() {
        return HistoryRender.text(entries());
    }

    /** The history as one self-contained HTML page: per drill, RTO and RPO per component across runs, as SVG trends. */
    public String toHtml() {
        return HistoryRender.html(entries());
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new CallFailedException("list drill history " + directory, e);
        }
    }

    private static Optional<Entry> read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.has("drillSchemaVersion") || !root.hasNonNull("drill") || !root.hasNonNull("finishedAt")) {
                return Optional.empty();
            }
            Map<String, Duration> rpo = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("rpoMillis").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                rpo.put(e.getKey(), Duration.ofMillis(e.getValue().asLong()));
            }
            Optional<Duration> objective = Optional.empty();
            for (JsonNode o : root.path("plan").path("objectives")) {
                if ("RTO".equals(o.path("name").asText()) && o.has("objectiveMillis")) {
                    objective = Optional.of(Duration.ofMillis(o.get("objectiveMillis").asLong()));
                }
            }
            return Optional.of(new Entry(root.get("drill").asText(), Instant.parse(root.path("startedAt").asText(root.get("finishedAt").asText())),
                    Instant.parse(root.get("finishedAt").asText()), root.path("passed").asBoolean(false),
                    root.hasNonNull("rtoMillis") ? Optional.of(Duration.ofMillis(root.get("rtoMillis").asLong())) : Optional.empty(),
                    objective, rpo, file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** 1 for {@code <base>.json}, n for {@code <base>-n.json}: the order of appends within one millisecond. */
    private static int sequence(Path file) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Z-(\\d+)\\.json$").matcher(file.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    @Override
    public String toString() {
        return "DrillHistory[" + directory + "]";
    }
}
