package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.helm.internal.Values;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link InstallRequest} and {@link UpgradeRequest} share: the release, the chart, and the
 * values. Immutable.
 */
public abstract class ChartRequest {
    private final ReleaseRef release;
    private final String chart;
    private final String version;
    private final URI repository;
    private final Map<String, Object> values;
    private final Map<String, String> overrides;
    private final Map<String, Secret> secretValues;

    ChartRequest(AbstractBuilder<?> b) {
        this.release = b.release;
        this.chart = b.chart;
        this.version = b.version;
        this.repository = b.repository;
        this.values = Values.deepCopy(b.values);
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.overrides));
        this.secretValues = Collections.unmodifiableMap(new LinkedHashMap<>(b.secretValues));
    }

    /** The release. */
    public ReleaseRef release() {
        return release;
    }

    /** The chart: a local path, {@code repo/name}, an OCI reference, or a chart name with {@link #repository()}. */
    public String chart() {
        return chart;
    }

    /** The chart version; empty for the latest. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** The chart repository URL ({@code --repo}); empty when the chart reference says where it is. */
    public Optional<URI> repository() {
        return Optional.ofNullable(repository);
    }

    /** Values given as a whole (a values file's content), without the overrides. A copy. */
    public Map<String, Object> values() {
        return Values.deepCopy(values);
    }

    /** {@code --set} overrides, dotted key to value, in the order given. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Keys of secret values, in the order given (their values stay hidden). */
    public List<String> secretKeys() {
        return List.copyOf(secretValues.keySet());
    }

    /**
     * Everything Helm receives, merged: values, then overrides, then secret values revealed. Call it
     * only to hand the values to Helm.
     */
    public Map<String, Object> revealedValues() {
        Map<String, Object> merged = values();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            merged = Values.with(merged, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Secret> e : secretValues.entrySet()) {
            merged = Values.with(merged, e.getKey(), e.getValue().reveal());
        }
        return merged;
    }

    /** The secrets, so a runner can mask them in whatever Helm prints. */
    public List<Secret> secrets() {
        return List.copyOf(secretValues.values());
    }

    String describe(String verb) {
        return verb + " " + release + " chart " + chart + (version == null ? "" : " " + version)
                + ", values " + Values.keys(values, "") + ", overrides " + overrides() + ", secret values " + secretKeys();
    }

    /**
     * Shared builder steps.
     *
     * @param <B> the concrete builder
     */
    public abstract static class AbstractBuilder<B extends AbstractBuilder<B>> {
        private final ReleaseRef release;
        private final String chart;
        private String version;
        private URI repository;
        private Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, Secret> secretValues = new LinkedHashMap<>();

        AbstractBuilder(ReleaseRef release, String chart) {
            if (release == null) {
                throw new InvalidConfigurationException("release", "must not be null");
            }
            if (chart == null || chart.isBlank()) {
                throw new InvalidConfigurationException("chart", "must not be null or blank");
            }
            this.release = release;
            this.chart = chart;
        }

        /** Takes every shared field of {@code request} (for {@code toBuilder()}). */
        B copyFrom(ChartRequest request) {
            this.version = request.version;
            this.repository = request.repository;
            this.values = Values.deepCopy(request.values);
            this.overrides.putAll(request.overrides);
            this.secretValues.putAll(request.secretValues);
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * The chart version ({@code --version}).
         *
         * @throws InvalidConfigurationException when blank or containing whitespace
         */
        public B withVersion(String version) {
            if (version == null || version.isBlank() || version.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidConfigurationException("chart version '" + version + "'", "must be a non-blank version with no spaces");
            }
            this.version = version;
            return self();
        }

        /**
         * The chart repository URL ({@code --repo}).
         *
         * @throws InvalidConfigurationException when not an http, https or oci URL
         */
        public B withRepository(URI repository) {
            if (repository == null || repository.getScheme() == null
                    || !List.of("http", "https", "oci").contains(repository.getScheme())) {
                throw new InvalidConfigurationException("chart repository '" + repository + "'", "must be an http, https or oci URL");
            }
            this.repository = repository;
            return self();
        }

        /**
         * Values as a whole (what a values file holds, or what {@link Helm#values} returned); replaces earlier ones.
         *
         * @throws InvalidConfigurationException when null
         */
        public B withValues(Map<String, Object> values) {
            if (values == null) {
                throw new InvalidConfigurationException("values", "must not be null");
            }
            this.values = Values.deepCopy(values);
            return self();
        }

        /**
         * One {@code --set} override, applied after the values.
         *
         * @throws InvalidConfigurationException when the key is not names joined by dots (letters,
         *         digits, '_' or '-'), or the value is null
         */
        public B withOverride(String key, String value) {
            Values.key("override key", key);
            if (value == null) {
                throw new InvalidConfigurationException("override '" + key + "'", "must not have a null value");
            }
            overrides.put(key, value);
            return self();
        }

        /**
         * A secret value (a password, a credentials file's content), never shown.
         *
         * @throws InvalidConfigurationException when the key breaks the key rule or the secret is null
         */
        public B withSecretValue(String key, Secret value) {
            Values.key("secret value key", key);
            if (value == null) {
                throw new InvalidConfigurationException("secret value '" + key + "'", "must not be null");
            }
            secretValues.put(key, value);
            return self();
        }
    }
}
