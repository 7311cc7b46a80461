package io.streamsdr.helm;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.spi.Check;
import io.streamsdr.helm.internal.HelmOutput;
import io.streamsdr.helm.internal.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runbook's re-point as a plan fragment: read the release's user-supplied values, upgrade it
 * reusing them with overrides taken from earlier steps' outputs (the restored database's host, the
 * new Kafka bootstrap servers), fixed values and secret values, all in ONE upgrade, then wait until
 * its Deployments and StatefulSets are rolled out. Immutable; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * PlanFragment repoint = ReleaseUpgrade.of(helm, ReleaseRef.named("streams").inNamespace("streams"), "./charts/streams")
 *     .withOverride("externalizedMariadb.host", dbHost)                      // a StepOutput<String> of an earlier step
 *     .withOverride("externalizedMariadb.password", Secret.of(password))     // carried by the fragment: masked everywhere
 *     .withRolloutWait(Rollout.using(client))
 *     .fragment("helm-repoint")
 *     .dependsOn("rds-restore");
 * }</pre>
 *
 * <p>Secret values reach Helm only through its values file, never its arguments; the fragment carries
 * them ({@link PlanFragment#secrets()}), so a plan built with it shows {@value Secret#MASK} wherever
 * one would appear: reports, events, logs and error messages, Helm's own included.
 *
 * <p>Idempotent: when the release's values already hold every override (a resumed run), it does
 * not upgrade again and only waits for the rollout.
 */
public final class ReleaseUpgrade {
    private final Helm helm;
    private final ReleaseRef release;
    private final String chart;
    /** Dotted key to its source: a {@link StepOutput}, a String or a {@link Secret}. */
    private final Map<String, Object> overrides;
    private final Rollout rollout;
    private final String version;

    private ReleaseUpgrade(Copy c) {
        this.helm = c.helm;
        this.release = c.release;
        this.chart = c.chart;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(c.overrides));
        this.rollout = c.rollout;
        this.version = c.version;
    }

    /** The fields of a copy being made: each {@code with*} goes through it, so none is copied by hand. */
    private static final class Copy {
        private Helm helm;
        private ReleaseRef release;
        private String chart;
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private Rollout rollout;
        private String version;
    }

    private Copy copy() {
        Copy c = new Copy();
        c.helm = helm;
        c.release = release;
        c.chart = chart;
        c.overrides.putAll(overrides);
        c.rollout = rollout;
        c.version = version;
        return c;
    }

    /**
     * A re-point of {@code release}, upgraded to {@code chart}.
     *
     * @throws InvalidConfigurationException when any argument is null or the chart is blank
     */
    public static ReleaseUpgrade of(Helm helm, ReleaseRef release, String chart) {
        Copy c = new Copy();
        c.helm = Check.notNull("helm", helm);
        c.release = Check.notNull("release", release);
        if (chart == null || chart.isBlank()) {
            throw new InvalidConfigurationException("chart", "must not be null or blank");
        }
        c.chart = chart;
        return new ReleaseUpgrade(c);
    }

    /**
     * Sets {@code key} to the value an earlier step publishes as {@code output}; the fragment's step
     * consumes it (so it must run after that step).
     *
     * @throws InvalidConfigurationException when the key breaks the key rule, is given twice, or the output is null
     */
    public ReleaseUpgrade withOverride(String key, StepOutput<String> output) {
        return with(key, output);
    }

    /**
     * Sets {@code key} to a fixed value.
     *
     * @throws InvalidConfigurationException when the key breaks the key rule, is given twice, or the value is null
     */
    public ReleaseUpgrade withOverride(String key, String value) {
        return with(key, value);
    }

    /**
     * Sets {@code key} to a secret value (a password, a token). It reaches Helm only through its
     * values file, and the fragment carries it, so every plan built with the fragment masks it.
     *
     * @throws InvalidConfigurationException when the key breaks the key rule, is given twice, or the secret is null
     */
    public ReleaseUpgrade withOverride(String key, Secret value) {
        return with(key, value);
    }

    private ReleaseUpgrade with(String key, Object source) {
        Values.key("override key", key);
        if (source == null) {
            throw new InvalidConfigurationException("override '" + key + "'", "must not have a null value");
        }
        if (overrides.containsKey(key)) {
            throw new InvalidConfigurationException("override '" + key + "'", "is given twice");
        }
        Copy c = copy();
        c.overrides.put(key, source);
        return new ReleaseUpgrade(c);
    }

    /**
     * Waits for the rollout after upgrading, through the step's poller (without it, the step ends when Helm does).
     *
     * @throws InvalidConfigurationException when null
     */
    public ReleaseUpgrade withRolloutWait(Rollout rollout) {
        Copy c = copy();
        c.rollout = Check.notNull("rollout", rollout);
        return new ReleaseUpgrade(c);
    }

    /**
     * Upgrades to this chart version.
     *
     * @throws InvalidConfigurationException when blank or containing whitespace
     */
    public ReleaseUpgrade withChartVersion(String version) {
        UpgradeRequest.of(release, chart).withVersion(version);
        Copy c = copy();
        c.version = version;
        return new ReleaseUpgrade(c);
    }

    /** The secret values of the overrides, in the order given. */
    public List<Secret> secrets() {
        return overrides.values().stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
    }

    /**
     * The re-point as a plan fragment of one step, {@code id}: it consumes the outputs named in
     * overrides and carries the secret values. Put it after the steps it consumes from with
     * {@link PlanFragment#dependsOn}, and give it a timeout with {@link PlanFragment#withTimeout}.
     *
     * @throws InvalidConfigurationException when the id breaks the step id rule, or there is no override
     */
    public PlanFragment fragment(String id) {
        Check.id("step id", id);
        if (overrides.isEmpty()) {
            throw new InvalidConfigurationException("overrides of step '" + id + "'",
                    "at least one is required: call withOverride(key, output), withOverride(key, value) or withOverride(key, secret)");
        }
        List<StepOutput<?>> inputs = new ArrayList<>();
        overrides.values().forEach(v -> {
            if (v instanceof StepOutput<?> o) {
                inputs.add(o);
            }
        });
        Step step = Step.named(id)
                .withDescription("helm upgrade " + release + " reusing its values, setting " + String.join(", ", overrides.keySet())
                        + " in one revision" + (rollout == null ? "" : ", then wait for the rollout"))
                .consumes(inputs.toArray(new StepOutput<?>[0]))
                .withAction(this::run)
                .build();
        return PlanFragment.builder(id).withStep(step).withSecrets(secrets()).build();
    }

    @SuppressWarnings("unchecked")
    private void run(StepContext ctx) {
        Map<String, String> fixed = new LinkedHashMap<>();
        Map<String, Secret> secret = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            if (v instanceof StepOutput<?> o) {
                fixed.put(k, ctx.input((StepOutput<String>) o));
            } else if (v instanceof Secret s) {
                secret.put(k, s);
            } else {
                fixed.put(k, (String) v);
            }
        });
        Map<String, Object> current = helm.values(release);
        boolean done = fixed.entrySet().stream().allMatch(e -> e.getValue().equals(String.valueOf(Values.get(current, e.getKey()))))
                && secret.entrySet().stream().allMatch(e -> e.getValue().reveal().equals(String.valueOf(Values.get(current, e.getKey()))));
        if (done) {
            ctx.progress("release " + release + " already has " + overrides.keySet() + " set: no upgrade needed");
        } else {
            UpgradeRequest.Builder b = UpgradeRequest.of(release, chart).withValues(current);
            fixed.forEach(b::withOverride);
            secret.forEach(b::withSecretValue);
            if (version != null) {
                b.withVersion(version);
            }
            HelmRelease upgraded = helm.upgrade(b.build());
            ctx.progress("release " + release + " upgraded to revision " + upgraded.revision() + " (" + upgraded.status() + ")");
            if (!upgraded.isDeployed()) {
                throw new CallFailedException("helm upgrade of release " + release, new HelmOutput("it ended in status "
                        + upgraded.status() + " at revision " + upgraded.revision() + "; see: helm history " + release.name() + " -n "
                        + release.namespace()));
            }
        }
        if (rollout != null) {
            List<String> ready = rollout.await(release, ctx.poller());
            ctx.progress("rolled out: " + String.join(", ", ready));
        }
    }

    /** Keys and sources only: secret values never show. */
    @Override
    public String toString() {
        List<String> keys = new ArrayList<>();
        overrides.forEach((k, v) -> keys.add(k + (v instanceof StepOutput<?> o ? " <- " + o.name() : v instanceof Secret ? " (secret)" : "")));
        return "ReleaseUpgrade[" + release + ", overrides " + keys + (Objects.isNull(rollout) ? "" : ", rollout wait") + "]";
    }
}
