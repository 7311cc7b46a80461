package io.streamsdr.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A value that must never be shown: a password, a JAAS line, an AWS secret key.
 *
 * <p>{@link #toString()} prints {@code Secret[****]}; the value comes out only through
 * {@link #reveal()}, which you call at the one place that needs it (the client that sends it, the
 * owner-only file that must hold it). Steps that handle a secret declare it with
 * {@link StepContext#protect(Secret)} or {@link RestorePlan.Builder#withSecret(Secret)}; the run
 * then replaces its value with {@value #MASK} in reports, events, log lines and error messages,
 * even when a third-party exception quotes it.
 */
public final class Secret {
    /** What stands in for a secret value wherever it would otherwise be shown. */
    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @throws InvalidConfigurationException when the value is null or empty
     */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidConfigurationException("secret", "must not be null or empty");
        }
        return new Secret(value);
    }

    /** The value itself. Call it only where the value must leave the program. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Secret.class.hashCode();
    }

    /** Always {@code Secret[****]}. */
    @Override
    public String toString() {
        return "Secret[" + MASK + "]";
    }
}
