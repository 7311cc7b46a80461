package io.streamsdr.core.spi;

import io.streamsdr.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Builder-time checks for those who write a provider or a {@link io.streamsdr.core.BackupTarget}: each
 * throws {@link InvalidConfigurationException} naming the field and the rule, as the library's own
 * builders do, so a user's mistake fails before any remote call with the same kind of message.
 *
 * <pre>{@code
 * this.timeout = Check.positive("timeout of step '" + id + "'", timeout);
 * }</pre>
 */
public final class Check {
    /** Ids of steps, outputs and plans: a letter or digit, then letters, digits, '.', '_' or '-', 63 at most. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Check() {
    }

    /**
     * {@code value}, when not null.
     *
     * @throws InvalidConfigurationException when it is null
     */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidConfigurationException(field, "must not be null");
        }
        return value;
    }

    /**
     * {@code value}, when it follows the id rule of steps, outputs and plans ({@link #ID}).
     *
     * @throws InvalidConfigurationException when it is null or breaks the rule
     */
    public static String id(String field, String value) {
        notNull(field, value);
        if (!ID.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 1 to 63 characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    /**
     * {@code value}, when longer than zero.
     *
     * @throws InvalidConfigurationException when it is null, zero or negative
     */
    public static Duration positive(String field, Duration value) {
        notNull(field, value);
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(field, "must be positive, was " + Durations.format(value));
        }
        return value;
    }

    /**
     * {@code value}, when zero or longer.
     *
     * @throws InvalidConfigurationException when it is null or negative
     */
    public static Duration notNegative(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative()) {
            throw new InvalidConfigurationException(field, "must not be negative, was " + Durations.format(value));
        }
        return value;
    }

    /**
     * {@code value}, when it holds more than white space.
     *
     * @throws InvalidConfigurationException when it is null or blank
     */
    public static String notBlank(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new InvalidConfigurationException(field, "must not be blank");
        }
        return value;
    }
}
