package io.streamsdr.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.velero.internal.GoDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A Velero schedule expression, parsed on the client exactly as Velero's schedule controller parses
 * it (robfig/cron v3 {@code ParseStandard}), so that a bad schedule is refused here instead of
 * becoming a Schedule in phase {@code FailedValidation}. Immutable.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>five fields {@code minute hour day-of-month month day-of-week}, each a {@code *} or
 *       {@code ?}, a number, a range {@code a-b}, a step {@code * /n}, {@code a/n} or {@code a-b/n},
 *       or a comma list of those; months {@code jan}..{@code dec} and days {@code sun}..{@code sat}
 *       by name (any case); day-of-week 0 to 6 (Sunday is 0);</li>
 *   <li>descriptors {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly},
 *       {@code @daily}, {@code @midnight}, {@code @hourly};</li>
 *   <li>{@code @every <duration>} with a Go duration such as {@code 2h30m} (rounded down to whole
 *       seconds, at least one second, as robfig does);</li>
 *   <li>any of those after {@code TZ=<zone> } or {@code CRON_TZ=<zone> }; without it, UTC (the
 *       time zone of the Velero pod in the chart).</li>
 * </ul>
 * When both day-of-month and day-of-week are restricted (neither starts with {@code *} or
 * {@code ?}), a day matches if either matches, as in cron.
 *
 * <p>Stricter than robfig in two places, both of which would misbehave on the server:
 * {@code @every} with a zero or negative duration, and a {@code TZ=} prefix with no expression
 * after it (robfig panics) are refused.
 */
public final class CronSchedule {
    private static final long STAR_BIT = 1L << 63;
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);

    private record Bounds(String name, int min, int max, Map<String, Integer> names) {
    }

    private static final Bounds MINUTE = new Bounds("minute", 0, 59, null);
    private static final Bounds HOUR = new Bounds("hour", 0, 23, null);
    private static final Bounds DOM = new Bounds("day of month", 1, 31, null);
    private static final Bounds MONTH = new Bounds("month", 1, 12, MONTHS);
    private static final Bounds DOW = new Bounds("day of week", 0, 6, DAYS);

    private final String expression;
    private final ZoneId zone;
    private final Duration every;
    private final long minute;
    private final long hour;
    private final long dom;
    private final long month;
    private final long dow;

    private CronSchedule(String expression, ZoneId zone, Duration every, long[] fields) {
        this.expression = expression;
        this.zone = zone;
        this.every = every;
        this.minute = fields == null ? 0 : fields[0];
        this.hour = fields == null ? 0 : fields[1];
        this.dom = fields == null ? 0 : fields[2];
        this.month = fields == null ? 0 : fields[3];
        this.dow = fields == null ? 0 : fields[4];
    }

    /**
     * Parses a schedule as Velero will.
     *
     * @throws InvalidConfigurationException naming field {@code schedule} when the expression is
     *         null or blank; has a {@code TZ=}/{@code CRON_TZ=} prefix with an unknown zone or no
     *         expression after it; is an unknown {@code @descriptor}; is {@code @every} with a
     *         duration Go cannot parse, or zero or negative; does not have exactly 5 fields; or has
     *         a field with a value that is not a number or a known name, a negative number, a value
     *         out of range (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6),
     *         a range whose start is after its end, a zero step, or more than one '-' or '/'
     */
    public static CronSchedule parse(String expression) {
        if (expression == null) {
            throw invalid("null", "must not be null");
        }
        String spec = expression.strip();
        if (spec.isEmpty()) {
            throw invalid(expression, "empty spec string");
        }
        ZoneId zone = ZoneOffset.UTC;
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            if (space < 0) {
                throw invalid(expression, "a TZ= or CRON_TZ= prefix must be followed by a space and a schedule");
            }
            zone = zone(expression, spec.substring(eq + 1, space));
            spec = spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            return descriptor(expression, spec, zone);
        }
        String[] fields = spec.split("\\s+");
        if (fields.length != 5) {
            throw invalid(expression, "expected exactly 5 fields (minute hour day-of-month month day-of-week), found "
                    + fields.length + ": " + spec);
        }
        Bounds[] bounds = {MINUTE, HOUR, DOM, MONTH, DOW};
        long[] bits = new long[5];
        for (int i = 0; i < 5; i++) {
            bits[i] = field(expression, fields[i], bounds[i]);
        }
        return new CronSchedule(expression, zone, null, bits);
    }

    /**
     * Whether {@code expression} parses; the reason is in the exception {@link #parse} would throw.
     */
    public static boolean isValid(String expression) {
        try {
            parse(expression);
            return true;
        } catch (InvalidConfigurationException e) {
            return false;
        }
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** The time zone the fields are read in (UTC unless a {@code TZ=} prefix says otherwise). */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The first activation strictly after {@code after}, as robfig computes it; null when there is
     * none within five years (such as {@code 0 0 30 2 *}).
     */
    public Instant next(Instant after) {
        Check.notNull("after", after);
        if (every != null) {
            Instant t = after.truncatedTo(ChronoUnit.SECONDS);
            return t.plus(every);
        }
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if ((month & (1L << t.getMonthValue())) == 0) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if ((hour & (1L << t.getHour())) == 0) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if ((minute & (1L << t.getMinute())) == 0) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant();
        }
        return null;
    }

    /**
     * The longest time between two activations in a fixed sample, the year from 2026-01-01 in the schedule's
     * zone (or its first 20,000 activations, whichever ends first): how long a component protected by this
     * schedule may wait for its next backup. A daily schedule in a zone with daylight saving gives 25 hours;
     * {@code 0 2 * * 1-5} gives 3 days (Friday to Monday). Empty when it fires fewer than twice in five years
     * ({@code 0 0 30 2 *}).
     */
    public java.util.Optional<Duration> longestInterval() {
        if (every != null) {
            return java.util.Optional.of(every);
        }
        Instant start = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, zone).toInstant();
        Instant end = start.plus(Duration.ofDays(366));
        Instant previous = next(start);
        Duration longest = null;
        for (int n = 0; previous != null && n < 20_000; n++) {
            Instant t = next(previous);
            if (t == null) {
                break;
            }
            Duration gap = Duration.between(previous, t);
            if (longest == null || gap.compareTo(longest) > 0) {
                longest = gap;
            }
            if (t.isAfter(end)) {
                break;
            }
            previous = t;
        }
        return java.util.Optional.ofNullable(longest);
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean domMatch = (dom & (1L << t.getDayOfMonth())) != 0;
        boolean dowMatch = (dow & (1L << (t.getDayOfWeek().getValue() % 7))) != 0;
        if ((dom & STAR_BIT) != 0 || (dow & STAR_BIT) != 0) {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }

    private static CronSchedule descriptor(String expression, String spec, ZoneId zone) {
        String equivalent;
        switch (spec) {
            case "@yearly", "@annually" -> equivalent = "0 0 1 1 *";
            case "@monthly" -> equivalent = "0 0 1 * *";
            case "@weekly" -> equivalent = "0 0 * * 0";
            case "@daily", "@midnight" -> equivalent = "0 0 * * *";
            case "@hourly" -> equivalent = "0 * * * *";
            default -> equivalent = null;
        }
        if (equivalent != null) {
            CronSchedule fields = parse(equivalent);
            return new CronSchedule(expression, zone, null,
                    new long[] {fields.minute, fields.hour, fields.dom, fields.month, fields.dow});
        }
        String everyPrefix = "@every ";
        if (spec.startsWith(everyPrefix)) {
            String text = spec.substring(everyPrefix.length());
            Duration d;
            try {
                d = GoDuration.parse(text);
            } catch (IllegalArgumentException e) {
                throw invalid(expression, "failed to parse duration " + text + ": " + e.getMessage()
                        + " (use a Go duration such as 30m, 2h30m or 1h0m30s)");
            }
            if (d.isZero() || d.isNegative()) {
                throw invalid(expression, "@every needs a positive duration, was " + text);
            }
            Duration whole = Duration.ofSeconds(d.getSeconds());
            return new CronSchedule(expression, zone, whole.isZero() ? Duration.ofSeconds(1) : whole, null);
        }
        throw invalid(expression, "unrecognized descriptor: " + spec
                + " (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>)");
    }

    private static ZoneId zone(String expression, String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return ZoneOffset.UTC;
        }
        if (name.equals("Local")) {
            return ZoneId.systemDefault();
        }
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw invalid(expression, "provided bad location " + name + ": unknown time zone");
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw invalid(expression, "provided bad location " + name + ": " + e.getMessage());
        }
    }

    private static long field(String expression, String field, Bounds r) {
        long bits = 0;
        for (String part : field.split(",", -1)) {
            bits |= range(expression, part, r);
        }
        return bits;
    }

    private static long range(String expression, String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean singleDigit = lowAndHigh.length == 1;
        int start;
        int end;
        long extra = 0;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min;
            end = r.max;
            extra = STAR_BIT;
        } else {
            start = intOrName(expression, lowAndHigh[0], r);
            switch (lowAndHigh.length) {
                case 1 -> end = start;
                case 2 -> end = intOrName(expression, lowAndHigh[1], r);
                default -> throw invalid(expression, r.name + ": too many hyphens: " + expr);
            }
        }
        int step;
        switch (rangeAndStep.length) {
            case 1 -> step = 1;
            case 2 -> {
                step = number(expression, rangeAndStep[1], r);
                if (singleDigit) {
                    end = r.max;
                }
                if (step > 1) {
                    extra = 0;
                }
            }
            default -> throw invalid(expression, r.name + ": too many slashes: " + expr);
        }
        if (start < r.min) {
            throw invalid(expression, r.name + ": beginning of range (" + start + ") below minimum (" + r.min + "): " + expr);
        }
        if (end > r.max) {
            throw invalid(expression, r.name + ": end of range (" + end + ") above maximum (" + r.max + "): " + expr);
        }
        if (start > end) {
            throw invalid(expression, r.name + ": beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
        }
        if (step == 0) {
            throw invalid(expression, r.name + ": step of range should be a positive number: " + expr);
        }
        long bits = 0;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits | extra;
    }

    private static int intOrName(String expression, String text, Bounds r) {
        if (r.names != null) {
            Integer v = r.names.get(text.toLowerCase(java.util.Locale.ROOT));
            if (v != null) {
                return v;
            }
        }
        return number(expression, text, r);
    }

    private static int number(String expression, String text, Bounds r) {
        int n;
        try {
            if (text.isEmpty() || !text.matches("[+-]?[0-9]+")) {
                throw new NumberFormatException();
            }
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(expression, r.name + ": failed to parse int from '" + text + "'"
                    + (r.names != null ? " (names allowed: " + String.join(", ", new java.util.TreeSet<>(r.names.keySet())) + ")" : ""));
        }
        if (n < 0) {
            throw invalid(expression, r.name + ": negative number (" + n + ") not allowed: " + text);
        }
        return n;
    }

    private static InvalidConfigurationException invalid(String expression, String rule) {
        return new InvalidConfigurationException("schedule '" + expression + "'", rule);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule c && c.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
