package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How the delay between two tries grows: the n-th delay is
 * {@code min(initial × multiplier^(n-1), max)}, then spread by ± {@code jitter} of itself so that many
 * clients do not poll in step. Immutable; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.exponential(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60)).withJitter(0.1);
 * }</pre>
 *
 * @param initial    the first delay; positive
 * @param multiplier how much each delay grows over the one before; at least 1.0
 * @param max        no delay is longer; at least {@code initial}
 * @param jitter     fraction of each delay added or removed at random, from 0.0 (none) to 1.0
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    /**
     * @throws InvalidConfigurationException when {@code initial} is not positive, {@code multiplier}
     *         is below 1.0 or not finite, {@code max} is below {@code initial}, or {@code jitter} is
     *         outside [0, 1]
     */
    public Backoff {
        Check.positive("backoff initial", initial);
        Check.notNull("backoff max", max);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new InvalidConfigurationException("backoff multiplier", "must be a finite number >= 1.0, was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new InvalidConfigurationException("backoff max",
                    "must be at least the initial delay " + Durations.format(initial) + ", was " + Durations.format(max));
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidConfigurationException("backoff jitter", "must be between 0.0 and 1.0, was " + jitter);
        }
    }

    /** The same delay every time, no jitter. */
    public static Backoff fixed(Duration delay) {
        return new Backoff(delay, 1.0, delay, 0.0);
    }

    /** Delays that grow by {@code multiplier} from {@code initial} up to {@code max}, no jitter. */
    public static Backoff exponential(Duration initial, double multiplier, Duration max) {
        return new Backoff(initial, multiplier, max, 0.0);
    }

    /** A copy with this jitter (0.0 to 1.0). */
    public Backoff withJitter(double jitter) {
        return new Backoff(initial, multiplier, max, jitter);
    }

    /**
     * The delay before try {@code n + 1}, after {@code n} tries ({@code n >= 1}), jitter applied.
     *
     * @param random where the jitter comes from
     */
    public Duration delayAfter(int n, RandomGenerator random) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, was " + n);
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, n - 1);
        double capped = Math.min(nanos, max.toNanos());
        if (jitter > 0) {
            capped = capped * (1.0 + jitter * (2 * random.nextDouble() - 1));
        }
        return Duration.ofNanos(Math.max(1, (long) capped));
    }
}
