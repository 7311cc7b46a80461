package io.streamsdr.aws.internal;

import io.streamsdr.core.CallFailedException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Calls to AWS whose failures leave the library as {@link CallFailedException}, naming the call and the
 * resource, with the SDK's exception kept whole as the cause. {@link AwsErrors} looks through such a
 * wrapper, so acceptors and guard rails still read AWS's error code.
 */
public final class AwsCalls {
    private AwsCalls() {
    }

    /**
     * Runs {@code body}; an {@link SdkException} it throws becomes a {@link CallFailedException}.
     *
     * @param call what is called, on what: {@code "DescribeDBInstances of RDS instance 'streams-db'"}
     */
    public static <T> T call(String call, Supplier<T> body) {
        try {
            return body.get();
        } catch (SdkException e) {
            throw failed(call, e);
        }
    }

    /** {@link #call(String, Supplier)} for a call whose answer is not needed. */
    public static void run(String call, Runnable body) {
        try {
            body.run();
        } catch (SdkException e) {
            throw failed(call, e);
        }
    }

    /** The library's exception for a failed call, the SDK's exception kept as its cause. */
    public static CallFailedException failed(String call, SdkException e) {
        return new CallFailedException(call, e);
    }
}
