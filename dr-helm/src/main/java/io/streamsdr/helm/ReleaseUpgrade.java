package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.internal.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runbook's re-point as a plan step: read the release's user-supplied values, upgrade it
 * reusing them with {@code --set} overrides taken from earlier steps' outputs (the restored
 * database's host, the new Kafka bootstrap servers), all in ONE upgrade, then wait until its
 * Deployments and StatefulSets are rolled out. Immutable; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * Step.Builder repoint = ReleaseUpgrade.of(helm, ReleaseRef.of("streams", "streams"), "./charts/streams")
 *     .withOverride("externalizedMariadb.host", DB_HOST)
 *     .withOverride("externalizedKafka.bootstrapServers", KAFKA_BOOTSTRAP)
 *     .withRolloutWait(Rollout.using(client))
 *     .step("helm-repoint")
 *     .dependsOn("rds-restore", "kafka-failback");
 * }</pre>
 *
 * <p>Idempotent: when the release's values already hold every override (a resumed run), it does
 * not upgrade again and only waits for the rollout.
 */
public final class ReleaseUpgrade {
    private final Helm helm;
    private final ReleaseRef release;
    private final String chart;
    private final Map<String, Object> overrides;
    private final Rollout rollout;
    private final String version;
    private final boolean disableOpenApiValidation;

    private ReleaseUpgrade(Helm helm, ReleaseRef release, String chart, Map<String, Object> overrides, Rollout rollout,
            String version, boolean disableOpenApiValidation) {
        this.helm = helm;
        this.release = release;
        this.chart = chart;
        this.overrides = overrides;
        this.rollout = rollout;
        this.version = version;
        this.disableOpenApiValidation = disableOpenApiValidation;
    }

    /**
     * A re-point of {@code release}, upgraded to {@code chart}.
     *
     * @throws InvalidConfigurationException when any argument is null or the chart is blank
     */
    public static ReleaseUpgrade of(Helm helm, ReleaseRef release, String chart) {
        if (helm == null) {
            throw new InvalidConfigurationException("helm", "must not be null");
        }
        if (release == null) {
            throw new InvalidConfigurationException("release", "must not be null");
        }
        if (chart == null || chart.isBlank()) {
            throw new InvalidConfigurationException("chart", "must not be null or blank");
        }
        return new ReleaseUpgrade(helm, release, chart, Map.of(), null, null, false);
    }

    /**
     * Sets {@code key} to the value an earlier step publishes as {@code output}.
     *
     * @throws InvalidConfigurationException when the key breaks the key rule, is given twice, or the output is null
     */
    public ReleaseUpgrade withOverride(String key, StepOutput<String> output) {
        return with(key, Objects.requireNonNull(output, "output"));
    }

    /**
     * Sets {@code key} to a fixed value.
     *
     * @throws InvalidConfigurationException when the key breaks the key rule, is given twice, or the value is null
     */
    public ReleaseUpgrade withOverride(String key, String value) {
        if (value == null) {
            throw new InvalidConfigurationException("override '" + key + "'", "must not have a null value");
        }
        return with(key, value);
    }

    private ReleaseUpgrade with(String key, Object source) {
        Values.key("override key", key);
        if (overrides.containsKey(key)) {
            throw new InvalidConfigurationException("override '" + key + "'", "is given twice");
        }
        Map<String, Object> m = new LinkedHashMap<>(overrides);
        m.put(key, source);
        return new ReleaseUpgrade(helm, release, chart, m, rollout, version, disableOpenApiValidation);
    }

    /**
     * Waits for the rollout after upgrading (without it, the step ends when Helm does).
     *
     * @throws InvalidConfigurationException when null
     */
    public ReleaseUpgrade withRolloutWait(Rollout rollout) {
        if (rollout == null) {
            throw new InvalidConfigurationException("rollout", "must not be null");
        }
        return new ReleaseUpgrade(helm, release, chart, overrides, rollout, version, disableOpenApiValidation);
    }

    /**
     * Upgrades to this chart version.
     *
     * @throws InvalidConfigurationException when blank or containing whitespace
     */
    public ReleaseUpgrade withChartVersion(String version) {
        UpgradeRequest.of(release, chart).withVersion(version);
        return new ReleaseUpgrade(helm, release, chart, overrides, rollout, version, disableOpenApiValidation);
    }

    /** Skips Helm's OpenAPI validation (API servers without OpenAPI, such as test mocks). */
    public ReleaseUpgrade withOpenApiValidationDisabled() {
        return new ReleaseUpgrade(helm, release, chart, overrides, rollout, version, true);
    }

    /**
     * The plan step, consuming the outputs named in overrides. Add dependencies and a timeout on it.
     *
     * @throws InvalidConfigurationException when the id breaks the step id rule, or there is no override
     */
    @SuppressWarnings("unchecked")
    public Step.Builder step(String stepId) {
        if (overrides.isEmpty()) {
            throw new InvalidConfigurationException("overrides of step '" + stepId + "'", "at least one is required: call withOverride(key, output)");
        }
        List<StepOutput<?>> inputs = new ArrayList<>();
        overrides.values().forEach(v -> {
            if (v instanceof StepOutput<?> o) {
                inputs.add(o);
            }
        });
        return Step.named(stepId)
                .withDescription("helm upgrade " + release + " reusing its values, setting " + String.join(", ", overrides.keySet())
                        + " in one revision" + (rollout == null ? "" : ", then wait for the rollout"))
                .consumes(inputs.toArray(new StepOutput<?>[0]))
                .withAction(this::run);
    }

    @SuppressWarnings("unchecked")
    private void run(StepContext ctx) {
        Map<String, String> resolved = new LinkedHashMap<>();
        overrides.forEach((k, v) -> resolved.put(k, v instanceof StepOutput<?> o ? ctx.input((StepOutput<String>) o) : (String) v));
        Map<String, Object> current = helm.values(release);
        boolean done = resolved.entrySet().stream().allMatch(e -> e.getValue().equals(String.valueOf(Values.get(current, e.getKey()))));
        if (done) {
            ctx.progress("release " + release + " already has " + resolved.keySet() + " set: no upgrade needed");
        } else {
            UpgradeRequest.Builder b = UpgradeRequest.of(release, chart).withValues(current);
            resolved.forEach(b::withOverride);
            if (version != null) {
                b.withVersion(version);
            }
            if (disableOpenApiValidation) {
                b.withOpenApiValidationDisabled();
            }
            HelmRelease upgraded = helm.upgrade(b.build());
            ctx.progress("release " + release + " upgraded to revision " + upgraded.revision() + " (" + upgraded.status() + ")");
            if (!upgraded.isDeployed()) {
                throw new HelmException("helm upgrade " + release + " ended in status " + upgraded.status() + " at revision "
                        + upgraded.revision() + "; see: helm history " + release.name() + " -n " + release.namespace());
            }
        }
        if (rollout != null) {
            List<String> ready = rollout.await(release, ctx.poller());
            ctx.progress("rolled out: " + String.join(", ", ready));
        }
    }

    /** Keys and sources only. */
    @Override
    public String toString() {
        return "ReleaseUpgrade[" + release + ", overrides " + overrides.keySet() + "]";
    }

}
