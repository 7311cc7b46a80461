package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.kafka.internal.PropertiesFile;
import io.streamsdr.kafka.internal.Rules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A one-way MirrorMaker 2 configuration: everything the runbook's {@code mm2.config} says, built
 * and checked in Java. Immutable; build it with {@link #from(KafkaCluster)}, change a copy with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * MirrorConfig forward = MirrorConfig.from(production).to(backup)
 *     .withTopics("streams.*")
 *     .withReplicationFactor(3)
 *     .withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
 *     .build();
 * forward.writeTo(properties);   // e.g. Path.of("mm2.properties"), for connect-mirror-maker.sh, rw------- only
 * }</pre>
 *
 * <p>What it always sets (see docs/kafka.md):
 * <ul>
 *   <li>{@code IdentityReplicationPolicy}: topic names are kept on the backup ({@code streams.a} stays
 *       {@code streams.a}), replacing the runbook's empty-alias and empty-separator trick;</li>
 *   <li>one flow only: {@code source->target.enabled=true}, {@code target->source.enabled=false};</li>
 *   <li>{@code offset-syncs.topic.location=target}, so that MM2 never writes to the source cluster;</li>
 *   <li>worker settings with the target alias prefix ({@code backup.offset.flush.interval.ms}),
 *       the only form MM2's dedicated mode reads; service-loader plugin discovery for a fast start;</li>
 *   <li>consumer group offsets synced to the target ({@code sync.group.offsets.enabled=true});</li>
 *   <li>a read_committed source consumer, so aborted transactions never reach the backup.</li>
 * </ul>
 * {@link #toString()} shows no secret; {@link #toProperties()} and {@link #writeTo(Path)} must hold
 * them, and the file is written owner-only.
 */
public final class MirrorConfig {
    /** Topics the runbook mirrors. */
    public static final String DEFAULT_TOPICS = "streams.*";
    /** The replication policy that keeps topic names. */
    public static final String IDENTITY_POLICY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";

    private final KafkaCluster source;
    private final KafkaCluster target;
    private final String topics;
    private final String groups;
    private final int replicationFactor;
    private final int internalReplicationFactor;
    private final DeliveryGuarantee deliveryGuarantee;
    private final Duration offsetFlushInterval;
    private final Duration transactionTimeout;
    private final Duration syncInterval;
    private final Duration refreshInterval;
    private final int tasksMax;
    private final Heartbeats heartbeats;
    private final Map<String, String> extra;

    private MirrorConfig(Builder b) {
        this.heartbeats = b.heartbeats;
        this.source = b.source;
        this.target = b.target;
        this.topics = b.topics;
        this.groups = b.groups;
        this.replicationFactor = b.replicationFactor;
        this.internalReplicationFactor = b.internalReplicationFactor;
        this.deliveryGuarantee = b.deliveryGuarantee;
        this.offsetFlushInterval = b.offsetFlushInterval;
        this.transactionTimeout = b.transactionTimeout;
        this.syncInterval = b.syncInterval;
        this.refreshInterval = b.refreshInterval;
        this.tasksMax = b.tasksMax;
        this.extra = Collections.unmodifiableMap(new TreeMap<>(b.extra));
    }

    /**
     * Starts a configuration that mirrors {@code source}; name the target with {@link PendingTarget#to}.
     *
     * @throws InvalidConfigurationException when {@code source} is null
     */
    public static PendingTarget from(KafkaCluster source) {
        return new PendingTarget(Rules.notNull("mirror source cluster", source));
    }

    /** The first stage of the builder: the source is known, the target not yet. */
    public static final class PendingTarget {
        private final KafkaCluster source;

        private PendingTarget(KafkaCluster source) {
            this.source = source;
        }

        /**
         * The cluster that receives the copy.
         *
         * @throws InvalidConfigurationException when {@code target} is null, has the source's alias,
         *         or has the same bootstrap servers as the source (a cluster mirrored onto itself is a
         *         replication loop)
         */
        public Builder to(KafkaCluster target) {
            return new Builder(source, target);
        }
    }

    /** The cluster mirrored. */
    public KafkaCluster source() {
        return source;
    }

    /** The cluster that receives the copy. */
    public KafkaCluster target() {
        return target;
    }

    /** The regular expression of topics mirrored; default {@value #DEFAULT_TOPICS}. */
    public String topics() {
        return topics;
    }

    /** The regular expression of consumer groups whose offsets are synced; default {@code .*}. */
    public String groups() {
        return groups;
    }

    /** Whether MM2 copies at least once (the default) or exactly once (transactions on the target). */
    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /** How often MM2 commits how far it has copied. */
    public Duration offsetFlushInterval() {
        return offsetFlushInterval;
    }

    /** The name of the topic on the target where MM2's dedicated driver records how far it has copied. */
    public String offsetsTopic() {
        return extra.getOrDefault(target.alias() + ".offset.storage.topic", "mm2-offsets." + source.alias() + ".internal");
    }

    /** The flow, as MM2 names it: {@code source->target}. */
    public String flow() {
        return source.alias() + "->" + target.alias();
    }

    /**
     * The same settings between two other clusters (failback mirrors backup → new production with
     * them). Extra properties keep their role: a key prefixed with the old source alias gets the new
     * source alias, one prefixed with the old target alias the new target alias.
     *
     * @throws InvalidConfigurationException when a cluster is null, the aliases are equal, or the
     *         bootstrap servers are the same (a replication loop)
     */
    public MirrorConfig withClusters(KafkaCluster source, KafkaCluster target) {
        return toBuilder().between(source, target).build();
    }

    /** A builder holding this configuration, to build a changed copy ({@code config.toBuilder().withTopics("x.*").build()}). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether MM2 emits heartbeats to the target's {@code heartbeats} topic. */
    public Heartbeats heartbeats() {
        return heartbeats;
    }

    /**
     * The MM2 properties, sorted by key. <b>Holds passwords in clear</b> (MM2 needs them): pass it to
     * MirrorMaker, never to a log.
     */
    public Map<String, String> toProperties() {
        String s = source.alias();
        String t = target.alias();
        Map<String, String> p = new TreeMap<>();
        p.put("clusters", s + ", " + t);
        p.put(s + ".bootstrap.servers", source.bootstrapServers());
        p.put(t + ".bootstrap.servers", target.bootstrapServers());
        source.securityProperties().forEach((k, v) -> p.put(s + "." + k, v));
        target.securityProperties().forEach((k, v) -> p.put(t + "." + k, v));
        p.put(s + "->" + t + ".enabled", "true");
        p.put(s + "->" + t + ".topics", topics);
        p.put(s + "->" + t + ".groups", groups);
        p.put(t + "->" + s + ".enabled", "false");
        p.put("replication.policy.class", IDENTITY_POLICY);
        p.put("replication.factor", String.valueOf(replicationFactor));
        for (String k : List.of("checkpoints.topic.replication.factor", "heartbeats.topic.replication.factor",
                "offset-syncs.topic.replication.factor", "offset.storage.replication.factor",
                "status.storage.replication.factor", "config.storage.replication.factor")) {
            p.put(k, String.valueOf(internalReplicationFactor));
        }
        p.put("offset-syncs.topic.location", "target");
        p.put("sync.topic.acls.enabled", "false");
        p.put("sync.group.offsets.enabled", "true");
        p.put("sync.group.offsets.interval.seconds", String.valueOf(Math.max(1, syncInterval.toSeconds())));
        p.put("emit.checkpoints.interval.seconds", String.valueOf(Math.max(1, syncInterval.toSeconds())));
        p.put("refresh.topics.interval.seconds", String.valueOf(Math.max(1, refreshInterval.toSeconds())));
        p.put("refresh.groups.interval.seconds", String.valueOf(Math.max(1, refreshInterval.toSeconds())));
        p.put("tasks.max", String.valueOf(tasksMax));
        if (heartbeats == Heartbeats.OFF) {
            p.put("emit.heartbeats.enabled", "false");
        }
        p.put("plugin.discovery", "service_load");
        p.put(t + ".plugin.discovery", "service_load");
        p.put(t + ".offset.flush.interval.ms", String.valueOf(offsetFlushInterval.toMillis()));
        // A caught-up source task blocks in poll for up to consumer.poll.timeout.ms (default 1 s) and commits
        // only between polls: keep it within the flush interval, or the last offsets arrive a second late.
        p.put("consumer.poll.timeout.ms", String.valueOf(Math.min(1000, offsetFlushInterval.toMillis())));
        // A backup holds committed data only: aborted transactions are not copied.
        p.put(s + ".consumer.isolation.level", "read_committed");
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            p.put(t + ".exactly.once.source.support", "enabled");
            p.put(t + ".producer.transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()));
        }
        p.putAll(extra);
        return Collections.unmodifiableMap(p);
    }

    /**
     * Writes the configuration as a properties file for {@code connect-mirror-maker.sh}, readable
     * and writable by its owner only ({@code rw-------}), replacing the file atomically.
     *
     * @return the path written
     * @throws InvalidConfigurationException when {@code file} is null
     * @throws CallFailedException          when the file cannot be written
     */
    public Path writeTo(Path file) {
        Rules.notNull("MirrorMaker 2 properties file", file);
        List<String> header = new ArrayList<>();
        header.add("MirrorMaker 2 configuration written by Streams DR: " + flow() + ", topics " + topics);
        header.add("Run with: connect-mirror-maker.sh <this file> --clusters " + target.alias());
        header.add("Holds credentials: keep it owner-only.");
        try {
            PropertiesFile.writeOwnerOnly(file, header, toProperties());
        } catch (IOException e) {
            throw new CallFailedException("write MirrorMaker 2 properties to " + file, e);
        }
        return file;
    }

    /** The secrets this configuration holds. */
    public List<Secret> secrets() {
        List<Secret> s = new ArrayList<>(source.secrets());
        s.addAll(target.secrets());
        return List.copyOf(s);
    }

    /** The flow, topics and options; never a secret. */
    @Override
    public String toString() {
        return "MirrorConfig[" + flow() + ", topics " + topics + ", groups " + groups + ", replication factor "
                + replicationFactor + "/" + internalReplicationFactor
                + (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE ? ", exactly-once" : "")
                + ", source " + source + ", target " + target + "]";
    }

    /** Builds a {@link MirrorConfig}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private static final Set<String> MANAGED = Set.of("clusters", "replication.policy.class", "offset-syncs.topic.location");
        private KafkaCluster source;
        private KafkaCluster target;
        private String topics = DEFAULT_TOPICS;
        private String groups = ".*";
        private int replicationFactor = 3;
        private int internalReplicationFactor = 3;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        private Duration offsetFlushInterval = Duration.ofSeconds(1);
        private Duration transactionTimeout = Duration.ofSeconds(10);
        private Duration syncInterval = Duration.ofSeconds(1);
        private Duration refreshInterval = Duration.ofSeconds(5);
        private int tasksMax = 1;
        private Heartbeats heartbeats = Heartbeats.EMIT;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(KafkaCluster source, KafkaCluster target) {
            checkClusters(source, target);
            this.source = source;
            this.target = target;
        }

        private Builder(MirrorConfig from) {
            this.source = from.source;
            this.target = from.target;
            this.topics = from.topics;
            this.groups = from.groups;
            this.replicationFactor = from.replicationFactor;
            this.internalReplicationFactor = from.internalReplicationFactor;
            this.deliveryGuarantee = from.deliveryGuarantee;
            this.offsetFlushInterval = from.offsetFlushInterval;
            this.transactionTimeout = from.transactionTimeout;
            this.syncInterval = from.syncInterval;
            this.refreshInterval = from.refreshInterval;
            this.tasksMax = from.tasksMax;
            this.heartbeats = from.heartbeats;
            this.extra.putAll(from.extra);
        }

        private static void checkClusters(KafkaCluster source, KafkaCluster target) {
            Rules.notNull("mirror source cluster", source);
            Rules.notNull("mirror target cluster", target);
            if (source.alias().equals(target.alias())) {
                throw new InvalidConfigurationException("mirror target alias '" + target.alias() + "'",
                        "must differ from the source alias");
            }
            if (source.bootstrapServers().equals(target.bootstrapServers())) {
                throw new InvalidConfigurationException("mirror target bootstrap servers '" + target.bootstrapServers() + "'",
                        "must differ from the source's: mirroring a cluster onto itself is a replication loop");
            }
        }

        /** The same settings between two other clusters, extra properties' alias prefixes moved along (see {@link MirrorConfig#withClusters}). */
        private Builder between(KafkaCluster newSource, KafkaCluster newTarget) {
            checkClusters(newSource, newTarget);
            String oldS = source.alias() + ".";
            String oldT = target.alias() + ".";
            Map<String, String> old = new LinkedHashMap<>(extra);
            extra.clear();
            source = newSource;
            target = newTarget;
            for (Map.Entry<String, String> e : old.entrySet()) {
                String k = e.getKey();
                if (k.startsWith(oldS)) {
                    k = newSource.alias() + "." + k.substring(oldS.length());
                } else if (k.startsWith(oldT)) {
                    k = newTarget.alias() + "." + k.substring(oldT.length());
                }
                withProperty(k, e.getValue());
            }
            return this;
        }

        /**
         * The topics to mirror, a Java regular expression; default {@value MirrorConfig#DEFAULT_TOPICS}.
         *
         * @throws InvalidConfigurationException when blank or not a valid regular expression
         */
        public Builder withTopics(String topicRegex) {
            this.topics = Rules.regex("mirrored topics", topicRegex);
            return this;
        }

        /**
         * The consumer groups whose offsets are translated to the target; default {@code .*}.
         *
         * @throws InvalidConfigurationException when blank or not a valid regular expression
         */
        public Builder withGroups(String groupRegex) {
            this.groups = Rules.regex("mirrored groups", groupRegex);
            return this;
        }

        /**
         * The replication factor of the topics MM2 creates on the target; default 3.
         *
         * @throws InvalidConfigurationException when less than 1
         */
        public Builder withReplicationFactor(int replicationFactor) {
            this.replicationFactor = Rules.atLeast("replication factor", replicationFactor, 1);
            return this;
        }

        /**
         * The replication factor of MM2's internal topics (checkpoints, heartbeats, offset-syncs, and
         * the worker's configs, offsets and status topics); default 3.
         *
         * @throws InvalidConfigurationException when less than 1
         */
        public Builder withInternalReplicationFactor(int replicationFactor) {
            this.internalReplicationFactor = Rules.atLeast("internal topics replication factor", replicationFactor, 1);
            return this;
        }

        /**
         * At least once (the default) or exactly once: with {@link DeliveryGuarantee#EXACTLY_ONCE},
         * transactions on the target ({@code <target>.exactly.once.source.support=enabled}) and a short
         * producer transaction timeout (see {@link #withTransactionTimeout}). The source is read
         * read_committed either way.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
            this.deliveryGuarantee = Rules.notNull("delivery guarantee", deliveryGuarantee);
            return this;
        }

        /**
         * The transaction timeout of MM2's producer with exactly-once; default 10 s. After a crash,
         * MM2 waits this long for the dead task's transaction before it resumes.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withTransactionTimeout(Duration transactionTimeout) {
            this.transactionTimeout = Rules.positive("transaction timeout", transactionTimeout);
            return this;
        }

        /**
         * How often MM2 commits how far it has copied ({@code <target>.offset.flush.interval.ms});
         * default 1 s. Smaller means fewer duplicates after a crash without exactly-once, exact group
         * offsets sooner, and "mirroring done" detected sooner.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withOffsetFlushInterval(Duration offsetFlushInterval) {
            this.offsetFlushInterval = Rules.positive("offset flush interval", offsetFlushInterval);
            return this;
        }

        /**
         * How often checkpoints are emitted and group offsets synced, whole seconds; default 1 s.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withSyncInterval(Duration syncInterval) {
            this.syncInterval = Rules.positive("group offsets sync interval", syncInterval);
            return this;
        }

        /**
         * How often MM2 looks for new topics and groups, whole seconds; default 5 s.
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = Rules.positive("topics and groups refresh interval", refreshInterval);
            return this;
        }

        /**
         * The most tasks per connector; default 1.
         *
         * @throws InvalidConfigurationException when less than 1
         */
        public Builder withTasksMax(int tasksMax) {
            this.tasksMax = Rules.atLeast("tasks.max", tasksMax, 1);
            return this;
        }

        /**
         * Whether MM2 emits heartbeats (the {@code heartbeats} topic on the target, for monitoring the
         * flow); default {@link Heartbeats#EMIT}. Without them MM2 starts about 0.7 s sooner, which
         * failback uses for its short-lived reverse mirror.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withHeartbeats(Heartbeats heartbeats) {
            this.heartbeats = Rules.notNull("heartbeats", heartbeats);
            return this;
        }

        /**
         * One more MM2 property, for tuning: {@code <target>.producer.linger.ms},
         * {@code <source>.consumer.fetch.min.bytes}, ... Worker settings need the target alias prefix.
         *
         * @throws InvalidConfigurationException when the key or value is blank; when the key is one
         *         this builder manages ({@code clusters}, the replication policy, the offset-syncs
         *         location, bootstrap servers, security settings, flow switches); when it would
         *         enable the reverse flow (a replication loop); and, for a cluster that uses {@link MskIam},
         *         when it turns on {@code sync.topic.acls.enabled} or sets a {@code reconnect.backoff.ms} under 1000
         */
        public Builder withProperty(String key, String value) {
            Rules.notBlank("MirrorMaker 2 property key", key);
            Rules.notNull("MirrorMaker 2 property '" + key + "'", value);
            String k = key.trim();
            String reverse = target.alias() + "->" + source.alias() + ".";
            if (k.startsWith(reverse)) {
                throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'",
                        "must not configure the reverse flow " + target.alias() + "->" + source.alias()
                                + ": both directions at once are a replication loop (fail back with KafkaFailback instead)");
            }
            if (k.contains("->")) {
                throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'",
                        "must not configure flows; use withTopics/withGroups for " + source.alias() + "->" + target.alias());
            }
            if (MANAGED.contains(k) || k.endsWith("bootstrap.servers") || k.contains("security.protocol")
                    || k.contains("sasl.") || k.contains("ssl.")) {
                throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'",
                        "is set from the cluster descriptions and the builder; it must not be overridden");
            }
            checkUnderIam(k, value);
            extra.put(k, value);
            return this;
        }

        /**
         * The lints of MSK IAM: Kafka ACLs do not apply to IAM identities, and IAM clients must not reconnect
         * faster than once a second. A key applies to a cluster when it carries its alias prefix, or to both
         * when it carries none.
         */
        private void checkUnderIam(String k, String value) {
            List<KafkaCluster> iam = new ArrayList<>();
            for (KafkaCluster c : List.of(source, target)) {
                boolean prefixed = k.startsWith(source.alias() + ".") || k.startsWith(target.alias() + ".");
                if (c.auth() instanceof MskIam && (!prefixed || k.startsWith(c.alias() + "."))) {
                    iam.add(c);
                }
            }
            if (iam.isEmpty()) {
                return;
            }
            String who = "cluster '" + iam.get(0).alias() + "' authenticates with MSK IAM";
            if (k.endsWith("sync.topic.acls.enabled") && !"false".equalsIgnoreCase(value.trim())) {
                throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'",
                        "must stay false: " + who + ", and Kafka ACLs do not apply to IAM identities (MSK authorizes them with IAM"
                                + " policies), so syncing ACLs fails or grants nothing; remove withProperty(\"" + k + "\", ...)");
            }
            if (k.endsWith("reconnect.backoff.ms")) {
                long ms;
                try {
                    ms = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'", "must be a number of milliseconds, was '" + value + "'");
                }
                if (ms < MskIam.MIN_RECONNECT_BACKOFF_MS) {
                    throw new InvalidConfigurationException("MirrorMaker 2 property '" + k + "'",
                            "must be at least " + MskIam.MIN_RECONNECT_BACKOFF_MS + " ms, was " + ms + ": " + who
                                    + ", and MSK limits new IAM connections per broker (clients that reconnect faster fail with 'too many connects');"
                                    + " KafkaCluster already sets " + MskIam.MIN_RECONNECT_BACKOFF_MS + " ms: remove withProperty(\"" + k + "\", ...)");
                }
            }
        }

        /** The configuration. */
        public MirrorConfig build() {
            return new MirrorConfig(this);
        }
    }
}
