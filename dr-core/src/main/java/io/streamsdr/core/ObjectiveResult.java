package io.streamsdr.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One objective measured: {@code RTO}, or {@code RPO <component>}.
 *
 * @param name      {@code "RTO"} or {@code "RPO " + component}
 * @param objective the objective
 * @param achieved  what the run achieved, or null when nothing measured it
 * @param met       whether {@code achieved <= objective}; false when not measured
 */
public record ObjectiveResult(String name, Duration objective, Duration achieved, boolean met) {
    public ObjectiveResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objective, "objective");
    }
}
