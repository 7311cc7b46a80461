package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * One RDS instance as a {@link BackupTarget}: automated backups, manual snapshots, recovery points,
 * protection status, pruning, cross-region copies, and the restore work of a
 * {@link io.streamsdr.core.RestorePlan}. Immutable and thread-safe; build it with
 * {@link #builder(RdsClient, String)} from an {@link RdsClient} you configured yourself (region,
 * credentials, endpoint, retries).
 *
 * <pre>{@code
 * RdsDatabase db = RdsDatabase.builder(rdsClient, "orders-db")
 *     .withSnapshotTags(Map.of("owner", "dr"))
 *     .build();
 * RunContext run = RunContext.of(Poller.using(clock, clock));    // a test's virtual time; RunContext.system() is real time
 * db.enableAutomatedBackups(7, run.poller());
 * RecoveryPoint snap = db.takeRecoveryPoint(run);        // "orders-db-20260101120000", waited until available
 * ProtectionStatus status = db.protectionStatus(run);    // RPO from the latest restorable time
 * db.pruning(PrunePolicy.keepLast(10).withMaxAge(Duration.ofDays(30))).preview(run.clock());
 * }</pre>
 *
 * <p><b>Time comes from the caller.</b> The database holds no clock: the {@link BackupTarget} methods
 * take the run's {@link RunContext} (inside {@link io.streamsdr.core.Installation#backupAll} the backup
 * step's, so its timeout and cancellation apply), methods that wait take a {@link Poller}, and methods
 * that only need "now" take a {@link Clock}. Steps made here ({@link #snapshotStep()}, the restores)
 * wait through their step's poller. In tests, pass dr-testkit's {@code VirtualClock}:
 * {@code RunContext.of(Poller.using(clock, clock))}.
 *
 * <p>Identifiers are checked by AWS's rules before any call. A call AWS refuses for a reason a guard
 * rail knows ({@code DBSnapshotAlreadyExists}, {@code InvalidDBInstanceState}) is a
 * {@link PreconditionFailedException}; any other failed call is a {@link CallFailedException} naming the
 * call and the resource, the SDK's exception kept as its cause.
 */
public final class RdsDatabase implements BackupTarget {

    /**
     * Waits sized for RDS: first look after 30 s, then every 30 s growing by 1.5× up to 60 s with 10%
     * jitter, give up after 2 hours (the SDK's waiter gives up after 30 minutes, before big restores end).
     */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ofSeconds(30),
            Backoff.exponential(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60)).withJitter(0.1), Duration.ofHours(2));

    /**
     * How instance waits poll once the instance has left {@code creating} (backing-up, modifying, rebooting: the
     * last minutes of a restore): first look after 15 s, then every 15 s growing by 1.2× up to 30 s with 10%
     * jitter, within what is left of the main policy's timeout. The main policy covers the long
     * {@code creating} part with few calls; this one sees the end within about 30 s.
     */
    public static final PollPolicy FINISHING_POLL_POLICY = new PollPolicy(Duration.ofSeconds(15),
            Backoff.exponential(Duration.ofSeconds(15), 1.2, Duration.ofSeconds(30)).withJitter(0.1), Duration.ofHours(2));

    /** The default snapshot id template: the instance id, a hyphen, and the UTC time as {@code yyyyMMddHHmmss}. */
    public static final String DEFAULT_SNAPSHOT_ID_TEMPLATE = "{instance}-{timestamp}";

    /**
     * How often RDS uploads an instance's transaction logs when automated backups are on, moving its latest
     * restorable time: 5 minutes (AWS documents the latest restorable time as "typically within the last five
     * minutes"). It is this target's {@link #expectedInterval()}.
     */
    public static final Duration TRANSACTION_LOG_INTERVAL = Duration.ofMinutes(5);
    /** The default RPO above which {@link #protectionStatus(RunContext)} reports unhealthy: 26 hours (daily backups plus slack). */
    public static final Duration DEFAULT_MAX_RPO = Duration.ofHours(26);

    /** The default number of throttling or server errors in a row a wait lets pass before it fails. */
    public static final int DEFAULT_TRANSIENT_ERROR_BUDGET = 10;

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final RdsClient client;
    private final String instanceId;
    private final String name;
    private final PollPolicy pollPolicy;
    private final String snapshotIdTemplate;
    private final Map<String, String> snapshotTags;
    private final Duration maxRpo;
    private final int transientErrorBudget;

    private RdsDatabase(Builder b) {
        this.client = b.client;
        this.instanceId = b.instanceId;
        this.name = b.name == null ? "rds " + b.instanceId : b.name;
        this.pollPolicy = b.pollPolicy;
        this.snapshotIdTemplate = b.snapshotIdTemplate;
        this.snapshotTags = Map.copyOf(b.snapshotTags);
        this.maxRpo = b.maxRpo;
        this.transientErrorBudget = b.transientErrorBudget;
    }

    /**
     * Starts a database for the instance {@code instanceId}, reached through {@code client}.
     *
     * @throws InvalidConfigurationException when {@code client} is null, or {@code instanceId} breaks AWS's DB
     *         instance identifier rule (1 to 63 letters, digits or hyphens; first a letter; no two consecutive
     *         hyphens; no trailing hyphen)
     */
    public static Builder builder(RdsClient client, String instanceId) {
        return new Builder(AwsRules.notNull("RDS client", client), AwsRules.instanceId("instance id", instanceId));
    }

    /** A builder holding this database's settings, to derive another database from it. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String name() {
        return name;
    }

    /** The instance id. */
    public String instanceId() {
        return instanceId;
    }

    /** The client every call goes through. */
    public RdsClient client() {
        return client;
    }

    /** The policy of this database's waits. */
    public PollPolicy pollPolicy() {
        return pollPolicy;
    }

    /** How snapshot ids are made ({@link #DEFAULT_SNAPSHOT_ID_TEMPLATE} unless set). */
    public String snapshotIdTemplate() {
        return snapshotIdTemplate;
    }

    /** The tags put on every snapshot this database takes. */
    public Map<String, String> snapshotTags() {
        return snapshotTags;
    }

    /** The RPO above which {@link #protectionStatus(RunContext)} says unhealthy. */
    public Duration maxRpo() {
        return maxRpo;
    }

    /** How many throttling or server errors in a row a wait lets pass before it fails. */
    public int transientErrorBudget() {
        return transientErrorBudget;
    }

    /**
     * Makes sure automated backups are on with {@code retentionDays} of retention, applied immediately,
     * and waits through {@code poller} until the instance is available again. Does nothing when the
     * retention is already that. An instance on its way to {@code available} (creating, backing-up,
     * modifying...) is waited for first, as a user retrying against RDS would. Switching between 0 and a
     * non-zero retention makes RDS restart the instance, an outage; the result says whether this call did that.
     *
     * @throws InvalidConfigurationException when {@code retentionDays} is 0 (that disables backups) or outside 1 to
     *         35, or {@code poller} is null
     * @throws PreconditionFailedException   when the instance is missing, in a state from which it never becomes
     *         available on its own (stopped, deleting, failed...), or refuses the modification
     * @throws TimedOutException             when the instance is not available (before or after) within the poll
     *         policy's timeout
     * @throws TerminalStateException        when the instance goes into a state it never leaves
     * @throws CallFailedException           when a call to RDS fails for another reason
     */
    public AutomatedBackups enableAutomatedBackups(int retentionDays, Poller poller) {
        AwsRules.retentionDays("backup retention days", retentionDays);
        AwsRules.notNull("poller", poller);
        DBInstance before = describeInstance();
        int previous = retentionOf(before);
        if (previous == retentionDays) {
            return new AutomatedBackups(instanceId, previous, retentionDays, AutomatedBackups.Change.NONE);
        }
        awaitAvailableForChange(before, poller, "modified", msg -> { });
        try {
            client.modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId).backupRetentionPeriod(retentionDays).applyImmediately(true));
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "InvalidDBInstanceState")) {
                throw new PreconditionFailedException("instance must be available to be modified",
                        "RDS instance '" + instanceId + "' refused: " + AwsErrors.describe(e),
                        "call enableAutomatedBackups again once the instance is available");
            }
            throw AwsCalls.failed("ModifyDBInstance (backup retention " + retentionDays + " days) of RDS instance '" + instanceId + "'", e);
        } catch (SdkException e) {
            throw AwsCalls.failed("ModifyDBInstance (backup retention " + retentionDays + " days) of RDS instance '" + instanceId + "'", e);
        }
        RdsWaits.awaitAvailable(poller, client, instanceId, transientErrorBudget, pollPolicy);
        return new AutomatedBackups(instanceId, previous, retentionDays,
                previous == 0 ? AutomatedBackups.Change.TURNED_ON_WITH_RESTART : AutomatedBackups.Change.RETENTION_CHANGED);
    }

    /**
     * Takes a manual snapshot named by the snapshot id template at {@code ctx.now()} and waits through
     * {@code ctx.poller()} until it is available. An instance that is not {@code available} yet but on its
     * way there (creating, backing-up, modifying...) is waited for first, through the same poller, as a user
     * retrying against RDS would; the snapshot is then named at the time it is taken.
     *
     * @throws InvalidConfigurationException when {@code ctx} is null
     * @throws PreconditionFailedException   when the instance is missing, in a state from which it never becomes
     *         available on its own (stopped, deleting, failed, incompatible-*...: the message names it), a snapshot
     *         with that id exists, or RDS refuses the snapshot
     * @throws TimedOutException             when the instance or the snapshot is not available within the poll
     *         policy's timeout (or the step's)
     * @throws TerminalStateException        when the instance or the snapshot goes into a state it never leaves
     * @throws CallFailedException           when a call to RDS fails for another reason
     */
    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        AwsRules.notNull("run context", ctx);
        awaitSnapshottable(ctx.poller(), ctx::progress);
        String snapshotId = snapshotIdAt(ctx.now());
        requestSnapshot(snapshotId);
        ctx.progress("snapshot '" + snapshotId + "' of RDS instance '" + instanceId + "' requested; waiting for it");
        DBSnapshot done = RdsWaits.awaitSnapshot(ctx.poller(), client, snapshotId, transientErrorBudget, pollPolicy);
        return toRecoveryPoint(done, ctx.now());
    }

    /**
     * The id the template gives for a snapshot taken now on {@code clock}.
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     */
    public String nextSnapshotId(Clock clock) {
        return snapshotIdAt(AwsRules.notNull("clock", clock).instant());
    }

    /**
     * Starts a plan step that takes a manual snapshot (named by the template at the run's time), waits
     * through the step's poller until it is available, and publishes its id. Its id defaults to
     * {@value RdsSnapshotStep#DEFAULT_ID}; give another with {@link RdsSnapshotStep.Builder#withId(String)}.
     */
    public RdsSnapshotStep.Builder snapshotStep() {
        return new RdsSnapshotStep.Builder(this);
    }

    /**
     * Starts a restore from the snapshot whose id an earlier step publishes (such as
     * {@link RdsSnapshotStep#snapshotId()}); the restore consumes it, so make its fragment depend on that
     * step ({@code restore.fragment().dependsOn(snapshot.fragment())}).
     *
     * @throws InvalidConfigurationException when {@code snapshotIdOutput} is null
     */
    public RdsRestore.Builder restoreFromSnapshot(StepOutput<String> snapshotIdOutput) {
        return new RdsRestore.Builder(this, RdsRestore.Source.SNAPSHOT, null, null)
                .withSnapshotOutput(AwsRules.notNull("snapshot id output", snapshotIdOutput));
    }

    /**
     * Takes a manual snapshot with this id, tagged with the snapshot tags, and waits through {@code poller}
     * until it is available. An instance on its way to {@code available} is waited for first, as in
     * {@link #takeRecoveryPoint(RunContext)}.
     *
     * @throws InvalidConfigurationException when {@code snapshotId} breaks AWS's DB snapshot identifier rule (1 to 255
     *         letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen), or
     *         {@code poller} is null
     * @throws PreconditionFailedException   when the instance is missing or in a state from which it never becomes
     *         available on its own, a snapshot with that id exists, or RDS refuses the snapshot
     * @throws TimedOutException             when the instance or the snapshot is not available within the poll policy's timeout
     * @throws TerminalStateException        when the instance or the snapshot goes into a state it never leaves
     * @throws CallFailedException           when a call to RDS fails for another reason
     */
    public RecoveryPoint takeSnapshot(String snapshotId, Poller poller) {
        AwsRules.snapshotId("snapshot id", snapshotId);
        AwsRules.notNull("poller", poller);
        awaitSnapshottable(poller, msg -> { });
        requestSnapshot(snapshotId);
        DBSnapshot done = RdsWaits.awaitSnapshot(poller, client, snapshotId, transientErrorBudget, pollPolicy);
        return toRecoveryPoint(done, poller.clock().instant());
    }

    /**
     * The recovery points that exist now, newest first: available manual and automated snapshots of
     * this instance, and, when automated backups are on, the point-in-time window (from the earliest to
     * the latest restorable time; see {@link RdsRestore} for how the earliest is found).
     *
     * @throws InvalidConfigurationException when {@code ctx} is null
     * @throws CallFailedException           when a call to RDS fails
     */
    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        AwsRules.notNull("run context", ctx);
        List<RecoveryPoint> points = new ArrayList<>();
        List<DBSnapshot> snapshots = snapshots();
        for (DBSnapshot s : snapshots) {
            if ("available".equals(s.status()) && s.snapshotCreateTime() != null) {
                points.add(toRecoveryPoint(s, s.snapshotCreateTime()));
            }
        }
        findInstance().flatMap(i -> pointInTimeWindow(i, snapshots)).ifPresent(w -> points.add(RecoveryPoint.window(
                instanceId + "-point-in-time", name, w.earliest(), w.latest(), Map.of("retentionDays", String.valueOf(w.retentionDays())))));
        points.sort(Comparator.comparing(RecoveryPoint::capturedAt).reversed());
        return List.copyOf(points);
    }

    /**
     * The current RPO and whether protection is healthy, at {@code ctx.now()}. The RPO is now minus the
     * latest restorable time when automated backups are on, else now minus the newest available snapshot;
     * the status names that newest point (the point-in-time window, or the snapshot). Unhealthy, with the
     * reason, when the instance is missing, automated backups are off, there is no recovery point, or the RPO
     * exceeds the maximum ({@link #DEFAULT_MAX_RPO} unless set). Two calls: DescribeDBInstances, then
     * DescribeDBSnapshots (for the window's start, or the newest snapshot).
     *
     * @throws InvalidConfigurationException when {@code ctx} is null
     * @throws CallFailedException           when a call to RDS fails
     */
    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        AwsRules.notNull("run context", ctx);
        Instant now = ctx.now();
        Optional<DBInstance> inst = findInstance();
        if (inst.isEmpty()) {
            return ProtectionStatus.unhealthy(name, now, "RDS instance '" + instanceId + "' was not found");
        }
        DBInstance i = inst.get();
        int retention = retentionOf(i);
        List<DBSnapshot> snapshots = snapshots();
        RecoveryPoint newest = pointInTimeWindow(i, snapshots).map(w -> RecoveryPoint.window(instanceId + "-point-in-time", name,
                w.earliest(), w.latest(), Map.of("retentionDays", String.valueOf(w.retentionDays())))).orElse(null);
        if (newest == null) {
            for (DBSnapshot s : snapshots) {
                if ("available".equals(s.status()) && s.snapshotCreateTime() != null
                        && (newest == null || s.snapshotCreateTime().isAfter(newest.capturedAt()))) {
                    newest = toRecoveryPoint(s, s.snapshotCreateTime());
                }
            }
        }
        if (newest == null) {
            return ProtectionStatus.unhealthy(name, now, retention == 0
                    ? "automated backups are off (retention 0 days): no point-in-time restore; and there is no snapshot; "
                            + "turn them on with enableAutomatedBackups(days, poller)"
                    : "no recovery point: no latest restorable time and no available snapshot");
        }
        Duration rpo = max0(Duration.between(newest.capturedAt(), now));
        ProtectionStatus status;
        if (retention == 0) {
            status = ProtectionStatus.unhealthy(name, now, rpo, "automated backups are off (retention 0 days): no point-in-time restore; "
                    + "RPO is the age of the newest snapshot; turn them on with enableAutomatedBackups(days, poller)");
        } else if (rpo.compareTo(maxRpo) > 0) {
            status = ProtectionStatus.unhealthy(name, now, rpo, "the newest restorable moment is " + rpo + " old, more than the maximum " + maxRpo);
        } else {
            status = ProtectionStatus.healthy(name, now, rpo);
        }
        return status.withNewestRecoveryPoint(newest);
    }

    /** {@code rds}: the meters' {@code kind} tag of an RDS instance. */
    @Override
    public String kind() {
        return "rds";
    }

    /**
     * {@link #TRANSACTION_LOG_INTERVAL}: with automated backups on, RDS uploads the transaction logs that move the
     * latest restorable time every 5 minutes, so the newest recovery point is due that often (the alert "recovery
     * point too old" fires at twice it). With them off the newest point is a snapshot taken on a schedule this
     * object does not know, and {@link #protectionStatus} says unhealthy anyway.
     */
    @Override
    public Optional<Duration> expectedInterval() {
        return Optional.of(TRANSACTION_LOG_INTERVAL);
    }

    /**
     * A pruning of this instance's manual snapshots by {@code policy}; call {@link SnapshotPruning#preview(Clock)}
     * or {@link SnapshotPruning#execute(Clock)} on it.
     *
     * @throws InvalidConfigurationException when {@code policy} is null
     */
    public SnapshotPruning pruning(PrunePolicy policy) {
        return new SnapshotPruning(this, AwsRules.notNull("prune policy", policy));
    }

    /**
     * Starts a copy of one of this instance's snapshots to another region.
     *
     * @throws InvalidConfigurationException when {@code snapshotId} breaks AWS's DB snapshot identifier rule
     */
    public SnapshotCopy.Builder copySnapshot(String snapshotId) {
        return new SnapshotCopy.Builder(this, AwsRules.snapshotId("source snapshot id", snapshotId));
    }

    /**
     * Starts a restore from the snapshot {@code snapshotId} into a new instance.
     *
     * @throws InvalidConfigurationException when {@code snapshotId} breaks AWS's DB snapshot identifier rule
     */
    public RdsRestore.Builder restoreFromSnapshot(String snapshotId) {
        return new RdsRestore.Builder(this, RdsRestore.Source.SNAPSHOT, AwsRules.snapshotId("restore snapshot id", snapshotId), null);
    }

    /** Starts a restore from this instance's newest available snapshot (manual or automated), found when the step runs. */
    public RdsRestore.Builder restoreFromLatestSnapshot() {
        return new RdsRestore.Builder(this, RdsRestore.Source.LATEST_SNAPSHOT, null, null);
    }

    /**
     * Starts a point-in-time restore to {@code restoreTime}. Whether that moment can be restored is known only
     * against the instance's restorable window and the run's time, so it is checked there: by the step's
     * read-only precondition (not before the earliest, not after the latest restorable time) and again by the
     * step when it runs (also: not after the run's now). See {@link RdsRestore}.
     *
     * @throws InvalidConfigurationException when {@code restoreTime} is null
     */
    public RdsRestore.Builder restoreToPointInTime(Instant restoreTime) {
        return new RdsRestore.Builder(this, RdsRestore.Source.POINT_IN_TIME, null, AwsRules.notNull("restore time", restoreTime));
    }

    /**
     * Starts the "promote a read replica" strategy: at failover, {@code replicaInstanceId} (a read replica of this
     * instance, made and watched before any disaster) is promoted to a standalone instance. Its fragment has the
     * shape of a restore's (see {@link RdsReplicaPromotion}).
     *
     * @throws InvalidConfigurationException when {@code replicaInstanceId} breaks AWS's DB instance identifier rule, or
     *         is this instance's own id
     */
    public RdsReplicaPromotion.Builder promoteReplica(String replicaInstanceId) {
        AwsRules.instanceId("replica instance id", replicaInstanceId);
        if (replicaInstanceId.equalsIgnoreCase(instanceId)) {
            throw new InvalidConfigurationException("replica instance id '" + replicaInstanceId + "'",
                    "must differ from the source instance id: name the read replica to promote");
        }
        return new RdsReplicaPromotion.Builder(this, replicaInstanceId);
    }

    /**
     * Starts the definition of a pre-staged instance: a standby restored from this instance's newest snapshot on a
     * schedule, started at failover (see {@link RdsPrestagedInstance}).
     *
     * @throws InvalidConfigurationException when {@code standbyInstanceId} breaks AWS's DB instance identifier rule, or
     *         is this instance's own id
     */
    public RdsPrestagedInstance.Builder prestaged(String standbyInstanceId) {
        AwsRules.instanceId("pre-staged instance id", standbyInstanceId);
        if (standbyInstanceId.equalsIgnoreCase(instanceId)) {
            throw new InvalidConfigurationException("pre-staged instance id '" + standbyInstanceId + "'",
                    "must differ from the source instance id: the refresh replaces the standby");
        }
        return new RdsPrestagedInstance.Builder(this, standbyInstanceId);
    }

    /** Starts a point-in-time restore to the latest restorable time, as RDS knows it when the step runs. */
    public RdsRestore.Builder restoreToLatestRestorableTime() {
        return new RdsRestore.Builder(this, RdsRestore.Source.LATEST_RESTORABLE, null, null);
    }

    // ------------------------------------------------------------------ package helpers

    /** The instance's point-in-time window as RDS allows it now; empty when automated backups are off. */
    record Window(Instant earliest, Instant latest, int retentionDays) {
    }

    /**
     * The point-in-time window of {@code i}: from the earliest restorable time (the oldest available
     * automated snapshot, or, with none, the instance's creation; never before the latest restorable time
     * minus the retention) to the latest restorable time. Empty when automated backups are off or RDS gives
     * no latest restorable time yet.
     */
    Optional<Window> pointInTimeWindow(DBInstance i, List<DBSnapshot> snapshots) {
        int retention = retentionOf(i);
        if (retention == 0 || i.latestRestorableTime() == null) {
            return Optional.empty();
        }
        Instant oldestAutomated = null;
        for (DBSnapshot s : snapshots) {
            if ("available".equals(s.status()) && s.snapshotCreateTime() != null && "automated".equals(s.snapshotType())
                    && (oldestAutomated == null || s.snapshotCreateTime().isBefore(oldestAutomated))) {
                oldestAutomated = s.snapshotCreateTime();
            }
        }
        Instant end = i.latestRestorableTime();
        // RDS restores from the oldest automated snapshot onwards, within the retention period
        Instant start = end.minus(Duration.ofDays(retention));
        if (oldestAutomated != null && oldestAutomated.isAfter(start)) {
            start = oldestAutomated;
        } else if (oldestAutomated == null && i.instanceCreateTime() != null && i.instanceCreateTime().isAfter(start)) {
            start = i.instanceCreateTime();
        }
        if (start.isAfter(end)) {
            start = end;
        }
        return Optional.of(new Window(start, end, retention));
    }

    /** {@link #pointInTimeWindow(DBInstance, List)} with this instance's snapshots read now. */
    Optional<Window> pointInTimeWindow(DBInstance i) {
        return retentionOf(i) == 0 ? Optional.empty() : pointInTimeWindow(i, snapshots());
    }

    /**
     * Returns the instance once it is {@code available}: at once when it is, else after waiting through
     * {@code poller}. Refuses when it is in a state from which it never becomes available on its own.
     */
    DBInstance awaitSnapshottable(Poller poller, Consumer<String> progress) {
        return awaitAvailableForChange(describeInstance(), poller, "snapshotted", progress);
    }

    private DBInstance awaitAvailableForChange(DBInstance i, Poller poller, String change, Consumer<String> progress) {
        String status = i.dbInstanceStatus();
        if ("available".equals(status)) {
            return i;
        }
        if (RdsWaits.INSTANCE_TERMINAL.contains(status)) {
            boolean stopped = "stopped".equals(status) || "stopping".equals(status);
            throw new PreconditionFailedException("instance must be available to be " + change,
                    "RDS instance '" + instanceId + "' is " + status + ", from which it never becomes available on its own",
                    stopped ? "start it (aws rds start-db-instance --db-instance-identifier " + instanceId + ") and call again" : null);
        }
        progress.accept("RDS instance '" + instanceId + "' is " + status + "; waiting until it is available to be " + change);
        return RdsWaits.awaitAvailable(poller, client, instanceId, transientErrorBudget, pollPolicy);
    }

    /** Sends CreateDBSnapshot with the snapshot tags, translating AWS's refusals into guard-rail failures. */
    void requestSnapshot(String snapshotId) {
        List<Tag> tags = snapshotTags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        String call = "CreateDBSnapshot '" + snapshotId + "' of RDS instance '" + instanceId + "'";
        try {
            client.createDBSnapshot(r -> r.dbInstanceIdentifier(instanceId).dbSnapshotIdentifier(snapshotId).tags(tags));
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotAlreadyExists", "DBSnapshotAlreadyExistsFault")) {
                throw new PreconditionFailedException("snapshot id must be new",
                        "RDS snapshot '" + snapshotId + "' already exists", "take the snapshot under another id");
            }
            if (AwsErrors.hasCode(e, "InvalidDBInstanceState", "InvalidDBInstanceStateFault")) {
                throw new PreconditionFailedException("instance must be available to be snapshotted",
                        "RDS instance '" + instanceId + "' refused: " + AwsErrors.describe(e), null);
            }
            throw AwsCalls.failed(call, e);
        } catch (SdkException e) {
            throw AwsCalls.failed(call, e);
        }
    }

    /** Whether the snapshot exists (in any state). */
    boolean snapshotExists(String snapshotId) {
        try {
            return !client.describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().isEmpty();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                return false;
            }
            throw AwsCalls.failed("DescribeDBSnapshots of RDS snapshot '" + snapshotId + "'", e);
        } catch (SdkException e) {
            throw AwsCalls.failed("DescribeDBSnapshots of RDS snapshot '" + snapshotId + "'", e);
        }
    }

    String snapshotIdAt(Instant at) {
        return render(snapshotIdTemplate, instanceId, at);
    }

    DBInstance describeInstance() {
        return findInstance().orElseThrow(() -> new PreconditionFailedException("instance must exist",
                "RDS instance '" + instanceId + "' was not found", null));
    }

    Optional<DBInstance> findInstance() {
        return findInstance(client, instanceId);
    }

    static Optional<DBInstance> findInstance(RdsClient client, String id) {
        try {
            return client.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().stream().findFirst();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBInstanceNotFound", "DBInstanceNotFoundFault") || e.statusCode() == 404) {
                return Optional.empty();
            }
            throw AwsCalls.failed("DescribeDBInstances of RDS instance '" + id + "'", e);
        } catch (SdkException e) {
            throw AwsCalls.failed("DescribeDBInstances of RDS instance '" + id + "'", e);
        }
    }

    /** All snapshots of this instance, manual and automated, every page. */
    List<DBSnapshot> snapshots() {
        return AwsCalls.call("DescribeDBSnapshots of RDS instance '" + instanceId + "'", () -> {
            List<DBSnapshot> all = new ArrayList<>();
            String marker = null;
            do {
                String m = marker;
                DescribeDbSnapshotsResponse page = client.describeDBSnapshots(r -> r.dbInstanceIdentifier(instanceId).marker(m));
                all.addAll(page.dbSnapshots());
                marker = page.marker();
            } while (marker != null && !marker.isEmpty());
            return all;
        });
    }

    void deleteSnapshot(String snapshotId) {
        try {
            client.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId));
        } catch (RdsException e) {
            if (!AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw AwsCalls.failed("DeleteDBSnapshot of RDS snapshot '" + snapshotId + "'", e);
            }
        } catch (SdkException e) {
            throw AwsCalls.failed("DeleteDBSnapshot of RDS snapshot '" + snapshotId + "'", e);
        }
    }

    /** The snapshot as a recovery point; {@code fallback} stands for its time when RDS gives none yet. */
    RecoveryPoint toRecoveryPoint(DBSnapshot s, Instant fallback) {
        Map<String, String> attrs = new LinkedHashMap<>();
        putIfPresent(attrs, "engine", s.engine());
        putIfPresent(attrs, "engineVersion", s.engineVersion());
        putIfPresent(attrs, "arn", s.dbSnapshotArn());
        putIfPresent(attrs, "status", s.status());
        putIfPresent(attrs, "encrypted", s.encrypted() == null ? null : s.encrypted().toString());
        putIfPresent(attrs, "allocatedStorageGiB", s.allocatedStorage() == null ? null : s.allocatedStorage().toString());
        RecoveryPoint.Kind kind = "automated".equals(s.snapshotType()) ? RecoveryPoint.Kind.AUTOMATED_SNAPSHOT : RecoveryPoint.Kind.MANUAL_SNAPSHOT;
        Instant at = s.snapshotCreateTime() != null ? s.snapshotCreateTime() : fallback;
        return RecoveryPoint.of(s.dbSnapshotIdentifier(), name, kind, at, attrs);
    }

    static int retentionOf(DBInstance i) {
        return i.backupRetentionPeriod() == null ? 0 : i.backupRetentionPeriod();
    }

    static String render(String template, String instanceId, Instant at) {
        return template.replace("{instance}", instanceId).replace("{timestamp}", TIMESTAMP.format(at));
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    @Override
    public String toString() {
        return "RdsDatabase[" + instanceId + "]";
    }

    /** Builds an {@link RdsDatabase}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsClient client;
        private final String instanceId;
        private String name;
        private PollPolicy pollPolicy = DEFAULT_POLL_POLICY;
        private String snapshotIdTemplate = DEFAULT_SNAPSHOT_ID_TEMPLATE;
        private Map<String, String> snapshotTags = Map.of();
        private Duration maxRpo = DEFAULT_MAX_RPO;
        private int transientErrorBudget = DEFAULT_TRANSIENT_ERROR_BUDGET;

        private Builder(RdsClient client, String instanceId) {
            this.client = client;
            this.instanceId = instanceId;
        }

        private Builder(RdsDatabase db) {
            this(db.client, db.instanceId);
            this.name = db.name;
            this.pollPolicy = db.pollPolicy;
            this.snapshotIdTemplate = db.snapshotIdTemplate;
            this.snapshotTags = db.snapshotTags;
            this.maxRpo = db.maxRpo;
            this.transientErrorBudget = db.transientErrorBudget;
        }

        /**
         * The name reports show; default {@code "rds <instance id>"}.
         *
         * @throws InvalidConfigurationException when blank
         */
        public Builder withName(String name) {
            this.name = AwsRules.notBlank("target name", name);
            return this;
        }

        /**
         * How snapshot, modification and restore waits poll; default {@link #DEFAULT_POLL_POLICY}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = AwsRules.notNull("poll policy", pollPolicy);
            return this;
        }

        /**
         * How snapshot ids are made: {@code {instance}} becomes the instance id and {@code {timestamp}} the UTC time
         * as {@code yyyyMMddHHmmss}; default {@value #DEFAULT_SNAPSHOT_ID_TEMPLATE}.
         *
         * @throws InvalidConfigurationException when null, or when the id it makes breaks AWS's DB snapshot
         *         identifier rule (1 to 255 letters, digits or hyphens; first a letter; no two consecutive hyphens;
         *         no trailing hyphen)
         */
        public Builder withSnapshotIdTemplate(String template) {
            AwsRules.notNull("snapshot id template", template);
            String sample = render(template, instanceId, Instant.parse("2026-01-01T00:00:00Z"));
            try {
                AwsRules.snapshotId("snapshot id", sample);
            } catch (InvalidConfigurationException e) {
                throw new InvalidConfigurationException("snapshot id template '" + template + "'",
                        "makes ids like '" + sample + "', which break the rule: " + e.rule());
            }
            this.snapshotIdTemplate = template;
            return this;
        }

        /**
         * Tags put on every snapshot this database takes.
         *
         * @throws InvalidConfigurationException when null, more than 50, a key is empty, longer than 128 characters
         *         or starts with {@code aws:}, or a value is null or longer than 256 characters
         */
        public Builder withSnapshotTags(Map<String, String> tags) {
            this.snapshotTags = AwsRules.tags("snapshot tags", tags);
            return this;
        }

        /**
         * The RPO above which {@link RdsDatabase#protectionStatus(RunContext)} says unhealthy; default {@link #DEFAULT_MAX_RPO}.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withMaxRpo(Duration maxRpo) {
            this.maxRpo = AwsRules.positive("max RPO", maxRpo);
            return this;
        }

        /**
         * How many throttling or server errors in a row a wait lets pass (looking again after its backoff)
         * before it fails; default {@value #DEFAULT_TRANSIENT_ERROR_BUDGET}.
         *
         * @throws InvalidConfigurationException when negative or above 1000
         */
        public Builder withTransientErrorBudget(int budget) {
            if (budget < 0 || budget > 1000) {
                throw new InvalidConfigurationException("transient error budget", "must be between 0 and 1000, was " + budget);
            }
            this.transientErrorBudget = budget;
            return this;
        }

        /** The database. */
        public RdsDatabase build() {
            return new RdsDatabase(this);
        }
    }
}
