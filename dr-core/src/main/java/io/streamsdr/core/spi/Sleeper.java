package io.streamsdr.core.spi;

import java.time.Duration;

/**
 * The one way Streams DR waits. Every wait in the library (the poller, retry backoff, step
 * sleeps) goes through a sleeper, so that tests can run on virtual time: dr-testkit's
 * {@code VirtualClock} is a {@link java.time.Clock} and a {@code Sleeper} at once, and a two-hour
 * RDS restore takes milliseconds.
 *
 * <p>A sleeper that simulates time must know how many threads may still act before it moves the
 * clock forward; the plan engine tells it with {@link #workStarted()} and {@link #workFinished()}
 * around each step it runs. Real-time sleepers ignore both.
 */
public interface Sleeper {

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException when the waiting thread is interrupted (a cancelled step)
     */
    void sleep(Duration duration) throws InterruptedException;

    /** One more unit of concurrent work (a plan step) is about to run; called before it is handed to a thread. */
    default void workStarted() {
    }

    /** A unit of work announced by {@link #workStarted()} has ended. */
    default void workFinished() {
    }

    /**
     * Whether this sleeper simulates time, moving its clock only when the work it was told of is asleep
     * (dr-testkit's {@code VirtualClock}). False for every sleeper that passes real time, scaled or not
     * (dr-testkit's {@code ScaledClock}): for those the plan engine enforces a step's timeout even on a
     * step that blocks outside the sleeper, with a watchdog that itself sleeps through this sleeper.
     * Default false.
     */
    default boolean simulatesTime() {
        return false;
    }

    /**
     * How many seconds of this sleeper's clock pass per real second: 1 for real time (the default), the factor of a
     * scaled clock (dr-testkit's {@code ScaledClock} x60: 60). Reports use it to label their times "(simulated)" or
     * "(real)" and to show a check's real duration unscaled. A sleeper that {@link #simulatesTime()} has no fixed
     * scale: its times are simulated whatever this returns.
     */
    default double timeScale() {
        return 1;
    }

    /** Real time: {@link Thread#sleep}. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

/** The real-time sleeper: the one place in the library that calls {@code Thread.sleep}. */
enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
