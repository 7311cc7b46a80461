package io.streamsdr.core;

import java.util.Objects;

/**
 * A call outside the library failed, for a reason none of the other exceptions names: a service's API
 * (AWS, Kubernetes, Kafka, Helm, a database) answered with an error or could not be reached, or a file
 * could not be read or written. The message names what was called and on what, and the cause is the
 * original exception, kept whole.
 *
 * <pre>{@code
 * throw new CallFailedException("DescribeDBInstances of RDS instance 'streams-db'", e);
 * // "Call failed: DescribeDBInstances of RDS instance 'streams-db': Rate exceeded (Service: Rds, Status Code: 400)"
 * }</pre>
 */
public class CallFailedException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String call;

    /**
     * @param call  what was called, on what ({@code "ListOffsets of Kafka cluster 'backup' (127.0.0.1:29092)"})
     * @param cause what the call threw
     */
    public CallFailedException(String call, Throwable cause) {
        super("Call failed: " + Objects.requireNonNull(call, "call") + ": " + describe(cause), cause);
        this.call = call;
    }

    /** What was called, on what. */
    public String call() {
        return call;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
