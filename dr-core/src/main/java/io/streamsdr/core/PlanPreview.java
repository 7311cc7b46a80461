package io.streamsdr.core;

import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a plan would do, step by step, without doing any of it: from {@link RestorePlan#preview()}.
 * Immutable.
 *
 * @param planName the plan
 * @param steps    the steps in the order they may start (dependencies first)
 */
public record PlanPreview(String planName, List<StepPreview> steps) {

    /**
     * One step as the preview shows it.
     *
     * @param id          the step
     * @param description what it would do
     * @param dependsOn   what it waits for
     * @param wave        0 for steps that can start at once, else 1 + the highest wave among its
     *                    dependencies: steps in one wave may run in parallel
     * @param publishes   outputs it would publish, by name
     * @param consumes    outputs it would read, by name
     * @param timeout     its per-attempt limit, if it has one
     * @param retry       its retry policy, in words
     * @param preconditions what must hold before it runs (see {@link RestorePlan#checkPreconditions()})
     */
    public record StepPreview(String id, String description, List<String> dependsOn, int wave, List<String> publishes,
            List<String> consumes, Optional<Duration> timeout, String retry, List<String> preconditions) {
        public StepPreview {
            java.util.Objects.requireNonNull(timeout, "timeout");
            preconditions = List.copyOf(preconditions);
            dependsOn = List.copyOf(dependsOn);
            publishes = List.copyOf(publishes);
            consumes = List.copyOf(consumes);
        }
    }

    public PlanPreview {
        steps = List.copyOf(steps);
    }

    /** The preview as text: one line per step with its wave, dependencies and outputs. */
    public String toText() {
        StringBuilder sb = new StringBuilder("Plan '").append(planName).append("': ").append(steps.size())
                .append(steps.size() == 1 ? " step" : " steps").append(" (preview: nothing is changed)\n");
        int n = 1;
        for (StepPreview s : steps) {
            sb.append(String.format("%3d. [wave %d] %s: %s%n", n++, s.wave(), s.id(), s.description()));
            if (!s.dependsOn().isEmpty()) {
                sb.append("       after: ").append(String.join(", ", s.dependsOn())).append('\n');
            }
            if (!s.consumes().isEmpty()) {
                sb.append("       reads: ").append(String.join(", ", s.consumes())).append('\n');
            }
            if (!s.publishes().isEmpty()) {
                sb.append("       publishes: ").append(String.join(", ", s.publishes())).append('\n');
            }
            for (String p : s.preconditions()) {
                sb.append("       requires: ").append(p).append('\n');
            }
            if (s.timeout().isPresent() || !"no retry".equals(s.retry())) {
                sb.append("       limits: timeout ").append(Durations.format(s.timeout().orElse(null))).append(", ").append(s.retry()).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
