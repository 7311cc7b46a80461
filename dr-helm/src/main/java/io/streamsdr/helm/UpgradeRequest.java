package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;

/**
 * An upgrade of a release, in one revision. Immutable; build it with {@link #of(ReleaseRef, String)},
 * change a copy with {@link #toBuilder()}.
 *
 * <p>Two ways to keep the user's values, as the runbook does: give them with
 * {@link Builder#withValues} (what {@link Helm#values} returned, the runbook's
 * {@code helm get values > values.yaml; helm upgrade -f values.yaml --set ...}), or ask Helm to
 * reuse the last revision's with {@link Builder#withPreviousValues withPreviousValues(PreviousValues.REUSE)}
 * ({@code --reuse-values}). Overrides are applied on top, in the same upgrade.
 */
public final class UpgradeRequest extends ChartRequest {
    private final PreviousValues previousValues;

    private UpgradeRequest(Builder b) {
        super(b);
        this.previousValues = b.previousValues;
    }

    /**
     * Starts an upgrade of {@code release} to {@code chart}.
     *
     * @throws InvalidConfigurationException when the release is null or the chart blank
     */
    public static Builder of(ReleaseRef release, String chart) {
        return new Builder(release, chart);
    }

    /** A builder holding everything this request holds: change what you need and build a new request. */
    public Builder toBuilder() {
        Builder b = new Builder(release(), chart()).copyFrom(this);
        b.previousValues = previousValues;
        return b;
    }

    /** What Helm does with the previous revision's values ({@link PreviousValues#HELM_DEFAULT} unless asked). */
    public PreviousValues previousValues() {
        return previousValues;
    }

    /** Keys only: secret values never show. */
    @Override
    public String toString() {
        return "UpgradeRequest[" + describe("upgrade") + (previousValues == PreviousValues.HELM_DEFAULT ? "" : ", previous values "
                + previousValues) + "]";
    }

    /** Builds an {@link UpgradeRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private PreviousValues previousValues = PreviousValues.HELM_DEFAULT;

        private Builder(ReleaseRef release, String chart) {
            super(release, chart);
        }

        /**
         * What Helm does with the previous revision's values: {@link PreviousValues#REUSE}
         * ({@code --reuse-values}), {@link PreviousValues#RESET} ({@code --reset-values}), or
         * {@link PreviousValues#HELM_DEFAULT} (the default).
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPreviousValues(PreviousValues previousValues) {
            if (previousValues == null) {
                throw new InvalidConfigurationException("previous values", "must not be null: use PreviousValues.HELM_DEFAULT for Helm's default");
            }
            this.previousValues = previousValues;
            return this;
        }

        /** The request. */
        public UpgradeRequest build() {
            return new UpgradeRequest(this);
        }
    }
}
