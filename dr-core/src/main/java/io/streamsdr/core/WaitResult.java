package io.streamsdr.core;

import java.time.Duration;

/**
 * How a successful wait ended: the value that satisfied it, how many times it looked, and how long
 * it took. Waits that fail throw {@link TimedOutException} or {@link TerminalStateException}
 * instead, with the same figures.
 *
 * @param value     the last observation (null when success came from an exception acceptor)
 * @param attempts  how many times the probe ran
 * @param elapsed   from the start of the wait to its end, on the poller's clock
 * @param lastState the last observation as {@link Wait#withStateDescription} shows it
 * @param <T>       what the wait observed
 */
public record WaitResult<T>(T value, int attempts, Duration elapsed, String lastState) {
}
