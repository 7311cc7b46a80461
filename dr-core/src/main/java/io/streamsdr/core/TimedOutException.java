package io.streamsdr.core;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A wait or a step ran past its time limit. Says what was awaited, the limit, how many times it
 * was checked, and the last state seen.
 */
public class TimedOutException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final Duration limit;
    private final int attempts;
    private final String lastState;

    /**
     * @param what      what was awaited, e.g. {@code "RDS instance 'streams-dr' to be available"}
     * @param limit     the limit that was reached
     * @param attempts  how many times the state was checked (0 for a step that did no wait)
     * @param lastState the last state seen, or {@code null} when none was seen
     */
    public TimedOutException(String what, Duration limit, int attempts, String lastState) {
        super(Objects.requireNonNull(what, "what") + " did not complete within " + Durations.format(limit)
                + (attempts > 0 ? " (" + attempts + (attempts == 1 ? " check" : " checks") + ")" : "")
                + (lastState == null ? "" : "; last state seen: " + lastState));
        this.what = what;
        this.limit = limit;
        this.attempts = attempts;
        this.lastState = lastState;
    }

    /** What was awaited. */
    public String what() {
        return what;
    }

    /** The limit that was reached. */
    public Duration limit() {
        return limit;
    }

    /** How many times the state was checked. */
    public int attempts() {
        return attempts;
    }

    /** The last state seen, or {@code null}. */
    public String lastState() {
        return lastState;
    }
}
