package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DataCheck} captured of one component before the disaster: the items it will compare (tables,
 * partitions, objects), each with a count and a digest, and the newest heartbeat production held. A check
 * may attach a detail of its own (rows or records to compare one by one, within a bound it documents).
 * Immutable.
 */
public final class DataBaseline {
    /**
     * One item captured: a table, a partition, an object.
     *
     * @param name   the item's name ({@code "orders"}, {@code "streams.events-0"}, {@code "ConfigMap/streams-config"})
     * @param count  how many units it held (rows, records; 1 for an object)
     * @param digest a digest of its content, compared with the restored side's; never a secret's value
     */
    public record Item(String name, long count, String digest) {
        /**
         * @throws InvalidConfigurationException when the name is blank, the digest null or the count negative
         */
        public Item {
            Check.notBlank("baseline item name", name);
            Check.notNull("digest of baseline item '" + name + "'", digest);
            if (count < 0) {
                throw new InvalidConfigurationException("count of baseline item '" + name + "'", "must not be negative, was " + count);
            }
        }
    }

    private final String component;
    private final String unit;
    private final Instant takenAt;
    private final Map<String, Item> items;
    private final Instant newestHeartbeat;
    private final Object detail;

    private DataBaseline(String component, String unit, Instant takenAt, Map<String, Item> items, Instant newestHeartbeat, Object detail) {
        this.component = component;
        this.unit = unit;
        this.takenAt = takenAt;
        this.items = items;
        this.newestHeartbeat = newestHeartbeat;
        this.detail = detail;
    }

    /**
     * A baseline of {@code component}, taken at {@code takenAt} (the run's now when the check captured it).
     *
     * @param unit what the counts count: {@code rows}, {@code records}, {@code objects}
     * @param items the items captured, in the order to report them
     * @param newestHeartbeat the newest heartbeat production held, when it had one
     * @throws InvalidConfigurationException when a value is null or blank, or two items share a name
     */
    public static DataBaseline of(String component, String unit, Instant takenAt, List<Item> items, Optional<Instant> newestHeartbeat) {
        Check.notBlank("baseline component", component);
        Check.notBlank("baseline unit of '" + component + "'", unit);
        Check.notNull("baseline time of '" + component + "'", takenAt);
        Check.notNull("baseline items of '" + component + "'", items);
        Check.notNull("baseline heartbeat of '" + component + "'", newestHeartbeat);
        Map<String, Item> byName = new LinkedHashMap<>();
        for (Item i : items) {
            Check.notNull("baseline item of '" + component + "'", i);
            if (byName.put(i.name(), i) != null) {
                throw new InvalidConfigurationException("baseline items of '" + component + "'", "must have distinct names, '" + i.name()
                        + "' appears twice");
            }
        }
        return new DataBaseline(component, unit, takenAt, Collections.unmodifiableMap(byName), newestHeartbeat.orElse(null), null);
    }

    /**
     * A copy carrying {@code detail}: what the check needs to compare one by one (it must be immutable).
     *
     * @throws InvalidConfigurationException when null
     */
    public DataBaseline withDetail(Object detail) {
        return new DataBaseline(component, unit, takenAt, items, newestHeartbeat, Check.notNull("baseline detail of '" + component + "'", detail));
    }

    /** The component, as {@link DataCheck#component()} names it. */
    public String component() {
        return component;
    }

    /** What the counts count: rows, records, objects. */
    public String unit() {
        return unit;
    }

    /** When it was taken: the disaster, as near as the drill knows it. */
    public Instant takenAt() {
        return takenAt;
    }

    /** The items captured, by name, in capture order. */
    public Map<String, Item> items() {
        return items;
    }

    /** The item named so, if captured. */
    public Optional<Item> item(String name) {
        return Optional.ofNullable(items.get(name));
    }

    /** The units captured, in all. */
    public long count() {
        return items.values().stream().mapToLong(Item::count).sum();
    }

    /** The newest heartbeat production held when the baseline was taken. */
    public Optional<Instant> newestHeartbeat() {
        return Optional.ofNullable(newestHeartbeat);
    }

    /** The check's own detail, when it attached one of this type. */
    public <T> Optional<T> detail(Class<T> type) {
        return type.isInstance(detail) ? Optional.of(type.cast(detail)) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataBaseline b && component.equals(b.component) && unit.equals(b.unit) && takenAt.equals(b.takenAt)
                && items.equals(b.items) && Objects.equals(newestHeartbeat, b.newestHeartbeat) && Objects.equals(detail, b.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, takenAt, items);
    }

    @Override
    public String toString() {
        return "DataBaseline[" + component + " at " + takenAt + ": " + count() + " " + unit + " in " + items.size() + " items"
                + (newestHeartbeat == null ? ", no heartbeat" : ", newest heartbeat " + newestHeartbeat) + "]";
    }
}
