package io.streamsdr.kafka.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * One-shot reads of a cluster's topics through an admin client: what the failback's guard rails and its
 * RPO look at (records per topic, the newest record's time) and where the restarted forward mirror
 * starts (end offsets). Each call opens and closes its own admin client.
 */
public final class TopicReads {
    private final Map<String, String> cluster;
    private final String where;

    /**
     * @param cluster the client properties of the cluster
     * @param where   the cluster, for messages ("Kafka cluster 'backup' (h:9092)")
     */
    public TopicReads(Map<String, String> cluster, String where) {
        this.cluster = cluster;
        this.where = where;
    }

    /** Records per matching topic (end minus start offsets) and, when asked and readable, the newest record's timestamp. */
    public record Counts(Map<String, Long> records, Optional<Instant> newest) {
        /** All records together. */
        public long total() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Reads the matching topics: records per topic and, with {@code withNewest}, the newest record's
     * timestamp (empty when it cannot be read or there is none).
     *
     * @throws io.streamsdr.core.CallFailedException when the cluster cannot be read
     */
    public Counts counts(Pattern topics, boolean withNewest) {
        try (Admin admin = Clients.admin(cluster)) {
            Set<TopicPartition> tps = partitions(admin, topics);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            tps.forEach(tp -> {
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> hi = KafkaCalls.get(
                    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all(), "ListOffsets (latest) of " + where);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> lo = KafkaCalls.get(admin.listOffsets(earliest).all(),
                    "ListOffsets (earliest) of " + where);
            Map<String, Long> out = new TreeMap<>();
            tps.forEach(tp -> out.merge(tp.topic(), 0L, Long::sum));
            hi.forEach((tp, info) -> out.merge(tp.topic(), info.offset() - lo.get(tp).offset(), Long::sum));
            Optional<Instant> newest = Optional.empty();
            if (withNewest && !tps.isEmpty()) {
                Map<TopicPartition, OffsetSpec> max = new HashMap<>();
                tps.forEach(tp -> max.put(tp, OffsetSpec.maxTimestamp()));
                try {
                    newest = admin.listOffsets(max).all().get().values().stream().filter(i -> i.timestamp() >= 0)
                            .map(i -> Instant.ofEpochMilli(i.timestamp())).max(Comparator.naturalOrder());
                } catch (ExecutionException e) {
                    newest = Optional.empty(); // the counts stand; only the timestamp is unknown
                } catch (InterruptedException e) {
                    throw KafkaCalls.interrupted("ListOffsets (max timestamp) of " + where);
                }
            }
            return new Counts(out, newest);
        }
    }

    /**
     * The end offsets (read_committed: last stable offsets) of every partition of the matching topics.
     *
     * @throws io.streamsdr.core.CallFailedException when the cluster cannot be read
     */
    public Map<TopicPartition, Long> endOffsets(Pattern topics) {
        try (Admin admin = Clients.admin(cluster)) {
            Set<TopicPartition> tps = partitions(admin, topics);
            if (tps.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            tps.forEach(tp -> req.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new HashMap<>();
            KafkaCalls.get(admin.listOffsets(req, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "ListOffsets of " + where)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    private Set<TopicPartition> partitions(Admin admin, Pattern topics) {
        List<String> names = KafkaCalls.get(admin.listTopics().names(), "ListTopics of " + where).stream()
                .filter(t -> topics.matcher(t).matches()).toList();
        Set<TopicPartition> tps = new HashSet<>();
        KafkaCalls.get(admin.describeTopics(names).allTopicNames(), "DescribeTopics " + names + " of " + where).values()
                .forEach(d -> d.partitions().forEach(p -> tps.add(new TopicPartition(d.name(), p.partition()))));
        return tps;
    }
}
