package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Evidence from the data of Kafka: the records of production's partitions just before the disaster,
 * compared record by record with the cluster the failover restored (new production). It reads and digests
 * records exactly as {@link ZeroLossVerifier} does (read_committed, a hash of key, value and headers per
 * record, order-insensitive per partition, identity replication so partition P is compared with P): the
 * verifier proves a copy between two live clusters, this check proves the restore against what production
 * held when it was lost.
 *
 * <pre>{@code
 * KafkaDataCheck records = KafkaDataCheck.builder("kafka", production).restoredOn(newProduction).withTopics("streams\\..*").build();
 * DataBaseline before = records.capture(run);    // production, just before the disaster
 * }</pre>
 *
 * <p>The heartbeat is the newest record: its timestamp (CreateTime, which MirrorMaker 2 keeps) on production
 * at capture, and the newest record's timestamp on the restored cluster after the restore; the RPO measured
 * from data is the baseline's time minus the latter. A record missing on the restored side is loss within the
 * RPO when it was written after that newest restored record, and fails the check otherwise; a record on the
 * restored side that production did not hold (a duplicate, or one nobody wrote) fails it. It reads
 * everything, so it is for drills, not for monitoring. Immutable.
 */
public final class KafkaDataCheck implements DataCheck {
    private final String component;
    private final KafkaCluster production;
    private final KafkaCluster restored;
    private final String topics;
    private final Duration timeout;

    /** What the baseline keeps of one partition: each record hash with its count and newest timestamp. */
    private record Partition(Map<Long, Integer> records, Map<Long, Long> timestamps) {
    }

    private record Captured(Map<String, Partition> partitions) {
    }

    private KafkaDataCheck(Builder b) {
        this.component = b.component;
        this.production = b.production;
        this.restored = b.restored;
        this.topics = b.topics;
        this.timeout = b.timeout;
    }

    /**
     * Starts a check of {@code component} (named as its backup target is, {@code "kafka"}) whose records are on
     * {@code production}.
     *
     * @throws InvalidConfigurationException when the component is blank or the cluster null
     */
    public static Builder builder(String component, KafkaCluster production) {
        return new Builder(Rules.notBlank("component of the Kafka check", component), Rules.notNull("production cluster", production));
    }

    /** A builder holding every setting of this check. */
    public Builder toBuilder() {
        Builder b = new Builder(component, production);
        b.restored = restored;
        b.topics = topics;
        b.timeout = timeout;
        return b;
    }

    @Override
    public String component() {
        return component;
    }

    /**
     * Reads every committed record of the topics on production.
     *
     * @throws CallFailedException when production cannot be read
     * @throws TimedOutException when it is not read within the timeout
     */
    @Override
    public DataBaseline capture(RunContext ctx) {
        Rules.notNull("run context", ctx);
        Instant takenAt = ctx.now();
        Map<TopicPartition, ZeroLossVerifier.Side> sides = sorted(ZeroLossVerifier.read(production, topics, timeout, ctx.poller()));
        List<DataBaseline.Item> items = new ArrayList<>();
        Map<String, Partition> detail = new LinkedHashMap<>();
        long newest = Long.MIN_VALUE;
        for (Map.Entry<TopicPartition, ZeroLossVerifier.Side> e : sides.entrySet()) {
            String name = e.getKey().toString();
            ZeroLossVerifier.Side s = e.getValue();
            items.add(new DataBaseline.Item(name, s.count, s.digest()));
            detail.put(name, new Partition(Map.copyOf(s.records), Map.copyOf(s.timestamps)));
            newest = Math.max(newest, s.newestTimestamp);
        }
        Optional<Instant> beat = newest == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
        return DataBaseline.of(component, "records", takenAt, items, beat).withDetail(new Captured(Collections.unmodifiableMap(detail)));
    }

    /**
     * Reads every committed record of the topics on the restored cluster and compares them with {@code before}.
     *
     * @throws InvalidConfigurationException when {@code before} was not captured by a Kafka check
     * @throws CallFailedException when the restored cluster cannot be read
     * @throws TimedOutException when it is not read within the timeout
     */
    @Override
    public DataEvidence verify(RunContext ctx, DataBaseline before) {
        Rules.notNull("data baseline", before);
        Captured captured = before.detail(Captured.class).orElseThrow(() -> new InvalidConfigurationException("data baseline of '"
                + component + "'", "was not captured by a Kafka check: pass what capture(ctx) returned"));
        Map<String, ZeroLossVerifier.Side> now = new HashMap<>();
        ZeroLossVerifier.read(restored, topics, timeout, ctx.poller()).forEach((tp, side) -> now.put(tp.toString(), side));
        DataEvidence.Builder e = DataEvidence.against(before);
        long newest = now.values().stream().mapToLong(s -> s.newestTimestamp).max().orElse(Long.MIN_VALUE);
        if (newest != Long.MIN_VALUE) {
            e.restoredHeartbeat(Instant.ofEpochMilli(newest));
        }
        for (Map.Entry<String, Partition> p : captured.partitions().entrySet()) {
            ZeroLossVerifier.Side side = now.get(p.getKey());
            if (side == null) {
                e.difference(DataEvidence.Kind.MISSING, p.getKey(), "partition missing on " + restored.alias() + " (it had "
                        + p.getValue().records().values().stream().mapToInt(Integer::intValue).sum() + " records at the disaster)", false);
                continue;
            }
            e.compared(side.count);
            compare(p.getKey(), p.getValue(), side, e);
        }
        now.keySet().stream().filter(k -> !captured.partitions().containsKey(k)).sorted()
                .forEach(k -> e.difference(DataEvidence.Kind.EXTRA, k, "partition not on production at the disaster ("
                        + now.get(k).count + " records)", false));
        return e.build();
    }

    private static void compare(String partition, Partition was, ZeroLossVerifier.Side now, DataEvidence.Builder e) {
        List<Map.Entry<Long, Long>> missing = new ArrayList<>();
        for (Map.Entry<Long, Integer> r : was.records().entrySet()) {
            int lost = r.getValue() - now.records.getOrDefault(r.getKey(), 0);
            for (int i = 0; i < lost; i++) {
                missing.add(Map.entry(r.getKey(), was.timestamps().get(r.getKey())));
            }
        }
        missing.sort(Map.Entry.comparingByValue());
        for (Map.Entry<Long, Long> m : missing) {
            Instant at = Instant.ofEpochMilli(m.getValue());
            e.difference(DataEvidence.Kind.MISSING, partition, "record " + String.format("%016x", m.getKey()) + ", written " + at,
                    e.afterRestorePoint(at));
        }
        for (Map.Entry<Long, Integer> r : new TreeMap<>(now.records).entrySet()) {
            int extra = r.getValue() - was.records().getOrDefault(r.getKey(), 0);
            for (int i = 0; i < extra; i++) {
                e.difference(DataEvidence.Kind.EXTRA, partition, "record " + String.format("%016x", r.getKey()) + (was.records().containsKey(r.getKey())
                        ? ": a duplicate" : ": not on production at the disaster") + ", written " + Instant.ofEpochMilli(now.timestamps.get(r.getKey())), false);
            }
        }
    }

    private static Map<TopicPartition, ZeroLossVerifier.Side> sorted(Map<TopicPartition, ZeroLossVerifier.Side> sides) {
        Map<TopicPartition, ZeroLossVerifier.Side> out = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        out.putAll(sides);
        return out;
    }

    @Override
    public String toString() {
        return "KafkaDataCheck[" + component + ": " + topics + " of " + production.alias() + " against " + restored.alias() + "]";
    }

    /** Builds a {@link KafkaDataCheck}. Not thread-safe. */
    public static final class Builder {
        private final String component;
        private final KafkaCluster production;
        private KafkaCluster restored;
        private String topics = MirrorConfig.DEFAULT_TOPICS;
        private Duration timeout = Duration.ofMinutes(10);

        private Builder(String component, KafkaCluster production) {
            this.component = component;
            this.production = production;
        }

        /**
         * The cluster the failover restores onto (new production), read when the check verifies.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder restoredOn(KafkaCluster restored) {
            this.restored = Rules.notNull("restored cluster of '" + component + "'", restored);
            return this;
        }

        /**
         * The topics compared; default {@value MirrorConfig#DEFAULT_TOPICS}.
         *
         * @throws InvalidConfigurationException when blank or not a valid regular expression
         */
        public Builder withTopics(String topicRegex) {
            this.topics = Rules.regex("topics of '" + component + "'", topicRegex);
            return this;
        }

        /**
         * How long reading one cluster may take; default 10 minutes.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withTimeout(Duration timeout) {
            this.timeout = Rules.positive("read timeout of '" + component + "'", timeout);
            return this;
        }

        /**
         * The check.
         *
         * @throws InvalidConfigurationException when no {@link #restoredOn} cluster was given
         */
        public KafkaDataCheck build() {
            if (restored == null) {
                throw new InvalidConfigurationException("restored cluster of '" + component + "'", "must be given: add restoredOn(newProduction)");
            }
            return new KafkaDataCheck(this);
        }
    }
}
