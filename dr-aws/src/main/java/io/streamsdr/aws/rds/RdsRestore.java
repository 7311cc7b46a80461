package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TerminalStateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * A restore of an RDS instance into a NEW instance, as a one-step {@link PlanFragment} of a
 * {@link io.streamsdr.core.RestorePlan}: from a snapshot (named, published by an earlier step, or the
 * newest) or to a point in time (an instant, or the latest restorable time). Immutable; start it from
 * {@link RdsDatabase}.
 *
 * <pre>{@code
 * RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-dr").build();
 * RestorePlan plan = RestorePlan.builder("failover")
 *     .withFragment(restore.fragment())                                       // step "rds-restore"
 *     .withStep(Step.named("helm-upgrade").dependsOn(restore.id()).consumes(restore.endpointAddress())
 *         .withAction(ctx -> helm.upgrade(Map.of("externalizedMariadb.host", ctx.input(restore.endpointAddress())))))
 *     .build();
 * }</pre>
 *
 * <p>The fragment's id (its step's id, the prefix of its outputs) is {@value #DEFAULT_ID} unless given with
 * {@link Builder#withId(String)}: two restores in one plan need two ids.
 *
 * <p>What the step does, in order:
 * <ol>
 *   <li>If the target instance exists, it refuses ({@link PreconditionFailedException}), unless this step
 *       created it in an earlier run of the plan: before its restore call it saves a token in the plan's
 *       journal and tags the new instance with it ({@value #TOKEN_TAG}), so a resumed run recognises its own
 *       instance and only waits for it. A run that died after saving the token but before the call makes the
 *       call on resume; so a crash anywhere leaves exactly one new instance.</li>
 *   <li>It reads the source instance and copies its DB subnet group, VPC security groups, DB parameter
 *       group, instance class, multi-AZ, public accessibility and port, unless overridden or turned off with
 *       {@link SourceSettings#IGNORE} (a restore otherwise lands in the defaults: the default VPC and security
 *       group, a well-known AWS pitfall).</li>
 *   <li>For a point-in-time restore to an instant, it checks the instant against the run's time and the
 *       source's restorable window, as RDS does: not after the run's now, not after the latest restorable time,
 *       not before the earliest restorable time (the oldest automated backup still kept, or the instance's
 *       creation). The step's read-only precondition checks the window too, so a preview refuses the same
 *       instants (it has no run clock; an instant after now is also after the latest restorable time).</li>
 *   <li>It calls the restore, then waits through the step's poller until the instance is
 *       {@code available} ({@link RdsDatabase#DEFAULT_POLL_POLICY}: first look after 30 s, up to 60 s
 *       apart, 2 hours; once it has left {@code creating}, {@link RdsDatabase#FINISHING_POLL_POLICY}: up to
 *       30 s apart); failed, incompatible-* and deleted states fail at once, and throttling or 5xx
 *       answers are looked at again, up to the transient-error budget.</li>
 *   <li>It publishes {@link #endpointAddress()}, {@link #endpointPort()} and {@link #instanceArn()}, and
 *       records the RPO achieved (the run's now, when the restore was requested, minus the snapshot's time
 *       or the restore time).</li>
 * </ol>
 *
 * <p>Failed calls other than those the guard rails know surface as {@link CallFailedException}, naming the
 * call and the instance or snapshot, the SDK's exception kept as the cause.
 */
public final class RdsRestore {
    /** The default id of the fragment, its step and the prefix of its outputs. */
    public static final String DEFAULT_ID = "rds-restore";
    /** The tag that marks an instance as created by a restore step; its value is the step's token. */
    public static final String TOKEN_TAG = "streams-dr:restore-token";
    /**
     * The time a restore is expected to take, for the failover preview: 20 minutes (ASSUMED: AWS publishes no
     * figure; it grows with the storage; the failover benchmark's simulated latency). Measure yours with a drill and
     * say so with {@code fragment().withStrategy(..)}.
     */
    public static final Duration EXPECTED_TIME = Duration.ofMinutes(20);
    static final String TOKEN_CHECKPOINT = "restore-token";
    static final String REQUESTED_CHECKPOINT = "restore-requested";
    /** The RPO, measured when the restore was requested: data newer than the restore point is what is lost. */
    static final String RPO_CHECKPOINT = "restore-rpo";
    private static final String LONGEST_OUTPUT_SUFFIX = ".endpoint.address";

    /** Where the settings that are not given on the builder come from. */
    public enum SourceSettings {
        /** Copied from the source instance (the default): the new instance lands in the same network as the old one. */
        COPY,
        /**
         * Not copied: settings not given take AWS's defaults (the default VPC, security group and parameter group).
         * For a restore whose source instance is gone; give the network settings on the builder.
         */
        IGNORE
    }

    enum Source { SNAPSHOT, LATEST_SNAPSHOT, POINT_IN_TIME, LATEST_RESTORABLE }

    private final RdsDatabase database;
    private final RdsClient client;
    private final String sourceInstanceId;
    private final Source source;
    private final String snapshotId;
    private final StepOutput<String> snapshotOutput;
    private final Instant restoreTime;
    private final String targetId;
    private final String id;
    private final SourceSettings sourceSettings;
    private final String instanceClass;
    private final String subnetGroup;
    private final List<String> securityGroups;
    private final String parameterGroup;
    private final Boolean multiAz;
    private final Boolean publiclyAccessible;
    private final Integer port;
    private final Map<String, String> tags;
    private final PollPolicy pollPolicy;
    private final StepOutput<String> endpointAddress;
    private final StepOutput<Integer> endpointPort;
    private final StepOutput<String> instanceArn;
    private final PlanFragment fragment;

    private RdsRestore(Builder b) {
        this.database = b.database;
        this.client = b.database.client();
        this.sourceInstanceId = b.database.instanceId();
        this.source = b.source;
        this.snapshotId = b.snapshotId;
        this.snapshotOutput = b.snapshotOutput;
        this.restoreTime = b.restoreTime;
        this.targetId = b.targetId;
        this.id = b.id;
        this.sourceSettings = b.sourceSettings;
        this.instanceClass = b.instanceClass;
        this.subnetGroup = b.subnetGroup;
        this.securityGroups = b.securityGroups == null ? null : List.copyOf(b.securityGroups);
        this.parameterGroup = b.parameterGroup;
        this.multiAz = b.multiAz;
        this.publiclyAccessible = b.publiclyAccessible;
        this.port = b.port;
        this.tags = Map.copyOf(b.tags);
        this.pollPolicy = b.pollPolicy;
        this.endpointAddress = StepOutput.string(id + ".endpoint.address");
        this.endpointPort = StepOutput.integer(id + ".endpoint.port");
        this.instanceArn = StepOutput.string(id + ".instance.arn");
        this.fragment = PlanFragment.of(step()).withStrategy(io.streamsdr.core.RecoveryStrategy.of(b.database.name(),
                source == Source.POINT_IN_TIME || source == Source.LATEST_RESTORABLE ? "restore to a point in time into '" + targetId + "'"
                        : "restore a snapshot into '" + targetId + "'", EXPECTED_TIME));
    }

    /** A builder holding this restore's settings, to derive another restore from it. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id of the fragment and of its one step; its outputs are named after it. */
    public String id() {
        return id;
    }

    /** The new instance's id. */
    public String targetInstanceId() {
        return targetId;
    }

    /** The output with the new instance's endpoint address (a host name): {@code <id>.endpoint.address}. */
    public StepOutput<String> endpointAddress() {
        return endpointAddress;
    }

    /** The output with the new instance's port: {@code <id>.endpoint.port}. */
    public StepOutput<Integer> endpointPort() {
        return endpointPort;
    }

    /** The output with the new instance's ARN: {@code <id>.instance.arn}. */
    public StepOutput<String> instanceArn() {
        return instanceArn;
    }

    /** What the step does, in words (the plan preview shows it). */
    public String description() {
        String from = switch (source) {
            case SNAPSHOT -> snapshotOutput != null ? "the RDS snapshot named by output '" + snapshotOutput.name() + "'"
                    : "RDS snapshot '" + snapshotId + "'";
            case LATEST_SNAPSHOT -> "the newest snapshot of RDS instance '" + sourceInstanceId + "'";
            case POINT_IN_TIME -> "RDS instance '" + sourceInstanceId + "' as of " + restoreTime;
            case LATEST_RESTORABLE -> "RDS instance '" + sourceInstanceId + "' as of its latest restorable time";
        };
        return "restore " + from + " into new instance '" + targetId + "'"
                + (sourceSettings == SourceSettings.COPY ? " with the network settings of '" + sourceInstanceId + "'" : "")
                + ", wait until available, publish its endpoint";
    }

    /**
     * The restore, as a one-step fragment for {@link io.streamsdr.core.RestorePlan.Builder#withFragment} or
     * {@link io.streamsdr.core.Failover.Builder#restore}; make it wait for other work with
     * {@link PlanFragment#dependsOn}, bound it with {@link PlanFragment#withTimeout}.
     */
    public PlanFragment fragment() {
        return fragment;
    }

    private Step.Builder step() {
        Step.Builder b = Step.named(id).withDescription(description()).publishes(endpointAddress, endpointPort, instanceArn)
                .withPrecondition(Precondition.of("new instance '" + targetId + "' does not exist yet", this::checkTargetAbsent))
                .withAction(this::run);
        switch (source) {
            case SNAPSHOT -> {
                if (snapshotOutput == null) {
                    b.withPrecondition(Precondition.of("snapshot '" + snapshotId + "' is available in " + region(),
                            () -> describe(namedSnapshot(snapshotId))));
                }
            }
            case LATEST_SNAPSHOT -> b.withPrecondition(Precondition.of("instance '" + sourceInstanceId + "' has an available snapshot in "
                    + region(), () -> describe(newestSnapshot())));
            case POINT_IN_TIME -> b.withPrecondition(Precondition.of("instance '" + sourceInstanceId + "' can be restored to "
                    + restoreTime + " (point in time)", this::checkPointInTime));
            case LATEST_RESTORABLE -> b.withPrecondition(Precondition.of("instance '" + sourceInstanceId
                    + "' keeps automated backups (point in time)", this::checkPointInTime));
        }
        if (sourceSettings == SourceSettings.COPY && (source == Source.SNAPSHOT || source == Source.LATEST_SNAPSHOT)) {
            // The run reads the source to copy its network settings; without this, a preview says ready and the step then fails.
            b.withPrecondition(Precondition.of("instance '" + sourceInstanceId + "' exists, to copy its settings from",
                    this::checkSourceSettings));
        }
        return snapshotOutput == null ? b : b.consumes(snapshotOutput);
    }

    private void run(StepContext ctx) {
        Optional<String> token = ctx.checkpoint(TOKEN_CHECKPOINT);
        Optional<DBInstance> existing = RdsDatabase.findInstance(client, targetId);
        Duration rpo = null;
        if (existing.isPresent()) {
            String found = tagValue(existing.get(), TOKEN_TAG);
            if (token.isEmpty() || !token.get().equals(found)) {
                throw new PreconditionFailedException("restore target must not exist",
                        "RDS instance '" + targetId + "' already exists (status " + existing.get().dbInstanceStatus()
                                + ") and this plan's journal does not show step '" + id + "' creating it",
                        "restore into another instance with toInstance(\"...\"), or delete '" + targetId + "' first");
            }
            ctx.progress("RDS instance '" + targetId + "' was created by this step in an earlier run; waiting for it");
            rpo = ctx.checkpoint(RPO_CHECKPOINT).map(Duration::parse).orElse(null);
        } else {
            if (source == Source.POINT_IN_TIME && restoreTime.isAfter(ctx.now())) {
                throw new PreconditionFailedException("restore time must not be in the future",
                        "restore time " + restoreTime + " is after now (" + ctx.now() + ") on the run's clock",
                        "use restoreToLatestRestorableTime() for the newest moment");
            }
            DBInstance src = sourceSettings == SourceSettings.COPY ? sourceInstance() : null;
            String tok = token.orElseGet(() -> UUID.randomUUID().toString());
            List<Tag> allTags = new ArrayList<>();
            tags.forEach((k, v) -> allTags.add(Tag.builder().key(k).value(v).build()));
            allTags.add(Tag.builder().key(TOKEN_TAG).value(tok).build());
            Settings s = settings(src);
            Instant dataAsOf;
            String requested;
            Runnable restoreCall;
            String callName;
            if (source == Source.SNAPSHOT || source == Source.LATEST_SNAPSHOT) {
                DBSnapshot snap = source == Source.SNAPSHOT
                        ? namedSnapshot(snapshotOutput == null ? snapshotId : ctx.input(snapshotOutput)) : newestSnapshot();
                dataAsOf = snap.snapshotCreateTime();
                requested = "snapshot " + snap.dbSnapshotIdentifier() + " as of " + dataAsOf;
                callName = "RestoreDBInstanceFromDBSnapshot of RDS snapshot '" + snap.dbSnapshotIdentifier() + "' into instance '" + targetId + "'";
                restoreCall = () -> client.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(targetId)
                        .dbSnapshotIdentifier(snap.dbSnapshotIdentifier()).dbSubnetGroupName(s.subnetGroup)
                        .vpcSecurityGroupIds(s.securityGroups).dbParameterGroupName(s.parameterGroup)
                        .dbInstanceClass(s.instanceClass).multiAZ(s.multiAz).publiclyAccessible(s.publiclyAccessible)
                        .port(s.port).tags(allTags));
            } else {
                RdsDatabase.Window window = checkRestorable(src != null ? src : sourceInstance());
                dataAsOf = source == Source.POINT_IN_TIME ? restoreTime : window.latest();
                requested = "point in time as of " + dataAsOf;
                callName = "RestoreDBInstanceToPointInTime of RDS instance '" + sourceInstanceId + "' into instance '" + targetId + "'";
                restoreCall = () -> client.restoreDBInstanceToPointInTime(r -> {
                    r.sourceDBInstanceIdentifier(sourceInstanceId).targetDBInstanceIdentifier(targetId)
                            .dbSubnetGroupName(s.subnetGroup).vpcSecurityGroupIds(s.securityGroups)
                            .dbParameterGroupName(s.parameterGroup).dbInstanceClass(s.instanceClass).multiAZ(s.multiAz)
                            .publiclyAccessible(s.publiclyAccessible).port(s.port).tags(allTags);
                    if (source == Source.POINT_IN_TIME) {
                        r.restoreTime(restoreTime);
                    } else {
                        r.useLatestRestorableTime(true);
                    }
                });
            }
            // Both saved BEFORE the call: a run that dies after the call finds its token (and its RPO) on resume.
            ctx.saveCheckpoint(TOKEN_CHECKPOINT, tok);
            if (dataAsOf != null) {
                // Measured now, not after the wait: the minutes the restore takes are RTO, not lost data.
                Duration lost = Duration.between(dataAsOf, ctx.now());
                rpo = lost.isNegative() ? Duration.ZERO : lost;
                ctx.saveCheckpoint(RPO_CHECKPOINT, rpo.toString());
            }
            call(callName, restoreCall);
            ctx.saveCheckpoint(REQUESTED_CHECKPOINT, requested);
            ctx.progress("restore of '" + targetId + "' requested from " + requested);
        }
        DBInstance ready = RdsWaits.awaitAvailable(ctx.poller(), client, targetId, database.transientErrorBudget(), pollPolicy);
        if (ready.endpoint() == null || ready.endpoint().address() == null) {
            throw new TerminalStateException("RDS instance '" + targetId + "' to be available",
                    "the instance is available but RDS gives no endpoint for it", 1, Duration.ZERO);
        }
        ctx.publish(endpointAddress, ready.endpoint().address());
        ctx.publish(endpointPort, ready.endpoint().port() == null ? 3306 : ready.endpoint().port());
        ctx.publish(instanceArn, ready.dbInstanceArn() == null ? "" : ready.dbInstanceArn());
        if (rpo != null) {
            ctx.recordRpo(database.name(), rpo);
        }
    }

    private void call(String callName, Runnable restoreCall) {
        try {
            restoreCall.run();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBInstanceAlreadyExists", "DBInstanceAlreadyExistsFault")) {
                throw new PreconditionFailedException("restore target must not exist",
                        "RDS instance '" + targetId + "' appeared while the restore was being prepared",
                        "restore into another instance with toInstance(\"...\")");
            }
            throw AwsCalls.failed(callName, e);
        } catch (SdkException e) {
            throw AwsCalls.failed(callName, e);
        }
    }

    private String checkTargetAbsent() {
        Optional<DBInstance> existing = RdsDatabase.findInstance(client, targetId);
        if (existing.isPresent()) {
            throw new PreconditionFailedException("restore target must not exist",
                    "RDS instance '" + targetId + "' already exists (status " + existing.get().dbInstanceStatus() + ")",
                    "restore into another instance with toInstance(\"...\"), or delete '" + targetId + "' first");
        }
        return "no instance '" + targetId + "' in " + region();
    }

    private String checkSourceSettings() {
        DBInstance src = sourceInstance();
        Settings s = settings(src);
        return "status " + src.dbInstanceStatus() + "; the new instance gets DB subnet group " + s.subnetGroup + ", security groups "
                + s.securityGroups + ", parameter group " + s.parameterGroup + ", class " + s.instanceClass + ", multi-AZ " + s.multiAz;
    }

    private String checkPointInTime() {
        DBInstance from = sourceInstance();
        RdsDatabase.Window w = checkRestorable(from);
        return "retention " + w.retentionDays() + " days, restorable from " + w.earliest() + " to " + w.latest();
    }

    /**
     * The point-in-time guard rails on the source as described: automated backups on, a latest restorable
     * time known, and the restore time (when one was given) within the restorable window. Returns the window.
     */
    private RdsDatabase.Window checkRestorable(DBInstance from) {
        if (RdsDatabase.retentionOf(from) == 0) {
            throw new PreconditionFailedException("point-in-time restore needs automated backups",
                    "RDS instance '" + sourceInstanceId + "' has a backup retention of 0 days", null);
        }
        RdsDatabase.Window w = database.pointInTimeWindow(from).orElseThrow(() -> new PreconditionFailedException(
                "point-in-time restore needs a latest restorable time",
                "RDS instance '" + sourceInstanceId + "' (status " + from.dbInstanceStatus() + ") has no latest restorable time yet",
                "wait until its first automated backup is done, or restore from a snapshot"));
        if (source == Source.POINT_IN_TIME && restoreTime.isAfter(w.latest())) {
            throw new PreconditionFailedException("restore time must be restorable",
                    "restore time " + restoreTime + " is after the latest restorable time " + w.latest() + " of '" + sourceInstanceId + "'",
                    "use restoreToLatestRestorableTime(), or a time between " + w.earliest() + " and " + w.latest());
        }
        if (source == Source.POINT_IN_TIME && restoreTime.isBefore(w.earliest())) {
            throw new PreconditionFailedException("restore time must be restorable",
                    "restore time " + restoreTime + " is before the earliest restorable time " + w.earliest() + " of '" + sourceInstanceId
                            + "' (its oldest automated backup within the " + w.retentionDays() + "-day retention)",
                    "use a time between " + w.earliest() + " and " + w.latest() + ", or restore from an older snapshot");
        }
        return w;
    }

    private String region() {
        try {
            var r = client.serviceClientConfiguration().region();
            return r == null ? "the client's region" : "region " + r.id();
        } catch (RuntimeException e) {
            return "the client's region"; // a test double without a configuration
        }
    }

    private static String describe(DBSnapshot s) {
        return "snapshot '" + s.dbSnapshotIdentifier() + "' (" + s.status() + ", " + s.snapshotType() + ", data as of "
                + s.snapshotCreateTime() + ")" + (s.dbSnapshotArn() == null ? "" : " " + s.dbSnapshotArn());
    }

    private DBInstance sourceInstance() {
        return RdsDatabase.findInstance(client, sourceInstanceId).orElseThrow(() -> new PreconditionFailedException(
                "source instance must exist to copy its settings",
                "RDS instance '" + sourceInstanceId + "' was not found, so its subnet group, security groups and parameter group cannot be copied",
                "give them with withDbSubnetGroup(..), withVpcSecurityGroups(..), withDbParameterGroup(..) and call "
                        + "withSourceSettings(SourceSettings.IGNORE)"));
    }

    private DBSnapshot namedSnapshot(String snapshotId) {
        String call = "DescribeDBSnapshots of RDS snapshot '" + snapshotId + "'";
        List<DBSnapshot> found;
        try {
            found = client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
            }
            throw AwsCalls.failed(call, e);
        } catch (SdkException e) {
            throw AwsCalls.failed(call, e);
        }
        if (found.isEmpty()) {
            throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
        }
        DBSnapshot s = found.get(0);
        if (!"available".equals(s.status())) {
            throw new PreconditionFailedException("snapshot must be available", "RDS snapshot '" + snapshotId + "' is " + s.status(), null);
        }
        return s;
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
            throw new PreconditionFailedException("a snapshot must exist", "RDS instance '" + sourceInstanceId + "' has no available snapshot", null);
        }
        return newest;
    }

    /** The settings sent with the restore call; null ones are left out of the request (AWS's defaults). */
    private record Settings(String subnetGroup, List<String> securityGroups, String parameterGroup, String instanceClass,
            Boolean multiAz, Boolean publiclyAccessible, Integer port) {
    }

    private Settings settings(DBInstance src) {
        String sg = subnetGroup;
        List<String> sgs = securityGroups;
        String pg = parameterGroup;
        String ic = instanceClass;
        Boolean maz = multiAz;
        Boolean pub = publiclyAccessible;
        Integer p = port;
        if (src != null) {
            if (sg == null && src.dbSubnetGroup() != null) {
                sg = src.dbSubnetGroup().dbSubnetGroupName();
            }
            if (sgs == null && src.hasVpcSecurityGroups() && !src.vpcSecurityGroups().isEmpty()) {
                sgs = src.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList();
            }
            if (pg == null && src.hasDbParameterGroups() && !src.dbParameterGroups().isEmpty()) {
                pg = src.dbParameterGroups().get(0).dbParameterGroupName();
            }
            ic = ic == null ? src.dbInstanceClass() : ic;
            maz = maz == null ? src.multiAZ() : maz;
            pub = pub == null ? src.publiclyAccessible() : pub;
            if (p == null && src.endpoint() != null) {
                p = src.endpoint().port();
            }
        }
        return new Settings(sg, sgs, pg, ic, maz, pub, p);
    }

    private static String tagValue(DBInstance i, String key) {
        if (i.hasTagList()) {
            for (Tag t : i.tagList()) {
                if (key.equals(t.key())) {
                    return t.value();
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "RdsRestore[" + id + ": " + description() + "]";
    }

    /** Builds an {@link RdsRestore}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsDatabase database;
        private final Source source;
        private final String snapshotId;
        private final Instant restoreTime;
        private StepOutput<String> snapshotOutput;
        private String targetId;
        private String id = DEFAULT_ID;
        private SourceSettings sourceSettings = SourceSettings.COPY;
        private String instanceClass;
        private String subnetGroup;
        private List<String> securityGroups;
        private String parameterGroup;
        private Boolean multiAz;
        private Boolean publiclyAccessible;
        private Integer port;
        private Map<String, String> tags = Map.of();
        private PollPolicy pollPolicy;

        Builder(RdsDatabase database, Source source, String snapshotId, Instant restoreTime) {
            this.database = database;
            this.source = source;
            this.snapshotId = snapshotId;
            this.restoreTime = restoreTime;
            this.pollPolicy = database.pollPolicy();
        }

        private Builder(RdsRestore r) {
            this(r.database, r.source, r.snapshotId, r.restoreTime);
            this.snapshotOutput = r.snapshotOutput;
            this.targetId = r.targetId;
            this.id = r.id;
            this.sourceSettings = r.sourceSettings;
            this.instanceClass = r.instanceClass;
            this.subnetGroup = r.subnetGroup;
            this.securityGroups = r.securityGroups;
            this.parameterGroup = r.parameterGroup;
            this.multiAz = r.multiAz;
            this.publiclyAccessible = r.publiclyAccessible;
            this.port = r.port;
            this.tags = r.tags;
            this.pollPolicy = r.pollPolicy;
        }

        Builder withSnapshotOutput(StepOutput<String> output) {
            this.snapshotOutput = output;
            return this;
        }

        /**
         * The id of the NEW instance to restore into. Required.
         *
         * @throws InvalidConfigurationException when it breaks AWS's DB instance identifier rule (1 to 63 letters, digits or
         *         hyphens; first a letter; no two consecutive hyphens; no trailing hyphen), or equals the source instance's id
         */
        public Builder toInstance(String targetInstanceId) {
            AwsRules.instanceId("target instance id", targetInstanceId);
            if (targetInstanceId.equalsIgnoreCase(database.instanceId())) {
                throw new InvalidConfigurationException("target instance id '" + targetInstanceId + "'",
                        "must differ from the source instance id: a restore always creates a new instance");
            }
            this.targetId = targetInstanceId;
            return this;
        }

        /**
         * The id of the fragment and its step; default {@value RdsRestore#DEFAULT_ID}. Outputs are named after it
         * ({@code <id>.endpoint.address}), so two restores in one plan need two ids.
         *
         * @throws InvalidConfigurationException when it breaks the id rule (1 to 63 letters, digits, '.', '_' or '-',
         *         starting with a letter or digit), or is longer than 46 characters (so that
         *         {@code <id>.endpoint.address} fits in 63)
         */
        public Builder withId(String id) {
            this.id = AwsRules.fragmentId("restore id", id, LONGEST_OUTPUT_SUFFIX);
            return this;
        }

        /**
         * Where settings not given here come from: {@link SourceSettings#COPY} (the default) copies them from the
         * source instance; {@link SourceSettings#IGNORE} leaves them to AWS's defaults, for a restore whose source
         * instance is gone.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withSourceSettings(SourceSettings sourceSettings) {
            this.sourceSettings = AwsRules.notNull("source settings", sourceSettings);
            return this;
        }

        /**
         * The instance class, instead of the source's.
         *
         * @throws InvalidConfigurationException when it does not look like {@code db.<family>.<size>}
         */
        public Builder withInstanceClass(String instanceClass) {
            this.instanceClass = AwsRules.instanceClass("instance class", instanceClass);
            return this;
        }

        /**
         * The DB subnet group, instead of the source's.
         *
         * @throws InvalidConfigurationException when not 1 to 255 letters, digits, periods, underscores, spaces or hyphens
         */
        public Builder withDbSubnetGroup(String subnetGroupName) {
            this.subnetGroup = AwsRules.subnetGroupName("DB subnet group", subnetGroupName);
            return this;
        }

        /**
         * The VPC security groups, instead of the source's.
         *
         * @throws InvalidConfigurationException when none is given, or one is not {@code sg-} and 8 or 17 hex digits
         */
        public Builder withVpcSecurityGroups(String... securityGroupIds) {
            AwsRules.notNull("VPC security groups", securityGroupIds);
            if (securityGroupIds.length == 0) {
                throw new InvalidConfigurationException("VPC security groups", "must hold at least one security group id");
            }
            List<String> l = new ArrayList<>();
            for (String sg : securityGroupIds) {
                l.add(AwsRules.securityGroupId("VPC security group", sg));
            }
            this.securityGroups = List.copyOf(l);
            return this;
        }

        /**
         * The DB parameter group, instead of the source's.
         *
         * @throws InvalidConfigurationException when it breaks AWS's rule (1 to 255 letters, digits or hyphens; first a
         *         letter; no two consecutive hyphens; no trailing hyphen)
         */
        public Builder withDbParameterGroup(String parameterGroupName) {
            this.parameterGroup = AwsRules.rdsIdentifier("DB parameter group", parameterGroupName, 255);
            return this;
        }

        /** Multi-AZ or not, instead of the source's setting. */
        public Builder withMultiAz(boolean multiAz) {
            this.multiAz = multiAz;
            return this;
        }

        /** Publicly accessible or not, instead of the source's setting. */
        public Builder withPubliclyAccessible(boolean publiclyAccessible) {
            this.publiclyAccessible = publiclyAccessible;
            return this;
        }

        /**
         * The port, instead of the source's.
         *
         * @throws InvalidConfigurationException when outside 1150 to 65535
         */
        public Builder withPort(int port) {
            this.port = AwsRules.port("port", port);
            return this;
        }

        /**
         * Tags for the new instance (the step adds {@value RdsRestore#TOKEN_TAG}).
         *
         * @throws InvalidConfigurationException when null, more than 49, a key is empty, longer than 128 characters or
         *         starts with {@code aws:}, or a value is null or longer than 256 characters
         */
        public Builder withTags(Map<String, String> tags) {
            Map<String, String> t = AwsRules.tags("restore tags", tags);
            if (t.size() > 49) {
                throw new InvalidConfigurationException("restore tags", "must hold at most 49 tags (one more is the restore token)");
            }
            this.tags = new LinkedHashMap<>(t);
            return this;
        }

        /**
         * How the wait for the new instance polls; default the database's policy ({@link RdsDatabase#DEFAULT_POLL_POLICY}).
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = AwsRules.notNull("restore poll policy", pollPolicy);
            return this;
        }

        /**
         * The restore.
         *
         * @throws InvalidConfigurationException when no target instance was given
         */
        public RdsRestore build() {
            if (targetId == null) {
                throw new InvalidConfigurationException("target instance id", "must be given: call toInstance(\"new-instance-id\")");
            }
            return new RdsRestore(this);
        }
    }
}
