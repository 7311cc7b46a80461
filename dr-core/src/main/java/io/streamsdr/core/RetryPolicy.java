package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How many times a step is tried and how long it waits in between. Immutable.
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.attempts(3).withBackoff(Backoff.exponential(Duration.ofSeconds(5), 2, Duration.ofMinutes(1)));
 * }</pre>
 *
 * <p>By default every exception is retried except {@link InvalidConfigurationException} and
 * {@link PreconditionFailedException}: trying again cannot fix a bad value or make a guard rail
 * agree. A step told to stop (cancellation, fail-fast) is never retried.
 */
public final class RetryPolicy {
    private static final Predicate<Throwable> DEFAULT_RETRY_ON =
            t -> !(t instanceof InvalidConfigurationException) && !(t instanceof PreconditionFailedException);
    private static final RetryPolicy NONE = new RetryPolicy(1, Backoff.fixed(Duration.ofSeconds(1)), DEFAULT_RETRY_ON);

    private final int maxAttempts;
    private final Backoff backoff;
    private final Predicate<Throwable> retryOn;

    private RetryPolicy(int maxAttempts, Backoff backoff, Predicate<Throwable> retryOn) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.retryOn = retryOn;
    }

    /** One attempt, no retry. The default for every step. */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * Up to {@code maxAttempts} attempts in all, 1 s apart until you set a {@link #withBackoff backoff}.
     *
     * @throws InvalidConfigurationException when {@code maxAttempts} is below 1 or above 100
     */
    public static RetryPolicy attempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new InvalidConfigurationException("retry maxAttempts", "must be between 1 and 100, was " + maxAttempts);
        }
        return new RetryPolicy(maxAttempts, NONE.backoff, DEFAULT_RETRY_ON);
    }

    /** A copy that waits by this backoff between attempts. */
    public RetryPolicy withBackoff(Backoff backoff) {
        return new RetryPolicy(maxAttempts, Check.notNull("retry backoff", backoff), retryOn);
    }

    /**
     * A copy that retries only failures matching {@code retryOn}; invalid configuration and refused
     * preconditions are still never retried.
     */
    public RetryPolicy withRetryOn(Predicate<Throwable> retryOn) {
        Predicate<Throwable> p = Check.notNull("retry retryOn", retryOn);
        return new RetryPolicy(maxAttempts, backoff, t -> DEFAULT_RETRY_ON.test(t) && p.test(t));
    }

    /** Attempts in all, counting the first. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait between attempts. */
    public Backoff backoff() {
        return backoff;
    }

    /** Whether a failure of this kind may be retried. */
    public boolean retries(Throwable failure) {
        return retryOn.test(Objects.requireNonNull(failure));
    }

    @Override
    public String toString() {
        return maxAttempts == 1 ? "no retry" : maxAttempts + " attempts, backoff " + backoff;
    }
}
