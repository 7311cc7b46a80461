package io.streamsdr.core.internal;

import io.streamsdr.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Builder-time checks that throw {@link InvalidConfigurationException} naming the field and the rule. */
public final class Check {
    /** Ids of steps, outputs and plans: a letter or digit, then letters, digits, '.', '_' or '-', 63 at most. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Check() {
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidConfigurationException(field, "must not be null");
        }
        return value;
    }

    public static String id(String field, String value) {
        notNull(field, value);
        if (!ID.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 1 to 63 characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    public static Duration positive(String field, Duration value) {
        notNull(field, value);
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(field, "must be positive, was " + Durations.format(value));
        }
        return value;
    }

    public static Duration notNegative(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative()) {
            throw new InvalidConfigurationException(field, "must not be negative, was " + Durations.format(value));
        }
        return value;
    }

    public static String notBlank(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new InvalidConfigurationException(field, "must not be blank");
        }
        return value;
    }
}
