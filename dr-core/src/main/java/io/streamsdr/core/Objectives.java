package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recovery objectives a run is measured against: the RTO (how long recovery may take) and the RPO
 * (how much data, in time, may be lost), overall or per component. Immutable.
 *
 * <pre>{@code
 * Objectives objectives = Objectives.none().withRto(Duration.ofMinutes(30)).withRpo(Duration.ofMinutes(15)).withRpo("kafka", Duration.ofSeconds(5));
 * }</pre>
 */
public final class Objectives {
    private static final Objectives NONE = new Objectives(null, null, Map.of());

    private final Duration rto;
    private final Duration rpo;
    private final Map<String, Duration> componentRpo;

    private Objectives(Duration rto, Duration rpo, Map<String, Duration> componentRpo) {
        this.rto = rto;
        this.rpo = rpo;
        this.componentRpo = Collections.unmodifiableMap(new LinkedHashMap<>(componentRpo));
    }

    /** No objectives. */
    public static Objectives none() {
        return NONE;
    }

    /** A copy with this recovery time objective. @throws InvalidConfigurationException when not positive */
    public Objectives withRto(Duration rto) {
        return new Objectives(Check.positive("RTO objective", rto), rpo, componentRpo);
    }

    /** A copy with this recovery point objective for every component. @throws InvalidConfigurationException when negative */
    public Objectives withRpo(Duration rpo) {
        return new Objectives(rto, Check.notNegative("RPO objective", rpo), componentRpo);
    }

    /** A copy with this recovery point objective for one component. @throws InvalidConfigurationException when negative or the component is blank */
    public Objectives withRpo(String component, Duration rpo) {
        Map<String, Duration> m = new LinkedHashMap<>(componentRpo);
        m.put(Check.notBlank("RPO objective component", component), Check.notNegative("RPO objective for '" + component + "'", rpo));
        return new Objectives(rto, this.rpo, m);
    }

    /** The recovery time objective, if set. */
    public Optional<Duration> rto() {
        return Optional.ofNullable(rto);
    }

    /** The overall recovery point objective, if set. */
    public Optional<Duration> rpo() {
        return Optional.ofNullable(rpo);
    }

    /** Per-component recovery point objectives. */
    public Map<String, Duration> componentRpo() {
        return componentRpo;
    }

    /** The RPO objective that applies to a component: its own, else the overall one. */
    public Optional<Duration> rpoFor(String component) {
        return Optional.ofNullable(componentRpo.getOrDefault(component, rpo));
    }
}
