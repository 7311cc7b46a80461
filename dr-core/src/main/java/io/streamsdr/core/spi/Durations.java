package io.streamsdr.core.spi;

import java.time.Duration;

/**
 * Formats durations the way the library's reports and messages show them: {@code 2h}, {@code 1m30s},
 * {@code 250ms}. For providers and checks whose messages should read like the reports.
 */
public final class Durations {
    private Durations() {
    }

    /** Formats a duration compactly; {@code null} gives {@code "-"}. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            long micros = d.toNanos() / 1000;
            return micros >= 1000 || micros == 0 ? d.toMillis() + "ms" : micros + "us";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        int millis = d.toMillisPart();
        if (d.toSecondsPart() > 0 || millis > 0) {
            if (millis > 0 && days == 0 && d.toHours() == 0) {
                sb.append(String.format(java.util.Locale.ROOT, "%d.%03ds", d.toSecondsPart(), millis).replaceAll("0+s$", "s"));
            } else if (d.toSecondsPart() > 0) {
                sb.append(d.toSecondsPart()).append('s');
            }
        }
        return sb.toString();
    }
}
