package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.kafka.internal.Clients;
import io.streamsdr.kafka.internal.KafkaCalls;
import io.streamsdr.kafka.internal.Rules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Proves a copy: reads every mirrored partition on both clusters with read_committed consumers and
 * compares them record by record, ignoring order (a digest of key, value and headers per record),
 * reporting lost, duplicated (found by key as well) and unexpected records. Identity replication
 * keeps topic names and partition numbers, so partition P is compared with partition P.
 *
 * <pre>{@code
 * VerificationReport report = ZeroLossVerifier.between(production, backup).withTopics("streams.*").verify(Poller.system());
 * assertThat(report.exact()).as(report.toString()).isTrue();
 * }</pre>
 *
 * Immutable. It reads everything, so it is for drills and failbacks, not for continuous monitoring.
 */
public final class ZeroLossVerifier {
    private final KafkaCluster source;
    private final KafkaCluster target;
    private final String topics;
    private final Duration timeout;

    private ZeroLossVerifier(KafkaCluster source, KafkaCluster target, String topics, Duration timeout) {
        this.source = source;
        this.target = target;
        this.topics = topics;
        this.timeout = timeout;
    }

    /**
     * A verifier of {@code target} against {@code source}, for topics {@value MirrorConfig#DEFAULT_TOPICS}.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when either cluster is null
     */
    public static ZeroLossVerifier between(KafkaCluster source, KafkaCluster target) {
        return new ZeroLossVerifier(Rules.notNull("verified source", source), Rules.notNull("verified target", target),
                MirrorConfig.DEFAULT_TOPICS, Duration.ofMinutes(10));
    }

    /**
     * A copy that compares these topics.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when blank or not a valid regular expression
     */
    public ZeroLossVerifier withTopics(String topicRegex) {
        return new ZeroLossVerifier(source, target, Rules.regex("verified topics", topicRegex), timeout);
    }

    /**
     * A copy that gives up reading after {@code timeout}; default 10 minutes.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when not positive
     */
    public ZeroLossVerifier withTimeout(Duration timeout) {
        return new ZeroLossVerifier(source, target, topics, Rules.positive("verification timeout", timeout));
    }

    /**
     * Reads both sides to their current last stable offsets and compares them.
     *
     * @param poller what the reading goes through (inside a plan step {@code ctx.poller()}, outside one
     *               {@link Poller#system()}): each side's read stops at the timeout on its clock, and with the step
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code poller} is null
     * @throws CallFailedException when a cluster cannot be read
     * @throws TimedOutException  when a side is not read within the timeout
     */
    public VerificationReport verify(Poller poller) {
        Rules.notNull("poller", poller);
        Map<TopicPartition, Side> src = read(source, poller);
        Map<TopicPartition, Side> dst = read(target, poller);
        Set<TopicPartition> all = new TreeSet<>((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        all.addAll(src.keySet());
        all.addAll(dst.keySet());
        List<PartitionComparison> out = new ArrayList<>();
        for (TopicPartition tp : all) {
            Side s = src.getOrDefault(tp, new Side());
            Side t = dst.getOrDefault(tp, new Side());
            long lost = 0;
            long duplicated = 0;
            long unexpected = 0;
            for (Map.Entry<Long, Integer> e : s.records.entrySet()) {
                lost += Math.max(0, e.getValue() - t.records.getOrDefault(e.getKey(), 0));
            }
            for (Map.Entry<Long, Integer> e : t.records.entrySet()) {
                int have = s.records.getOrDefault(e.getKey(), 0);
                if (have == 0) {
                    unexpected += e.getValue();
                } else {
                    duplicated += Math.max(0, e.getValue() - have);
                }
            }
            long dupKeys = t.keys.entrySet().stream().filter(e -> e.getValue() > s.keys.getOrDefault(e.getKey(), 0)
                    && s.keys.containsKey(e.getKey())).count();
            out.add(new PartitionComparison(tp.topic(), tp.partition(), s.count, t.count, s.digest(), t.digest(), lost, duplicated, unexpected, dupKeys));
        }
        return new VerificationReport(source.alias(), target.alias(), out);
    }

    private Map<TopicPartition, Side> read(KafkaCluster cluster, Poller poller) {
        return read(cluster, topics, timeout, poller);
    }

    /** Reads every committed record of the matching topics of {@code cluster}, per partition (shared with {@link KafkaDataCheck}). */
    static Map<TopicPartition, Side> read(KafkaCluster cluster, String topics, Duration timeout, Poller poller) {
        Pattern p = Pattern.compile(topics);
        String where = MirrorMonitor.describe(cluster);
        Map<TopicPartition, Side> sides = new HashMap<>();
        try (Admin admin = Clients.admin(cluster.clientProperties());
                KafkaConsumer<byte[], byte[]> reader = Clients.reader(cluster.clientProperties())) {
            List<String> names = KafkaCalls.get(admin.listTopics().names(), "ListTopics of " + where).stream()
                    .filter(t -> p.matcher(t).matches()).toList();
            Set<TopicPartition> tps = new HashSet<>();
            KafkaCalls.get(admin.describeTopics(names).allTopicNames(), "DescribeTopics " + names + " of " + where).values()
                    .forEach(d -> d.partitions().forEach(pi -> tps.add(new TopicPartition(d.name(), pi.partition()))));
            Map<TopicPartition, Long> end = new HashMap<>();
            if (!tps.isEmpty()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                KafkaCalls.get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "ListOffsets of " + where)
                        .forEach((tp, info) -> end.put(tp, info.offset()));
            }
            tps.forEach(tp -> sides.put(tp, new Side()));
            String call = "read the records of " + where;
            KafkaCalls.call(call, () -> {
                reader.assign(tps);
                reader.seekToBeginning(tps);
                return null;
            });
            Set<TopicPartition> pending = new HashSet<>(tps);
            KafkaCalls.readUntil(poller, "every committed record of " + topics + " on " + where + " to be read", timeout,
                    () -> KafkaCalls.call(call, () -> {
                        pending.removeIf(tp -> reader.position(tp) >= end.get(tp));
                        if (pending.isEmpty()) {
                            return true;
                        }
                        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                            if (r.offset() < end.get(tp)) {
                                sides.get(tp).add(r);
                            }
                        }
                        pending.removeIf(tp -> reader.position(tp) >= end.get(tp));
                        return pending.isEmpty();
                    }), () -> pending.size() + " partitions left: " + pending);
            return sides;
        }
    }

    /** One side of one partition: the multiset of record hashes and of key hashes, and each hash's newest timestamp. */
    static final class Side {
        final Map<Long, Integer> records = new HashMap<>();
        final Map<Long, Long> timestamps = new HashMap<>();
        long newestTimestamp = Long.MIN_VALUE;
        final Map<Long, Integer> keys = new HashMap<>();
        long count;
        long sum;
        long xor;

        void add(ConsumerRecord<byte[], byte[]> r) {
            MessageDigest md = sha256();
            put(md, r.key());
            long keyHash = ByteBuffer.wrap(md.digest()).getLong();
            md = sha256();
            put(md, r.key());
            put(md, r.value());
            for (Header h : r.headers()) {
                put(md, h.key().getBytes(StandardCharsets.UTF_8));
                put(md, h.value());
            }
            long h = ByteBuffer.wrap(md.digest()).getLong();
            records.merge(h, 1, Integer::sum);
            timestamps.merge(h, r.timestamp(), Math::max);
            newestTimestamp = Math.max(newestTimestamp, r.timestamp());
            if (r.key() != null) {
                keys.merge(keyHash, 1, Integer::sum);
            }
            count++;
            sum += h;
            xor ^= Long.rotateLeft(h, 17) * 0x9E3779B97F4A7C15L;
        }

        String digest() {
            return String.format("%d:%016x:%016x", count, sum, xor);
        }

        private static void put(MessageDigest md, byte[] b) {
            if (b == null) {
                md.update(new byte[] {0, 0, 0, 0, 0});
                return;
            }
            md.update((byte) 1);
            md.update(ByteBuffer.allocate(4).putInt(b.length).array());
            md.update(b);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
