package io.streamsdr.kafka.internal;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builder-time checks of dr-kafka; each throws {@link InvalidConfigurationException} naming the field and the rule. */
public final class Rules {
    /** A cluster alias: MirrorMaker 2 uses it as a property prefix and in internal topic names. */
    public static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");

    private Rules() {
    }

    public static <T> T notNull(String field, T value) {
        return Check.notNull(field, value);
    }

    public static String notBlank(String field, String value) {
        return Check.notBlank(field, value);
    }

    public static String alias(String field, String value) {
        notNull(field, value);
        if (!ALIAS.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit"
                            + " (MirrorMaker 2 uses it as a property prefix, so no '.' and no '->')");
        }
        return value;
    }

    /** A comma-separated host:port list, normalised (trimmed, no empty entries). */
    public static String bootstrapServers(String field, String value) {
        notBlank(field, value);
        List<String> out = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new InvalidConfigurationException(field + " '" + value + "'", "must be a comma-separated list of host:port without empty entries");
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new InvalidConfigurationException(field + " entry '" + entry + "'", "must be host:port");
            }
            String host = entry.substring(0, colon);
            String port = entry.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw new InvalidConfigurationException(field + " entry '" + entry + "'",
                        "must start with a host name or IP address (letters, digits, '.', '-'; IPv6 in brackets)");
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(field + " entry '" + entry + "'", "port must be a number from 1 to 65535");
            }
            if (p < 1 || p > 65535) {
                throw new InvalidConfigurationException(field + " entry '" + entry + "'", "port must be from 1 to 65535, was " + p);
            }
            out.add(host + ":" + p);
        }
        return String.join(",", out);
    }

    public static String regex(String field, String value) {
        notBlank(field, value);
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be a valid Java regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        return value;
    }

    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidConfigurationException(field, "must be at least " + min + ", was " + value);
        }
        return value;
    }

    public static Duration positive(String field, Duration value) {
        return Check.positive(field, value);
    }

    public static Duration notNegative(String field, Duration value) {
        return Check.notNegative(field, value);
    }
}
