package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryStrategy;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * The "pre-staged instance" strategy of an RDS failover: a standby instance restored from the newest snapshot of the
 * protected database BEFORE any disaster, on a schedule, and kept {@link StandbyState#STOPPED stopped} or
 * {@link StandbyState#RUNNING running}. It has two fragments:
 * <ul>
 *   <li>{@link #refreshFragment()} (id {@code <id>-refresh}), which a team runs on a schedule (nightly, after the
 *       snapshot): when the standby does not hold the newest available snapshot, it deletes the old standby (only one
 *       this class made for this source: tagged {@value #SOURCE_TAG}) and restores the newest snapshot into the
 *       standby's id, waits until {@code available}, then stops it for {@link StandbyState#STOPPED}. The snapshot it
 *       restores is saved in the plan's journal BEFORE the restore call, and the standby is tagged with it: a resumed
 *       run finds it and only waits, so a crash anywhere restores once.</li>
 *   <li>{@link #fragment()} (id {@code <id>}), for {@link io.streamsdr.core.Failover.Builder#restore}: the restore's
 *       shape (outputs {@code <id>.endpoint.address}, {@code .endpoint.port}, {@code .instance.arn}; the RPO recorded
 *       under the database's name). It starts the standby when it is stopped and waits through the step's poller
 *       until it is {@code available}. The RPO is the age of the snapshot it was restored from, at the failover's
 *       start (saved in the journal before the start call).</li>
 * </ul>
 *
 * <pre>{@code
 * RdsPrestagedInstance standby = db.prestaged("streams-db-standby")
 *         .withState(RdsPrestagedInstance.StandbyState.STOPPED)   // storage only between refreshes
 *         .withMaxAge(Duration.ofHours(26))                       // the failover refuses an older standby
 *         .build();
 * RestorePlan refresh = RestorePlan.builder("standby-refresh")    // run nightly, after the snapshot
 *         .withFragment(standby.refreshFragment())
 *         .build();
 * RestorePlan failover = RestorePlan.builder("failover")
 *         .withFragment(standby.fragment())                       // in place of a restore: the same outputs
 *         .build();
 * }</pre>
 *
 * <p>The failover's read-only preconditions (a preview shows them): the standby exists and is a restore of the
 * protected source (its {@value #SOURCE_TAG} tag); its snapshot is at most the maximum age old on the run's clock
 * ({@link Builder#withMaxAge}, default 26 hours): an older standby makes the preview say so, and the failover refuses.
 *
 * <p><b>What it does not recover:</b> every write to the source newer than the snapshot the standby was restored
 * from. The standby is a copy as of that snapshot, nothing more: no transaction log is replayed, so its RPO is the
 * snapshot's age (up to a day with nightly snapshots and refreshes), where a point-in-time restore loses about 5
 * minutes and a promoted replica its lag. Settings: the refresh copies the source's DB subnet group, VPC security
 * groups, parameter group, multi-AZ, public accessibility and instance class (when the source can be read), unless an instance class is given.
 *
 * <p><b>Stopped standbys:</b> AWS starts a stopped instance again after 7 days; a refresh at least weekly stops it
 * again. A stopped instance is charged for its storage only; see {@link #standingCostPerMonth}.
 */
public final class RdsPrestagedInstance {
    /** The default id of the failover fragment (the refresh fragment's is {@code <id>-refresh}). */
    public static final String DEFAULT_ID = "rds-prestaged";
    /** The default maximum age of the standby's snapshot: a standby older than this is refused at failover. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);
    /** The tag naming the source instance a standby was restored from. */
    public static final String SOURCE_TAG = "streams-dr:prestaged-source";
    /** The tag naming the snapshot a standby was restored from. */
    public static final String SNAPSHOT_TAG = "streams-dr:prestaged-snapshot";
    /** The tag with the creation time (ISO-8601) of the snapshot a standby was restored from: its data is as of then. */
    public static final String SNAPSHOT_TIME_TAG = "streams-dr:prestaged-snapshot-time";
    /** Hours in a month, for the standing cost: 730 (8,760 hours a year / 12, as AWS's pricing calculator counts). */
    public static final int HOURS_PER_MONTH = 730;
    /**
     * The time a failover from a stopped standby is expected to take, for the preview: 10 minutes (ASSUMED: AWS gives
     * no figure for StartDBInstance; it starts the instance and, for a restored volume, loads blocks lazily). A running
     * standby is expected to take {@link #EXPECTED_TIME_RUNNING}.
     */
    public static final Duration EXPECTED_TIME_STOPPED = Duration.ofMinutes(10);
    /** The time a failover from a running standby is expected to take: a describe, under a minute. */
    public static final Duration EXPECTED_TIME_RUNNING = Duration.ofMinutes(1);
    static final String SNAPSHOT_CHECKPOINT = "prestage-snapshot";
    static final String RPO_CHECKPOINT = "prestaged-rpo";
    private static final String LONGEST_OUTPUT_SUFFIX = ".endpoint.address";
    private static final Set<String> STABLE = Set.of("available", "stopped");

    /** What the refresh leaves the standby in, between refreshes. */
    public enum StandbyState {
        /** Stopped: charged for storage only; a failover starts it first (minutes). */
        STOPPED,
        /** Running: charged per instance-hour; a failover only looks at it. */
        RUNNING
    }

    private final RdsDatabase database;
    private final RdsClient client;
    private final String standbyId;
    private final String id;
    private final StandbyState state;
    private final Duration maxAge;
    private final String instanceClass;
    private final PollPolicy pollPolicy;
    private final StepOutput<String> endpointAddress;
    private final StepOutput<Integer> endpointPort;
    private final StepOutput<String> instanceArn;
    private final PlanFragment fragment;
    private final PlanFragment refreshFragment;

    private RdsPrestagedInstance(Builder b) {
        this.database = b.database;
        this.client = b.database.client();
        this.standbyId = b.standbyId;
        this.id = b.id;
        this.state = b.state;
        this.maxAge = b.maxAge;
        this.instanceClass = b.instanceClass;
        this.pollPolicy = b.pollPolicy;
        this.endpointAddress = StepOutput.string(id + ".endpoint.address");
        this.endpointPort = StepOutput.integer(id + ".endpoint.port");
        this.instanceArn = StepOutput.string(id + ".instance.arn");
        this.fragment = PlanFragment.of(Step.named(id).withDescription(description())
                .publishes(endpointAddress, endpointPort, instanceArn)
                .withPrecondition(Precondition.of("'" + standbyId + "' is a pre-staged restore of '" + database.instanceId() + "'",
                        ctx -> describe(checkStandby())))
                .withPrecondition(Precondition.of("the snapshot of '" + standbyId + "' is at most " + Durations.format(maxAge) + " old",
                        ctx -> "snapshot " + Durations.format(checkAge(checkStandby(), ctx.now())) + " old"))
                .withAction(this::failover)).withStrategy(strategy());
        this.refreshFragment = PlanFragment.of(Step.named(id + "-refresh").withDescription(refreshDescription())
                .withPrecondition(Precondition.of("instance '" + database.instanceId() + "' has an available snapshot",
                        ctx -> "newest: " + newestSnapshot().dbSnapshotIdentifier()))
                .withPrecondition(Precondition.of("'" + standbyId + "' is absent or a pre-staged restore of '" + database.instanceId() + "'",
                        ctx -> RdsDatabase.findInstance(client, standbyId).map(i -> describe(checkOurs(i))).orElse("absent")))
                .withAction(this::refresh));
    }

    /** A builder holding this standby's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id of the failover fragment and its step; its outputs are named after it. */
    public String id() {
        return id;
    }

    /** The standby instance's id. */
    public String standbyInstanceId() {
        return standbyId;
    }

    /** What the refresh leaves the standby in. */
    public StandbyState state() {
        return state;
    }

    /** The output with the standby's endpoint address: {@code <id>.endpoint.address}. */
    public StepOutput<String> endpointAddress() {
        return endpointAddress;
    }

    /** The output with the standby's port: {@code <id>.endpoint.port}. */
    public StepOutput<Integer> endpointPort() {
        return endpointPort;
    }

    /** The output with the standby's ARN: {@code <id>.instance.arn}. */
    public StepOutput<String> instanceArn() {
        return instanceArn;
    }

    /** What the failover step does, in words. */
    public String description() {
        return "start pre-staged instance '" + standbyId + "' (a restore of a snapshot of '" + database.instanceId()
                + "' at most " + Durations.format(maxAge) + " old) if stopped, wait until available, publish its endpoint";
    }

    /** What the refresh step does, in words. */
    public String refreshDescription() {
        return "restore the newest snapshot of '" + database.instanceId() + "' into pre-staged instance '" + standbyId
                + "' (replacing an older one), wait until available, leave it " + state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The failover: start the standby if stopped and wait until available; for {@link io.streamsdr.core.Failover.Builder#restore}. */
    public PlanFragment fragment() {
        return fragment;
    }

    /** The refresh, run on a schedule before any disaster (resumable): id {@code <id>-refresh}. */
    public PlanFragment refreshFragment() {
        return refreshFragment;
    }

    /**
     * The standing cost of this standby per month, at the prices given: {@value #HOURS_PER_MONTH} instance-hours plus
     * storage when {@link StandbyState#RUNNING}; storage only when {@link StandbyState#STOPPED} (ASSUMED: AWS charges a
     * stopped instance for its provisioned storage and backups, not for instance-hours; the 7-day automatic restart
     * and the hours a refresh runs it are left out).
     *
     * @param instanceHourPrice the price of one instance-hour of the standby's class
     * @param storagePerMonth   the price of its provisioned storage per month (0 to leave it out)
     * @return the cost per month, in the prices' currency
     * @throws InvalidConfigurationException when a price is null or negative
     */
    public BigDecimal standingCostPerMonth(BigDecimal instanceHourPrice, BigDecimal storagePerMonth) {
        price("instance-hour price", instanceHourPrice);
        price("storage price per month", storagePerMonth);
        BigDecimal hours = state == StandbyState.RUNNING ? instanceHourPrice.multiply(BigDecimal.valueOf(HOURS_PER_MONTH)) : BigDecimal.ZERO;
        return hours.add(storagePerMonth);
    }

    private static void price(String field, BigDecimal p) {
        if (p == null) {
            throw new InvalidConfigurationException(field, "must not be null: give 0 to leave it out");
        }
        if (p.signum() < 0) {
            throw new InvalidConfigurationException(field + " " + p.toPlainString(), "must not be negative");
        }
    }

    private RecoveryStrategy strategy() {
        return RecoveryStrategy.of(database.name(), "start pre-staged instance '" + standbyId + "'",
                state == StandbyState.RUNNING ? EXPECTED_TIME_RUNNING : EXPECTED_TIME_STOPPED)
                .withDataLoss(ctx -> RdsDatabase.findInstance(client, standbyId).flatMap(RdsPrestagedInstance::snapshotTime)
                        .map(t -> Duration.between(t, ctx.now())));
    }

    // ------------------------------------------------------------------ failover

    private void failover(StepContext ctx) {
        DBInstance now = checkStandby();
        Duration rpo = ctx.checkpoint(RPO_CHECKPOINT).map(Duration::parse).orElse(null);
        if (rpo == null) {
            rpo = checkAge(now, ctx.now());
            // Saved BEFORE the start call: measured at the failover's start; the minutes of starting are RTO, not lost data.
            ctx.saveCheckpoint(RPO_CHECKPOINT, rpo.toString());
        }
        String status = now.dbInstanceStatus();
        if ("stopping".equals(status)) {
            ctx.progress("'" + standbyId + "' is stopping; waiting until stopped to start it");
            now = awaitStatus(ctx, Set.of("stopped"), "stopped");
            status = now.dbInstanceStatus();
        }
        if ("stopped".equals(status)) {
            String call = "StartDBInstance of RDS instance '" + standbyId + "'";
            try {
                client.startDBInstance(r -> r.dbInstanceIdentifier(standbyId));
            } catch (RdsException e) {
                if (!AwsErrors.hasCode(e, "InvalidDBInstanceState", "InvalidDBInstanceStateFault")) {
                    throw AwsCalls.failed(call, e);
                }
                // started meanwhile (an earlier run's call): wait for it below
            } catch (SdkException e) {
                throw AwsCalls.failed(call, e);
            }
            ctx.progress("start of pre-staged '" + standbyId + "' requested; its data is " + Durations.format(rpo) + " old");
        } else {
            ctx.progress("pre-staged '" + standbyId + "' is " + status + "; waiting until available");
        }
        DBInstance ready = awaitStatus(ctx, Set.of("available"), "available");
        if (ready.endpoint() == null || ready.endpoint().address() == null) {
            throw new TerminalStateException("RDS instance '" + standbyId + "' to be available",
                    "the instance is available but RDS gives no endpoint for it", 1, Duration.ZERO);
        }
        ctx.publish(endpointAddress, ready.endpoint().address());
        ctx.publish(endpointPort, ready.endpoint().port() == null ? 3306 : ready.endpoint().port());
        ctx.publish(instanceArn, ready.dbInstanceArn() == null ? "" : ready.dbInstanceArn());
        ctx.recordRpo(database.name(), rpo);
    }

    private DBInstance checkStandby() {
        DBInstance i = RdsDatabase.findInstance(client, standbyId).orElseThrow(() -> new PreconditionFailedException(
                "the pre-staged instance must exist", "RDS instance '" + standbyId + "' was not found",
                "run the refresh fragment (refreshFragment()) before any disaster, or restore a snapshot instead"));
        return checkOurs(i);
    }

    private DBInstance checkOurs(DBInstance i) {
        String source = tag(i, SOURCE_TAG).orElse(null);
        if (!database.instanceId().equals(source)) {
            throw new PreconditionFailedException("the pre-staged instance must be a restore of the protected source",
                    "RDS instance '" + standbyId + "' is " + (source == null ? "not tagged " + SOURCE_TAG
                            : "a pre-staged restore of '" + source + "'") + ", not of '" + database.instanceId() + "'",
                    "name the standby the refresh of '" + database.instanceId() + "' made");
        }
        if (snapshotTime(i).isEmpty()) {
            throw new PreconditionFailedException("the pre-staged instance must say which snapshot it holds",
                    "RDS instance '" + standbyId + "' has no valid " + SNAPSHOT_TIME_TAG + " tag", "run the refresh again");
        }
        return i;
    }

    private Duration checkAge(DBInstance i, Instant now) {
        Instant t = snapshotTime(i).orElseThrow();
        Duration age = Duration.between(t, now);
        age = age.isNegative() ? Duration.ZERO : age;
        if (age.compareTo(maxAge) > 0) {
            throw new PreconditionFailedException("the pre-staged instance's snapshot must be at most the maximum age",
                    "pre-staged instance '" + standbyId + "' holds snapshot " + tag(i, SNAPSHOT_TAG).orElse("?") + " of " + t + ", "
                            + Durations.format(age) + " old, more than " + Durations.format(maxAge),
                    "refresh it (refreshFragment()), restore a snapshot instead, or raise the maximum with withMaxAge(..)");
        }
        return age;
    }

    // ------------------------------------------------------------------ refresh

    private void refresh(StepContext ctx) {
        Optional<String> saved = ctx.checkpoint(SNAPSHOT_CHECKPOINT);
        DBSnapshot snap = saved.map(this::namedSnapshot).orElseGet(this::newestSnapshot);
        Optional<DBInstance> existing = RdsDatabase.findInstance(client, standbyId);
        if (existing.isPresent()) {
            DBInstance i = checkOurs(existing.get());
            if (snap.dbSnapshotIdentifier().equals(tag(i, SNAPSHOT_TAG).orElse(null))) {
                ctx.progress("'" + standbyId + "' already holds snapshot " + snap.dbSnapshotIdentifier());
                settle(ctx);
                return;
            }
            if (!"deleting".equals(i.dbInstanceStatus())) {
                AwsCalls.call("DeleteDBInstance of pre-staged RDS instance '" + standbyId + "'",
                        () -> client.deleteDBInstance(r -> r.dbInstanceIdentifier(standbyId).skipFinalSnapshot(true).deleteAutomatedBackups(true)));
                ctx.progress("old pre-staged '" + standbyId + "' (snapshot " + tag(i, SNAPSHOT_TAG).orElse("?") + ") is being deleted");
            }
            awaitGone(ctx);
        }
        // Saved BEFORE the call: a resumed run restores this snapshot, finds the instance tagged with it, and only waits.
        ctx.saveCheckpoint(SNAPSHOT_CHECKPOINT, snap.dbSnapshotIdentifier());
        DBInstance src = RdsDatabase.findInstance(client, database.instanceId()).orElse(null);
        List<Tag> tags = List.of(Tag.builder().key(SOURCE_TAG).value(database.instanceId()).build(),
                Tag.builder().key(SNAPSHOT_TAG).value(snap.dbSnapshotIdentifier()).build(),
                Tag.builder().key(SNAPSHOT_TIME_TAG).value(snap.snapshotCreateTime().toString()).build());
        String call = "RestoreDBInstanceFromDBSnapshot of RDS snapshot '" + snap.dbSnapshotIdentifier() + "' into pre-staged instance '"
                + standbyId + "'";
        AwsCalls.call(call, () -> client.restoreDBInstanceFromDBSnapshot(r -> {
            r.dbInstanceIdentifier(standbyId).dbSnapshotIdentifier(snap.dbSnapshotIdentifier()).tags(tags);
            String cls = instanceClass != null ? instanceClass : src == null ? null : src.dbInstanceClass();
            r.dbInstanceClass(cls);
            if (src != null) {
                r.multiAZ(src.multiAZ()).publiclyAccessible(src.publiclyAccessible());
                if (src.dbSubnetGroup() != null) {
                    r.dbSubnetGroupName(src.dbSubnetGroup().dbSubnetGroupName());
                }
                if (src.hasVpcSecurityGroups() && !src.vpcSecurityGroups().isEmpty()) {
                    r.vpcSecurityGroupIds(src.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
                }
                if (src.hasDbParameterGroups() && !src.dbParameterGroups().isEmpty()) {
                    r.dbParameterGroupName(src.dbParameterGroups().get(0).dbParameterGroupName());
                }
            }
        }));
        ctx.progress("restore of snapshot " + snap.dbSnapshotIdentifier() + " (data as of " + snap.snapshotCreateTime() + ") into '"
                + standbyId + "' requested");
        settle(ctx);
    }

    /** Waits until the standby is stable, then leaves it in the chosen state. */
    private void settle(StepContext ctx) {
        DBInstance i = awaitStatus(ctx, STABLE, "available or stopped");
        String status = i.dbInstanceStatus();
        if (state == StandbyState.STOPPED && "available".equals(status)) {
            AwsCalls.call("StopDBInstance of pre-staged RDS instance '" + standbyId + "'",
                    () -> client.stopDBInstance(r -> r.dbInstanceIdentifier(standbyId)));
            awaitStatus(ctx, Set.of("stopped"), "stopped");
        } else if (state == StandbyState.RUNNING && "stopped".equals(status)) {
            AwsCalls.call("StartDBInstance of pre-staged RDS instance '" + standbyId + "'",
                    () -> client.startDBInstance(r -> r.dbInstanceIdentifier(standbyId)));
            awaitStatus(ctx, Set.of("available"), "available");
        }
        ctx.progress("pre-staged '" + standbyId + "' is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }

    private DBInstance awaitStatus(RunContext ctx, Set<String> targets, String words) {
        String what = "pre-staged RDS instance '" + standbyId + "' to be " + words;
        Wait<DBInstance> wait = Wait.<DBInstance>until(what, () -> AwsCalls.call("DescribeDBInstances of RDS instance '" + standbyId + "'",
                        () -> client.describeDBInstances(r -> r.dbInstanceIdentifier(standbyId)).dbInstances().get(0)))
                .withStateDescription(i -> "status " + i.dbInstanceStatus())
                .withAcceptor(Acceptor.successWhen(i -> targets.contains(i.dbInstanceStatus())))
                .withAcceptor(Acceptor.failureWhen(i -> RdsWaits.INSTANCE_TERMINAL.contains(i.dbInstanceStatus())
                                && !"stopping".equals(i.dbInstanceStatus()) && !"stopped".equals(i.dbInstanceStatus()),
                        i -> "instance status is '" + i.dbInstanceStatus() + "', from which it never becomes " + words))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient));
        return ctx.poller().await(wait, pollPolicy).value().orElseThrow(() -> new IllegalStateException("the wait for " + what
                + " succeeded without a value"));
    }

    private void awaitGone(RunContext ctx) {
        String what = "old pre-staged RDS instance '" + standbyId + "' to be deleted";
        Wait<Boolean> wait = Wait.<Boolean>until(what, () -> RdsDatabase.findInstance(client, standbyId).isEmpty())
                .withStateDescription(gone -> gone ? "deleted" : "deleting")
                .withAcceptor(Acceptor.successWhen(gone -> gone))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient));
        ctx.poller().await(wait, pollPolicy);
    }

    private DBSnapshot newestSnapshot() {
        DBSnapshot newest = null;
        for (DBSnapshot s : database.snapshots()) {
            if ("available".equals(s.status()) && s.snapshotCreateTime() != null
                    && (newest == null || s.snapshotCreateTime().isAfter(newest.snapshotCreateTime()))) {
                newest = s;
            }
        }
        if (newest == null) {
            throw new PreconditionFailedException("a snapshot must exist", "RDS instance '" + database.instanceId()
                    + "' has no available snapshot", "take one (RdsDatabase.snapshotStep()) before refreshing the standby");
        }
        return newest;
    }

    private DBSnapshot namedSnapshot(String snapshotId) {
        return database.snapshots().stream().filter(s -> snapshotId.equals(s.dbSnapshotIdentifier())).findFirst()
                .orElseThrow(() -> new PreconditionFailedException("snapshot must exist",
                        "RDS snapshot '" + snapshotId + "' (chosen by an earlier run of this refresh) was not found", "run the refresh anew"));
    }

    private static Optional<String> tag(DBInstance i, String key) {
        if (!i.hasTagList()) {
            return Optional.empty();
        }
        return i.tagList().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    private static Optional<Instant> snapshotTime(DBInstance i) {
        try {
            return tag(i, SNAPSHOT_TIME_TAG).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String describe(DBInstance i) {
        return "status " + i.dbInstanceStatus() + ", snapshot " + tag(i, SNAPSHOT_TAG).orElse("?") + " as of "
                + tag(i, SNAPSHOT_TIME_TAG).orElse("?");
    }

    @Override
    public String toString() {
        return "RdsPrestagedInstance[" + id + ": " + description() + "]";
    }

    /** Builds an {@link RdsPrestagedInstance}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsDatabase database;
        private final String standbyId;
        private String id = DEFAULT_ID;
        private StandbyState state = StandbyState.STOPPED;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private String instanceClass;
        private PollPolicy pollPolicy = RdsDatabase.FINISHING_POLL_POLICY;

        Builder(RdsDatabase database, String standbyId) {
            this.database = database;
            this.standbyId = standbyId;
        }

        private Builder(RdsPrestagedInstance p) {
            this(p.database, p.standbyId);
            this.id = p.id;
            this.state = p.state;
            this.maxAge = p.maxAge;
            this.instanceClass = p.instanceClass;
            this.pollPolicy = p.pollPolicy;
        }

        /**
         * The id of the failover fragment (the refresh's is {@code <id>-refresh}); default {@value RdsPrestagedInstance#DEFAULT_ID}.
         *
         * @throws InvalidConfigurationException when it breaks the id rule, or is longer than 46 characters (so that
         *         {@code <id>.endpoint.address} fits in 63)
         */
        public Builder withId(String id) {
            this.id = AwsRules.fragmentId("pre-staged id", id, LONGEST_OUTPUT_SUFFIX);
            return this;
        }

        /**
         * What the refresh leaves the standby in; default {@link StandbyState#STOPPED}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withState(StandbyState state) {
            this.state = AwsRules.notNull("pre-staged standby state", state);
            return this;
        }

        /**
         * The oldest snapshot a failover accepts in the standby (the RPO objective of this database); default 26 hours.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withMaxAge(Duration maxAge) {
            this.maxAge = AwsRules.positive("maximum age of the pre-staged snapshot", maxAge);
            return this;
        }

        /**
         * The standby's instance class (a smaller one costs less, runs slower); default the source's.
         *
         * @throws InvalidConfigurationException when it is not of the form {@code db.<family>.<size>}
         */
        public Builder withInstanceClass(String instanceClass) {
            this.instanceClass = AwsRules.instanceClass("pre-staged instance class", instanceClass);
            return this;
        }

        /**
         * How the waits poll; default {@link RdsDatabase#FINISHING_POLL_POLICY}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = AwsRules.notNull("pre-staged poll policy", pollPolicy);
            return this;
        }

        /** The pre-staged instance's definition. */
        public RdsPrestagedInstance build() {
            return new RdsPrestagedInstance(this);
        }
    }
}
