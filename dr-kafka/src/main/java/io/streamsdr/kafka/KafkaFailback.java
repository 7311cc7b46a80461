package io.streamsdr.kafka;

import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.kafka.internal.Clients;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The runbook's Kafka failback as {@link io.streamsdr.core.RestorePlan} steps: after production was
 * lost and rebuilt, copy the backup onto the new production cluster, point Streams at it, and protect
 * it again. The steps, in order:
 * <ol>
 *   <li>{@code kafka-stop-forward}: stop the forward mirror (production → backup);</li>
 *   <li>{@code kafka-start-reverse}: mirror backup → new production (without heartbeats), refused when new production's
 *       topics already hold data (unless forced) or when the forward mirror still runs (a loop);</li>
 *   <li>{@code kafka-await-reverse}: wait until mirroring is done and stays done for the stable window,
 *       and until consumer group offsets have arrived translated;</li>
 *   <li>{@code kafka-stop-reverse}: stop it, noting new production's end offsets;</li>
 *   <li>{@code kafka-verify}: compare backup and new production record by record (can be turned off);</li>
 *   <li>{@code kafka-publish-bootstrap}: publish new production's bootstrap servers as
 *       {@link #BOOTSTRAP_SERVERS}, for the Helm step;</li>
 *   <li>{@code kafka-restart-forward}: start the forward mirror again, new production → backup, from
 *       the offsets noted in step 4, so the backup gets what is written from then on, once.</li>
 * </ol>
 *
 * <pre>{@code
 * KafkaFailback failback = KafkaFailback.of(forward).to(newProduction).build();
 * RestorePlan.Builder plan = RestorePlan.builder("failback");
 * failback.steps().forEach(plan::withStep);
 * failback.secrets().forEach(plan::withSecret);
 * plan.withStep(Step.named("helm-upgrade").dependsOn(KafkaFailback.PUBLISH).consumes(KafkaFailback.BOOTSTRAP_SERVERS)...);
 * }</pre>
 */
public final class KafkaFailback {
    /** New production's bootstrap servers, published for the Helm step ({@code externalizedKafka.bootstrapServers}). */
    public static final StepOutput<String> BOOTSTRAP_SERVERS = StepOutput.string("kafka.bootstrapServers");
    /** Step ids. */
    public static final String STOP_FORWARD = "kafka-stop-forward";
    public static final String START_REVERSE = "kafka-start-reverse";
    public static final String AWAIT_REVERSE = "kafka-await-reverse";
    public static final String STOP_REVERSE = "kafka-stop-reverse";
    public static final String VERIFY = "kafka-verify";
    public static final String PUBLISH = "kafka-publish-bootstrap";
    public static final String RESTART_FORWARD = "kafka-restart-forward";
    static final StepOutput<String> START_OFFSETS = StepOutput.string("kafka.forward.startOffsets");
    private static final String GUARD = "failback target topics must be empty";

    private final Mirror forward;
    private final KafkaCluster newProduction;
    private final Function<MirrorConfig, Mirror> mirrors;
    private final Duration stableWindow;
    private final PollPolicy pollPolicy;
    private final boolean force;
    private final boolean verify;
    private final String component;
    private final MirrorConfig reverseConfig;
    private final MirrorConfig restartConfig;
    private final AtomicReference<Mirror> reverse = new AtomicReference<>();
    private final AtomicReference<Mirror> restarted = new AtomicReference<>();

    private KafkaFailback(Builder b) {
        this.forward = b.forward;
        this.newProduction = b.newProduction;
        this.mirrors = b.mirrors;
        this.stableWindow = b.stableWindow;
        this.pollPolicy = b.pollPolicy;
        this.force = b.force;
        this.verify = b.verify;
        this.component = b.component;
        MirrorConfig f = forward.config();
        // short-lived: no heartbeats (MM2 starts ~0.7 s sooner and leaves no heartbeats topic on new production)
        this.reverseConfig = f.withClusters(f.target(), newProduction).withHeartbeats(false);
        this.restartConfig = f.withClusters(newProduction, f.target());
    }

    /**
     * Starts a failback of the cluster that {@code forward} mirrors to its backup.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code forward} is null
     */
    public static Step1 of(Mirror forward) {
        return new Step1(Rules.notNull("forward mirror", forward));
    }

    /** The first half of the builder. */
    public static final class Step1 {
        private final Mirror forward;

        private Step1(Mirror forward) {
            this.forward = forward;
        }

        /**
         * The rebuilt production cluster the backup is copied onto.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when null, or when it has the backup's
         *         alias or bootstrap servers
         */
        public Builder to(KafkaCluster newProduction) {
            return new Builder(forward, Rules.notNull("new production cluster", newProduction));
        }
    }

    /**
     * The seven steps (six without verification), each depending on the one before:
     * {@link #restoreSteps()} then {@link #resumeMirroringSteps()}.
     */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>(restoreSteps());
        steps.addAll(resumeMirroringSteps());
        return List.copyOf(steps);
    }

    /**
     * The steps that bring the data back, up to publishing new production's bootstrap servers:
     * stop the forward mirror, mirror backup → new production until done, stop it, verify,
     * publish {@link #BOOTSTRAP_SERVERS}. The first step carries the read-only preconditions: the
     * backup holds the mirrored topics, and (unless forced) new production's are empty.
     */
    public List<Step> restoreSteps() {
        List<Step> steps = new ArrayList<>();
        String backup = forward.config().target().alias();
        String prod = newProduction.alias();
        steps.add(Step.named(STOP_FORWARD).withDescription("stop MirrorMaker 2 " + forward.config().flow()
                        + ", then record the RPO: the age of the newest record on " + backup)
                .withPrecondition(Precondition.of("backup cluster '" + backup + "' holds the mirrored topics", this::checkBackupHasData))
                .withPrecondition(Precondition.of(force ? "new production '" + prod + "' may hold data (forced)"
                        : "new production '" + prod + "' holds no data in the mirrored topics", () -> {
                            checkNewProductionIsEmpty();
                            return force ? "not checked: forced" : "no records in " + reverseConfig.topics() + " on " + prod;
                        }))
                .withAction(this::stopForward).build());
        steps.add(Step.named(START_REVERSE).dependsOn(STOP_FORWARD)
                .withDescription("start MirrorMaker 2 " + reverseConfig.flow() + " (topics " + reverseConfig.topics() + ")")
                .withAction(this::startReverse).build());
        steps.add(Step.named(AWAIT_REVERSE).dependsOn(START_REVERSE)
                .withDescription("wait until " + reverseConfig.flow() + " has copied everything, stable for " + stableWindow.toMillis()
                        + " ms, and consumer group offsets arrived on " + prod)
                .withAction(this::awaitReverse).build());
        steps.add(Step.named(STOP_REVERSE).dependsOn(AWAIT_REVERSE).publishes(START_OFFSETS)
                .withDescription("stop MirrorMaker 2 " + reverseConfig.flow() + " and note " + prod + "'s end offsets")
                .withAction(this::stopReverse).build());
        String last = STOP_REVERSE;
        if (verify) {
            steps.add(Step.named(VERIFY).dependsOn(STOP_REVERSE)
                    .withDescription("verify that " + prod + " holds exactly the records of " + backup)
                    .withAction(this::verify).build());
            last = VERIFY;
        }
        steps.add(Step.named(PUBLISH).dependsOn(last).publishes(BOOTSTRAP_SERVERS)
                .withDescription("publish " + prod + "'s bootstrap servers " + newProduction.bootstrapServers())
                .withAction(ctx -> ctx.publish(BOOTSTRAP_SERVERS, newProduction.bootstrapServers())).build());
        return List.copyOf(steps);
    }

    /**
     * The step that puts protection back: start MirrorMaker 2 new production → backup from new
     * production's offsets at failback. It depends on {@link #PUBLISH}; in a failover it belongs
     * after the application was re-pointed and rolled out (see {@code Failover.Builder.then}).
     */
    public List<Step> resumeMirroringSteps() {
        return List.of(Step.named(RESTART_FORWARD).dependsOn(PUBLISH).consumes(START_OFFSETS)
                .withDescription("start MirrorMaker 2 " + restartConfig.flow() + " from " + newProduction.alias() + "'s offsets at failback")
                .withAction(this::restartForward).build());
    }

    private String checkBackupHasData() {
        KafkaCluster backup = forward.config().target();
        TopicsRead read = read(backup, Pattern.compile(reverseConfig.topics()), true);
        if (read.records().isEmpty()) {
            throw new PreconditionFailedException("failback needs the backup's topics",
                    "backup cluster '" + backup.alias() + "' (" + backup.bootstrapServers() + ") has no topic matching "
                            + reverseConfig.topics(), null);
        }
        return read.records().values().stream().mapToLong(Long::longValue).sum() + " records in " + read.records().size()
                + " topics on '" + backup.alias() + "': " + read.records()
                + read.newest().map(t -> "; newest record written at " + t).orElse("");
    }

    /** The newest record timestamp in the matching topics (what the backup holds data up to), if it can be read. */
    private static Optional<Instant> newestRecord(KafkaCluster cluster, Pattern topics) {
        try {
            return read(cluster, topics, true).newest();
        } catch (KafkaException | CancellationException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the guard rails now, without changing anything: the forward mirror must be stopped
     * and, unless forced, new production's mirrored topics must be empty.
     *
     * @throws PreconditionFailedException when a guard rail refuses
     */
    public void checkNewProductionIsEmpty() {
        if (force) {
            return;
        }
        Map<String, Long> withData = recordsPerTopic(newProduction, Pattern.compile(reverseConfig.topics()));
        withData.values().removeIf(n -> n == 0);
        if (!withData.isEmpty()) {
            throw new PreconditionFailedException(GUARD, "new production cluster '" + newProduction.alias() + "' ("
                    + newProduction.bootstrapServers() + ") already holds data in " + withData
                    + "; copying the backup onto it would mix old and new records",
                    "KafkaFailback.of(forward).to(newProduction).withForce(true)");
        }
    }

    /**
     * Stops the forward mirror, then records the RPO: from the newest record the backup holds to the
     * step's start (the mirror's stop itself loses nothing more).
     * What production wrote after that record is what the failback cannot bring back; with production
     * lost there is no better measure (an idle topic makes it an overestimate, never an underestimate).
     */
    private void stopForward(StepContext ctx) {
        Instant failoverStarted = ctx.now(); // the disaster's time as near as the failback knows it
        forward.stop();
        KafkaCluster backup = forward.config().target();
        newestRecord(backup, Pattern.compile(reverseConfig.topics())).ifPresent(newest -> {
            Duration lost = Duration.between(newest, failoverStarted);
            ctx.recordRpo(component, lost.isNegative() ? Duration.ZERO : lost);
            ctx.progress("the backup holds records up to " + newest + ": RPO " + lost.toMillis() + " ms");
        });
    }

    private void startReverse(StepContext ctx) {
        if (forward.isRunning()) {
            throw new PreconditionFailedException("one mirror direction at a time", "MirrorMaker 2 " + forward.config().flow()
                    + " is still running; starting " + reverseConfig.flow() + " would be a replication loop", null);
        }
        if (ctx.checkpoint("reverse-started").isEmpty()) {
            checkNewProductionIsEmpty();
            ctx.saveCheckpoint("reverse-started", reverseConfig.flow());
        }
        reverse().start();
        ctx.progress("MirrorMaker 2 " + reverseConfig.flow() + " started");
    }

    private void awaitReverse(StepContext ctx) {
        Mirror r = reverse();
        r.start(); // a resumed run in a new JVM: start it again (it resumes from its committed offsets)
        try (MirrorMonitor monitor = MirrorMonitor.of(r)) {
            MirrorLag lag = monitor.awaitDone(ctx.poller(), pollPolicy, stableWindow);
            ctx.progress("mirroring done: " + lag);
            monitor.awaitGroupsTranslated(ctx.poller(), pollPolicy);
            ctx.progress("consumer group offsets arrived on " + newProduction.alias());
        }
    }

    private void stopReverse(StepContext ctx) throws ExecutionException, InterruptedException {
        reverse().stop();
        Map<TopicPartition, Long> ends = endOffsets(newProduction, Pattern.compile(reverseConfig.topics()));
        ctx.publish(START_OFFSETS, encode(ends));
    }

    private void verify(StepContext ctx) {
        VerificationReport report = ZeroLossVerifier.between(forward.config().target(), newProduction)
                .withTopics(reverseConfig.topics()).verify();
        ctx.progress(report.toString());
        if (!report.exact()) {
            throw new IllegalStateException("new production does not hold exactly the backup's records: " + report
                    + "; partitions: " + report.partitions().stream().filter(p -> !p.exact()).toList());
        }
    }

    private void restartForward(StepContext ctx) {
        Mirror m = restarted.updateAndGet(x -> x != null ? x : mirrors.apply(restartConfig));
        if (m.isRunning()) {
            return;
        }
        m.startAt(decode(ctx.input(START_OFFSETS)));
        ctx.progress("MirrorMaker 2 " + restartConfig.flow() + " started");
    }

    private Mirror reverse() {
        return reverse.updateAndGet(x -> x != null ? x : mirrors.apply(reverseConfig));
    }

    /** The reverse mirror (backup → new production), once a step has created it. */
    public Optional<Mirror> reverseMirror() {
        return java.util.Optional.ofNullable(reverse.get());
    }

    /** The forward mirror started again (new production → backup), once the last step has run. */
    public Optional<Mirror> restartedForward() {
        return java.util.Optional.ofNullable(restarted.get());
    }

    /**
     * The secrets the steps handle (both mirrors' credentials): register them with
     * {@code RestorePlan.Builder.withSecret} so that reports and events mask them.
     */
    public List<io.streamsdr.core.Secret> secrets() {
        List<io.streamsdr.core.Secret> s = new ArrayList<>(forward.config().secrets());
        s.addAll(newProduction.secrets());
        return List.copyOf(s);
    }

    /** The configuration of the reverse mirror. */
    public MirrorConfig reverseConfig() {
        return reverseConfig;
    }

    /** The configuration of the forward mirror started again at the end. */
    public MirrorConfig restartConfig() {
        return restartConfig;
    }

    static String encode(Map<TopicPartition, Long> offsets) {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(toStrings(offsets)).forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return s.toString();
    }

    private static Map<String, Long> toStrings(Map<TopicPartition, Long> offsets) {
        Map<String, Long> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp.topic() + ":" + tp.partition(), o));
        return m;
    }

    static Map<TopicPartition, Long> decode(String s) {
        Map<TopicPartition, Long> m = new HashMap<>();
        if (s.isEmpty()) {
            return m;
        }
        for (String e : s.split(",")) {
            int eq = e.lastIndexOf('=');
            int colon = e.lastIndexOf(':', eq);
            m.put(new TopicPartition(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1, eq))), Long.parseLong(e.substring(eq + 1)));
        }
        return m;
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaCluster cluster, Pattern topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Clients.admin(cluster.clientProperties())) {
            List<String> names = admin.listTopics().names().get().stream().filter(t -> topics.matcher(t).matches()).toList();
            Set<TopicPartition> tps = new HashSet<>();
            admin.describeTopics(names).allTopicNames().get().values()
                    .forEach(d -> d.partitions().forEach(p -> tps.add(new TopicPartition(d.name(), p.partition()))));
            return MirrorMonitor.offsets(admin, tps, OffsetSpec.latest());
        }
    }

    private static Map<String, Long> recordsPerTopic(KafkaCluster cluster, Pattern topics) {
        return read(cluster, topics, false).records();
    }

    /** Records per matching topic and, when asked, the newest record's timestamp. */
    private record TopicsRead(Map<String, Long> records, Optional<Instant> newest) {
    }

    /**
     * Reads the matching topics of {@code cluster} through one admin client: records per topic (end
     * minus start offsets) and, with {@code withNewest}, the newest record's timestamp (empty when it
     * cannot be read or there is none).
     */
    private static TopicsRead read(KafkaCluster cluster, Pattern topics, boolean withNewest) {
        try (Admin admin = Clients.admin(cluster.clientProperties())) {
            List<String> names = admin.listTopics().names().get().stream().filter(t -> topics.matcher(t).matches()).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p -> {
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
            }));
            var hi = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
            var lo = admin.listOffsets(earliest).all().get();
            Map<String, Long> out = new TreeMap<>();
            hi.forEach((tp, info) -> out.merge(tp.topic(), info.offset() - lo.get(tp).offset(), Long::sum));
            Optional<Instant> newest = Optional.empty();
            if (withNewest) {
                Map<TopicPartition, OffsetSpec> max = new HashMap<>();
                latest.keySet().forEach(tp -> max.put(tp, OffsetSpec.maxTimestamp()));
                try {
                    newest = admin.listOffsets(max).all().get().values().stream().filter(i -> i.timestamp() >= 0)
                            .map(i -> Instant.ofEpochMilli(i.timestamp())).max(Comparator.naturalOrder());
                } catch (ExecutionException e) {
                    newest = Optional.empty(); // the counts stand; only the timestamp is unknown
                }
            }
            return new TopicsRead(out, newest);
        } catch (ExecutionException e) {
            throw new KafkaException("could not read the topics of '" + cluster.alias() + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    @Override
    public String toString() {
        return "KafkaFailback[" + reverseConfig.flow() + ", then " + restartConfig.flow() + (force ? ", forced" : "") + "]";
    }

    /** Builds a {@link KafkaFailback}. */
    public static final class Builder {
        private final Mirror forward;
        private final KafkaCluster newProduction;
        private Function<MirrorConfig, Mirror> mirrors = Mirror::inProcess;
        private Duration stableWindow = Duration.ofSeconds(2);
        private PollPolicy pollPolicy = PollPolicy.defaults().withPollInterval(Duration.ofMillis(200), 1.0, Duration.ofMillis(200))
                .withTimeout(Duration.ofHours(2));
        private boolean force;
        private boolean verify = true;
        private String component = "kafka";

        private Builder(Mirror forward, KafkaCluster newProduction) {
            KafkaCluster backup = forward.config().target();
            if (newProduction.alias().equals(backup.alias())) {
                throw new io.streamsdr.core.InvalidConfigurationException("new production alias '" + newProduction.alias() + "'",
                        "must differ from the backup's alias");
            }
            if (newProduction.bootstrapServers().equals(backup.bootstrapServers())) {
                throw new io.streamsdr.core.InvalidConfigurationException("new production bootstrap servers",
                        "must differ from the backup's: failing back onto the backup itself is a replication loop");
            }
            this.forward = forward;
            this.newProduction = newProduction;
        }

        /**
         * How mirrors are run; default {@link Mirror#inProcess}. Pass {@code c -> ConnectMirror.on(url, c)} for Connect.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when null
         */
        public Builder withMirrors(Function<MirrorConfig, Mirror> mirrors) {
            this.mirrors = Rules.notNull("mirror factory", mirrors);
            return this;
        }

        /**
         * How long "mirroring done" must hold before the reverse mirror is stopped; default 2 s.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when negative
         */
        public Builder withStableWindow(Duration stableWindow) {
            this.stableWindow = Rules.notNegative("stable window", stableWindow);
            return this;
        }

        /**
         * How the wait for "done" polls; default every 200 ms for up to 2 hours (the step's timeout also applies).
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = Rules.notNull("poll policy", pollPolicy);
            return this;
        }

        /** Copy onto new production even when its topics already hold data (the guard rail is skipped). */
        public Builder withForce(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * The component the failback records its RPO under; default {@code "kafka"}, the default name
         * of {@link KafkaBackupTarget}, so a drill report shows one Kafka line.
         *
         * @throws io.streamsdr.core.InvalidConfigurationException when blank
         */
        public Builder withComponentName(String component) {
            this.component = Rules.notBlank("component name", component);
            return this;
        }

        /** Whether to compare backup and new production record by record before publishing; default true. */
        public Builder withVerification(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** The failback. */
        public KafkaFailback build() {
            return new KafkaFailback(this);
        }
    }
}
