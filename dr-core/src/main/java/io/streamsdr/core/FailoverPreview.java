package io.streamsdr.core;

import io.streamsdr.core.internal.Durations;
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
 * @param estimatedDataLoss per component, the age of its newest recovery point (empty: none readable)
 */
public record FailoverPreview(PlanPreview plan, List<CheckResult> preconditions, Map<String, Optional<Duration>> estimatedDataLoss) {

    public FailoverPreview {
        preconditions = List.copyOf(preconditions);
        estimatedDataLoss = Collections.unmodifiableMap(new LinkedHashMap<>(estimatedDataLoss));
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
        sb.append("\nData a failover now would lose, at most (the age of each component's newest recovery point):\n");
        estimatedDataLoss.forEach((c, d) -> sb.append(String.format("  %-24s %s%n", c,
                d.map(Durations::format).orElse("unknown: no readable recovery point"))));
        sb.append(ready() ? "\nReady: every precondition holds.\n"
                : "\nNOT ready: " + failedPreconditions().size() + " precondition(s) do not hold; the failover would refuse to start.\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
