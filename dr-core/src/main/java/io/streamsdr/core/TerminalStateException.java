package io.streamsdr.core;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A wait saw a state from which success can no longer come (an RDS instance in {@code failed}, a
 * Velero backup {@code PartiallyFailed}), so it stopped at once instead of waiting out its timeout.
 */
public class TerminalStateException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String reason;
    private final int attempts;
    private final Duration elapsed;

    /**
     * @param what     what was awaited
     * @param reason   why this state is terminal, with the state itself
     * @param attempts how many times the state was checked
     * @param elapsed  how long the wait ran
     */
    public TerminalStateException(String what, String reason, int attempts, Duration elapsed) {
        super(Objects.requireNonNull(what, "what") + " cannot complete: " + Objects.requireNonNull(reason, "reason")
                + " (after " + attempts + (attempts == 1 ? " check" : " checks") + " over " + Durations.format(elapsed) + ")");
        this.what = what;
        this.reason = reason;
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /** What was awaited. */
    public String what() {
        return what;
    }

    /** Why the state is terminal. */
    public String reason() {
        return reason;
    }

    /** How many times the state was checked. */
    public int attempts() {
        return attempts;
    }

    /** How long the wait ran. */
    public Duration elapsed() {
        return elapsed;
    }
}
