package io.streamsdr.core;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A failover looked at before it runs ({@link Failover#preview()}): what each step will do, every
 * precondition checked read-only against the real world, and what a failover now would lose per
 * component. Nothing was changed to make it. Immutable.
 *
 * @param plan              the plan's steps, in the order they may start
 * @param preconditions     each precondition's result, in plan order
 * @param components        the installation's components, in order
 * @param estimatedDataLoss per component, the age of its newest recovery point; a component whose recovery points
 *                          could not be read is missing
 */
public record FailoverPreview(PlanPreview plan, List<CheckResult> preconditions, List<String> components,
        Map<String, Duration> estimatedDataLoss) {

    /** @throws NullPointerException when a value is null */
    public FailoverPreview {
        java.util.Objects.requireNonNull(plan, "plan");
        preconditions = List.copyOf(preconditions);
        components = List.copyOf(components);
        estimatedDataLoss = Collections.unmodifiableMap(new LinkedHashMap<>(estimatedDataLoss));
    }

    /** What a failover now would lose of {@code component}, at most, when its recovery points could be read. */
    public Optional<Duration> estimatedDataLoss(String component) {
        return Optional.ofNullable(estimatedDataLoss.get(component));
    }

    /** Whether every precondition holds: the failover would start. */
    public boolean ready() {
        return preconditions.stream().allMatch(CheckResult::passed);
    }

    /** The preconditions that do not hold. */
    public List<CheckResult> failedPreconditions() {
        return preconditions.stream().filter(r -> !r.passed()).toList();
    }

    /** The plan, then each precondition with what was found, then the estimated data loss. */
    public String toText() {
        StringBuilder sb = new StringBuilder(plan.toText());
        sb.append("\nPreconditions (checked now, read-only):\n");
        if (preconditions.isEmpty()) {
            sb.append("  none\n");
        }
        for (CheckResult r : preconditions) {
            sb.append("  ").append(r.passed() ? "[ok]     " : "[FAILED] ").append(r.subject()).append(": ").append(r.name())
                    .append("\n           ").append(r.detail()).append('\n');
        }
        sb.append("\nRPO bound: data a failover now would lose, at most (the age of each component's newest recovery point; the failover"
                + " measures the RPO achieved):\n");
        components.forEach(c -> sb.append(String.format("  %-24s %s%n", c,
                estimatedDataLoss(c).map(Durations::format).orElse("unknown: no readable recovery point"))));
        sb.append(ready() ? "\nReady: every precondition holds.\n"
                : "\nNOT ready: " + failedPreconditions().size() + " precondition(s) do not hold; the failover would refuse to start.\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
