package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a {@link DataCheck} found on the restored side of one component: the RPO measured from data (the
 * baseline's time minus the newest heartbeat that came back), what was compared (how many, of what unit),
 * and the differences, the first {@value #LISTED} listed and all counted. Whether it passed follows the rule
 * of {@link DataCheck}: it fails when something that existed at or before the restore point is missing,
 * extra or changed, when no heartbeat came back, when nothing was compared, or when the check could not
 * run; a difference written after the newest heartbeat that came back is loss within the RPO. Immutable.
 */
public final class DataEvidence {
    /** How many differences are listed; all are counted. */
    public static final int LISTED = 20;

    /** What kind of difference. */
    public enum Kind {
        /** In the baseline, not on the restored side. */
        MISSING,
        /** On the restored side, not in the baseline. */
        EXTRA,
        /** On both sides, with different content. */
        CHANGED
    }

    /**
     * One difference.
     *
     * @param kind      missing, extra or changed
     * @param item      where: a table, partition or object ({@code "orders"}, {@code "ConfigMap/streams-config"})
     * @param detail    what, in words ({@code "id 1204, written 2026-03-01T12:03:09Z"})
     * @param withinRpo whether it was written after the newest heartbeat that came back: loss within the RPO,
     *                  which does not fail the check
     */
    public record Difference(Kind kind, String item, String detail, boolean withinRpo) {
        /**
         * @throws InvalidConfigurationException when a value is null or blank
         */
        public Difference {
            Check.notNull("difference kind", kind);
            Check.notBlank("difference item", item);
            Check.notNull("difference detail", detail);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + " " + item + (detail.isEmpty() ? "" : ": " + detail) + (withinRpo ? " (within the RPO)" : "");
        }
    }

    private final String component;
    private final String unit;
    private final Instant baselineTakenAt;
    private final Instant baselineHeartbeat;
    private final Instant restoredHeartbeat;
    private final long compared;
    private final List<Difference> differences;
    private final long differenceCount;
    private final long lostWithinRpo;
    private final String error;

    private DataEvidence(Builder b, String error) {
        this.component = b.component;
        this.unit = b.unit;
        this.baselineTakenAt = b.takenAt;
        this.baselineHeartbeat = b.baselineHeartbeat;
        this.restoredHeartbeat = b.restoredHeartbeat;
        this.compared = b.compared;
        List<Difference> all = new ArrayList<>(b.unexplainedListed);
        b.withinListed.stream().limit(LISTED - all.size()).forEach(all::add);
        this.differences = List.copyOf(all);
        this.differenceCount = b.differenceCount;
        this.lostWithinRpo = b.withinRpo;
        this.error = error;
    }

    private DataEvidence(DataEvidence e, UnaryOperator<String> redact) {
        this.component = e.component;
        this.unit = e.unit;
        this.baselineTakenAt = e.baselineTakenAt;
        this.baselineHeartbeat = e.baselineHeartbeat;
        this.restoredHeartbeat = e.restoredHeartbeat;
        this.compared = e.compared;
        this.differences = e.differences.stream().map(d -> new Difference(d.kind(), redact.apply(d.item()), redact.apply(d.detail()),
                d.withinRpo())).toList();
        this.differenceCount = e.differenceCount;
        this.lostWithinRpo = e.lostWithinRpo;
        this.error = e.error == null ? null : redact.apply(e.error);
    }

    /**
     * Starts the evidence of a verification against {@code before}.
     *
     * @throws InvalidConfigurationException when {@code before} is null
     */
    public static Builder against(DataBaseline before) {
        return new Builder(Check.notNull("data baseline", before));
    }

    /**
     * The evidence of a check that could not run: it fails, with the reason.
     *
     * @param takenAt when its baseline was taken, or when the check was attempted when there was none
     * @throws InvalidConfigurationException when a value is null or blank
     */
    public static DataEvidence couldNotRun(String component, String unit, Instant takenAt, String reason) {
        Builder b = new Builder(Check.notBlank("evidence component", component), Check.notBlank("evidence unit", unit),
                Check.notNull("evidence time", takenAt), null);
        return new DataEvidence(b, Check.notBlank("reason the check could not run", reason));
    }

    /** The same evidence with every text passed through {@code redact} (the drill masks its secrets so). */
    DataEvidence redacted(UnaryOperator<String> redact) {
        return new DataEvidence(this, redact);
    }

    /** The component. */
    public String component() {
        return component;
    }

    /** What was compared: rows, records, objects. */
    public String unit() {
        return unit;
    }

    /** When the baseline was taken: the disaster, as near as the drill knew it. */
    public Instant baselineTakenAt() {
        return baselineTakenAt;
    }

    /** The newest heartbeat production held when the baseline was taken. */
    public Optional<Instant> baselineHeartbeat() {
        return Optional.ofNullable(baselineHeartbeat);
    }

    /** The newest heartbeat found on the restored side: the restore point, as the data shows it. */
    public Optional<Instant> restoredHeartbeat() {
        return Optional.ofNullable(restoredHeartbeat);
    }

    /**
     * The RPO measured from data: {@link #baselineTakenAt()} minus {@link #restoredHeartbeat()} (zero when the
     * heartbeat is newer); empty when no heartbeat came back.
     */
    public Optional<Duration> dataRpo() {
        if (restoredHeartbeat == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(restoredHeartbeat, baselineTakenAt);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    /** How many units were compared on the restored side against the baseline. */
    public long compared() {
        return compared;
    }

    /**
     * Up to {@value #LISTED} differences: first those the restore point does not explain, then loss within the
     * RPO, each in the order found.
     */
    public List<Difference> differences() {
        return differences;
    }

    /** Every difference counted, listed or not. */
    public long differenceCount() {
        return differenceCount;
    }

    /** The differences written after the newest heartbeat that came back: loss within the RPO. */
    public long lostWithinRpo() {
        return lostWithinRpo;
    }

    /** The differences the restore point does not explain: each fails the check. */
    public long unexplained() {
        return differenceCount - lostWithinRpo;
    }

    /** Why the check could not run, when it could not. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Whether the check passed, by the rule of {@link DataCheck}. */
    public boolean passed() {
        return error == null && restoredHeartbeat != null && compared > 0 && unexplained() == 0;
    }

    /** What was found, in words with numbers: the line the reports show. */
    public String summary() {
        if (error != null) {
            return "could not be checked: " + error;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(count(compared)).append(' ').append(unit).append(" compared");
        if (differenceCount == 0) {
            sb.append(", no difference");
        } else {
            if (lostWithinRpo > 0) {
                sb.append("; ").append(count(lostWithinRpo)).append(' ').append(unit)
                        .append(" lost within the RPO (written after the newest heartbeat restored)");
            }
            if (unexplained() > 0) {
                sb.append("; ").append(count(unexplained())).append(unexplained() == 1 ? " difference" : " differences")
                        .append(" the restore point does not explain, first: ")
                        .append(differences.stream().filter(d -> !d.withinRpo()).findFirst().map(Difference::toString).orElse("(not listed)"));
            }
        }
        if (restoredHeartbeat == null) {
            sb.append("; no heartbeat came back, so the RPO cannot be measured from data");
        } else {
            sb.append("; newest heartbeat restored ").append(restoredHeartbeat).append(", RPO from data ")
                    .append(Durations.format(dataRpo().orElseThrow()));
        }
        if (compared == 0) {
            sb.append("; nothing was compared");
        }
        return sb.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataEvidence e && component.equals(e.component) && unit.equals(e.unit) && baselineTakenAt.equals(e.baselineTakenAt)
                && Objects.equals(baselineHeartbeat, e.baselineHeartbeat) && Objects.equals(restoredHeartbeat, e.restoredHeartbeat)
                && compared == e.compared && differences.equals(e.differences) && differenceCount == e.differenceCount
                && lostWithinRpo == e.lostWithinRpo && Objects.equals(error, e.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, baselineTakenAt, compared, differenceCount);
    }

    @Override
    public String toString() {
        return component + ": " + (passed() ? "passed" : "FAILED") + ", " + summary();
    }

    /** Collects the evidence of one verification. Not thread-safe. */
    public static final class Builder {
        private final String component;
        private final String unit;
        private final Instant takenAt;
        private final Instant baselineHeartbeat;
        private Instant restoredHeartbeat;
        private long compared;
        private final List<Difference> unexplainedListed = new ArrayList<>();
        private final List<Difference> withinListed = new ArrayList<>();
        private long differenceCount;
        private long withinRpo;

        private Builder(DataBaseline before) {
            this(before.component(), before.unit(), before.takenAt(), before.newestHeartbeat().orElse(null));
        }

        private Builder(String component, String unit, Instant takenAt, Instant baselineHeartbeat) {
            this.component = component;
            this.unit = unit;
            this.takenAt = takenAt;
            this.baselineHeartbeat = baselineHeartbeat;
        }

        /**
         * The newest heartbeat found on the restored side.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder restoredHeartbeat(Instant heartbeat) {
            this.restoredHeartbeat = Check.notNull("restored heartbeat of '" + component + "'", heartbeat);
            return this;
        }

        /**
         * Counts {@code n} more units compared.
         *
         * @throws InvalidConfigurationException when negative
         */
        public Builder compared(long n) {
            if (n < 0) {
                throw new InvalidConfigurationException("units compared of '" + component + "'", "must not be negative, was " + n);
            }
            compared += n;
            return this;
        }

        /**
         * Records a difference (always counted; listed while fewer than {@value #LISTED} of its sort are).
         *
         * @throws InvalidConfigurationException when a value is null or blank
         */
        public Builder difference(Kind kind, String item, String detail, boolean withinRpo) {
            Difference d = new Difference(kind, item, detail, withinRpo);
            List<Difference> list = withinRpo ? withinListed : unexplainedListed;
            if (list.size() < LISTED) {
                list.add(d);
            }
            differenceCount++;
            if (withinRpo) {
                this.withinRpo++;
            }
            return this;
        }

        /** Whether the newest heartbeat restored is known and {@code writtenAt} is after it: loss within the RPO. */
        public boolean afterRestorePoint(Instant writtenAt) {
            return restoredHeartbeat != null && writtenAt != null && writtenAt.isAfter(restoredHeartbeat);
        }

        /** The evidence. */
        public DataEvidence build() {
            return new DataEvidence(this, null);
        }
    }
}
