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
 * @param strategies        per restore fragment that says how it recovers ({@link PlanFragment#withStrategy}), the
 *                          strategy, its expected time and the data it would lose now, in plan order
 */
public record FailoverPreview(PlanPreview plan, List<CheckResult> preconditions, List<String> components,
        Map<String, Duration> estimatedDataLoss, List<StrategyEstimate> strategies) {

    /** @throws NullPointerException when a value is null */
    public FailoverPreview {
        java.util.Objects.requireNonNull(plan, "plan");
        preconditions = List.copyOf(preconditions);
        components = List.copyOf(components);
        estimatedDataLoss = Collections.unmodifiableMap(new LinkedHashMap<>(estimatedDataLoss));
        strategies = List.copyOf(strategies);
    }

    /**
     * A preview without strategies (as before strategies were known).
     *
     * @throws NullPointerException when a value is null
     */
    public FailoverPreview(PlanPreview plan, List<CheckResult> preconditions, List<String> components,
            Map<String, Duration> estimatedDataLoss) {
        this(plan, preconditions, components, estimatedDataLoss, List.of());
    }

    /**
     * One component's strategy as the preview found it: what it does, how long it is expected to take, and the
     * data a failover now would lose by it (a replica's lag, a standby's age), or why that is unknown.
     */
    public static final class StrategyEstimate {
        private final String component;
        private final String strategy;
        private final Duration expectedTime;
        private final Duration dataLoss;
        private final String unknownReason;

        /**
         * An estimate.
         *
         * @param dataLoss      the data it would lose now; null when unknown
         * @param unknownReason why it is unknown; null when known
         * @throws NullPointerException when the component, strategy or time is null
         */
        public StrategyEstimate(String component, String strategy, Duration expectedTime, Duration dataLoss, String unknownReason) {
            this.component = java.util.Objects.requireNonNull(component, "component");
            this.strategy = java.util.Objects.requireNonNull(strategy, "strategy");
            this.expectedTime = java.util.Objects.requireNonNull(expectedTime, "expectedTime");
            this.dataLoss = dataLoss;
            this.unknownReason = dataLoss != null ? null : unknownReason == null ? "not known before the run" : unknownReason;
        }

        /** The component. */
        public String component() {
            return component;
        }

        /** The strategy, in words. */
        public String strategy() {
            return strategy;
        }

        /** How long it is expected to take. */
        public Duration expectedTime() {
            return expectedTime;
        }

        /** The data a failover now would lose by it, when known. */
        public Optional<Duration> dataLoss() {
            return Optional.ofNullable(dataLoss);
        }

        /** Why the data loss is not known, when it is not. */
        public Optional<String> unknownReason() {
            return Optional.ofNullable(unknownReason);
        }

        @Override
        public String toString() {
            return component + ": " + strategy + ", expected " + Durations.format(expectedTime) + ", loses "
                    + (dataLoss == null ? "unknown (" + unknownReason + ")" : Durations.format(dataLoss));
        }
    }

    /** The estimate of {@code component}'s strategy, when a restore fragment of the failover names one for it. */
    public Optional<StrategyEstimate> strategy(String component) {
        return strategies.stream().filter(e -> e.component().equals(component)).findFirst();
    }

    /**
     * The longest expected time of the strategies: the restores run in parallel, so this bounds the restore stage
     * (the re-point and later stages come on top).
     */
    public Optional<Duration> expectedRestoreTime() {
        return strategies.stream().map(StrategyEstimate::expectedTime).max(Duration::compareTo);
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
        if (!strategies.isEmpty()) {
            sb.append("\nStrategies (per component: what the failover does, how long it is expected to take, the data it would lose now):\n");
            for (StrategyEstimate e : strategies) {
                sb.append(String.format("  %-24s %s%n  %-24s expected %s, would lose %s%n", e.component(), e.strategy(), "",
                        Durations.format(e.expectedTime()), e.dataLoss().map(Durations::format).orElse("unknown: " + e.unknownReason().orElse(""))));
            }
        }
        sb.append(ready() ? "\nReady: every precondition holds.\n"
                : "\nNOT ready: " + failedPreconditions().size() + " precondition(s) do not hold; the failover would refuse to start.\n");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
