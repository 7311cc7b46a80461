package io.streamsdr.helm.internal;

import io.streamsdr.core.InvalidConfigurationException;
import java.util.regex.Pattern;

/** Helm and Kubernetes name rules, checked before any call. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Helm's release name rule (pkg/chartutil ValidateReleaseName). */
    private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Names() {
    }

    /** A namespace: a DNS-1123 label. */
    public static String namespace(String value) {
        if (value == null) {
            throw new InvalidConfigurationException("namespace", "must not be null");
        }
        if (value.length() > 63 || !LABEL.matcher(value).matches()) {
            throw new InvalidConfigurationException("namespace '" + value + "'",
                    "must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        return value;
    }

    /** A release name as Helm accepts it: at most 53 characters, lower-case DNS-1123 subdomain. */
    public static String release(String value) {
        if (value == null) {
            throw new InvalidConfigurationException("release name", "must not be null");
        }
        if (value.length() > 53 || !RELEASE.matcher(value).matches()) {
            throw new InvalidConfigurationException("release name '" + value + "'",
                    "must be at most 53 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit (Helm's rule)");
        }
        return value;
    }
}
