package io.streamsdr.core;

import java.time.Duration;

/**
 * One look of a wait that did not end it, given to progress listeners.
 *
 * @param what     what is awaited
 * @param attempt  the look just made, counting from 1
 * @param elapsed  since the wait started
 * @param state    the state seen, as the wait describes it
 * @param nextLook how long until the next look
 */
public record WaitProgress(String what, int attempt, Duration elapsed, String state, Duration nextLook) {
}
