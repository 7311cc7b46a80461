package io.streamsdr.helm.internal;

import io.streamsdr.core.Secret;
import java.util.List;

/**
 * What Helm reported when a command failed (its error, or its exit code and standard error), with
 * every secret value replaced by {@value Secret#MASK}: the cause of the
 * {@link io.streamsdr.core.CallFailedException} that dr-helm throws. Helm quotes values in its
 * errors (a template's {@code fail}, a YAML error), so an error that holds a secret is never kept
 * as it is: it is replaced by a masked copy with the same stack trace.
 */
public final class HelmOutput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what Helm reported, already masked */
    public HelmOutput(String message) {
        super(message);
    }

    private HelmOutput(String message, Throwable cause, StackTraceElement[] stackTrace) {
        super(message, cause);
        setStackTrace(stackTrace);
    }

    /**
     * {@code failure} itself when no secret's value appears in its messages (causes and suppressed
     * exceptions included); otherwise a masked copy of the whole chain.
     */
    public static Throwable safe(Throwable failure, List<Secret> secrets) {
        return leaks(failure, secrets, 0) ? maskedCopy(failure, secrets, 0) : failure;
    }

    /** {@code text} with every secret's value replaced by the mask. */
    public static String mask(String text, List<Secret> secrets) {
        String masked = text;
        for (Secret s : secrets) {
            if (!s.reveal().isEmpty()) {
                masked = masked.replace(s.reveal(), Secret.MASK);
            }
        }
        return masked;
    }

    private static boolean leaks(Throwable t, List<Secret> secrets, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String message = String.valueOf(t.getMessage());
        if (!mask(message, secrets).equals(message)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (leaks(s, secrets, depth + 1)) {
                return true;
            }
        }
        return leaks(t.getCause(), secrets, depth + 1);
    }

    private static Throwable maskedCopy(Throwable t, List<Secret> secrets, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        HelmOutput copy = new HelmOutput(t.getMessage() == null ? t.getClass().getName() : mask(t.getMessage(), secrets),
                maskedCopy(t.getCause(), secrets, depth + 1), t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(maskedCopy(s, secrets, depth + 1));
        }
        return copy;
    }
}
