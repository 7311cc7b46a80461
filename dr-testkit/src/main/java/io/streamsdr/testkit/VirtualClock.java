package io.streamsdr.testkit;

import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Simulated time: a {@link Clock} and a {@link Sleeper} in one, so a plan with a two-hour RDS
 * restore runs in milliseconds. Give it to a run with
 * {@code RunOptions.defaults().withTime(clock, clock)} and to fakes that simulate latency.
 *
 * <p>Time moves only when every thread that can act is asleep on this clock: then it jumps to the
 * earliest wake-up and wakes the threads due. The plan engine announces each running step
 * ({@link #workStarted()}, {@link #workFinished()}), so two independent 10-minute steps end
 * together at minute 10, and a step that is still computing holds time back. A thread that is not
 * a plan step (a test calling a poller directly) moves time as soon as it sleeps.
 *
 * <p>Limits: a running step that blocks on something other than this clock (a latch, real I/O)
 * holds virtual time still until it is done; while it is, other steps' sleeps do not end.
 * {@link #advance(Duration)} moves time by hand.
 *
 * <p>Thread-safe. Copies made with {@link #withZone} share the same time.
 */
public final class VirtualClock extends Clock implements Sleeper {

    /** The default start: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Shared shared;
    private final ZoneId zone;

    private static final class Entry implements Comparable<Entry> {
        final Instant wakeAt;
        final long seq;
        final Thread thread;
        boolean woken;

        Entry(Instant wakeAt, long seq, Thread thread) {
            this.wakeAt = wakeAt;
            this.seq = seq;
            this.thread = thread;
        }

        @Override
        public int compareTo(Entry o) {
            int c = wakeAt.compareTo(o.wakeAt);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private static final class Shared {
        Instant now;
        int activeWork;
        int sleeping;
        long seq;
        long sleeps;
        final PriorityQueue<Entry> queue = new PriorityQueue<>();

        Shared(Instant now) {
            this.now = now;
        }

        /** Moves time to the earliest wake-up when everyone who can act is asleep. Call with the monitor held. */
        void maybeAdvance() {
            if (sleeping == 0 || sleeping < activeWork || queue.isEmpty()) {
                return;
            }
            for (Entry e : queue) {
                if (e.thread.isInterrupted()) {
                    return; // it is about to leave its sleep (a cancelled step): it is not asleep any more
                }
            }
            Instant next = queue.peek().wakeAt;
            if (next.isAfter(now)) {
                now = next;
            }
            while (!queue.isEmpty() && !queue.peek().wakeAt.isAfter(now)) {
                Entry e = queue.poll();
                e.woken = true;
                sleeping--;
            }
            notifyAll();
        }
    }

    private VirtualClock(Shared shared, ZoneId zone) {
        this.shared = shared;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public static VirtualClock create() {
        return startingAt(DEFAULT_START);
    }

    /** A clock at {@code start}, in UTC. */
    public static VirtualClock startingAt(Instant start) {
        return new VirtualClock(new Shared(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new VirtualClock(shared, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public Instant instant() {
        synchronized (shared) {
            return shared.now;
        }
    }

    /** Time since {@code start} on this clock. */
    public Duration elapsedSince(Instant start) {
        return Duration.between(start, instant());
    }

    /** How many sleeps have been requested on this clock (each poll and backoff is one). */
    public long sleepCount() {
        synchronized (shared) {
            return shared.sleeps;
        }
    }

    /**
     * Moves time forward by hand and wakes every sleeper now due.
     *
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        synchronized (shared) {
            shared.now = shared.now.plus(duration);
            while (!shared.queue.isEmpty() && !shared.queue.peek().wakeAt.isAfter(shared.now)) {
                Entry e = shared.queue.poll();
                e.woken = true;
                shared.sleeping--;
            }
            shared.notifyAll();
        }
    }

    /** Blocks until time reaches now + {@code duration}, on virtual time. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        synchronized (shared) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            shared.sleeps++;
            Entry e = new Entry(shared.now.plus(duration), shared.seq++, Thread.currentThread());
            shared.queue.add(e);
            shared.sleeping++;
            shared.maybeAdvance();
            while (!e.woken) {
                try {
                    shared.wait();
                } catch (InterruptedException ie) {
                    if (!e.woken) {
                        shared.queue.remove(e);
                        shared.sleeping--;
                        shared.maybeAdvance();
                    }
                    throw ie;
                }
            }
        }
    }

    @Override
    public void workStarted() {
        synchronized (shared) {
            shared.activeWork++;
        }
    }

    @Override
    public void workFinished() {
        synchronized (shared) {
            shared.activeWork--;
            shared.maybeAdvance();
        }
    }

    /** True: time moves only when the work it was told of is asleep. */
    @Override
    public boolean simulatesTime() {
        return true;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + instant() + "]";
    }
}
