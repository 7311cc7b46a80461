package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.Optional;

/**
 * How a restore fragment recovers its component, for the {@link FailoverPreview}: the strategy in words
 * ({@code "restore the newest snapshot"}, {@code "promote read replica 'db-replica'"}, {@code "scale up the
 * standby namespace"}), the time it is expected to take, and, read now when the preview is made, the data a
 * failover now would lose by it (a replica's lag, a standby's age). Attached to a fragment with
 * {@link PlanFragment#withStrategy(RecoveryStrategy)}; a provider's strategy objects do it for you. Immutable.
 */
public final class RecoveryStrategy {
    /** Reads, read-only, what a failover now would lose. */
    @FunctionalInterface
    public interface DataLoss {
        /**
         * The data a failover now would lose.
         *
         * @param ctx the preview's context (its clock)
         * @return the loss; empty when it cannot be known now
         * @throws Exception when it cannot be read (the preview shows "unknown" with the reason)
         */
        Optional<Duration> now(RunContext ctx) throws Exception;
    }

    private final String component;
    private final String name;
    private final Duration expectedTime;
    private final DataLoss dataLoss;

    private RecoveryStrategy(String component, String name, Duration expectedTime, DataLoss dataLoss) {
        this.component = component;
        this.name = name;
        this.expectedTime = expectedTime;
        this.dataLoss = dataLoss;
    }

    /**
     * A strategy whose data loss is not known in advance (the preview then shows the component's newest
     * recovery point's age, as before).
     *
     * @param component    the component it recovers, as its {@link BackupTarget#name()}
     * @param name         the strategy in words
     * @param expectedTime how long it is expected to take
     * @throws InvalidConfigurationException when a value is null or blank, or the time negative
     */
    public static RecoveryStrategy of(String component, String name, Duration expectedTime) {
        return new RecoveryStrategy(Check.notBlank("strategy component", component), Check.notBlank("strategy name", name),
                Check.notNegative("expected time of strategy '" + name + "'", expectedTime), null);
    }

    /**
     * A copy that reads the data a failover now would lose when the preview is made.
     *
     * @throws InvalidConfigurationException when null
     */
    public RecoveryStrategy withDataLoss(DataLoss dataLoss) {
        return new RecoveryStrategy(component, name, expectedTime, Check.notNull("data loss of strategy '" + name + "'", dataLoss));
    }

    /** The component it recovers. */
    public String component() {
        return component;
    }

    /** The strategy, in words. */
    public String name() {
        return name;
    }

    /** How long it is expected to take. */
    public Duration expectedTime() {
        return expectedTime;
    }

    /** How the data loss is read, when the strategy knows it. */
    public Optional<DataLoss> dataLoss() {
        return Optional.ofNullable(dataLoss);
    }

    @Override
    public String toString() {
        return "RecoveryStrategy[" + component + ": " + name + ", expected " + io.streamsdr.core.spi.Durations.format(expectedTime) + "]";
    }
}
