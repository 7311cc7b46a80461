package io.streamsdr.core.internal;

import io.streamsdr.core.spi.Sleeper;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Holds a step's timeout on a sleeper that passes real time (scaled or not), even for a step that
 * blocks outside the poller: for each attempt, a watchdog sleeps the step's timeout through the same
 * sleeper, then marks the step timed out and interrupts it. On a sleeper that simulates time it does
 * nothing: there the poller's deadline is exact, and a sleeping watchdog would hold virtual time back.
 */
final class Watchdog implements AutoCloseable {
    private final Sleeper sleeper;
    /** Null when the sleeper simulates time. */
    private final ExecutorService pool;

    Watchdog(Sleeper sleeper) {
        this.sleeper = sleeper;
        this.pool = sleeper.simulatesTime() ? null : Executors.newCachedThreadPool(DaemonThreads.named("streams-dr-watchdog-"));
    }

    /**
     * Watches the attempt running on the calling thread.
     *
     * @return what to cancel (with interruption) when the attempt ends first; null when nothing watches
     */
    Future<?> arm(StepState st) {
        if (pool == null || st.step.timeout().isEmpty()) {
            return null;
        }
        Thread worker = Thread.currentThread();
        Duration limit = st.step.timeout().get();
        return pool.submit(() -> {
            try {
                sleeper.sleep(limit);
            } catch (InterruptedException e) {
                return; // the attempt ended first
            }
            st.timedOut = true;
            worker.interrupt();
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
