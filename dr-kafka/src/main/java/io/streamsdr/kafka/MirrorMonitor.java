package io.streamsdr.kafka;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.internal.Clients;
import io.streamsdr.kafka.internal.KafkaCalls;
import io.streamsdr.kafka.internal.Probe;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches one MirrorMaker 2 flow: the topics on the backup, per-partition lag in records and in time,
 * "mirroring done", and consumer group offsets translated. Reads both clusters, writes to neither.
 * Thread-safe; close it to release its Kafka clients.
 *
 * <p>"Mirroring done" means: for every partition of the mirrored topics, MM2's committed source
 * offset has reached the source's last committed record. It is checked with a read_committed probe
 * from MM2's committed offset to the source's last stable offset, so it holds with transactional
 * sources (whose end offsets never equal the target's) and exactly-once targets.
 *
 * <p>It has no time of its own: a method that reads in a loop or waits takes the {@link Poller} to do it
 * through, and lag in time is measured on that poller's clock. Inside a plan step pass
 * {@code ctx.poller()}, outside one {@link Poller#system()} (or a test's).
 */
public final class MirrorMonitor implements AutoCloseable {
    /** How long one read of the clusters may take within a look. */
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    private final Mirror mirror;
    private final MirrorConfig config;
    private final Pattern topics;
    private final Pattern groups;
    private final String source;
    private final String target;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private KafkaConsumer<byte[], byte[]> sourceReader;
    private KafkaConsumer<byte[], byte[]> targetReader;

    private MirrorMonitor(Mirror mirror) {
        this.mirror = mirror;
        this.config = mirror.config();
        this.topics = Pattern.compile(config.topics());
        this.groups = Pattern.compile(config.groups());
        this.source = describe(config.source());
        this.target = describe(config.target());
    }

    /**
     * A monitor of this mirror's flow.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code mirror} is null
     */
    public static MirrorMonitor of(Mirror mirror) {
        return new MirrorMonitor(Rules.notNull("mirror", mirror));
    }

    /** The mirror watched. */
    public Mirror mirror() {
        return mirror;
    }

    /**
     * The runbook's check: the topics that exist on the backup (target) cluster, sorted, internal ones excluded.
     *
     * @throws CallFailedException when the backup cannot be read
     */
    public synchronized List<String> backupTopics() {
        return new ArrayList<>(new TreeSet<>(KafkaCalls.get(targetAdmin().listTopics().names(), "ListTopics of " + target)));
    }

    /**
     * The mirrored topics as they are on the source now, sorted.
     *
     * @throws CallFailedException when the source cannot be read
     */
    public synchronized List<String> sourceTopics() {
        return mirrored(sourceAdmin(), source);
    }

    /**
     * The lag now, per partition, in records and in time (on {@code poller}'s clock).
     *
     * @param poller what the reads of MM2's committed offsets and of the source go through
     * @throws CallFailedException when a cluster cannot be read
     * @throws TimedOutException  when a read takes more than 30 s
     */
    public synchronized MirrorLag lag(Poller poller) {
        Rules.notNull("poller", poller);
        return lag(sourceEnds(), poller);
    }

    /**
     * The lag, counting only source records below {@code bound} per partition (a sync point looks at
     * what the source had at time t).
     */
    synchronized MirrorLag lag(Map<TopicPartition, Long> bound, Poller poller) {
        Instant now = poller.clock().instant();
        Map<TopicPartition, Long> earliest = offsets(sourceAdmin(), bound.keySet(), OffsetSpec.earliest(), source);
        Map<TopicPartition, Long> committed = mirror.committedOffsets(poller, IO_TIMEOUT);
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : bound.entrySet()) {
            TopicPartition tp = e.getKey();
            long n = Math.max(committed.getOrDefault(tp, -1L) + 1, earliest.getOrDefault(tp, 0L));
            next.put(tp, n);
            if (n < e.getValue()) {
                ranges.put(tp, new long[] {n, e.getValue()});
            }
        }
        Map<TopicPartition, Long> first = Probe.firstCommitted(sourceReader(), ranges, poller, IO_TIMEOUT, source);
        List<PartitionLag> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : bound.entrySet()) {
            TopicPartition tp = e.getKey();
            Long ts = first.get(tp);
            long records = ts == null ? 0 : e.getValue() - next.get(tp);
            Duration time = ts == null ? Duration.ZERO : max0(Duration.between(Instant.ofEpochMilli(ts), now));
            out.add(new PartitionLag(tp.topic(), tp.partition(), e.getValue(), next.get(tp), records, time));
        }
        return new MirrorLag(config.flow(), now, out);
    }

    /**
     * One look of {@link #awaitDone}. While MM2 is visibly copying (a partition behind the source's end whose
     * committed offset moved since the previous look) the answer is "not done" without probing the source: the
     * probe reads a record of every partition behind, which on a small machine competes with MirrorMaker 2 for
     * the CPU during the bulk of the copy. A light look can only say "not done", never "done": when nothing moved
     * (the copy may have reached the end, or the rest of a partition may be transaction markers and aborted
     * records), the full look with the probe decides, so "done" is detected at most one look later than with
     * probes only, and never earlier.
     */
    synchronized MirrorLag look(Poller poller, Map<TopicPartition, Long> previous) {
        Map<TopicPartition, Long> ends = sourceEnds();
        Map<TopicPartition, Long> committed = mirror.committedOffsets(poller, IO_TIMEOUT);
        boolean moving = false;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            Long c = committed.get(e.getKey());
            Long before = previous.get(e.getKey());
            if (c != null && c + 1 < e.getValue() && before != null && c > before) {
                moving = true;
            }
        }
        previous.clear();
        previous.putAll(committed);
        if (!moving) {
            return lag(ends, poller);
        }
        Instant now = poller.clock().instant();
        List<PartitionLag> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            long next = committed.getOrDefault(e.getKey(), -1L) + 1;
            long behind = Math.max(0, e.getValue() - next);
            out.add(new PartitionLag(e.getKey().topic(), e.getKey().partition(), e.getValue(), Math.min(next, e.getValue()),
                    behind, Duration.ZERO));
        }
        return new MirrorLag(config.flow(), now, out);
    }

    /** The source's read_committed end offsets (last stable offsets) of every mirrored partition. */
    synchronized Map<TopicPartition, Long> sourceEnds() {
        Admin admin = sourceAdmin();
        List<String> names = mirrored(admin, source);
        Map<String, TopicDescription> described = KafkaCalls.get(admin.describeTopics(names).allTopicNames(),
                "DescribeTopics " + names + " of " + source);
        Set<TopicPartition> tps = new HashSet<>();
        described.values().forEach(d -> d.partitions().forEach(p -> tps.add(new TopicPartition(d.name(), p.partition()))));
        return offsets(admin, tps, OffsetSpec.latest(), source);
    }

    /**
     * Waits until mirroring is done (see the class comment) and has stayed done for
     * {@code stableWindow}: the reverse mirror of a failback is stopped only then. A look that cannot
     * read a cluster is retried at the next look.
     *
     * @return the lag at the end of the wait (all caught up)
     * @throws io.streamsdr.core.InvalidConfigurationException when an argument is null or the window negative
     * @throws TimedOutException when the policy's timeout (or the enclosing step's) passes first;
     *         the message holds the last lag seen
     */
    public MirrorLag awaitDone(Poller poller, PollPolicy policy, Duration stableWindow) {
        Rules.notNull("poller", poller);
        Rules.notNull("poll policy", policy);
        Rules.notNegative("stable window", stableWindow);
        Instant[] doneSince = {null};
        Map<TopicPartition, Long> previous = new HashMap<>();
        Wait<MirrorLag> wait = Wait.<MirrorLag>until("MirrorMaker 2 to catch up"
                        + (stableWindow.isZero() ? "" : ", for " + io.streamsdr.core.spi.Durations.format(stableWindow)), () -> look(poller, previous))
                .withAcceptor(Acceptor.successWhen(l -> {
                    if (!l.caughtUp()) {
                        doneSince[0] = null;
                        return false;
                    }
                    Instant now = poller.clock().instant();
                    if (doneSince[0] == null) {
                        doneSince[0] = now;
                    }
                    return !now.isBefore(doneSince[0].plus(stableWindow));
                }))
                .withAcceptor(Acceptor.retryOnError(MirrorMonitor::transientError));
        return poller.await(wait, policy).value().orElseThrow();
    }

    /**
     * Consumer groups whose offsets have not arrived on the target yet, as {@code group topic-partition}
     * entries: for every group on the source matching the mirrored groups, every mirrored partition it
     * committed must have a committed offset on the target, and a group that read to the source's log
     * end must be at the target's log end (exact translation). Empty when all arrived.
     *
     * @param poller what the probes of both clusters read through
     * @throws CallFailedException when a cluster cannot be read
     * @throws TimedOutException  when a probe takes more than 30 s
     */
    public synchronized List<String> groupsNotTranslated(Poller poller) {
        Rules.notNull("poller", poller);
        Admin src = sourceAdmin();
        Admin dst = targetAdmin();
        List<String> pending = new ArrayList<>();
        List<String> groupIds = KafkaCalls.get(src.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "ListGroups of " + source)
                .stream().map(GroupListing::groupId).filter(g -> groups.matcher(g).matches()).sorted().toList();
        for (String group : groupIds) {
            Map<TopicPartition, OffsetAndMetadata> onSource = KafkaCalls.get(src.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                    "ListConsumerGroupOffsets '" + group + "' of " + source);
            Map<TopicPartition, OffsetAndMetadata> onTarget = KafkaCalls.get(dst.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                    "ListConsumerGroupOffsets '" + group + "' of " + target);
            Map<TopicPartition, long[]> srcRanges = new HashMap<>();
            Map<TopicPartition, Long> srcEnd = offsets(src, mirroredOnly(onSource.keySet()), OffsetSpec.latest(), source);
            for (TopicPartition tp : srcEnd.keySet()) {
                OffsetAndMetadata o = onSource.get(tp);
                if (o == null) {
                    continue;
                }
                if (onTarget.get(tp) == null) {
                    pending.add(group + " " + tp + " (no offset on " + config.target().alias() + ")");
                } else if (o.offset() < srcEnd.get(tp)) {
                    srcRanges.put(tp, new long[] {o.offset(), srcEnd.get(tp)});
                }
            }
            // Partitions where the group is at the source's log end must be at the target's log end too.
            Map<TopicPartition, Long> notAtEnd = Probe.firstCommitted(sourceReader(), srcRanges, poller, IO_TIMEOUT, source);
            Map<TopicPartition, long[]> dstRanges = new HashMap<>();
            Set<TopicPartition> atEnd = new HashSet<>(srcEnd.keySet());
            atEnd.removeAll(notAtEnd.keySet());
            atEnd.removeIf(tp -> onSource.get(tp) == null || onTarget.get(tp) == null);
            Map<TopicPartition, Long> dstEnd = offsets(dst, atEnd, OffsetSpec.latest(), target);
            for (TopicPartition tp : atEnd) {
                long t = onTarget.get(tp).offset();
                if (t < dstEnd.getOrDefault(tp, 0L)) {
                    dstRanges.put(tp, new long[] {t, dstEnd.get(tp)});
                }
            }
            for (TopicPartition tp : Probe.firstCommitted(targetReader(), dstRanges, poller, IO_TIMEOUT, target).keySet()) {
                pending.add(group + " " + tp + " (at the log end on " + config.source().alias() + ", behind on " + config.target().alias() + ")");
            }
        }
        return pending;
    }

    /**
     * Waits until {@link #groupsNotTranslated(Poller)} is empty. A look that cannot read a cluster is
     * retried at the next look.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when an argument is null
     * @throws TimedOutException when the policy's timeout passes first, with the groups still missing
     */
    public void awaitGroupsTranslated(Poller poller, PollPolicy policy) {
        Rules.notNull("poller", poller);
        Rules.notNull("poll policy", policy);
        Wait<List<String>> wait = Wait.<List<String>>until("consumer group offsets to arrive translated on " + config.target().alias(),
                        () -> groupsNotTranslated(poller))
                .withSuccessWhen(List::isEmpty)
                .withAcceptor(Acceptor.retryOnError(MirrorMonitor::transientError));
        poller.await(wait, policy);
    }

    private Set<TopicPartition> mirroredOnly(Set<TopicPartition> tps) {
        Set<TopicPartition> out = new HashSet<>();
        tps.forEach(tp -> {
            if (topics.matcher(tp.topic()).matches()) {
                out.add(tp);
            }
        });
        return out;
    }

    private List<String> mirrored(Admin admin, String where) {
        return KafkaCalls.get(admin.listTopics().names(), "ListTopics of " + where).stream()
                .filter(t -> topics.matcher(t).matches()).sorted().toList();
    }

    /** read_committed offsets of these partitions. */
    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> tps, OffsetSpec spec, String where) {
        if (tps.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        tps.forEach(tp -> req.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        KafkaCalls.get(admin.listOffsets(req, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "ListOffsets of " + where)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Whether a look that threw this may be retried at the next look: a cluster that could not be read
     * ({@link CallFailedException}), or a read within the look that ran out of its time
     * ({@link TimedOutException}; the wait's own timeout still ends the wait).
     */
    static boolean transientError(Throwable e) {
        return e instanceof CallFailedException || e instanceof TimedOutException;
    }

    /** How messages name a cluster: {@code Kafka cluster 'backup' (h:9092)}. */
    static String describe(KafkaCluster cluster) {
        return "Kafka cluster '" + cluster.alias() + "' (" + cluster.bootstrapServers() + ")";
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private Admin sourceAdmin() {
        if (sourceAdmin == null) {
            sourceAdmin = Clients.admin(config.source().clientProperties());
        }
        return sourceAdmin;
    }

    private Admin targetAdmin() {
        if (targetAdmin == null) {
            targetAdmin = Clients.admin(config.target().clientProperties());
        }
        return targetAdmin;
    }

    private KafkaConsumer<byte[], byte[]> sourceReader() {
        if (sourceReader == null) {
            sourceReader = Clients.probe(config.source().clientProperties());
        }
        return sourceReader;
    }

    private KafkaConsumer<byte[], byte[]> targetReader() {
        if (targetReader == null) {
            targetReader = Clients.probe(config.target().clientProperties());
        }
        return targetReader;
    }

    /** Closes the Kafka clients (not the mirror). */
    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {sourceAdmin, targetAdmin, sourceReader, targetReader}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing
                }
            }
        }
        sourceAdmin = null;
        targetAdmin = null;
        sourceReader = null;
        targetReader = null;
    }

    @Override
    public String toString() {
        return "MirrorMonitor[" + config.flow() + "]";
    }
}
