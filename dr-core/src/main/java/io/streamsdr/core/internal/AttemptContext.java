package io.streamsdr.core.internal;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Secret;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.core.spi.StepRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link StepContext} of one attempt of one step. Its poller carries the step's seeded jitter,
 * reports each look as the step's progress and stops at the attempt's deadline (the step's timeout);
 * checkpoints go to the journal at once; outputs reach later steps at once and the journal when the
 * step succeeds ({@link #published()}).
 */
final class AttemptContext implements StepContext {
    private final RunScope scope;
    private final RunJournal journal;
    private final StepState st;
    private final int attempt;
    private final Map<String, String> published = new HashMap<>();
    private final Poller poller;

    /** @param deadline when the step's timeout passes for this attempt; null without a timeout */
    AttemptContext(RunScope scope, RunJournal journal, StepState st, int attempt, Instant deadline) {
        this.scope = scope;
        this.journal = journal;
        this.st = st;
        this.attempt = attempt;
        Poller p = scope.poller.withRandom(st.random).onProgress(w -> progress(w.what() + ": " + w.state() + " (check " + w.attempt()
                + ", " + Durations.format(w.elapsed()) + ", next in " + Durations.format(w.nextLook()) + ")"));
        this.poller = deadline == null ? p : p.withDeadline(deadline,
                () -> new TimedOutException("step '" + st.id() + "'", st.step.timeout().orElseThrow(), 0, null));
    }

    @Override
    public String stepId() {
        return st.id();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public boolean isResuming() {
        return st.resuming;
    }

    @Override
    public <T> T input(StepOutput<T> output) {
        if (!st.step.consumes().contains(output)) {
            throw new InvalidConfigurationException("input '" + output.name() + "' of step '" + st.id() + "'",
                    "was read but not declared: add consumes(" + output.name() + ") to the step");
        }
        Object v = scope.value(output.name());
        if (v == null) {
            throw new InvalidConfigurationException("input '" + output.name() + "' of step '" + st.id() + "'",
                    "has no value: step '" + scope.plan.publisherOf(output).orElse("?") + "' did not publish it");
        }
        return output.type().cast(v);
    }

    @Override
    public <T> void publish(StepOutput<T> output, T value) {
        if (!st.step.publishes().contains(output)) {
            throw new InvalidConfigurationException("output '" + output.name() + "' of step '" + st.id() + "'",
                    "was published but not declared: add publishes(" + output.name() + ") to the step");
        }
        if (value == null) {
            throw new InvalidConfigurationException("output '" + output.name() + "' of step '" + st.id() + "'",
                    "was published as null: publish a value");
        }
        if (value instanceof Secret s) {
            scope.redactor.add(s); // before encoding: nothing may show the value once it is published
        }
        published.put(output.name(), output.encode(value));
        scope.keep(output.name(), value);
    }

    /**
     * The outputs this attempt published, encoded.
     *
     * @throws InvalidConfigurationException when the step declared an output it did not publish
     */
    Map<String, String> published() {
        for (StepOutput<?> o : st.step.publishes()) {
            if (!published.containsKey(o.name())) {
                throw new InvalidConfigurationException("output '" + o.name() + "' of step '" + st.id() + "'",
                        "was declared but the step ended without publishing it: call ctx.publish(" + o.name() + ", value)");
            }
        }
        return published;
    }

    @Override
    public Optional<String> checkpoint(String key) {
        return Optional.ofNullable(st.checkpoints.get(key));
    }

    @Override
    public void saveCheckpoint(String key, String value) {
        Check.notBlank("checkpoint key", key);
        Check.notNull("checkpoint value", value);
        if (key.startsWith("@")) {
            throw new InvalidConfigurationException("checkpoint key '" + key + "'", "must not start with '@' (reserved)");
        }
        st.checkpoints.put(key, value);
        journal.write(st, StepRecord.State.RUNNING, null);
    }

    @Override
    public void progress(String message) {
        String m = scope.redactor.redact(String.valueOf(message));
        Instant now = scope.clock.instant();
        scope.listeners.fire(l -> l.stepProgress(st.id(), m, now));
    }

    @Override
    public void recordRpo(String component, Duration achieved) {
        Check.notBlank("RPO component", component);
        Check.notNegative("RPO achieved for '" + component + "'", achieved);
        st.checkpoints.put(StepState.RPO_PREFIX + component, achieved.toString());
    }

    @Override
    public void protect(Secret secret) {
        scope.redactor.add(Check.notNull("secret", secret));
    }

    @Override
    public Clock clock() {
        return scope.clock;
    }

    @Override
    public Poller poller() {
        return poller;
    }

    @Override
    public void sleep(Duration duration) {
        Check.notNegative("sleep duration", duration);
        poller.sleep(duration);
    }

    @Override
    public boolean isCancelled() {
        return st.cancelled || scope.isCancelRequested();
    }
}
