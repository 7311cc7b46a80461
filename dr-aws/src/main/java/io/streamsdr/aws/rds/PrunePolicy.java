package io.streamsdr.aws.rds;

import io.streamsdr.core.InvalidConfigurationException;
import java.time.Duration;
import java.util.Optional;

/**
 * Which manual snapshots {@link RdsDatabase#pruning(PrunePolicy)} deletes. Immutable; every
 * {@code with*} returns a copy. Automated snapshots are never touched (RDS expires them itself).
 *
 * <ul>
 *   <li>{@link #keepLast(int) keepLast(n)} alone: every manual snapshot but the newest {@code n} goes;</li>
 *   <li>{@link #olderThan(Duration) olderThan(d)} alone: every manual snapshot taken more than {@code d} ago goes;</li>
 *   <li>both ({@code keepLast(n).withMaxAge(d)}): the newest {@code n} always stay; of the others, those older
 *       than {@code d} go. The count is a floor that protects you from an age rule that would empty the list.</li>
 * </ul>
 */
public final class PrunePolicy {
    private final Integer keepLast;
    private final Duration maxAge;

    private PrunePolicy(Integer keepLast, Duration maxAge) {
        this.keepLast = keepLast;
        this.maxAge = maxAge;
    }

    /**
     * Keep the newest {@code count} manual snapshots.
     *
     * @throws InvalidConfigurationException when {@code count} is below 1 (use {@link #olderThan} to delete by age only)
     */
    public static PrunePolicy keepLast(int count) {
        return new PrunePolicy(checkCount(count), null);
    }

    /**
     * Delete manual snapshots older than {@code maxAge}.
     *
     * @throws InvalidConfigurationException when {@code maxAge} is null, zero or negative
     */
    public static PrunePolicy olderThan(Duration maxAge) {
        return new PrunePolicy(null, checkAge(maxAge));
    }

    /**
     * A copy that also keeps the newest {@code count}.
     *
     * @throws InvalidConfigurationException when {@code count} is below 1
     */
    public PrunePolicy withKeepLast(int count) {
        return new PrunePolicy(checkCount(count), maxAge);
    }

    /**
     * A copy that deletes only snapshots older than {@code maxAge} (beyond the kept newest ones).
     *
     * @throws InvalidConfigurationException when {@code maxAge} is null, zero or negative
     */
    public PrunePolicy withMaxAge(Duration maxAge) {
        return new PrunePolicy(keepLast, checkAge(maxAge));
    }

    /** How many of the newest manual snapshots are always kept. */
    public Optional<Integer> keepLastCount() {
        return Optional.ofNullable(keepLast);
    }

    /** Snapshots older than this may go. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    private static int checkCount(int count) {
        if (count < 1) {
            throw new InvalidConfigurationException("prune keepLast",
                    "must be at least 1, was " + count + ": to delete by age only, use PrunePolicy.olderThan(maxAge)");
        }
        return count;
    }

    private static Duration checkAge(Duration maxAge) {
        if (maxAge == null || maxAge.isZero() || maxAge.isNegative()) {
            throw new InvalidConfigurationException("prune maxAge", "must be a positive duration, was " + maxAge);
        }
        return maxAge;
    }

    @Override
    public String toString() {
        return "PrunePolicy[" + (keepLast == null ? "" : "keepLast=" + keepLast) + (keepLast != null && maxAge != null ? ", " : "")
                + (maxAge == null ? "" : "maxAge=" + maxAge) + "]";
    }
}
