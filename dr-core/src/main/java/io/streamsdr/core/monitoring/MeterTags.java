package io.streamsdr.core.monitoring;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cardinality rules of the meters' tags: a tag value is a short name fixed for the life of the process,
 * never an id, a timestamp, an offset or a message; a tag key is never one whose values are unbounded.
 */
final class MeterTags {
    /** Set by the meters themselves, or by Prometheus. */
    static final Set<String> RESERVED_KEYS = Set.of("component", "kind", "plan", "drill", "outcome", "job", "instance", "le", "quantile");
    /** Keys whose values have no bound: each new value is a new time series. */
    static final Set<String> UNBOUNDED_KEYS = Set.of("partition", "topic_partition", "offset", "snapshot", "snapshot_id", "backup",
            "backup_name", "recovery_point", "recovery_point_id", "restore", "id", "uuid", "run", "run_id", "timestamp", "time", "date",
            "error", "message", "reason", "pod", "step");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9 ._/-]{1,64}");
    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{6,}");
    private static final int MAX_WORDS = 4;

    private MeterTags() {
    }

    static String key(String key) {
        Check.notNull("meter tag key", key);
        if (!KEY.matcher(key).matches()) {
            throw new InvalidConfigurationException("meter tag key '" + key + "'",
                    "must be 1 to 40 characters: a lower-case letter, then lower-case letters, digits or '_'");
        }
        if (RESERVED_KEYS.contains(key)) {
            throw new InvalidConfigurationException("meter tag key '" + key + "'", "is set by the meters themselves (component, kind, plan, "
                    + "drill, outcome) or by Prometheus (job, instance, le, quantile): choose another key");
        }
        if (UNBOUNDED_KEYS.contains(key)) {
            throw new InvalidConfigurationException("meter tag key '" + key + "'", "would give every " + key.replace('_', ' ')
                    + " its own time series (unbounded cardinality): the meters are per component, mirror, plan and drill, never per "
                    + "partition, recovery point, run or error; tag with something fixed for the process, such as env or region");
        }
        return key;
    }

    /** A value fixed for the process: a name, not an id, a timestamp or a message. */
    static String value(String field, String value) {
        Check.notNull(field, value);
        if (!VALUE.matcher(value).matches() || value.isBlank() || !value.strip().equals(value)) {
            throw new InvalidConfigurationException(field, "'" + value + "' must be 1 to 64 characters of letters, digits, ' ', '.', '_', '-' "
                    + "and '/', with no space at either end: a tag value is a name, not a message");
        }
        if (DIGIT_RUN.matcher(value).find()) {
            throw new InvalidConfigurationException(field, "'" + value + "' looks like a timestamp, an id or an offset (it has a run of 6 or "
                    + "more digits): each new value would start a new time series; use a name that is fixed for the process");
        }
        int words = value.split(" +").length;
        if (words > MAX_WORDS) {
            throw new InvalidConfigurationException(field, "'" + value + "' has " + words + " words, more than " + MAX_WORDS
                    + ": a tag value is a name, not a message");
        }
        return value;
    }

    static String kind(String target, String kind) {
        String field = "kind of backup target '" + target + "' (a meter tag value)";
        Check.notNull(field, kind);
        if (!KIND.matcher(kind).matches()) {
            throw new InvalidConfigurationException(field, "'" + kind + "' must be 1 to 32 characters: a lower-case letter, then "
                    + "lower-case letters, digits, '_' or '-' (rds, kafka, velero)");
        }
        return kind;
    }
}
