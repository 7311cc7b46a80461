package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs {@link Wait}s: the one place where Streams DR waits for something to happen. Immutable and
 * thread-safe.
 *
 * <p>Each look runs the wait's probe and tries its acceptors in order: the first match ends the
 * wait in success (a {@link WaitResult}) or in terminal failure (a {@link TerminalStateException},
 * at once, without waiting out the timeout); no match means look again after the next
 * {@link Backoff} interval. The last look is made at the timeout, never later; after it the wait
 * throws {@link TimedOutException} with the last state seen. Time is the given {@link Clock} and
 * every pause goes through the given {@link Sleeper}, so on dr-testkit's virtual clock an
 * hour-long wait takes no real time.
 *
 * <p>Inside a plan step use {@link StepContext#poller()}: it also honours the step's timeout and
 * cancellation and reports progress as step events.
 */
public final class Poller {
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Consumer<WaitProgress> progress;
    private final Instant deadline;
    private final Supplier<? extends RuntimeException> onDeadline;

    private Poller(Clock clock, Sleeper sleeper, RandomGenerator random, Consumer<WaitProgress> progress,
            Instant deadline, Supplier<? extends RuntimeException> onDeadline) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.progress = progress;
        this.deadline = deadline;
        this.onDeadline = onDeadline;
    }

    /**
     * A poller on this clock and sleeper.
     *
     * @throws InvalidConfigurationException when either is null
     */
    public static Poller using(Clock clock, Sleeper sleeper) {
        return new Poller(Check.notNull("poller clock", clock), Check.notNull("poller sleeper", sleeper),
                new SplittableRandom(), p -> { }, null, null);
    }

    /** A poller on the system clock and real time. */
    public static Poller system() {
        return using(Clock.systemUTC(), Sleeper.system());
    }

    /** A copy that draws jitter from {@code random} (seed it for repeatable tests). */
    public Poller withRandom(RandomGenerator random) {
        return new Poller(clock, sleeper, Check.notNull("poller random", random), progress, deadline, onDeadline);
    }

    /**
     * A copy that also tells {@code listener} about every look that did not end the wait (after the
     * listeners already added). Exceptions from it are ignored.
     */
    public Poller onProgress(Consumer<WaitProgress> listener) {
        Consumer<WaitProgress> l = Check.notNull("poller progress listener", listener);
        Consumer<WaitProgress> guarded = p -> {
            try {
                l.accept(p);
            } catch (RuntimeException ignored) {
                // a listener must not break a wait
            }
        };
        return new Poller(clock, sleeper, random, progress.andThen(guarded), deadline, onDeadline);
    }

    /**
     * A copy that also stops every wait and sleep at {@code deadline}, whatever their own timeouts,
     * by throwing what {@code onPassed} supplies. A plan step's poller carries the step's timeout this way.
     */
    public Poller withDeadline(Instant deadline, Supplier<? extends RuntimeException> onPassed) {
        return new Poller(clock, sleeper, random, progress, Check.notNull("poller deadline", deadline),
                Check.notNull("poller deadline exception", onPassed));
    }

    /**
     * Sleeps {@code duration} through the sleeper, but not past this poller's deadline.
     *
     * @throws CancellationException when the thread is interrupted
     * @throws RuntimeException      what the deadline's supplier gives, when the deadline passes
     */
    public void sleep(Duration duration) {
        Check.notNegative("sleep duration", duration);
        pause(clock.instant(), duration);
    }

    /** The clock this poller reads. */
    public Clock clock() {
        return clock;
    }

    /**
     * Polls until an acceptor ends the wait or the policy's timeout passes.
     *
     * @return how the wait succeeded
     * @throws TerminalStateException when a failure acceptor matched
     * @throws TimedOutException      when the timeout (or the enclosing step's timeout) passed first
     * @throws CancellationException  when the thread was interrupted (the step was cancelled)
     * @throws RuntimeException       what the probe threw, when no acceptor matched it
     */
    public <T> WaitResult<T> await(Wait<T> wait, PollPolicy policy) {
        Check.notNull("wait", wait);
        Check.notNull("poll policy", policy);
        Instant start = clock.instant();
        Instant waitDeadline = start.plus(policy.timeout());
        int attempts = 0;
        String lastState = null;
        pause(start, policy.initialDelay());
        while (true) {
            attempts++;
            Acceptor.Outcome outcome = Acceptor.Outcome.RETRY;
            T value = null;
            try {
                value = wait.observe();
                lastState = wait.describe(value);
                for (Acceptor<T> a : wait.acceptors()) {
                    Optional<Acceptor.Outcome> o = a.matchValue(value);
                    if (o.isPresent()) {
                        outcome = o.get();
                        if (outcome == Acceptor.Outcome.FAILURE) {
                            throw new TerminalStateException(wait.what(), a.reason(value), attempts, elapsedSince(start));
                        }
                        break;
                    }
                }
            } catch (TerminalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                lastState = e.getClass().getSimpleName() + ": " + e.getMessage();
                Acceptor<T> matched = null;
                for (Acceptor<T> a : wait.acceptors()) {
                    if (a.matchError(e).isPresent()) {
                        matched = a;
                        break;
                    }
                }
                if (matched == null) {
                    throw e;
                }
                outcome = matched.outcome();
                if (outcome == Acceptor.Outcome.FAILURE) {
                    throw new TerminalStateException(wait.what(), matched.reason(e), attempts, elapsedSince(start));
                }
            }
            if (outcome == Acceptor.Outcome.SUCCESS) {
                return new WaitResult<>(value, attempts, elapsedSince(start), lastState);
            }
            Instant now = clock.instant();
            checkOuterDeadline(now);
            if (!now.isBefore(waitDeadline)) {
                throw new TimedOutException(wait.what(), policy.timeout(), attempts, lastState);
            }
            Duration delay = policy.backoff().delayAfter(attempts, random);
            Duration untilDeadline = Duration.between(now, waitDeadline);
            if (delay.compareTo(untilDeadline) > 0) {
                delay = untilDeadline;
            }
            progress.accept(new WaitProgress(wait.what(), attempts, Duration.between(start, now), lastState, delay));
            pause(now, delay);
        }
    }

    /** Sleeps {@code delay}, but not past the enclosing step's deadline; throws when that deadline passes. */
    private void pause(Instant now, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            checkOuterDeadline(now);
            return;
        }
        Duration sleep = delay;
        if (deadline != null) {
            Duration left = Duration.between(now, deadline);
            if (left.compareTo(sleep) < 0) {
                sleep = left.isNegative() ? Duration.ZERO : left;
            }
        }
        try {
            sleeper.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("wait interrupted");
        }
        checkOuterDeadline(clock.instant());
    }

    private void checkOuterDeadline(Instant now) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("wait interrupted");
        }
        if (deadline != null && !now.isBefore(deadline)) {
            throw onDeadline.get();
        }
    }

    private Duration elapsedSince(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
