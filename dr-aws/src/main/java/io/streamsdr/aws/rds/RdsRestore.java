package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * A restore of an RDS instance into a NEW instance, as one step of a
 * {@link io.streamsdr.core.RestorePlan}: from a snapshot (named, or the newest) or to a point in time
 * (an instant, or the latest restorable time). Immutable; start it from {@link RdsDatabase}.
 *
 * <pre>{@code
 * RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("streams-db-dr").build();
 * RestorePlan plan = RestorePlan.builder("failover")
 *     .withStep(restore.step())
 *     .withStep(Step.named("helm-upgrade").dependsOn(restore.stepId()).consumes(restore.endpointAddress())
 *         .withAction(ctx -> helm.upgrade(Map.of("externalizedMariadb.host", ctx.input(restore.endpointAddress())))))
 *     .build();
 * }</pre>
 *
 * <p>What the step does, in order:
 * <ol>
 *   <li>If the target instance exists, it refuses ({@link PreconditionFailedException}), unless this step
 *       created it in an earlier run of the plan: before its restore call it saves a token in the plan's
 *       journal and tags the new instance with it ({@value #TOKEN_TAG}), so a resumed run recognises its own
 *       instance and only waits for it.</li>
 *   <li>It reads the source instance and copies its DB subnet group, VPC security groups, DB parameter
 *       group, instance class, multi-AZ, public accessibility and port, unless overridden (a restore
 *       otherwise lands in the defaults: the default VPC and security group, a well-known AWS pitfall).</li>
 *   <li>It calls the restore, then waits through the step's poller until the instance is
 *       {@code available} ({@link RdsDatabase#DEFAULT_POLL_POLICY}: first look after 30 s, up to 60 s
 *       apart, 2 hours; once it has left {@code creating}, {@link RdsDatabase#FINISHING_POLL_POLICY}: up to
 *       30 s apart); failed, incompatible-* and deleted states fail at once, and throttling or 5xx
 *       answers are looked at again, up to the transient-error budget.</li>
 *   <li>It publishes {@link #endpointAddress()}, {@link #endpointPort()} and {@link #instanceArn()}, and
 *       records the RPO achieved (now minus the snapshot's time or the restore time).</li>
 * </ol>
 */
public final class RdsRestore {
    /** The tag that marks an instance as created by a restore step; its value is the step's token. */
    public static final String TOKEN_TAG = "streams-dr:restore-token";
    static final String TOKEN_CHECKPOINT = "restore-token";
    static final String REQUESTED_CHECKPOINT = "restore-requested";
    /** The RPO, measured when the restore was requested: data newer than the restore point is what is lost. */
    static final String RPO_CHECKPOINT = "restore-rpo";

    enum Source { SNAPSHOT, LATEST_SNAPSHOT, POINT_IN_TIME, LATEST_RESTORABLE }

    private final RdsClient client;
    private final String component;
    private final String sourceInstanceId;
    private final Source source;
    private final String snapshotId;
    private final StepOutput<String> snapshotOutput;
    private final Instant restoreTime;
    private final String targetId;
    private final String stepId;
    private final boolean copySourceSettings;
    private final String instanceClass;
    private final String subnetGroup;
    private final List<String> securityGroups;
    private final String parameterGroup;
    private final Boolean multiAz;
    private final Boolean publiclyAccessible;
    private final Integer port;
    private final Map<String, String> tags;
    private final PollPolicy pollPolicy;
    private final int errorBudget;
    private final StepOutput<String> endpointAddress;
    private final StepOutput<Integer> endpointPort;
    private final StepOutput<String> instanceArn;

    private RdsRestore(Builder b) {
        this.client = b.database.client();
        this.component = b.database.name();
        this.sourceInstanceId = b.database.instanceId();
        this.source = b.source;
        this.snapshotId = b.snapshotId;
        this.snapshotOutput = b.snapshotOutput;
        this.restoreTime = b.restoreTime;
        this.targetId = b.targetId;
        this.stepId = b.stepId;
        this.copySourceSettings = b.copySourceSettings;
        this.instanceClass = b.instanceClass;
        this.subnetGroup = b.subnetGroup;
        this.securityGroups = b.securityGroups == null ? null : List.copyOf(b.securityGroups);
        this.parameterGroup = b.parameterGroup;
        this.multiAz = b.multiAz;
        this.publiclyAccessible = b.publiclyAccessible;
        this.port = b.port;
        this.tags = Map.copyOf(b.tags);
        this.pollPolicy = b.pollPolicy;
        this.errorBudget = b.database.transientErrorBudget();
        this.endpointAddress = StepOutput.string(stepId + ".endpoint.address");
        this.endpointPort = StepOutput.integer(stepId + ".endpoint.port");
        this.instanceArn = StepOutput.string(stepId + ".instance.arn");
    }

    /** The step id. */
    public String stepId() {
        return stepId;
    }

    /** The new instance's id. */
    public String targetInstanceId() {
        return targetId;
    }

    /** The output with the new instance's endpoint address (a host name): {@code <stepId>.endpoint.address}. */
    public StepOutput<String> endpointAddress() {
        return endpointAddress;
    }

    /** The output with the new instance's port: {@code <stepId>.endpoint.port}. */
    public StepOutput<Integer> endpointPort() {
        return endpointPort;
    }

    /** The output with the new instance's ARN: {@code <stepId>.instance.arn}. */
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
                + (copySourceSettings ? " with the network settings of '" + sourceInstanceId + "'" : "")
                + ", wait until available, publish its endpoint";
    }

    /**
     * The step, ready for {@link io.streamsdr.core.RestorePlan.Builder#withStep(Step.Builder)}; add
     * {@code dependsOn}, a timeout or a retry policy to it as needed.
     */
    public Step.Builder step() {
        Step.Builder b = Step.named(stepId).withDescription(description()).publishes(endpointAddress, endpointPort, instanceArn)
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
            default -> b.withPrecondition(Precondition.of("instance '" + sourceInstanceId + "' keeps automated backups (point in time)",
                    this::checkPointInTime));
        }
        if (copySourceSettings && (source == Source.SNAPSHOT || source == Source.LATEST_SNAPSHOT)) {
            // The run reads the source to copy its network settings; without this, a preview says ready and the step then fails.
            b.withPrecondition(Precondition.of("instance '" + sourceInstanceId + "' exists, to copy its settings from",
                    this::checkSourceSettings));
        }
        return snapshotOutput == null ? b : b.consumes(snapshotOutput);
    }

    private void run(StepContext ctx) {
        Optional<String> token = ctx.checkpoint(TOKEN_CHECKPOINT);
        Optional<DBInstance> existing = RdsDatabase.findInstance(client, targetId);
        Instant dataAsOf = null;
        Duration rpo = null;
        if (existing.isPresent()) {
            String found = tagValue(existing.get(), TOKEN_TAG);
            if (token.isEmpty() || !token.get().equals(found)) {
                throw new PreconditionFailedException("restore target must not exist",
                        "RDS instance '" + targetId + "' already exists (status " + existing.get().dbInstanceStatus()
                                + ") and this plan's journal does not show step '" + stepId + "' creating it",
                        "restore into another instance with toInstance(\"...\"), or delete '" + targetId + "' first");
            }
            ctx.progress("RDS instance '" + targetId + "' was created by this step in an earlier run; waiting for it");
            rpo = ctx.checkpoint(RPO_CHECKPOINT).map(Duration::parse).orElse(null);
        } else {
            DBInstance src = copySourceSettings ? sourceInstance() : null;
            String tok = token.orElseGet(() -> UUID.randomUUID().toString());
            List<Tag> allTags = new ArrayList<>();
            tags.forEach((k, v) -> allTags.add(Tag.builder().key(k).value(v).build()));
            allTags.add(Tag.builder().key(TOKEN_TAG).value(tok).build());
            Settings s = settings(src);
            String requested;
            switch (source) {
                case SNAPSHOT, LATEST_SNAPSHOT -> {
                    DBSnapshot snap = source == Source.SNAPSHOT
                            ? namedSnapshot(snapshotOutput == null ? snapshotId : ctx.input(snapshotOutput)) : newestSnapshot();
                    dataAsOf = snap.snapshotCreateTime();
                    ctx.saveCheckpoint(TOKEN_CHECKPOINT, tok);
                    call(() -> client.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier(targetId)
                            .dbSnapshotIdentifier(snap.dbSnapshotIdentifier()).dbSubnetGroupName(s.subnetGroup)
                            .vpcSecurityGroupIds(s.securityGroups).dbParameterGroupName(s.parameterGroup)
                            .dbInstanceClass(s.instanceClass).multiAZ(s.multiAz).publiclyAccessible(s.publiclyAccessible)
                            .port(s.port).tags(allTags)));
                    requested = "snapshot " + snap.dbSnapshotIdentifier() + " as of " + dataAsOf;
                }
                default -> {
                    Instant latest = checkRestorable(src != null ? src : sourceInstance());
                    dataAsOf = source == Source.POINT_IN_TIME ? restoreTime : latest;
                    ctx.saveCheckpoint(TOKEN_CHECKPOINT, tok);
                    call(() -> client.restoreDBInstanceToPointInTime(r -> {
                        r.sourceDBInstanceIdentifier(sourceInstanceId).targetDBInstanceIdentifier(targetId)
                                .dbSubnetGroupName(s.subnetGroup).vpcSecurityGroupIds(s.securityGroups)
                                .dbParameterGroupName(s.parameterGroup).dbInstanceClass(s.instanceClass).multiAZ(s.multiAz)
                                .publiclyAccessible(s.publiclyAccessible).port(s.port).tags(allTags);
                        if (source == Source.POINT_IN_TIME) {
                            r.restoreTime(restoreTime);
                        } else {
                            r.useLatestRestorableTime(true);
                        }
                    }));
                    requested = "point in time as of " + dataAsOf;
                }
            }
            if (dataAsOf != null) {
                // Measured now, not after the wait: the minutes the restore takes are RTO, not lost data.
                Duration lost = Duration.between(dataAsOf, ctx.now());
                rpo = lost.isNegative() ? Duration.ZERO : lost;
                ctx.saveCheckpoint(RPO_CHECKPOINT, rpo.toString());
            }
            ctx.saveCheckpoint(REQUESTED_CHECKPOINT, requested);
            ctx.progress("restore of '" + targetId + "' requested from " + requested);
        }
        DBInstance ready = RdsWaits.awaitAvailable(ctx.poller(), client, targetId, errorBudget, pollPolicy);
        if (ready.endpoint() == null || ready.endpoint().address() == null) {
            throw new IllegalStateException("RDS instance '" + targetId + "' is available but has no endpoint");
        }
        ctx.publish(endpointAddress, ready.endpoint().address());
        ctx.publish(endpointPort, ready.endpoint().port() == null ? 3306 : ready.endpoint().port());
        ctx.publish(instanceArn, ready.dbInstanceArn() == null ? "" : ready.dbInstanceArn());
        if (rpo != null) {
            ctx.recordRpo(component, rpo);
        }
    }

    private void call(Runnable restoreCall) {
        try {
            restoreCall.run();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBInstanceAlreadyExists", "DBInstanceAlreadyExistsFault")) {
                throw new PreconditionFailedException("restore target must not exist",
                        "RDS instance '" + targetId + "' appeared while the restore was being prepared",
                        "restore into another instance with toInstance(\"...\")");
            }
            throw e;
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
        Instant latest = checkRestorable(from);
        return "retention " + from.backupRetentionPeriod() + " days, latest restorable time " + latest;
    }

    /**
     * The point-in-time guard rails on the source as described: automated backups on, and the restore
     * time not after the latest restorable time. Returns the latest restorable time.
     */
    private Instant checkRestorable(DBInstance from) {
        int retention = from.backupRetentionPeriod() == null ? 0 : from.backupRetentionPeriod();
        if (retention == 0) {
            throw new PreconditionFailedException("point-in-time restore needs automated backups",
                    "RDS instance '" + sourceInstanceId + "' has a backup retention of 0 days", null);
        }
        Instant latest = from.latestRestorableTime();
        if (source == Source.POINT_IN_TIME && latest != null && restoreTime.isAfter(latest)) {
            throw new PreconditionFailedException("restore time must be restorable",
                    "restore time " + restoreTime + " is after the latest restorable time " + latest + " of '" + sourceInstanceId + "'",
                    "use restoreToLatestRestorableTime(), or an earlier time");
        }
        return latest;
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
                "give them with withDbSubnetGroup(..), withVpcSecurityGroups(..), withDbParameterGroup(..) and call withSourceSettingsCopied(false)"));
    }

    private DBSnapshot namedSnapshot(String snapshotId) {
        try {
            DBSnapshot s = client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().get(0);
            if (!"available".equals(s.status())) {
                throw new PreconditionFailedException("snapshot must be available", "RDS snapshot '" + snapshotId + "' is " + s.status(), null);
            }
            return s;
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
            }
            throw e;
        }
    }

    private DBSnapshot newestSnapshot() {
        DBSnapshot newest = null;
        String marker = null;
        do {
            String m = marker;
            var page = client.describeDBSnapshots(r -> r.dbInstanceIdentifier(sourceInstanceId).marker(m));
            for (DBSnapshot s : page.dbSnapshots()) {
                if ("available".equals(s.status()) && s.snapshotCreateTime() != null
                        && (newest == null || s.snapshotCreateTime().isAfter(newest.snapshotCreateTime()))) {
                    newest = s;
                }
            }
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        if (newest == null) {
            throw new PreconditionFailedException("a snapshot must exist", "RDS instance '" + sourceInstanceId + "' has no available snapshot", null);
        }
        return newest;
    }

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
        return "RdsRestore[" + stepId + ": " + description() + "]";
    }

    /** Builds an {@link RdsRestore}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsDatabase database;
        private final Source source;
        private final String snapshotId;
        private final Instant restoreTime;
        private StepOutput<String> snapshotOutput;
        private String targetId;
        private String stepId = "rds-restore";
        private boolean copySourceSettings = true;
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
         * The step's id; default {@code "rds-restore"}. Outputs are named after it ({@code <stepId>.endpoint.address}).
         *
         * @throws InvalidConfigurationException when it breaks the step id rule, or is longer than 46 characters
         *         (so that output names stay within 63)
         */
        public Builder withStepId(String stepId) {
            AwsRules.stepId("restore step id", stepId);
            if (stepId.length() > 46) {
                throw new InvalidConfigurationException("restore step id '" + stepId + "'",
                        "must be at most 46 characters, so that '<stepId>.endpoint.address' fits in 63");
            }
            this.stepId = stepId;
            return this;
        }

        /**
         * Whether settings not given here are copied from the source instance (default true). Turn it off to
         * restore when the source instance is gone; unset settings then take AWS's defaults.
         */
        public Builder withSourceSettingsCopied(boolean copy) {
            this.copySourceSettings = copy;
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
            for (String id : securityGroupIds) {
                l.add(AwsRules.securityGroupId("VPC security group", id));
            }
            this.securityGroups = l;
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
