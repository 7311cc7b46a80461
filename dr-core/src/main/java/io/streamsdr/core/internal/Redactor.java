package io.streamsdr.core.internal;

import io.streamsdr.core.Secret;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** Replaces every secret value a run knows with {@link Secret#MASK}, in strings and in exception chains. */
public final class Redactor {
    /** Longest first, so a secret that contains another (a JAAS line holding a password) is masked whole. */
    private final Set<String> values = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    public void add(Secret secret) {
        if (secret != null) {
            values.add(secret.reveal());
        }
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, Secret.MASK);
            }
        }
        return out;
    }

    /**
     * The throwable itself when no message in its chain holds a secret; otherwise a copy of the chain
     * in which each exception becomes a {@link RedactedException} with the original class name, the
     * redacted message and the original stack trace.
     */
    public Throwable redact(Throwable t) {
        if (t == null || !containsSecret(t)) {
            return t;
        }
        RedactedException copy = new RedactedException(t.getClass().getName(), redact(t.getMessage()), redact(t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    private boolean containsSecret(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(redact(m))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** Stands in for an exception whose message held a secret. */
    public static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        RedactedException(String originalClass, String message, Throwable cause) {
            super(originalClass + (message == null ? "" : ": " + message), cause);
            this.originalClass = originalClass;
        }

        /** The class of the exception this one replaces. */
        public String originalClass() {
            return originalClass;
        }
    }
}
