package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;

/**
 * An upgrade of a release, in one revision. Immutable; build it with {@link #of(ReleaseRef, String)}.
 *
 * <p>Two ways to keep the user's values, as the runbook does: give them with
 * {@link Builder#withValues} (what {@link Helm#values} returned, the runbook's
 * {@code helm get values > values.yaml; helm upgrade -f values.yaml --set ...}), or ask Helm to
 * reuse the last revision's with {@link Builder#withReusedValues()} ({@code --reuse-values}).
 * Overrides are applied on top, in the same upgrade.
 */
public final class UpgradeRequest extends ChartRequest {
    private final boolean reuseValues;
    private final boolean resetValues;

    private UpgradeRequest(Builder b) {
        super(b);
        this.reuseValues = b.reuseValues;
        this.resetValues = b.resetValues;
    }

    /**
     * Starts an upgrade of {@code release} to {@code chart}.
     *
     * @throws InvalidConfigurationException when the release is null or the chart blank
     */
    public static Builder of(ReleaseRef release, String chart) {
        return new Builder(release, chart);
    }

    /** Whether Helm reuses the last revision's values ({@code --reuse-values}). */
    public boolean reuseValues() {
        return reuseValues;
    }

    /** Whether Helm resets to the chart's values plus those given ({@code --reset-values}). */
    public boolean resetValues() {
        return resetValues;
    }

    /** Keys only: secret values never show. */
    @Override
    public String toString() {
        return "UpgradeRequest[" + describe("upgrade") + (reuseValues ? ", reuse values" : "") + "]";
    }

    /** Builds an {@link UpgradeRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private boolean reuseValues;
        private boolean resetValues;

        private Builder(ReleaseRef release, String chart) {
            super(release, chart);
        }

        /** Reuse the last revision's values ({@code --reuse-values}). */
        public Builder withReusedValues() {
            this.reuseValues = true;
            return this;
        }

        /** Reset to the chart's values plus those given ({@code --reset-values}). */
        public Builder withResetValues() {
            this.resetValues = true;
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidConfigurationException when both reuse and reset of values are asked
         */
        public UpgradeRequest build() {
            if (reuseValues && resetValues) {
                throw new InvalidConfigurationException("values mode", "reuse values and reset values exclude each other");
            }
            return new UpgradeRequest(this);
        }
    }
}
