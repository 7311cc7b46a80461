package io.streamsdr.helm;

/**
 * What an upgrade does with the values of the release's current revision. One choice, so the two Helm
 * flags that exclude each other ({@code --reuse-values}, {@code --reset-values}) cannot both be asked.
 */
public enum PreviousValues {
    /**
     * Helm's default, no flag: the previous revision's values are reused only when the upgrade gives no
     * values at all; otherwise the new revision has the chart's defaults plus the values given.
     */
    HELM_DEFAULT,
    /** {@code --reuse-values}: the previous revision's values, with the values given merged on top. */
    REUSE,
    /** {@code --reset-values}: the chart's defaults plus the values given; the previous revision's are dropped. */
    RESET
}
