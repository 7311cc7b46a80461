package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One objective measured: {@code RTO}, or {@code RPO <component>}. Immutable.
 */
public final class ObjectiveResult {
    private final String name;
    private final Duration objective;
    private final Duration achieved;
    private final boolean met;
    private final String unmeasuredBecause;

    private ObjectiveResult(String name, Duration objective, Duration achieved, String unmeasuredBecause) {
        this.name = Check.notBlank("objective name", name);
        this.objective = Check.notNull("objective of '" + name + "'", objective);
        this.achieved = achieved;
        this.met = achieved != null && achieved.compareTo(objective) <= 0;
        this.unmeasuredBecause = unmeasuredBecause;
    }

    /**
     * An objective a run measured: met when {@code achieved <= objective}.
     *
     * @param name {@code "RTO"} or {@code "RPO " + component}
     * @throws InvalidConfigurationException when a value is null or the name blank
     */
    public static ObjectiveResult measured(String name, Duration objective, Duration achieved) {
        return new ObjectiveResult(name, objective, Check.notNull("achieved of '" + name + "'", achieved), null);
    }

    /**
     * An objective nothing measured, so missed, and why (the plan failed; no step recorded an RPO for
     * the component, and what was recorded instead).
     *
     * @throws InvalidConfigurationException when a value is null or blank
     */
    public static ObjectiveResult unmeasured(String name, Duration objective, String because) {
        return new ObjectiveResult(name, objective, null, Check.notBlank("why '" + name + "' was not measured", because));
    }

    /** {@code "RTO"} or {@code "RPO " + component}. */
    public String name() {
        return name;
    }

    /** The objective. */
    public Duration objective() {
        return objective;
    }

    /** What the run achieved; empty when nothing measured it. */
    public Optional<Duration> achieved() {
        return Optional.ofNullable(achieved);
    }

    /** Whether {@code achieved <= objective}; false when not measured. */
    public boolean met() {
        return met;
    }

    /** Why nothing measured it; empty when something did. */
    public Optional<String> unmeasuredBecause() {
        return Optional.ofNullable(unmeasuredBecause);
    }

    /**
     * In words, with numbers: {@code "RTO 23m41s is over the 15m objective"},
     * {@code "RPO kafka 1m within the 15m objective"}, or
     * {@code "RPO kafka not measured: nothing was recorded for 'kafka'; recorded: kafka-cluster"}.
     */
    public String describe() {
        if (achieved == null) {
            return name + " not measured (objective " + Durations.format(objective) + "): " + unmeasuredBecause;
        }
        return name + " " + Durations.format(achieved) + (met ? " within the " : " is over the ") + Durations.format(objective) + " objective";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectiveResult r && r.name.equals(name) && r.objective.equals(objective) && Objects.equals(r.achieved, achieved)
                && Objects.equals(r.unmeasuredBecause, unmeasuredBecause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, objective, achieved);
    }

    @Override
    public String toString() {
        return "ObjectiveResult[" + describe() + "]";
    }
}
