package io.streamsdr.testkit.prometheus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns scrapes into promtool's {@code input_series}: record one scrape (Prometheus text format, as
 * {@code PrometheusMeterRegistry.scrape()} returns it) per {@link #interval()}, taken on a clock you move by that
 * interval, and {@link #inputSeries} writes every series with one value per scrape ({@code _} where a series was
 * absent, {@code NaN} where it said NaN). So alert rules are tested on what a real registry exported, not on
 * series written by hand.
 *
 * <pre>{@code
 * SeriesRecorder series = SeriesRecorder.every(Duration.ofMinutes(1));
 * for (int minute = 0; minute <= 60; minute++) {
 *     series.record(registry.scrape());
 *     clock.advance(Duration.ofMinutes(1));
 *     lag.set(minute >= 30 ? 600 : 0);      // the test's scenario: the lag jumps at minute 30
 * }
 * String yaml = series.inputSeries(name -> name.startsWith("streamsdr_"), "    ");
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class SeriesRecorder {
    private final Duration interval;
    private final Map<String, List<String>> series = new LinkedHashMap<>();
    private int samples;

    private SeriesRecorder(Duration interval) {
        this.interval = interval;
    }

    /**
     * A recorder of one scrape per {@code interval}.
     *
     * @throws IllegalArgumentException when the interval is not a whole, positive number of seconds
     */
    public static SeriesRecorder every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero() || interval.toNanosPart() != 0) {
            throw new IllegalArgumentException("interval must be a positive whole number of seconds, was " + interval);
        }
        return new SeriesRecorder(interval);
    }

    /** The time between two scrapes. */
    public Duration interval() {
        return interval;
    }

    /** How many scrapes were recorded: the next one is sample number {@code samples()}, at {@code samples() × interval}. */
    public int samples() {
        return samples;
    }

    /**
     * Records the next scrape.
     *
     * @throws IllegalArgumentException when a sample line cannot be read, or a series appears twice in one scrape
     */
    public void record(String scrape) {
        Map<String, String> values = parse(scrape);
        for (Map.Entry<String, String> e : values.entrySet()) {
            series.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(samples, "_")));
        }
        for (Map.Entry<String, List<String>> e : series.entrySet()) {
            e.getValue().add(values.getOrDefault(e.getKey(), "_"));
        }
        samples++;
    }

    /** Every series seen, as {@code name{labels}} exactly as exported. */
    public Set<String> series() {
        return Collections.unmodifiableSet(series.keySet());
    }

    /** The values of one series, one per scrape ({@code _} when absent). */
    public List<String> values(String seriesKey) {
        List<String> v = series.get(seriesKey);
        if (v == null) {
            throw new IllegalArgumentException("no series " + seriesKey + " was recorded; recorded: " + series.keySet());
        }
        return List.copyOf(v);
    }

    /**
     * The {@code input_series} list of a promtool test group, each line prefixed with {@code indent}: one
     * {@code - series: '...'} / {@code values: '...'} pair per series whose metric name passes {@code names}.
     */
    public String inputSeries(Predicate<String> names, String indent) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : series.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            if (!names.test(brace < 0 ? key : key.substring(0, brace))) {
                continue;
            }
            sb.append(indent).append("- series: '").append(key.replace("'", "''")).append("'\n");
            sb.append(indent).append("  values: '").append(String.join(" ", e.getValue())).append("'\n");
        }
        return sb.toString();
    }

    /** Sample lines of the text format: {@code name{labels} value [timestamp]}; comments skipped. */
    static Map<String, String> parse(String scrape) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int close = l.lastIndexOf('}');
            String key;
            String rest;
            if (l.indexOf('{') >= 0 && close > 0) {
                key = l.substring(0, close + 1);
                rest = l.substring(close + 1).strip();
            } else {
                int space = l.indexOf(' ');
                if (space < 0) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                key = l.substring(0, space);
                rest = l.substring(space + 1).strip();
            }
            String value = rest.split(" ")[0];
            if (!value.matches("NaN|[+-]Inf|[+-]?[0-9.]+([eE][+-]?[0-9]+)?")) {
                throw new IllegalArgumentException("not a sample value in: " + line);
            }
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("series " + key + " appears twice in one scrape");
            }
        }
        return out;
    }
}
