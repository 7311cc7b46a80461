package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;

/**
 * When a wait first looks, how the interval between looks grows, and when it gives up. Immutable;
 * every {@code with*} returns a copy.
 *
 * <p>Defaults ({@link #defaults()}): first look at once, then every 1 s growing by 1.5× up to
 * 30 s with 10% jitter, give up after 10 minutes. Providers ship policies sized for their
 * service (an RDS restore: first look after 30 s, up to 60 s apart, 2 hours).
 *
 * @param initialDelay how long to wait before the first look; zero or more
 * @param backoff      the interval between looks
 * @param timeout      give up after this long (the last look is made at the timeout); positive
 */
public record PollPolicy(Duration initialDelay, Backoff backoff, Duration timeout) {
    private static final PollPolicy DEFAULTS = new PollPolicy(Duration.ZERO,
            Backoff.exponential(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30)).withJitter(0.1), Duration.ofMinutes(10));

    /**
     * @throws InvalidConfigurationException when {@code initialDelay} is negative, {@code backoff} is
     *         null, or {@code timeout} is not positive
     */
    public PollPolicy {
        Check.notNegative("poll initialDelay", initialDelay);
        Check.notNull("poll backoff", backoff);
        Check.positive("poll timeout", timeout);
    }

    /** The defaults described above. */
    public static PollPolicy defaults() {
        return DEFAULTS;
    }

    /** A copy that first looks after {@code initialDelay}. */
    public PollPolicy withInitialDelay(Duration initialDelay) {
        return new PollPolicy(initialDelay, backoff, timeout);
    }

    /** A copy with this interval between looks. */
    public PollPolicy withBackoff(Backoff backoff) {
        return new PollPolicy(initialDelay, backoff, timeout);
    }

    /** A copy that polls every {@code pollInterval}, growing by {@code multiplier} up to {@code maxPollInterval}, keeping the jitter. */
    public PollPolicy withPollInterval(Duration pollInterval, double multiplier, Duration maxPollInterval) {
        return withBackoff(new Backoff(pollInterval, multiplier, maxPollInterval, backoff.jitter()));
    }

    /** A copy that gives up after {@code timeout}. */
    public PollPolicy withTimeout(Duration timeout) {
        return new PollPolicy(initialDelay, backoff, timeout);
    }
}
