package io.streamsdr.velero.internal;

import io.streamsdr.core.InvalidConfigurationException;
import java.util.regex.Pattern;

/** Kubernetes name rules (DNS-1123), checked before any API call. */
public final class KubeNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_KEY_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private KubeNames() {
    }

    /**
     * A DNS-1123 label (namespaces): 1 to 63 lower-case letters, digits and '-', starting and
     * ending with a letter or digit.
     */
    public static String label(String field, String value) {
        notNull(field, value);
        if (value.length() > 63 || !LABEL.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        return value;
    }

    /**
     * A DNS-1123 subdomain of at most {@code max} characters (object names): lower-case letters,
     * digits, '-' and '.', each dot-separated part starting and ending with a letter or digit.
     */
    public static String subdomain(String field, String value, int max) {
        notNull(field, value);
        if (value.length() > max || !SUBDOMAIN.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be a DNS-1123 subdomain of at most " + max
                            + " characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return value;
    }

    /** A label key: an optional DNS-1123 subdomain prefix and '/', then a name of 1 to 63 characters. */
    public static String labelKey(String field, String key) {
        notNull(field, key);
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            subdomain(field + " prefix", key.substring(0, slash), 253);
        }
        if (name.length() > 63 || !LABEL_KEY_NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException(field + " '" + key + "'",
                    "must be a label key: [prefix/]name, the name 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return key;
    }

    /** A label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or empty. */
    public static String labelValue(String field, String value) {
        notNull(field, value);
        if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            throw new InvalidConfigurationException(field + " '" + value + "'",
                    "must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return value;
    }

    private static void notNull(String field, String value) {
        if (value == null) {
            throw new InvalidConfigurationException(field, "must not be null");
        }
    }
}
