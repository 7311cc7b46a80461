package io.streamsdr.aws.internal;

import io.streamsdr.core.CallFailedException;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Sorts AWS SDK exceptions into "try again later" and the rest. Every method looks through a
 * {@link CallFailedException} (see {@link AwsCalls}) to the SDK exception it wraps.
 */
public final class AwsErrors {
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "SlowDown");

    private AwsErrors() {
    }

    /** The SDK exception behind {@code t}: {@code t} itself, or the cause of a {@link CallFailedException}. */
    public static Throwable unwrap(Throwable t) {
        return t instanceof CallFailedException c && c.getCause() != null ? c.getCause() : t;
    }

    /** The AWS error code, or null. */
    public static String code(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return null;
    }

    /** Whether AWS said "slow down". */
    public static boolean isThrottling(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof AwsServiceException e) {
            String c = code(e); // null when the answer had no code (a 403 or 500 body the SDK could not parse): Set.of refuses null
            return e.isThrottlingException() || (c != null && THROTTLING.contains(c)) || e.statusCode() == 429;
        }
        return t instanceof SdkServiceException s && s.statusCode() == 429;
    }

    /** Whether the failure is on AWS's side or on the way there and may pass: throttling, a 5xx, an I/O error. */
    public static boolean isTransient(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (isThrottling(t)) {
            return true;
        }
        if (t instanceof SdkServiceException s) {
            return s.statusCode() >= 500;
        }
        return t instanceof SdkClientException && t.getCause() instanceof IOException;
    }

    /** Whether the error code is {@code code}. */
    public static boolean hasCode(Throwable t, String... codes) {
        String c = code(t);
        for (String x : codes) {
            if (x.equals(c)) {
                return true;
            }
        }
        return false;
    }

    /** A short description for messages: the code, the status and AWS's message. */
    public static String describe(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof AwsServiceException e) {
            String c = code(e);
            String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            return (c == null ? "HTTP " + e.statusCode() : c + " (HTTP " + e.statusCode() + ")") + (m == null ? "" : ": " + m);
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
