package io.streamsdr.testkit.aws;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CopyDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceReadReplicaRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceReadReplicaResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.PromoteReadReplicaRequest;
import software.amazon.awssdk.services.rds.model.PromoteReadReplicaResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeResponse;
import software.amazon.awssdk.services.rds.model.SnapshotQuotaExceededException;
import software.amazon.awssdk.services.rds.model.StartDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.StartDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.StopDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.StopDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * An in-memory RDS that behaves like the real one on a {@link Clock} (dr-testkit's {@code VirtualClock}):
 * instances go {@code creating → backing-up → available}, snapshots {@code creating → available},
 * restores take configurable minutes, and errors carry AWS's codes ({@code DBInstanceAlreadyExists},
 * {@code DBInstanceNotFound}, {@code DBSnapshotNotFound}, {@code InvalidDBInstanceState},
 * {@code SnapshotQuotaExceeded}, {@code InvalidParameterValue}, {@code Throttling}). It counts calls per
 * operation and can throttle or fail the next calls on demand.
 *
 * <p>Only the operations Streams DR uses are implemented; every other {@link RdsClient} method throws
 * {@link UnsupportedOperationException} (the interface's default). Restores land in AWS's defaults
 * (the {@code default} subnet group, the default security group and parameter group) unless the request
 * names settings, as the real service does.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.create();
 * InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(Duration.ofMinutes(20)).build();
 * rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7));
 * // "streams-db" is creating for 5 simulated minutes, then backing-up for 2, then available
 * }</pre>
 *
 * <p><b>An instance that is available at once.</b> {@code CreateDBInstance} starts a new instance in
 * {@code creating}, as RDS does, so a test that needs a ready instance either advances the clock past
 * {@link #availableAt(String)} or creates it already available, as if it had been created earlier:
 *
 * <pre>{@code
 * InMemoryRds rds = InMemoryRds.builder(clock)
 *     .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").backupRetentionPeriod(7))
 *     .build();                                                   // "streams-db" is available now
 * rds.createAvailableInstance(r -> r.dbInstanceIdentifier("other-db"));   // the same, on a fake already built
 * }</pre>
 *
 * Such an instance went through its {@code creating} and {@code backing-up} phases before the clock's
 * now: it was created {@code createDuration} + 2 minutes ago, its first automated snapshot (when the
 * retention is not 0) has just become available, and its latest restorable time is now. Setting it up
 * is not an RDS call: it is not counted, throttled or failed.
 *
 * <p>Thread-safe.
 */
public final class InMemoryRds implements RdsClient {
    /** The account id in ARNs. */
    public static final String ACCOUNT = "123456789012";
    private static final Pattern ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]*(?<!-)");
    private static final DateTimeFormatter AUTO_SNAPSHOT = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);
    /** How long a new instance is {@code backing-up} after {@code creating} (its first automated backup). */
    private static final Duration BACKING_UP_AFTER_CREATE = Duration.ofMinutes(2);

    private final Clock clock;
    private final String region;
    private final Duration createDuration;
    private final Duration snapshotDuration;
    private final Duration restoreDuration;
    private final Duration copyDuration;
    private final Duration modifyDuration;
    private final int manualSnapshotQuota;
    private final int pageSize;
    private final Engine engine;
    private final Duration promoteDuration;
    private final Duration rebootDuration;
    private final Duration defaultReplicaLag;
    private final Duration startDuration;
    private final Duration stopDuration;

    private final Map<String, Inst> instances = new TreeMap<>();
    private final Map<String, Snap> snapshots = new TreeMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<InMemoryRds> peers = new ArrayList<>();
    private int throttleNext;
    private int failNext;
    private String restoreEndState;

    private static final class Phase {
        final String status;
        final Instant until;

        Phase(String status, Instant until) {
            this.status = status;
            this.until = until;
        }
    }

    private final class Inst {
        final String id;
        final Instant createdAt;
        DBInstance base;
        final List<Phase> phases = new ArrayList<>();
        String finalStatus = "available";
        String forced;
        Map<String, String> tags = new LinkedHashMap<>();
        Instant goneAt;
        /** The source of a read replica; null for a primary. */
        String replicaOf;
        /** When a promotion (requested) ends: from then on the replica is a standalone, writable instance. */
        Instant promotedAt;
        /** A replica's lag while it replicates; frozen when replication stops (the last value RDS reported). */
        Duration lag;
        Instant replicationStoppedAt;

        Inst(String id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
        }

        String status(Instant now) {
            if (forced != null) {
                return forced;
            }
            for (Phase p : phases) {
                if (now.isBefore(p.until)) {
                    return p.status;
                }
            }
            return finalStatus;
        }

        Instant readyAt() {
            return phases.isEmpty() ? createdAt : phases.get(phases.size() - 1).until;
        }

        String arn() {
            return "arn:aws:rds:" + region + ":" + ACCOUNT + ":db:" + id;
        }

        int retention() {
            return base.backupRetentionPeriod() == null ? 0 : base.backupRetentionPeriod();
        }

        DBInstance view(Instant now) {
            String st = status(now);
            DBInstance.Builder b = base.toBuilder().dbInstanceStatus(st).dbInstanceArn(arn()).instanceCreateTime(createdAt)
                    .tagList(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
            Instant ready = readyAt();
            if (retention() > 0 && !now.isBefore(ready)) {
                Instant lrt = now.minus(Duration.ofMinutes(5));
                b.latestRestorableTime(lrt.isBefore(ready) ? ready : lrt);
            } else {
                b.latestRestorableTime((Instant) null);
            }
            if ("creating".equals(st)) {
                b.endpoint((Endpoint) null);
            }
            b.readReplicaSourceDBInstanceIdentifier(isReplica(now) ? replicaOf : null);
            List<String> replicas = new ArrayList<>();
            for (Inst other : instances.values()) {
                if (id.equals(other.replicaOf) && other.isReplica(now) && other.goneAt == null) {
                    replicas.add(other.id);
                }
            }
            b.readReplicaDBInstanceIdentifiers(replicas);
            return b.build();
        }

        /** A read replica now: created as one and not promoted yet (a promotion ends after the reboot). */
        boolean isReplica(Instant now) {
            return replicaOf != null && (promotedAt == null || now.isBefore(promotedAt));
        }
    }

    private final class Snap {
        final String id;
        DBSnapshot base;
        final List<Phase> phases = new ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>();

        Snap(String id) {
            this.id = id;
        }

        String status(Instant now) {
            for (Phase p : phases) {
                if (now.isBefore(p.until)) {
                    return p.status;
                }
            }
            return "available";
        }

        boolean automated() {
            return "automated".equals(base.snapshotType());
        }

        DBSnapshot view(Instant now) {
            String st = status(now);
            return base.toBuilder().status(st).percentProgress("available".equals(st) ? 100 : 50)
                    .dbSnapshotArn("arn:aws:rds:" + region + ":" + ACCOUNT + ":snapshot:" + id)
                    .tagList(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                    .build();
        }
    }

    private InMemoryRds(Builder b) {
        this.startDuration = b.startDuration;
        this.stopDuration = b.stopDuration;
        this.clock = b.clock;
        this.region = b.region;
        this.createDuration = b.createDuration;
        this.snapshotDuration = b.snapshotDuration;
        this.restoreDuration = b.restoreDuration;
        this.copyDuration = b.copyDuration;
        this.modifyDuration = b.modifyDuration;
        this.manualSnapshotQuota = b.manualSnapshotQuota;
        this.pageSize = b.pageSize;
        this.engine = b.engine;
        this.promoteDuration = b.promoteDuration;
        this.rebootDuration = b.rebootDuration;
        this.defaultReplicaLag = b.replicaLag;
    }

    /**
     * What holds the data of the instances, when something does: {@link MariaDbEngine} runs a real MariaDB
     * server per instance. The fake keeps every state transition, error and time on its clock; it calls the
     * engine when data must be made, copied or dropped, after its own checks passed (a refused call never
     * reaches the engine), while it holds its lock. A call the engine fails fails the RDS call with HTTP 500
     * {@code InternalFailure} naming the engine's error, and changes nothing in the fake.
     */
    public interface Engine {
        /**
         * A new instance: start its server, with the request's master user, password and database.
         *
         * @return where it answers
         */
        Endpoint create(String instanceId, CreateDbInstanceRequest request);

        /**
         * A snapshot of the instance's data as it is now (manual, automated or final). Copying takes real time:
         * the fake dates a manual snapshot when this returns, so its time is never before its data.
         */
        void snapshot(String instanceId, String snapshotId);

        /** A copy of a snapshot's data under another id (a snapshot copy in the same region). */
        void copySnapshot(String sourceSnapshotId, String targetSnapshotId);

        /**
         * A new instance holding a snapshot's data.
         *
         * @return where it answers
         */
        Endpoint restore(String snapshotId, String instanceId);

        /** The instance is deleted: stop its server and remove its data. */
        void deleteInstance(String instanceId);

        /** The snapshot is deleted: remove its data. */
        void deleteSnapshot(String snapshotId);
    }

    private <T> T engine(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw err(RdsException.builder(), 500, "InternalFailure", "The engine could not " + what + ": " + e.getMessage());
        }
    }

    private void engineRun(String what, Runnable call) {
        engine(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * An in-memory RDS in eu-west-1 with the default durations.
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     */
    public static InMemoryRds create(Clock clock) {
        return builder(clock).build();
    }

    /**
     * Starts an in-memory RDS on this clock (the service's time: its states change as the clock moves).
     *
     * @throws InvalidConfigurationException when {@code clock} is null
     */
    public static Builder builder(Clock clock) {
        return new Builder(Check.notNull("clock of the in-memory RDS", clock));
    }

    /** The region in ARNs. */
    public String region() {
        return region;
    }

    /** The client's configuration, as a real client's: its region is {@link #region()}. */
    @Override
    public software.amazon.awssdk.services.rds.RdsServiceClientConfiguration serviceClientConfiguration() {
        return software.amazon.awssdk.services.rds.RdsServiceClientConfiguration.builder()
                .region(software.amazon.awssdk.regions.Region.of(region)).build();
    }

    // ------------------------------------------------------------------ controls

    /** The next {@code n} calls fail with {@code Throttling} (HTTP 400, "Rate exceeded"), as RDS does past 12 requests/s. */
    public synchronized InMemoryRds throttleNextCalls(int n) {
        this.throttleNext = n;
        return this;
    }

    /** The next {@code n} calls fail with HTTP 500 {@code InternalFailure}. */
    public synchronized InMemoryRds failNextCalls(int n) {
        this.failNext = n;
        return this;
    }

    /** Restores started from now on end in {@code status} (e.g. {@code incompatible-restore}) instead of {@code available}; null resets. */
    public synchronized InMemoryRds endRestoresIn(String status) {
        this.restoreEndState = status;
        return this;
    }

    /**
     * Forces an instance's status from now on (null lets it follow its phases again). A status but {@code available}
     * on a source stops replication to its replicas ({@link #stopReplication}).
     */
    public synchronized void forceInstanceStatus(String instanceId, String status) {
        inst(instanceId).forced = status;
        if (status != null && !"available".equals(status)) {
            // replication from a source that is not available stops: its replicas keep what they had
            for (Inst r : new ArrayList<>(instances.values())) {
                if (instanceId.equals(r.replicaOf) && r.isReplica(clock.instant())) {
                    stop(r);
                }
            }
        }
    }

    /** Makes snapshots of this region copyable into {@code other} by ARN, and the other way round. */
    public synchronized InMemoryRds linkRegion(InMemoryRds other) {
        peers.add(other);
        synchronized (other) {
            other.peers.add(this);
        }
        return this;
    }

    /** Calls made to {@code operation} ({@code "DescribeDBInstances"}, ...), throttled and failed ones included. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Calls made to any operation. */
    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Calls by operation, sorted by name. */
    public Map<String, Integer> callCounts() {
        Map<String, Integer> m = new TreeMap<>();
        calls.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Forgets the call counts. */
    public void resetCallCounts() {
        calls.clear();
    }

    /** When the instance became, or will become, available (end of its last phase). */
    public synchronized Instant availableAt(String instanceId) {
        return inst(instanceId).readyAt();
    }

    // ------------------------------------------------------------------ RdsClient

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest r) {
        enter("CreateDBInstance");
        Instant now = clock.instant();
        Inst i = create(r, now);
        return CreateDbInstanceResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * Creates an instance that is {@code available} now, as if {@code CreateDBInstance} had been called
     * {@code createDuration} + 2 minutes ago (see the class comment). Not an RDS call: not counted.
     *
     * @param request the same settings as {@code createDBInstance} takes
     * @return the instance as {@code DescribeDBInstances} shows it now
     * @throws RdsException with {@code DBInstanceAlreadyExists} or {@code InvalidParameterValue}, as {@code createDBInstance}
     * @throws InvalidConfigurationException when {@code request} is null
     */
    public synchronized DBInstance createAvailableInstance(Consumer<CreateDbInstanceRequest.Builder> request) {
        CreateDbInstanceRequest.Builder b = CreateDbInstanceRequest.builder();
        Check.notNull("request of an available instance", request).accept(b);
        Instant now = clock.instant();
        return create(b.build(), now.minus(createDuration).minus(BACKING_UP_AFTER_CREATE)).view(now);
    }

    private Inst create(CreateDbInstanceRequest r, Instant now) {
        String id = checkId("DBInstanceIdentifier", r.dbInstanceIdentifier());
        if (instanceExists(id)) {
            throw err(DbInstanceAlreadyExistsException.builder(), 400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        if (r.backupRetentionPeriod() != null && (r.backupRetentionPeriod() < 0 || r.backupRetentionPeriod() > 35)) {
            throw invalid("BackupRetentionPeriod must be between 0 and 35");
        }
        Inst i = new Inst(id, now);
        String engine = r.engine() == null ? "mariadb" : r.engine();
        String version = r.engineVersion() == null ? "10.11.8" : r.engineVersion();
        i.base = DBInstance.builder().dbInstanceIdentifier(id).engine(engine).engineVersion(version)
                .dbInstanceClass(r.dbInstanceClass() == null ? "db.t3.micro" : r.dbInstanceClass())
                .backupRetentionPeriod(r.backupRetentionPeriod() == null ? 1 : r.backupRetentionPeriod())
                .multiAZ(Boolean.TRUE.equals(r.multiAZ())).publiclyAccessible(Boolean.TRUE.equals(r.publiclyAccessible()))
                .allocatedStorage(r.allocatedStorage() == null ? 20 : r.allocatedStorage())
                .storageEncrypted(Boolean.TRUE.equals(r.storageEncrypted()))
                .dbSubnetGroup(subnetGroup(r.dbSubnetGroupName()))
                .vpcSecurityGroups(securityGroups(r.hasVpcSecurityGroupIds() ? r.vpcSecurityGroupIds() : null))
                .dbParameterGroups(parameterGroup(r.dbParameterGroupName(), engine, version))
                .endpoint(this.engine == null ? endpoint(id, r.port()) : engine("start instance " + id, () -> this.engine.create(id, r))).build();
        i.tags.putAll(tagMap(r.hasTags() ? r.tags() : List.of()));
        Instant created = now.plus(createDuration);
        i.phases.add(new Phase("creating", created));
        i.phases.add(new Phase("backing-up", created.plus(BACKING_UP_AFTER_CREATE)));
        instances.put(id, i);
        if (i.retention() > 0) {
            automatedSnapshot(i, created);
        }
        return i;
    }

    @Override
    public synchronized DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest r) {
        enter("DescribeDBInstances");
        Instant now = clock.instant();
        if (r.dbInstanceIdentifier() != null) {
            return DescribeDbInstancesResponse.builder().dbInstances(inst(r.dbInstanceIdentifier()).view(now)).build();
        }
        List<DBInstance> all = new ArrayList<>();
        for (Inst i : instances.values()) {
            if (visible(i, now)) {
                all.add(i.view(now));
            }
        }
        return DescribeDbInstancesResponse.builder().dbInstances(all).build();
    }

    @Override
    public synchronized ModifyDbInstanceResponse modifyDBInstance(ModifyDbInstanceRequest r) {
        enter("ModifyDBInstance");
        Inst i = inst(r.dbInstanceIdentifier());
        Instant now = clock.instant();
        if (!"available".equals(i.status(now))) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Database instance is not in available state.");
        }
        Integer ret = r.backupRetentionPeriod();
        if (ret != null) {
            if (ret < 0 || ret > 35) {
                throw invalid("BackupRetentionPeriod must be between 0 and 35");
            }
            int before = i.retention();
            if (ret == 0 && !i.view(now).readReplicaDBInstanceIdentifiers().isEmpty()) {
                throw err(RdsException.builder(), 400, "InvalidParameterCombination",
                        "Automated backups cannot be disabled on a DB instance that has read replicas.");
            }
            i.base = i.base.toBuilder().backupRetentionPeriod(ret).build();
            if ((before == 0) != (ret == 0)) {
                Instant modified = now.plus(modifyDuration);
                i.phases.clear();
                i.phases.add(new Phase("modifying", modified));
                if (ret > 0) {
                    i.phases.add(new Phase("backing-up", modified.plus(Duration.ofMinutes(2))));
                    automatedSnapshot(i, modified);
                }
            }
        }
        return ModifyDbInstanceResponse.builder().dbInstance(i.view(now)).build();
    }

    @Override
    public synchronized DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest r) {
        enter("DeleteDBInstance");
        Inst i = inst(r.dbInstanceIdentifier());
        if (!Boolean.TRUE.equals(r.skipFinalSnapshot()) && r.finalDBSnapshotIdentifier() == null) {
            throw err(RdsException.builder(), 400, "InvalidParameterCombination",
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
        }
        Instant now = clock.instant();
        if (r.finalDBSnapshotIdentifier() != null) {
            String sid = checkId("FinalDBSnapshotIdentifier", r.finalDBSnapshotIdentifier());
            if (engine != null) {
                engineRun("take final snapshot " + sid, () -> engine.snapshot(i.id, sid));
            }
            newSnapshot(sid, i, "manual", now, Map.of());
        }
        if (engine != null) {
            engineRun("delete instance " + i.id, () -> engine.deleteInstance(i.id));
        }
        i.forced = "deleting";
        i.goneAt = now.plus(Duration.ofMinutes(2));
        return DeleteDbInstanceResponse.builder().dbInstance(i.view(now)).build();
    }

    @Override
    public synchronized CreateDbSnapshotResponse createDBSnapshot(CreateDbSnapshotRequest r) {
        enter("CreateDBSnapshot");
        String sid = checkId("DBSnapshotIdentifier", r.dbSnapshotIdentifier());
        Inst i = inst(r.dbInstanceIdentifier());
        Instant now = clock.instant(); // reassigned below when the engine copies the data
        if (!"available".equals(i.status(now))) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Cannot create a snapshot because the database instance " + i.id + " is not currently in the available state.");
        }
        if (snapshots.containsKey(sid)) {
            throw err(DbSnapshotAlreadyExistsException.builder(), 400, "DBSnapshotAlreadyExists",
                    "Cannot create the snapshot because a snapshot with the identifier " + sid + " already exists.");
        }
        checkQuota();
        if (engine != null) {
            engineRun("snapshot instance " + i.id, () -> engine.snapshot(i.id, sid));
            now = clock.instant(); // the engine's copy took real time: the data is as of no later than its end
        }
        Snap s = newSnapshot(sid, i, "manual", now, tagMap(r.hasTags() ? r.tags() : List.of()));
        s.phases.add(new Phase("creating", now.plus(snapshotDuration)));
        return CreateDbSnapshotResponse.builder().dbSnapshot(s.view(now)).build();
    }

    @Override
    public synchronized DescribeDbSnapshotsResponse describeDBSnapshots(DescribeDbSnapshotsRequest r) {
        enter("DescribeDBSnapshots");
        Instant now = clock.instant();
        if (r.dbSnapshotIdentifier() != null) {
            Snap s = snapshots.get(r.dbSnapshotIdentifier());
            if (s == null) {
                throw snapshotNotFound(r.dbSnapshotIdentifier());
            }
            return DescribeDbSnapshotsResponse.builder().dbSnapshots(s.view(now)).build();
        }
        List<Snap> matching = new ArrayList<>();
        for (Snap s : snapshots.values()) {
            if (r.dbInstanceIdentifier() != null && !r.dbInstanceIdentifier().equals(s.base.dbInstanceIdentifier())) {
                continue;
            }
            if (r.snapshotType() != null && !r.snapshotType().equals(s.base.snapshotType())) {
                continue;
            }
            matching.add(s);
        }
        int from = 0;
        if (r.marker() != null && !r.marker().isEmpty()) {
            try {
                from = Integer.parseInt(r.marker());
            } catch (NumberFormatException e) {
                throw invalid("The marker is not valid");
            }
        }
        int size = r.maxRecords() == null ? pageSize : Math.min(r.maxRecords(), pageSize);
        int to = Math.min(matching.size(), from + size);
        List<DBSnapshot> page = new ArrayList<>();
        for (Snap s : matching.subList(Math.min(from, to), to)) {
            page.add(s.view(now));
        }
        return DescribeDbSnapshotsResponse.builder().dbSnapshots(page).marker(to < matching.size() ? String.valueOf(to) : null).build();
    }

    @Override
    public synchronized DeleteDbSnapshotResponse deleteDBSnapshot(DeleteDbSnapshotRequest r) {
        enter("DeleteDBSnapshot");
        Snap s = snapshots.get(r.dbSnapshotIdentifier());
        if (s == null) {
            throw snapshotNotFound(r.dbSnapshotIdentifier());
        }
        if (s.automated()) {
            throw err(InvalidDbSnapshotStateException.builder(), 400, "InvalidDBSnapshotState",
                    "Only manual snapshots may be deleted: " + s.id + " is automated.");
        }
        Instant now = clock.instant();
        if (!"available".equals(s.status(now))) {
            throw err(InvalidDbSnapshotStateException.builder(), 400, "InvalidDBSnapshotState", "Snapshot " + s.id + " is not available.");
        }
        if (engine != null) {
            engineRun("delete snapshot " + s.id, () -> engine.deleteSnapshot(s.id));
        }
        snapshots.remove(s.id);
        return DeleteDbSnapshotResponse.builder().dbSnapshot(s.view(now).toBuilder().status("deleted").build()).build();
    }

    @Override
    public synchronized CopyDbSnapshotResponse copyDBSnapshot(CopyDbSnapshotRequest r) {
        enter("CopyDBSnapshot");
        String target = checkId("TargetDBSnapshotIdentifier", r.targetDBSnapshotIdentifier());
        String source = r.sourceDBSnapshotIdentifier();
        DBSnapshot src = findSnapshotForCopy(source);
        boolean crossRegion = source != null && source.startsWith("arn:") && !source.split(":")[3].equals(region);
        if (crossRegion && Boolean.TRUE.equals(src.encrypted()) && r.kmsKeyId() == null) {
            throw err(RdsException.builder(), 400, "InvalidParameterCombination",
                    "KmsKeyId is required to copy an encrypted snapshot to another region.");
        }
        if (snapshots.containsKey(target)) {
            throw err(DbSnapshotAlreadyExistsException.builder(), 400, "DBSnapshotAlreadyExists",
                    "Cannot copy the snapshot because a snapshot with the identifier " + target + " already exists.");
        }
        checkQuota();
        if (engine != null && !crossRegion) {
            String src0 = source.startsWith("arn:") ? source.substring(source.lastIndexOf(':') + 1) : source;
            engineRun("copy snapshot " + src0, () -> engine.copySnapshot(src0, target));
        }
        Instant now = clock.instant();
        Snap s = new Snap(target);
        s.base = src.toBuilder().dbSnapshotIdentifier(target).snapshotType("manual").sourceRegion(crossRegion ? source.split(":")[3] : null)
                .sourceDBSnapshotIdentifier(source).kmsKeyId(r.kmsKeyId() == null ? src.kmsKeyId() : r.kmsKeyId()).build();
        if (Boolean.TRUE.equals(r.copyTags()) && src.hasTagList()) {
            s.tags.putAll(tagMap(src.tagList()));
        }
        s.tags.putAll(tagMap(r.hasTags() ? r.tags() : List.of()));
        s.phases.add(new Phase("copying", now.plus(copyDuration)));
        snapshots.put(target, s);
        return CopyDbSnapshotResponse.builder().dbSnapshot(s.view(now)).build();
    }

    @Override
    public synchronized RestoreDbInstanceFromDbSnapshotResponse restoreDBInstanceFromDBSnapshot(RestoreDbInstanceFromDbSnapshotRequest r) {
        enter("RestoreDBInstanceFromDBSnapshot");
        String id = checkId("DBInstanceIdentifier", r.dbInstanceIdentifier());
        Snap s = snapshots.get(r.dbSnapshotIdentifier());
        if (s == null) {
            throw snapshotNotFound(r.dbSnapshotIdentifier());
        }
        Instant now = clock.instant();
        if (!"available".equals(s.status(now))) {
            throw err(InvalidDbSnapshotStateException.builder(), 400, "InvalidDBSnapshotState", "Snapshot " + s.id + " is not available.");
        }
        if (instanceExists(id)) {
            throw err(DbInstanceAlreadyExistsException.builder(), 400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        DBSnapshot b = s.base;
        Endpoint ep = engine == null ? endpoint(id, r.port()) : engine("restore snapshot " + s.id, () -> engine.restore(s.id, id));
        Inst i = restored(id, now, b.engine(), b.engineVersion(), r.dbInstanceClass() == null ? "db.t3.micro" : r.dbInstanceClass(),
                b.allocatedStorage(), 1, r.dbSubnetGroupName(), r.hasVpcSecurityGroupIds() ? r.vpcSecurityGroupIds() : null,
                r.dbParameterGroupName(), r.multiAZ(), r.publiclyAccessible(), ep, r.hasTags() ? r.tags() : List.of());
        return RestoreDbInstanceFromDbSnapshotResponse.builder().dbInstance(i.view(now)).build();
    }

    @Override
    public synchronized RestoreDbInstanceToPointInTimeResponse restoreDBInstanceToPointInTime(RestoreDbInstanceToPointInTimeRequest r) {
        enter("RestoreDBInstanceToPointInTime");
        String id = checkId("TargetDBInstanceIdentifier", r.targetDBInstanceIdentifier());
        Inst src = inst(r.sourceDBInstanceIdentifier());
        Instant now = clock.instant();
        boolean latest = Boolean.TRUE.equals(r.useLatestRestorableTime());
        if (latest == (r.restoreTime() != null)) {
            throw err(RdsException.builder(), 400, "InvalidParameterCombination",
                    "Exactly one of RestoreTime and UseLatestRestorableTime must be given.");
        }
        if (src.retention() == 0) {
            throw err(RdsException.builder(), 400, "PointInTimeRestoreNotEnabled",
                    "SourceDBInstanceIdentifier refers to a DB instance with BackupRetentionPeriod equal to 0.");
        }
        DBInstance view = src.view(now);
        if (!latest && (view.latestRestorableTime() == null || r.restoreTime().isAfter(view.latestRestorableTime())
                || r.restoreTime().isBefore(src.createdAt))) {
            throw invalid("The restore time " + r.restoreTime() + " is outside the restorable window of " + src.id + ".");
        }
        if (instanceExists(id)) {
            throw err(DbInstanceAlreadyExistsException.builder(), 400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        DBInstance b = src.base;
        Endpoint ep = endpoint(id, r.port());
        if (engine != null) {
            Instant at = latest ? view.latestRestorableTime() : r.restoreTime();
            Snap from = snapshots.values().stream().filter(x -> x.base.dbInstanceIdentifier().equals(src.id) && !x.base.snapshotCreateTime().isAfter(at))
                    .max(Comparator.comparing((Snap x) -> x.base.snapshotCreateTime())).orElseThrow(() -> invalid("No snapshot of " + src.id
                            + " was taken at or before " + at + ": the engine restores a point in time from the newest snapshot before it."));
            ep = engine("restore snapshot " + from.id + " (point in time " + at + ")", () -> engine.restore(from.id, id));
        }
        Inst i = restored(id, now, b.engine(), b.engineVersion(), r.dbInstanceClass() == null ? b.dbInstanceClass() : r.dbInstanceClass(),
                b.allocatedStorage(), src.retention(), r.dbSubnetGroupName(), r.hasVpcSecurityGroupIds() ? r.vpcSecurityGroupIds() : null,
                r.dbParameterGroupName(), r.multiAZ(), r.publiclyAccessible(), ep, r.hasTags() ? r.tags() : List.of());
        return RestoreDbInstanceToPointInTimeResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * Creates a read replica of an instance of this region, as RDS does for MariaDB: the source must be
     * {@code available} and keep automated backups ({@code InvalidDBInstanceState} otherwise); the replica is
     * {@code creating} for the create duration, then {@code available}, with its source in
     * {@code ReadReplicaSourceDBInstanceIdentifier} and in the source's {@code ReadReplicaDBInstanceIdentifiers}.
     * Its automated backups are off (retention 0), as a new MariaDB replica's are. With an {@link Engine}, the
     * replica's data is a copy of the source's taken now (snapshot and restore), copied again when replication stops
     * ({@link #stopReplication}, the source failing, the promotion): there is no continuous feed between, so a
     * replica's server shows the source as of its creation or its last stop.
     */
    @Override
    public synchronized CreateDbInstanceReadReplicaResponse createDBInstanceReadReplica(CreateDbInstanceReadReplicaRequest r) {
        enter("CreateDBInstanceReadReplica");
        String id = checkId("DBInstanceIdentifier", r.dbInstanceIdentifier());
        String sourceId = r.sourceDBInstanceIdentifier();
        if (sourceId != null && sourceId.startsWith("arn:")) {
            sourceId = sourceId.substring(sourceId.lastIndexOf(':') + 1);
        }
        Inst src = inst(sourceId);
        Instant now = clock.instant();
        if (!"available".equals(src.status(now))) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "DB Instance " + src.id + " is not in available state.");
        }
        if (src.retention() == 0) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Automated backups are not enabled for this database instance. To enable automated backups, use ModifyDBInstance to set"
                            + " the backup retention period to a non-zero value.");
        }
        if (instanceExists(id)) {
            throw err(DbInstanceAlreadyExistsException.builder(), 400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        Endpoint ep = endpoint(id, r.port());
        if (engine != null) {
            String seed = "replica-seed-" + id;
            engineRun("seed replica " + id + " from " + src.id, () -> engine.snapshot(src.id, seed));
            try {
                ep = engine("start replica " + id, () -> engine.restore(seed, id));
            } finally {
                engineRun("drop replica seed " + seed, () -> engine.deleteSnapshot(seed));
            }
        }
        Inst i = new Inst(id, now);
        DBInstance b = src.base;
        i.base = b.toBuilder().dbInstanceIdentifier(id).backupRetentionPeriod(0)
                .dbInstanceClass(r.dbInstanceClass() == null ? b.dbInstanceClass() : r.dbInstanceClass())
                .multiAZ(Boolean.TRUE.equals(r.multiAZ())).publiclyAccessible(r.publiclyAccessible() == null ? b.publiclyAccessible() : r.publiclyAccessible())
                .dbSubnetGroup(r.dbSubnetGroupName() == null ? b.dbSubnetGroup() : subnetGroup(r.dbSubnetGroupName()))
                .vpcSecurityGroups(r.hasVpcSecurityGroupIds() ? securityGroups(r.vpcSecurityGroupIds()) : b.vpcSecurityGroups())
                .dbParameterGroups(r.dbParameterGroupName() == null ? b.dbParameterGroups()
                        : List.of(parameterGroup(r.dbParameterGroupName(), b.engine(), b.engineVersion())))
                .endpoint(ep).build();
        i.tags.putAll(tagMap(r.hasTags() ? r.tags() : List.of()));
        i.replicaOf = src.id;
        i.lag = defaultReplicaLag;
        i.phases.add(new Phase("creating", now.plus(createDuration)));
        instances.put(id, i);
        return CreateDbInstanceReadReplicaResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * Promotes a read replica to a standalone instance, as RDS does: refused with {@code InvalidDBInstanceState}
     * when the instance is not a replica or not {@code available} (a replica {@code backing-up} or
     * {@code modifying} cannot be promoted); then {@code modifying} and {@code rebooting} (RDS reboots the
     * replica), {@code available} after the promote duration, no longer a replica from then on (writable). The
     * request's {@code BackupRetentionPeriod} (0 to 35) becomes the instance's retention.
     */
    @Override
    public synchronized PromoteReadReplicaResponse promoteReadReplica(PromoteReadReplicaRequest r) {
        enter("PromoteReadReplica");
        Inst i = inst(r.dbInstanceIdentifier());
        Instant now = clock.instant();
        if (!i.isReplica(now)) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState", "DB Instance is not a read replica.");
        }
        if (i.promotedAt != null || !"available".equals(i.status(now))) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Database instance is not in available state (status " + i.status(now) + ").");
        }
        Integer ret = r.backupRetentionPeriod();
        if (ret != null && (ret < 0 || ret > 35)) {
            throw invalid("BackupRetentionPeriod must be between 0 and 35");
        }
        stop(i); // replication ends with the promotion: the replica keeps what it had
        if (ret != null) {
            i.base = i.base.toBuilder().backupRetentionPeriod(ret).build();
        }
        Instant done = now.plus(promoteDuration);
        Instant rebooting = done.minus(rebootDuration);
        i.phases.clear();
        i.phases.add(new Phase("modifying", rebooting));
        i.phases.add(new Phase("rebooting", done));
        i.promotedAt = done;
        if (i.retention() > 0) {
            automatedSnapshot(i, done);
        }
        return PromoteReadReplicaResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * Stops an instance as RDS does: only an {@code available} instance that is not a read replica (nor has one) can be
     * stopped; it is {@code stopping} for the stop duration ({@link Builder#withStopDuration}), then {@code stopped}.
     * Otherwise {@code InvalidDBInstanceState}, as RDS answers.
     */
    @Override
    public synchronized StopDbInstanceResponse stopDBInstance(StopDbInstanceRequest r) {
        enter("StopDBInstance");
        Inst i = inst(r.dbInstanceIdentifier());
        Instant now = clock.instant();
        String st = i.status(now);
        if (!"available".equals(st)) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Instance " + i.id + " is not in available state (status " + st + ").");
        }
        if (i.isReplica(now) || !i.view(now).readReplicaDBInstanceIdentifiers().isEmpty()) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Cannot stop instance " + i.id + ": read replicas and instances with read replicas cannot be stopped.");
        }
        i.phases.clear();
        i.phases.add(new Phase("stopping", now.plus(stopDuration)));
        i.finalStatus = "stopped";
        return StopDbInstanceResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * Starts a {@code stopped} instance as RDS does: {@code starting} for the start duration
     * ({@link Builder#withStartDuration}), then {@code available}. Any other state: {@code InvalidDBInstanceState}.
     */
    @Override
    public synchronized StartDbInstanceResponse startDBInstance(StartDbInstanceRequest r) {
        enter("StartDBInstance");
        Inst i = inst(r.dbInstanceIdentifier());
        Instant now = clock.instant();
        String st = i.status(now);
        if (!"stopped".equals(st)) {
            throw err(InvalidDbInstanceStateException.builder(), 400, "InvalidDBInstanceState",
                    "Instance " + i.id + " is not stopped, it is in " + st + " state.");
        }
        i.phases.clear();
        i.phases.add(new Phase("starting", now.plus(startDuration)));
        i.finalStatus = "available";
        return StartDbInstanceResponse.builder().dbInstance(i.view(now)).build();
    }

    /**
     * A read replica's lag now, as CloudWatch's {@code ReplicaLag} would report it; empty when the instance is not
     * a replica (or a promoted one), is not {@code available} yet, or does not exist (RDS reports no value then).
     * It is the replica's set lag ({@link Builder#withReplicaLag}, {@link #setReplicaLag}): the data the replica is
     * missing, the last writes before now; once replication stopped ({@link #stopReplication}, or its source failed)
     * it keeps the value it had then, as the last data point before the failure. Not an RDS call: not counted.
     */
    public synchronized java.util.Optional<Duration> replicaLag(String replicaInstanceId) {
        Inst i = replicaInstanceId == null ? null : instances.get(replicaInstanceId);
        Instant now = clock.instant();
        if (i == null || !visible(i, now) || !i.isReplica(now) || !"available".equals(i.status(now))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(i.lag);
    }

    /**
     * Sets a replica's lag from now on (replication running again, if it had stopped). Not an RDS call.
     *
     * @throws InvalidConfigurationException when the lag is null or negative
     * @throws RdsException with {@code DBInstanceNotFound} when there is no such instance
     */
    public synchronized void setReplicaLag(String replicaInstanceId, Duration lag) {
        Inst i = inst(replicaInstanceId);
        i.lag = Check.notNegative("replica lag", lag);
        i.replicationStoppedAt = null;
    }

    /**
     * Replication to the replica stops now (the source failed, the network broke): the replica keeps the source's data as
     * of now minus its lag (with an engine: its server gets the source's data as of now, copied; see
     * {@link #createDBInstanceReadReplica}), and its lag stays what it was. Not an RDS call.
     */
    public synchronized void stopReplication(String replicaInstanceId) {
        stop(inst(replicaInstanceId));
    }

    private void stop(Inst i) {
        if (i.replicationStoppedAt != null || i.replicaOf == null) {
            return;
        }
        i.replicationStoppedAt = clock.instant();
        Inst src = instances.get(i.replicaOf);
        if (engine != null && src != null) {
            String seed = "replica-catch-up-" + i.id;
            engineRun("copy " + src.id + " into replica " + i.id, () -> engine.snapshot(src.id, seed));
            try {
                engineRun("stop replica " + i.id, () -> engine.deleteInstance(i.id));
                Endpoint ep = engine("restart replica " + i.id, () -> engine.restore(seed, i.id));
                i.base = i.base.toBuilder().endpoint(ep).build();
            } finally {
                engineRun("drop " + seed, () -> engine.deleteSnapshot(seed));
            }
        }
    }

    @Override
    public synchronized ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
        enter("ListTagsForResource");
        String arn = r.resourceName();
        Map<String, String> tags = Map.of();
        for (Inst i : instances.values()) {
            if (i.arn().equals(arn)) {
                tags = i.tags;
            }
        }
        for (Snap s : snapshots.values()) {
            if (s.view(clock.instant()).dbSnapshotArn().equals(arn)) {
                tags = s.tags;
            }
        }
        return ListTagsForResourceResponse.builder()
                .tagList(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    // ------------------------------------------------------------------ helpers

    private Inst restored(String id, Instant now, String engine, String version, String instanceClass, Integer storage, int retention,
            String subnetGroup, List<String> sgs, String parameterGroup, Boolean multiAz, Boolean publicAccess, Endpoint endpoint, List<Tag> tags) {
        Inst i = new Inst(id, now);
        i.base = DBInstance.builder().dbInstanceIdentifier(id).engine(engine).engineVersion(version).dbInstanceClass(instanceClass)
                .allocatedStorage(storage).backupRetentionPeriod(retention).multiAZ(Boolean.TRUE.equals(multiAz))
                .publiclyAccessible(Boolean.TRUE.equals(publicAccess)).dbSubnetGroup(subnetGroup(subnetGroup))
                .vpcSecurityGroups(securityGroups(sgs)).dbParameterGroups(parameterGroup(parameterGroup, engine, version))
                .endpoint(endpoint).build();
        i.tags.putAll(tagMap(tags));
        Instant done = now.plus(restoreDuration);
        if (restoreDuration.compareTo(Duration.ofMinutes(2)) >= 0) {
            i.phases.add(new Phase("creating", done.minus(Duration.ofMinutes(1))));
            i.phases.add(new Phase("backing-up", done));
        } else {
            i.phases.add(new Phase("creating", done));
        }
        if (restoreEndState != null) {
            i.finalStatus = restoreEndState;
        }
        instances.put(id, i);
        return i;
    }

    private Snap newSnapshot(String sid, Inst i, String type, Instant at, Map<String, String> tags) {
        Snap s = new Snap(sid);
        s.base = DBSnapshot.builder().dbSnapshotIdentifier(sid).dbInstanceIdentifier(i.id).snapshotType(type).snapshotCreateTime(at)
                .engine(i.base.engine()).engineVersion(i.base.engineVersion()).allocatedStorage(i.base.allocatedStorage())
                .instanceCreateTime(i.createdAt).encrypted(Boolean.TRUE.equals(i.base.storageEncrypted())).port(i.base.endpoint() == null ? 3306 : i.base.endpoint().port()).build();
        s.tags.putAll(tags);
        snapshots.put(sid, s);
        return s;
    }

    private void automatedSnapshot(Inst i, Instant at) {
        String sid = "rds:" + i.id + "-" + AUTO_SNAPSHOT.format(at);
        if (!snapshots.containsKey(sid)) {
            if (engine != null) {
                engineRun("snapshot instance " + i.id, () -> engine.snapshot(i.id, sid));
            }
            Snap s = newSnapshot(sid, i, "automated", at, Map.of());
            s.phases.add(new Phase("creating", at.plus(Duration.ofMinutes(2))));
        }
    }

    private void checkQuota() {
        long manual = snapshots.values().stream().filter(s -> !s.automated()).count();
        if (manual >= manualSnapshotQuota) {
            throw err(SnapshotQuotaExceededException.builder(), 400, "SnapshotQuotaExceeded",
                    "Cannot create more than " + manualSnapshotQuota + " manual snapshots");
        }
    }

    private DBSnapshot findSnapshotForCopy(String source) {
        if (source == null) {
            throw invalid("SourceDBSnapshotIdentifier is required");
        }
        Instant now = clock.instant();
        if (source.startsWith("arn:")) {
            String[] parts = source.split(":", 7);
            String srcRegion = parts.length > 3 ? parts[3] : "";
            String sid = parts.length > 6 ? parts[6] : "";
            if (srcRegion.equals(region)) {
                Snap s = snapshots.get(sid);
                if (s != null) {
                    return s.view(now).toBuilder().tagList(tagList(s.tags)).build();
                }
            } else {
                for (InMemoryRds peer : peers) {
                    if (peer.region.equals(srcRegion)) {
                        synchronized (peer) {
                            Snap s = peer.snapshots.get(sid);
                            if (s != null && "available".equals(s.status(now))) {
                                return s.view(now).toBuilder().tagList(tagList(s.tags)).build();
                            }
                        }
                    }
                }
            }
            throw snapshotNotFound(sid);
        }
        Snap s = snapshots.get(source);
        if (s == null) {
            throw snapshotNotFound(source);
        }
        return s.view(now);
    }

    private boolean instanceExists(String id) {
        Inst i = instances.get(id);
        return i != null && visible(i, clock.instant());
    }

    private boolean visible(Inst i, Instant now) {
        if (i.goneAt != null && !now.isBefore(i.goneAt)) {
            instances.remove(i.id);
            return false;
        }
        return true;
    }

    private Inst inst(String id) {
        Inst i = id == null ? null : instances.get(id);
        if (i == null || !visible(i, clock.instant())) {
            throw err(DbInstanceNotFoundException.builder(), 404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
        }
        return i;
    }

    private void enter(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (throttleNext > 0) {
            throttleNext--;
            throw err(RdsException.builder(), 400, "Throttling", "Rate exceeded");
        }
        if (failNext > 0) {
            failNext--;
            throw err(RdsException.builder(), 500, "InternalFailure", "An internal error occurred.");
        }
    }

    private static String checkId(String parameter, String id) {
        if (id == null || id.isEmpty() || id.length() > 255 || !ID.matcher(id).matches()
                || (parameter.contains("Instance") && id.length() > 63)) {
            throw invalid("The parameter " + parameter + " is not a valid identifier. Identifiers must begin with a letter; must contain only "
                    + "ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.");
        }
        return id;
    }

    private static RdsException invalid(String message) {
        return err(RdsException.builder(), 400, "InvalidParameterValue", message);
    }

    private static RdsException snapshotNotFound(String id) {
        return err(DbSnapshotNotFoundException.builder(), 404, "DBSnapshotNotFound", "DBSnapshot " + id + " not found.");
    }

    private static RdsException err(RdsException.Builder b, int status, String code, String message) {
        return (RdsException) b.statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds").build()).build();
    }

    private DBSubnetGroup subnetGroup(String name) {
        String n = name == null ? "default" : name;
        return DBSubnetGroup.builder().dbSubnetGroupName(n).vpcId(name == null ? "vpc-default" : "vpc-" + Integer.toHexString(n.hashCode()))
                .subnetGroupStatus("Complete").build();
    }

    private static List<VpcSecurityGroupMembership> securityGroups(List<String> ids) {
        List<String> l = ids == null || ids.isEmpty() ? List.of("sg-00000000default") : ids;
        return l.stream().map(id -> VpcSecurityGroupMembership.builder().vpcSecurityGroupId(id).status("active").build()).toList();
    }

    private static DBParameterGroupStatus parameterGroup(String name, String engine, String version) {
        String family = engine + (version == null ? "" : version.replaceAll("^(\\d+\\.\\d+).*", "$1"));
        return DBParameterGroupStatus.builder().dbParameterGroupName(name == null ? "default." + family : name).parameterApplyStatus("in-sync").build();
    }

    private Endpoint endpoint(String id, Integer port) {
        return Endpoint.builder().address(id + ".abcdefghijkl." + region + ".rds.amazonaws.com").port(port == null ? 3306 : port)
                .hostedZoneId("Z29XKXDKYMONMX").build();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Tag t : tags) {
            m.put(t.key(), t.value());
        }
        return m;
    }

    private static List<Tag> tagList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** Snapshot ids known now, sorted; handy in assertions. */
    public synchronized List<String> snapshotIds() {
        List<String> l = new ArrayList<>(snapshots.keySet());
        l.sort(Comparator.naturalOrder());
        return l;
    }

    /** Instance ids known now, sorted. */
    public synchronized List<String> instanceIds() {
        Instant now = clock.instant();
        List<String> l = new ArrayList<>();
        for (Inst i : new ArrayList<>(instances.values())) {
            if (visible(i, now)) {
                l.add(i.id);
            }
        }
        return l;
    }

    @Override
    public String toString() {
        return "InMemoryRds[" + region + "]";
    }

    /** Builds an {@link InMemoryRds}. */
    public static final class Builder {
        private final Clock clock;
        private String region = "eu-west-1";
        private Duration createDuration = Duration.ofMinutes(5);
        private Duration snapshotDuration = Duration.ofMinutes(3);
        private Duration restoreDuration = Duration.ofMinutes(10);
        private Duration copyDuration = Duration.ofMinutes(10);
        private Duration modifyDuration = Duration.ofMinutes(1);
        private Duration promoteDuration = Duration.ofMinutes(4);
        private Duration rebootDuration = Duration.ofMinutes(1);
        private Duration replicaLag = Duration.ofSeconds(5);
        private Duration startDuration = Duration.ofMinutes(5);
        private Duration stopDuration = Duration.ofMinutes(3);
        private int manualSnapshotQuota = 100;
        private int pageSize = 100;
        private Engine engine;
        private final List<Consumer<CreateDbInstanceRequest.Builder>> availableInstances = new ArrayList<>();

        private Builder(Clock clock) {
            this.clock = clock;
        }

        /**
         * The region in ARNs; default eu-west-1.
         *
         * @throws InvalidConfigurationException when null or blank
         */
        public Builder withRegion(String region) {
            this.region = Check.notBlank("region of the in-memory RDS", region);
            return this;
        }

        /**
         * How long a new instance is {@code creating}; default 5 minutes (then 2 minutes {@code backing-up}).
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withCreateDuration(Duration d) {
            this.createDuration = Check.positive("create duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a manual snapshot is {@code creating}; default 3 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withSnapshotDuration(Duration d) {
            this.snapshotDuration = Check.positive("snapshot duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a restore takes until {@code available}; default 10 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withRestoreDuration(Duration d) {
            this.restoreDuration = Check.positive("restore duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a snapshot copy is {@code copying}; default 10 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withCopyDuration(Duration d) {
            this.copyDuration = Check.positive("copy duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a modification that restarts the instance keeps it {@code modifying}; default 1 minute.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withModifyDuration(Duration d) {
            this.modifyDuration = Check.positive("modify duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a started instance is {@code starting} before it is {@code available}; default 5 minutes (ASSUMED:
         * AWS gives no figure; starting an instance takes "several minutes" in practice).
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withStartDuration(Duration d) {
            this.startDuration = Check.positive("start duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a stopped instance is {@code stopping} before it is {@code stopped}; default 3 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withStopDuration(Duration d) {
            this.stopDuration = Check.positive("stop duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long a promotion of a read replica takes until the instance is {@code available} and writable,
         * its reboot included; default 4 minutes (a few minutes, as AWS documents it).
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withPromoteDuration(Duration d) {
            this.promoteDuration = Check.positive("promote duration of the in-memory RDS", d);
            return this;
        }

        /**
         * How long the reboot at the end of a promotion keeps the instance {@code rebooting}; default 1 minute.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withRebootDuration(Duration d) {
            this.rebootDuration = Check.positive("reboot duration of the in-memory RDS", d);
            return this;
        }

        /**
         * The lag of every new read replica (without an engine); default 5 seconds.
         *
         * @throws InvalidConfigurationException when null or negative
         */
        public Builder withReplicaLag(Duration d) {
            this.replicaLag = Check.notNegative("replica lag of the in-memory RDS", d);
            return this;
        }

        /**
         * The manual snapshot quota; default 100, as in RDS.
         *
         * @throws InvalidConfigurationException when negative
         */
        public Builder withManualSnapshotQuota(int quota) {
            if (quota < 0) {
                throw new InvalidConfigurationException("manual snapshot quota of the in-memory RDS", "must not be negative, was " + quota);
            }
            this.manualSnapshotQuota = quota;
            return this;
        }

        /**
         * The page size of DescribeDBSnapshots; default 100, as in RDS.
         *
         * @throws InvalidConfigurationException when below 1
         */
        public Builder withPageSize(int pageSize) {
            if (pageSize < 1) {
                throw new InvalidConfigurationException("page size of the in-memory RDS", "must be at least 1, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * What holds the instances' data (see {@link Engine}); default none: instances are states and endpoints
         * only. {@code withEngine(MariaDbEngine.start(dir))} makes every instance a real MariaDB server.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withEngine(Engine engine) {
            this.engine = Check.notNull("engine of the in-memory RDS", engine);
            return this;
        }

        /**
         * An instance that the fake holds from the start, {@code available} at the clock's now, as if it had been
         * created earlier (see {@link InMemoryRds#createAvailableInstance}). Call once per instance.
         *
         * @param request the same settings as {@code createDBInstance} takes; the identifier is required
         * @throws InvalidConfigurationException when {@code request} is null
         */
        public Builder withAvailableInstance(Consumer<CreateDbInstanceRequest.Builder> request) {
            availableInstances.add(Check.notNull("request of an available instance", request));
            return this;
        }

        /**
         * The fake, holding the instances given with {@link #withAvailableInstance}.
         *
         * @throws RdsException when such an instance's settings are refused as {@code createDBInstance} refuses them
         */
        public InMemoryRds build() {
            if (rebootDuration.compareTo(promoteDuration) >= 0) {
                throw new InvalidConfigurationException("reboot duration of the in-memory RDS",
                        "must be shorter than the promote duration (" + promoteDuration + "), which includes it; was " + rebootDuration);
            }
            InMemoryRds rds = new InMemoryRds(this);
            availableInstances.forEach(rds::createAvailableInstance);
            return rds;
        }
    }
}
