package io.streamsdr.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a successful wait ended: the value that satisfied it, how many times it looked, and how long
 * it took. Waits that fail throw {@link TimedOutException} or {@link TerminalStateException}
 * instead, with the same figures. Immutable.
 *
 * @param <T> what the wait observed
 */
public final class WaitResult<T> {
    private final T value;
    private final int attempts;
    private final Duration elapsed;
    private final String lastState;

    /**
     * Made by the {@link Poller}.
     *
     * @param value     the last observation; null when success came from an exception acceptor
     * @param attempts  how many times the probe ran
     * @param elapsed   from the start of the wait to its end, on the poller's clock
     * @param lastState the last observation as {@link Wait#withStateDescription} shows it
     */
    WaitResult(T value, int attempts, Duration elapsed, String lastState) {
        this.value = value;
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.lastState = lastState == null ? "none" : lastState;
    }

    /** The last observation; empty when success came from an exception acceptor (a "not found" that means done). */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** How many times the probe ran. */
    public int attempts() {
        return attempts;
    }

    /** From the start of the wait to its end, on the poller's clock. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The last observation as {@link Wait#withStateDescription} shows it. */
    public String lastState() {
        return lastState;
    }

    @Override
    public String toString() {
        return "WaitResult[" + lastState + ", attempts=" + attempts + ", elapsed=" + elapsed + "]";
    }
}
