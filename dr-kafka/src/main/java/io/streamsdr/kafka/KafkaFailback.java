package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The runbook's Kafka failback as two {@link PlanFragment}s: after production was lost and rebuilt,
 * copy the backup onto the new production cluster, point Streams at it, and protect it again.
 * The steps, named after the failback's id ({@link Builder#withId}, default {@value #DEFAULT_ID}):
 * <ol>
 *   <li>{@code <id>.stop-forward}: stop the forward mirror (production → backup) and record the RPO;</li>
 *   <li>{@code <id>.start-reverse}: mirror backup → new production (without heartbeats), refused when new
 *       production's topics already hold data (see {@link ExistingDataPolicy}) or when the forward mirror
 *       still runs (a loop);</li>
 *   <li>{@code <id>.await-reverse}: wait until mirroring is done and stays done for the stable window,
 *       and until consumer group offsets have arrived translated;</li>
 *   <li>{@code <id>.stop-reverse}: stop it, publishing new production's end offsets as {@link #forwardStartOffsets()};</li>
 *   <li>{@code <id>.verify}: compare backup and new production record by record (see {@link FailbackVerification});</li>
 *   <li>{@code <id>.publish-bootstrap}: publish new production's bootstrap servers as
 *       {@link #bootstrapServers()}, for the Helm step;</li>
 *   <li>{@code <id>.restart-forward}: start the forward mirror again, new production → backup, from the
 *       offsets published in step 4, so the backup gets what is written from then on, once.</li>
 * </ol>
 * Steps 1 to 6 are {@link #restoreSteps()}, step 7 is {@link #resumeMirroringSteps()}: in a failover the
 * second half runs after the application was re-pointed. Both carry the secrets the steps handle (the
 * clusters' SCRAM and truststore passwords, the JAAS lines), so a plan built from them masks them.
 * Two failbacks with two ids share one plan:
 *
 * <pre>{@code
 * KafkaFailback eu = KafkaFailback.of(forwardEu).to(newProductionEu).withId("kafka-eu").build();
 * KafkaFailback us = KafkaFailback.of(forwardUs).to(newProductionUs).withId("kafka-us").build();
 * RestorePlan plan = RestorePlan.builder("failback")
 *     .withFragment(eu.restoreSteps())
 *     .withFragment(us.restoreSteps())
 *     .withStep(Step.named("helm-upgrade").dependsOn(eu.restoreSteps().exits().get(0), us.restoreSteps().exits().get(0))
 *         .consumes(eu.bootstrapServers(), us.bootstrapServers())
 *         .withAction(ctx -> upgrades.add(ctx.input(eu.bootstrapServers()) + " " + ctx.input(us.bootstrapServers()))))
 *     .withFragment(eu.resumeMirroringSteps().dependsOn("helm-upgrade"))
 *     .withFragment(us.resumeMirroringSteps().dependsOn("helm-upgrade"))
 *     .build();
 * }</pre>
 *
 * <p>The definition is immutable ({@link #toBuilder()} for a changed copy); the mirrors its runs start
 * in this JVM are in {@link #mirrors()}.
 */
public final class KafkaFailback {
    /** The id of a failback built without {@link Builder#withId}. */
    public static final String DEFAULT_ID = "kafka";
    /** The longest id: its longest output name, {@code <id>.forward-start-offsets}, must stay within 63 characters. */
    static final int MAX_ID_LENGTH = 63 - ".forward-start-offsets".length();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_ID_LENGTH - 1) + "}");

    private final Mirror forward;
    private final KafkaCluster newProduction;
    private final String id;
    private final Function<MirrorConfig, Mirror> mirrorFactory;
    private final Duration stableWindow;
    private final PollPolicy pollPolicy;
    private final ExistingDataPolicy existingData;
    private final FailbackVerification verification;
    private final String componentName;
    private final MirrorConfig reverseConfig;
    private final MirrorConfig restartConfig;
    private final StepOutput<String> bootstrapServers;
    private final StepOutput<String> forwardStartOffsets;
    private final FailbackMirrors mirrors;
    private final FailbackSteps actions;
    private final PlanFragment restore;
    private final PlanFragment resume;

    private KafkaFailback(Builder b) {
        this.forward = b.forward;
        this.newProduction = b.newProduction;
        this.id = b.id;
        this.mirrorFactory = b.mirrorFactory;
        this.stableWindow = b.stableWindow;
        this.pollPolicy = b.pollPolicy;
        this.existingData = b.existingData;
        this.verification = b.verification;
        this.componentName = b.component;
        MirrorConfig f = forward.config();
        // short-lived: no heartbeats (MM2 starts ~0.7 s sooner and leaves no heartbeats topic on new production)
        this.reverseConfig = f.withClusters(f.target(), newProduction).toBuilder().withHeartbeats(Heartbeats.OFF).build();
        this.restartConfig = f.withClusters(newProduction, f.target());
        this.bootstrapServers = StepOutput.string(id + ".bootstrap-servers");
        this.forwardStartOffsets = StepOutput.string(id + ".forward-start-offsets");
        this.mirrors = new FailbackMirrors(reverseConfig, restartConfig, mirrorFactory);
        this.actions = new FailbackSteps(this);
        this.restore = restoreFragment();
        this.resume = resumeFragment();
    }

    /**
     * Starts a failback of the cluster that {@code forward} mirrors to its backup.
     *
     * @throws InvalidConfigurationException when {@code forward} is null
     */
    public static PendingTarget of(Mirror forward) {
        return new PendingTarget(Rules.notNull("forward mirror", forward));
    }

    /** The first stage of the builder: the forward mirror is known, the new production cluster not yet. */
    public static final class PendingTarget {
        private final Mirror forward;

        private PendingTarget(Mirror forward) {
            this.forward = forward;
        }

        /**
         * The rebuilt production cluster the backup is copied onto.
         *
         * @throws InvalidConfigurationException when null, or when it has the backup's alias or bootstrap servers
         */
        public Builder to(KafkaCluster newProduction) {
            return new Builder(forward, Rules.notNull("new production cluster", newProduction));
        }
    }

    /** A builder holding this failback's definition, to build a changed copy (which has mirrors of its own). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id: the scope of its step ids and output names. */
    public String id() {
        return id;
    }

    /** New production's bootstrap servers, published by {@code <id>.publish-bootstrap} for the Helm step ({@code <id>.bootstrap-servers}). */
    public StepOutput<String> bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * New production's end offsets when the reverse mirror stopped, published by {@code <id>.stop-reverse}
     * ({@code <id>.forward-start-offsets}): where {@code <id>.restart-forward} starts the forward mirror.
     */
    public StepOutput<String> forwardStartOffsets() {
        return forwardStartOffsets;
    }

    /**
     * The steps that bring the data back, up to publishing new production's bootstrap servers:
     * {@code <id>.stop-forward} to {@code <id>.publish-bootstrap}, each after the one before, with the
     * secrets they handle. The first step carries the read-only preconditions (a failover's preview
     * checks them): the backup holds the mirrored topics, and new production's are empty (unless
     * {@link ExistingDataPolicy#COPY_ANYWAY}).
     */
    public PlanFragment restoreSteps() {
        return restore;
    }

    /**
     * The step that puts protection back, {@code <id>.restart-forward}: start MirrorMaker 2 new production
     * → backup from new production's offsets at failback. It depends on {@code <id>.publish-bootstrap}; in a
     * failover it belongs after the application was re-pointed and rolled out ({@code Failover.Builder.then}).
     */
    public PlanFragment resumeMirroringSteps() {
        return resume;
    }

    /** The mirrors this failback's steps start in this JVM: the reverse one and the restarted forward one. */
    public FailbackMirrors mirrors() {
        return mirrors;
    }

    /** The configuration of the reverse mirror (backup → new production, no heartbeats). */
    public MirrorConfig reverseConfig() {
        return reverseConfig;
    }

    /** The configuration of the forward mirror started again at the end (new production → backup). */
    public MirrorConfig restartConfig() {
        return restartConfig;
    }

    /**
     * Checks the guard rail now, reading only: unless {@link ExistingDataPolicy#COPY_ANYWAY}, new
     * production's mirrored topics must hold no record.
     *
     * @throws PreconditionFailedException when they hold records; the message names the topics and how to proceed anyway
     * @throws CallFailedException         when new production cannot be read
     */
    public void checkNewProductionIsEmpty() {
        actions.checkNewProductionIsEmpty();
    }

    Mirror forward() {
        return forward;
    }

    KafkaCluster newProduction() {
        return newProduction;
    }

    Duration stableWindow() {
        return stableWindow;
    }

    PollPolicy pollPolicy() {
        return pollPolicy;
    }

    ExistingDataPolicy existingData() {
        return existingData;
    }

    /** The component the RPO is recorded under: the name given, or the id. */
    String component() {
        return componentName != null ? componentName : id;
    }

    private String step(String name) {
        return id + "." + name;
    }

    private PlanFragment restoreFragment() {
        String backup = forward.config().target().alias();
        String prod = newProduction.alias();
        boolean copyAnyway = existingData == ExistingDataPolicy.COPY_ANYWAY;
        PlanFragment.Builder f = PlanFragment.builder(id);
        f.withStep(Step.named(step("stop-forward")).withDescription("stop MirrorMaker 2 " + forward.config().flow()
                        + ", then record the RPO: the age of the newest record on " + backup)
                .withPrecondition(Precondition.of("backup cluster '" + backup + "' holds the mirrored topics", actions::checkBackupHasData))
                .withPrecondition(Precondition.of(copyAnyway ? "new production '" + prod + "' may hold data (copy anyway)"
                        : "new production '" + prod + "' holds no data in the mirrored topics", () -> {
                            actions.checkNewProductionIsEmpty();
                            return copyAnyway ? "not checked: copy anyway" : "no records in " + reverseConfig.topics() + " on " + prod;
                        }))
                .withAction(actions::stopForward));
        f.withStep(Step.named(step("start-reverse")).dependsOn(step("stop-forward"))
                .withDescription("start MirrorMaker 2 " + reverseConfig.flow() + " (topics " + reverseConfig.topics() + ")")
                .withAction(actions::startReverse));
        f.withStep(Step.named(step("await-reverse")).dependsOn(step("start-reverse"))
                .withDescription("wait until " + reverseConfig.flow() + " has copied everything, stable for "
                        + io.streamsdr.core.spi.Durations.format(stableWindow) + ", and consumer group offsets arrived on " + prod)
                .withAction(actions::awaitReverse));
        f.withStep(Step.named(step("stop-reverse")).dependsOn(step("await-reverse")).publishes(forwardStartOffsets)
                .withDescription("stop MirrorMaker 2 " + reverseConfig.flow() + " and note " + prod + "'s end offsets")
                .withAction(actions::stopReverse));
        String last = step("stop-reverse");
        if (verification == FailbackVerification.RECORD_BY_RECORD) {
            f.withStep(Step.named(step("verify")).dependsOn(last)
                    .withDescription("verify that " + prod + " holds exactly the records of " + backup)
                    .withAction(actions::verify));
            last = step("verify");
        }
        f.withStep(Step.named(step("publish-bootstrap")).dependsOn(last).publishes(bootstrapServers)
                .withDescription("publish " + prod + "'s bootstrap servers " + newProduction.bootstrapServers())
                .withAction(ctx -> ctx.publish(bootstrapServers, newProduction.bootstrapServers())));
        Set<Secret> secrets = new LinkedHashSet<>(forward.config().secrets());
        secrets.addAll(newProduction.secrets());
        return f.withSecrets(List.copyOf(secrets)).build();
    }

    private PlanFragment resumeFragment() {
        return PlanFragment.builder(id)
                .withStep(Step.named(step("restart-forward")).dependsOn(step("publish-bootstrap")).consumes(forwardStartOffsets)
                        .withDescription("start MirrorMaker 2 " + restartConfig.flow() + " from " + newProduction.alias() + "'s offsets at failback")
                        .withAction(actions::restartForward))
                .withSecrets(restartConfig.secrets())
                .build();
    }

    @Override
    public String toString() {
        return "KafkaFailback[" + id + ": " + reverseConfig.flow() + ", then " + restartConfig.flow()
                + (existingData == ExistingDataPolicy.COPY_ANYWAY ? ", copy anyway" : "")
                + (verification == FailbackVerification.NONE ? ", not verified" : "") + "]";
    }

    /** Builds a {@link KafkaFailback}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final Mirror forward;
        private final KafkaCluster newProduction;
        private String id = DEFAULT_ID;
        private Function<MirrorConfig, Mirror> mirrorFactory = Mirror::inProcess;
        private Duration stableWindow = Duration.ofSeconds(2);
        private PollPolicy pollPolicy = PollPolicy.defaults().withPollInterval(Duration.ofMillis(200), 1.0, Duration.ofMillis(200))
                .withTimeout(Duration.ofHours(2));
        private ExistingDataPolicy existingData = ExistingDataPolicy.REFUSE;
        private FailbackVerification verification = FailbackVerification.RECORD_BY_RECORD;
        private String component;

        private Builder(Mirror forward, KafkaCluster newProduction) {
            KafkaCluster backup = forward.config().target();
            if (newProduction.alias().equals(backup.alias())) {
                throw new InvalidConfigurationException("new production alias '" + newProduction.alias() + "'",
                        "must differ from the backup's alias");
            }
            if (newProduction.bootstrapServers().equals(backup.bootstrapServers())) {
                throw new InvalidConfigurationException("new production bootstrap servers",
                        "must differ from the backup's: failing back onto the backup itself is a replication loop");
            }
            this.forward = forward;
            this.newProduction = newProduction;
        }

        private Builder(KafkaFailback from) {
            this.forward = from.forward;
            this.newProduction = from.newProduction;
            this.id = from.id;
            this.mirrorFactory = from.mirrorFactory;
            this.stableWindow = from.stableWindow;
            this.pollPolicy = from.pollPolicy;
            this.existingData = from.existingData;
            this.verification = from.verification;
            this.component = from.componentName;
        }

        /**
         * The id that scopes the step ids ({@code <id>.stop-forward}, ...) and output names
         * ({@code <id>.bootstrap-servers}); default {@value KafkaFailback#DEFAULT_ID}. Give two failbacks in
         * one plan two ids.
         *
         * @throws InvalidConfigurationException when it is null, or not 1 to 41 letters, digits, '.', '_' or '-'
         *         starting with a letter or digit (41, so that {@code <id>.forward-start-offsets} stays within 63)
         */
        public Builder withId(String id) {
            Rules.notNull("failback id", id);
            if (!ID.matcher(id).matches()) {
                throw new InvalidConfigurationException("failback id '" + id + "'", "must be 1 to " + MAX_ID_LENGTH
                        + " characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'"
                        + " (at most " + MAX_ID_LENGTH + ", so that its output '<id>.forward-start-offsets' stays within 63)");
            }
            this.id = id;
            return this;
        }

        /**
         * How mirrors are run; default {@link Mirror#inProcess}. Pass {@code c -> ConnectMirror.on(url, c)} for Connect.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withMirrors(Function<MirrorConfig, Mirror> mirrors) {
            this.mirrorFactory = Rules.notNull("mirror factory", mirrors);
            return this;
        }

        /**
         * How long "mirroring done" must hold before the reverse mirror is stopped; default 2 s.
         *
         * @throws InvalidConfigurationException when null or negative
         */
        public Builder withStableWindow(Duration stableWindow) {
            this.stableWindow = Rules.notNegative("stable window", stableWindow);
            return this;
        }

        /**
         * How the wait for "done" polls; default every 200 ms for up to 2 hours (the step's timeout also applies).
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = Rules.notNull("poll policy", pollPolicy);
            return this;
        }

        /**
         * What to do when new production's mirrored topics already hold records; default
         * {@link ExistingDataPolicy#REFUSE} (a guard rail, checked by the preview and again before the
         * reverse mirror starts).
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withExistingData(ExistingDataPolicy existingData) {
            this.existingData = Rules.notNull("existing data policy", existingData);
            return this;
        }

        /**
         * The component the failback records its RPO under; default the failback's id, so that the
         * default failback records under {@code "kafka"}, the default name of {@link KafkaBackupTarget},
         * and a drill report shows one Kafka line.
         *
         * @throws InvalidConfigurationException when blank
         */
        public Builder withComponentName(String component) {
            this.component = Rules.notBlank("component name", component);
            return this;
        }

        /**
         * How the copy is checked before new production's bootstrap servers are published; default
         * {@link FailbackVerification#RECORD_BY_RECORD}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withVerification(FailbackVerification verification) {
            this.verification = Rules.notNull("verification", verification);
            return this;
        }

        /** The failback, with mirrors of its own ({@link KafkaFailback#mirrors()}). */
        public KafkaFailback build() {
            return new KafkaFailback(this);
        }
    }
}
