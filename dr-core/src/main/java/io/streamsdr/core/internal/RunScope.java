package io.streamsdr.core.internal;

import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Secret;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every part of one run shares: the plan, the run's time (clock, sleeper and the poller on
 * them), its listeners, its redactor, the values steps published, and whether the run was asked to
 * stop. Safe to use from any thread.
 */
final class RunScope {
    final RestorePlan plan;
    final Clock clock;
    final Sleeper sleeper;
    final Listeners listeners;
    final Redactor redactor = new Redactor();
    /** The run's poller, before a step adds its jitter, progress and deadline. */
    final Poller poller;
    /** Published values by output name: written by a step before its success is posted, read by later steps. */
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private volatile boolean cancelRequested;

    RunScope(RestorePlan plan, RunOptions options) {
        this.plan = plan;
        this.clock = options.clock();
        this.sleeper = options.sleeper();
        this.listeners = new Listeners(options.listeners());
        this.poller = Poller.using(clock, sleeper);
        plan.secrets().forEach(redactor::add);
    }

    /** A value an output holds from now on; a secret value is redacted everywhere from now on. */
    void keep(String output, Object value) {
        if (value instanceof Secret s) {
            redactor.add(s);
        }
        values.put(output, value);
    }

    /** The value an output holds, or null when no step published it. */
    Object value(String output) {
        return values.get(output);
    }

    /** Asks every part of the run to stop: no step starts, running steps see {@code isCancelled()}. */
    void requestCancel() {
        cancelRequested = true;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }
}
