package io.streamsdr.core.internal;

import io.streamsdr.core.PlanListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls listeners one at a time; a listener that throws is logged and the run goes on. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final List<PlanListener> listeners;

    Listeners(List<PlanListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Tells the console listeners which time the run keeps, so that their lines can say "simulated" or "real". */
    void timeOf(io.streamsdr.core.spi.Sleeper sleeper) {
        for (PlanListener l : listeners) {
            if (l instanceof ConsoleProgress console) {
                console.timeOf(sleeper);
            }
        }
    }

    synchronized void fire(Consumer<PlanListener> event) {
        for (PlanListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.warn("Listener {} threw {} (ignored: a listener cannot break a run)", l.getClass().getName(), e.toString());
            }
        }
    }
}
