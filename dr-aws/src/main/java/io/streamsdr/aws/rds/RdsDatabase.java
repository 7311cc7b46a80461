package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.Sleeper;
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
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * One RDS instance as a {@link BackupTarget}: automated backups, manual snapshots, recovery points,
 * protection status, pruning, cross-region copies, and the restore steps of a
 * {@link io.streamsdr.core.RestorePlan}. Immutable and thread-safe; build it with
 * {@link #builder(RdsClient, String)} from an {@link RdsClient} you configured yourself (region,
 * credentials, endpoint, retries).
 *
 * <pre>{@code
 * RdsDatabase db = RdsDatabase.builder(rdsClient, "streams-db")
 *     .withSnapshotTags(Map.of("owner", "dr"))
 *     .build();
 * db.enableAutomatedBackups(7);
 * RecoveryPoint snap = db.takeRecoveryPoint();          // "streams-db-20260101120000", waited until available
 * ProtectionStatus status = db.protectionStatus();       // RPO from the latest restorable time
 * db.pruning(PrunePolicy.keepLast(10).withMaxAge(Duration.ofDays(30))).preview();
 * }</pre>
 *
 * <p>Every wait goes through the {@link Poller} (default: {@link #DEFAULT_POLL_POLICY}); give it a
 * virtual clock in tests with {@link Builder#withTime(Clock, Sleeper)}. Identifiers are checked by
 * AWS's rules before any call.
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

    /** The default RPO above which {@link #protectionStatus()} reports unhealthy: 26 hours (daily backups plus slack). */
    public static final Duration DEFAULT_MAX_RPO = Duration.ofHours(26);

    /** The default number of throttling or server errors in a row a wait lets pass before it fails. */
    public static final int DEFAULT_TRANSIENT_ERROR_BUDGET = 10;

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final RdsClient client;
    private final String instanceId;
    private final String name;
    private final Poller poller;
    private final PollPolicy pollPolicy;
    private final String snapshotIdTemplate;
    private final Map<String, String> snapshotTags;
    private final Duration maxRpo;
    private final int transientErrorBudget;

    private RdsDatabase(Builder b) {
        this.client = b.client;
        this.instanceId = b.instanceId;
        this.name = b.name == null ? "rds " + b.instanceId : b.name;
        this.poller = b.poller;
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

    /** The poller every wait goes through. */
    public Poller poller() {
        return poller;
    }

    /** The clock time is read from. */
    public Clock clock() {
        return poller.clock();
    }

    /** The policy of this database's waits. */
    public PollPolicy pollPolicy() {
        return pollPolicy;
    }

    int transientErrorBudget() {
        return transientErrorBudget;
    }

    /**
     * Makes sure automated backups are on with {@code retentionDays} of retention, applied immediately,
     * and waits until the instance is available again. Does nothing when the retention is already that.
     * Switching between 0 and a non-zero retention makes RDS restart the instance, an outage; the
     * result says whether this call did that.
     *
     * @throws InvalidConfigurationException when {@code retentionDays} is 0 (that disables backups) or outside 1 to 35
     * @throws PreconditionFailedException   when the instance is missing or not available for a modification
     * @throws TimedOutException             when the instance is not available again within the poll policy's timeout
     * @throws TerminalStateException        when the instance goes into a state it never leaves
     */
    public AutomatedBackups enableAutomatedBackups(int retentionDays) {
        AwsRules.retentionDays("backup retention days", retentionDays);
        DBInstance before = describeInstance();
        int previous = before.backupRetentionPeriod() == null ? 0 : before.backupRetentionPeriod();
        String outageNote = "switching the retention between 0 and a non-zero value restarts the instance: an outage";
        if (previous == retentionDays) {
            return new AutomatedBackups(instanceId, previous, retentionDays, false, false,
                    "automated backups already on with " + retentionDays + " days of retention; nothing changed (note: " + outageNote + ")");
        }
        try {
            client.modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId).backupRetentionPeriod(retentionDays).applyImmediately(true));
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "InvalidDBInstanceState")) {
                throw new PreconditionFailedException("instance must be available to be modified",
                        "RDS instance '" + instanceId + "' is " + before.dbInstanceStatus() + ": " + AwsErrors.describe(e),
                        "call enableAutomatedBackups again once the instance is available");
            }
            throw e;
        }
        RdsWaits.awaitAvailable(poller, client, instanceId, transientErrorBudget, pollPolicy);
        boolean outage = previous == 0;
        String note = outage
                ? "automated backups turned on with " + retentionDays + " days of retention; the instance restarted (an outage), since "
                        + outageNote
                : "backup retention changed from " + previous + " to " + retentionDays + " days, without an outage (note: " + outageNote + ")";
        return new AutomatedBackups(instanceId, previous, retentionDays, true, outage, note);
    }

    /**
     * Takes a manual snapshot named by the snapshot id template and waits until it is available.
     *
     * @throws PreconditionFailedException when a snapshot with that id exists, or the instance cannot be snapshotted now
     * @throws TimedOutException           when the snapshot is not available within the poll policy's timeout
     * @throws TerminalStateException      when the snapshot fails
     */
    @Override
    public RecoveryPoint takeRecoveryPoint() {
        return takeSnapshot(nextSnapshotId());
    }

    /** The id the template gives for a snapshot taken now. */
    public String nextSnapshotId() {
        return snapshotIdAt(clock().instant());
    }

    /**
     * A plan step that takes a manual snapshot (named by the template at the run's time), waits through the
     * step's poller until it is available, and publishes its id as {@code <stepId>.snapshot.id}. Resumable: the
     * id is saved in the journal before the call, so a resumed run waits for the same snapshot.
     *
     * @throws InvalidConfigurationException when {@code stepId} breaks the step id rule or is longer than 50 characters
     */
    public RdsSnapshotStep snapshotStep(String stepId) {
        AwsRules.stepId("snapshot step id", stepId);
        if (stepId.length() > 50) {
            throw new InvalidConfigurationException("snapshot step id '" + stepId + "'",
                    "must be at most 50 characters, so that '<stepId>.snapshot.id' fits in 63");
        }
        return new RdsSnapshotStep(this, stepId);
    }

    /**
     * Starts a restore step from the snapshot whose id an earlier step publishes (such as
     * {@link RdsSnapshotStep#snapshotId()}); the restore step consumes it, so make it depend on that step.
     *
     * @throws InvalidConfigurationException when {@code snapshotIdOutput} is null
     */
    public RdsRestore.Builder restoreFromSnapshot(StepOutput<String> snapshotIdOutput) {
        return new RdsRestore.Builder(this, RdsRestore.Source.SNAPSHOT, null, null)
                .withSnapshotOutput(AwsRules.notNull("snapshot id output", snapshotIdOutput));
    }

    /**
     * Takes a manual snapshot with this id, tagged with the snapshot tags, and waits until it is available.
     *
     * @throws InvalidConfigurationException when {@code snapshotId} breaks AWS's DB snapshot identifier rule (1 to 255
     *         letters, digits or hyphens; first a letter; no two consecutive hyphens; no trailing hyphen)
     * @throws PreconditionFailedException   when a snapshot with that id exists, or the instance cannot be snapshotted now
     * @throws TimedOutException             when the snapshot is not available within the poll policy's timeout
     * @throws TerminalStateException        when the snapshot fails
     */
    public RecoveryPoint takeSnapshot(String snapshotId) {
        AwsRules.snapshotId("snapshot id", snapshotId);
        requestSnapshot(snapshotId);
        DBSnapshot done = poller.await(RdsWaits.snapshotAvailable(client, snapshotId, transientErrorBudget, clock()), pollPolicy).value();
        return toRecoveryPoint(done);
    }

    /**
     * The recovery points that exist now, newest first: available manual and automated snapshots of
     * this instance, and, when automated backups are on, the point-in-time window (from the oldest
     * automated snapshot, or the instance's creation, to the latest restorable time).
     */
    @Override
    public List<RecoveryPoint> recoveryPoints() {
        List<RecoveryPoint> points = new ArrayList<>();
        List<DBSnapshot> snapshots = snapshots();
        Instant oldestAutomated = null;
        for (DBSnapshot s : snapshots) {
            if (!"available".equals(s.status()) || s.snapshotCreateTime() == null) {
                continue;
            }
            RecoveryPoint p = toRecoveryPoint(s);
            points.add(p);
            if (p.kind() == RecoveryPoint.Kind.AUTOMATED_SNAPSHOT && (oldestAutomated == null || p.capturedAt().isBefore(oldestAutomated))) {
                oldestAutomated = p.capturedAt();
            }
        }
        Instant oldest = oldestAutomated;
        findInstance().ifPresent(i -> {
            int retention = i.backupRetentionPeriod() == null ? 0 : i.backupRetentionPeriod();
            if (retention > 0 && i.latestRestorableTime() != null) {
                Instant end = i.latestRestorableTime();
                // RDS restores from the oldest automated snapshot onwards, within the retention period
                Instant start = end.minus(Duration.ofDays(retention));
                if (oldest != null && oldest.isAfter(start)) {
                    start = oldest;
                } else if (oldest == null && i.instanceCreateTime() != null && i.instanceCreateTime().isAfter(start)) {
                    start = i.instanceCreateTime();
                }
                if (start.isAfter(end)) {
                    start = end;
                }
                points.add(new RecoveryPoint(instanceId + "-point-in-time", name, RecoveryPoint.Kind.POINT_IN_TIME_WINDOW, end, start,
                        Map.of("retentionDays", String.valueOf(retention))));
            }
        });
        points.sort(Comparator.comparing(RecoveryPoint::capturedAt).reversed());
        return List.copyOf(points);
    }

    /**
     * The current RPO and whether protection is healthy. The RPO is now minus the latest restorable
     * time when automated backups are on, else now minus the newest available snapshot. Unhealthy, with
     * the reason, when the instance is missing, automated backups are off, there is no recovery point,
     * or the RPO exceeds the maximum ({@link #DEFAULT_MAX_RPO} unless set).
     */
    @Override
    public ProtectionStatus protectionStatus() {
        Instant now = clock().instant();
        Optional<DBInstance> inst = findInstance();
        if (inst.isEmpty()) {
            return ProtectionStatus.unhealthy(name, now, null, "RDS instance '" + instanceId + "' was not found");
        }
        DBInstance i = inst.get();
        int retention = i.backupRetentionPeriod() == null ? 0 : i.backupRetentionPeriod();
        Instant newest = null;
        if (retention > 0 && i.latestRestorableTime() != null) {
            newest = i.latestRestorableTime();
        } else {
            for (DBSnapshot s : snapshots()) {
                if ("available".equals(s.status()) && s.snapshotCreateTime() != null
                        && (newest == null || s.snapshotCreateTime().isAfter(newest))) {
                    newest = s.snapshotCreateTime();
                }
            }
        }
        Duration rpo = newest == null ? null : max0(Duration.between(newest, now));
        if (retention == 0) {
            return ProtectionStatus.unhealthy(name, now, rpo, "automated backups are off (retention 0 days): no point-in-time restore; "
                    + (rpo == null ? "and there is no snapshot" : "RPO is the age of the newest snapshot")
                    + "; turn them on with enableAutomatedBackups(days)");
        }
        if (rpo == null) {
            return ProtectionStatus.unhealthy(name, now, null, "no recovery point: no latest restorable time and no available snapshot");
        }
        if (rpo.compareTo(maxRpo) > 0) {
            return ProtectionStatus.unhealthy(name, now, rpo, "the newest restorable moment is " + rpo + " old, more than the maximum " + maxRpo);
        }
        return ProtectionStatus.healthy(name, now, rpo);
    }

    /**
     * A pruning of this instance's manual snapshots by {@code policy}; call {@link SnapshotPruning#preview()}
     * or {@link SnapshotPruning#execute()} on it.
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
     * Starts a restore step from the snapshot {@code snapshotId} into a new instance.
     *
     * @throws InvalidConfigurationException when {@code snapshotId} breaks AWS's DB snapshot identifier rule
     */
    public RdsRestore.Builder restoreFromSnapshot(String snapshotId) {
        return new RdsRestore.Builder(this, RdsRestore.Source.SNAPSHOT, AwsRules.snapshotId("restore snapshot id", snapshotId), null);
    }

    /** Starts a restore step from this instance's newest available snapshot (manual or automated), found when the step runs. */
    public RdsRestore.Builder restoreFromLatestSnapshot() {
        return new RdsRestore.Builder(this, RdsRestore.Source.LATEST_SNAPSHOT, null, null);
    }

    /**
     * Starts a point-in-time restore step to {@code restoreTime}.
     *
     * @throws InvalidConfigurationException when {@code restoreTime} is null or after now on this database's clock
     */
    public RdsRestore.Builder restoreToPointInTime(Instant restoreTime) {
        AwsRules.notNull("restore time", restoreTime);
        Instant now = clock().instant();
        if (restoreTime.isAfter(now)) {
            throw new InvalidConfigurationException("restore time " + restoreTime,
                    "must not be in the future (now is " + now + "): use restoreToLatestRestorableTime() for the newest moment");
        }
        return new RdsRestore.Builder(this, RdsRestore.Source.POINT_IN_TIME, null, restoreTime);
    }

    /** Starts a point-in-time restore step to the latest restorable time, as RDS knows it when the step runs. */
    public RdsRestore.Builder restoreToLatestRestorableTime() {
        return new RdsRestore.Builder(this, RdsRestore.Source.LATEST_RESTORABLE, null, null);
    }

    // ------------------------------------------------------------------ package helpers

    /** Sends CreateDBSnapshot with the snapshot tags, translating AWS's refusals into guard-rail failures. */
    void requestSnapshot(String snapshotId) {
        List<Tag> tags = snapshotTags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        try {
            client.createDBSnapshot(r -> r.dbInstanceIdentifier(instanceId).dbSnapshotIdentifier(snapshotId).tags(tags));
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotAlreadyExists")) {
                throw new PreconditionFailedException("snapshot id must be new",
                        "RDS snapshot '" + snapshotId + "' already exists", "take the snapshot under another id");
            }
            if (AwsErrors.hasCode(e, "InvalidDBInstanceState")) {
                throw new PreconditionFailedException("instance must be available to be snapshotted",
                        "RDS instance '" + instanceId + "' refused: " + AwsErrors.describe(e), null);
            }
            throw e;
        }
    }

    String snapshotIdAt(Instant at) {
        return render(snapshotIdTemplate, instanceId, at);
    }

    Map<String, String> snapshotTags() {
        return snapshotTags;
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
            throw e;
        }
    }

    /** All snapshots of this instance, manual and automated, every page. */
    List<DBSnapshot> snapshots() {
        List<DBSnapshot> all = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            DescribeDbSnapshotsResponse page = client.describeDBSnapshots(r -> r.dbInstanceIdentifier(instanceId).marker(m));
            all.addAll(page.dbSnapshots());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return all;
    }

    void deleteSnapshot(String snapshotId) {
        try {
            client.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(snapshotId));
        } catch (RdsException e) {
            if (!AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw e;
            }
        }
    }

    RecoveryPoint toRecoveryPoint(DBSnapshot s) {
        Map<String, String> attrs = new LinkedHashMap<>();
        putIfPresent(attrs, "engine", s.engine());
        putIfPresent(attrs, "engineVersion", s.engineVersion());
        putIfPresent(attrs, "arn", s.dbSnapshotArn());
        putIfPresent(attrs, "status", s.status());
        putIfPresent(attrs, "encrypted", s.encrypted() == null ? null : s.encrypted().toString());
        putIfPresent(attrs, "allocatedStorageGiB", s.allocatedStorage() == null ? null : s.allocatedStorage().toString());
        RecoveryPoint.Kind kind = "automated".equals(s.snapshotType()) ? RecoveryPoint.Kind.AUTOMATED_SNAPSHOT : RecoveryPoint.Kind.MANUAL_SNAPSHOT;
        Instant at = s.snapshotCreateTime() != null ? s.snapshotCreateTime() : clock().instant();
        return new RecoveryPoint(s.dbSnapshotIdentifier(), name, kind, at, null, attrs);
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
        private Poller poller = Poller.system();
        private PollPolicy pollPolicy = DEFAULT_POLL_POLICY;
        private String snapshotIdTemplate = DEFAULT_SNAPSHOT_ID_TEMPLATE;
        private Map<String, String> snapshotTags = Map.of();
        private Duration maxRpo = DEFAULT_MAX_RPO;
        private int transientErrorBudget = DEFAULT_TRANSIENT_ERROR_BUDGET;

        private Builder(RdsClient client, String instanceId) {
            this.client = client;
            this.instanceId = instanceId;
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
         * The poller every wait goes through; default {@link Poller#system()}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPoller(Poller poller) {
            this.poller = AwsRules.notNull("poller", poller);
            return this;
        }

        /**
         * Shorthand for {@code withPoller(Poller.using(clock, sleeper))}: dr-testkit's {@code VirtualClock} is both.
         *
         * @throws InvalidConfigurationException when either is null
         */
        public Builder withTime(Clock clock, Sleeper sleeper) {
            return withPoller(Poller.using(clock, sleeper));
        }

        /**
         * How snapshot and modification waits poll; default {@link #DEFAULT_POLL_POLICY}.
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
         * The RPO above which {@link RdsDatabase#protectionStatus()} says unhealthy; default {@link #DEFAULT_MAX_RPO}.
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
