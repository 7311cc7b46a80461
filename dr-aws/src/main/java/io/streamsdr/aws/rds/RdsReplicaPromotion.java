package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
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
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The "promote a read replica" strategy of an RDS failover, as a one-step {@link PlanFragment} of the
 * same shape as {@link RdsRestore}: it publishes {@link #endpointAddress()}, {@link #endpointPort()} and
 * {@link #instanceArn()} ({@code <id>.endpoint.address}, {@code .endpoint.port}, {@code .instance.arn}), so
 * the Helm re-point consumes it unchanged, and records the RPO under the database's name. A team switches
 * strategy by changing this one object. Immutable; start it from {@link RdsDatabase#promoteReplica(String)}.
 *
 * <pre>{@code
 * RdsReplicaPromotion promote = db.promoteReplica("streams-db-replica")
 *         .withReplicaLag(replicaLag)                 // a LagSource: what CloudWatch's ReplicaLag says now
 *         .withMaxLag(Duration.ofMinutes(5))          // the RPO objective: refused above it
 *         .build();
 * Failover failover = installation.failover("failover")
 *         .restore(promote.fragment())                // in place of a snapshot restore: the same outputs
 *         .repoint(repoint)                           // e.g. a ReleaseUpgrade reading promote.endpointAddress()
 *         .build();
 * }</pre>
 *
 * <p>The replica is made and watched BEFORE any disaster (with {@code CreateDBInstanceReadReplica}, in
 * the same or another region: give that region's client with {@link Builder#withReplicaClient}); this
 * step only promotes it. Its read-only preconditions (a preview shows them):
 * <ol>
 *   <li>the instance is a read replica OF THE PROTECTED SOURCE (its {@code ReadReplicaSourceDBInstanceIdentifier}
 *       is the source's id, or its ARN for a cross-region replica): promoting another database's replica is refused;</li>
 *   <li>it is {@code available}: a replica {@code backing-up}, {@code modifying} or anything else cannot be promoted;</li>
 *   <li>its lag, read from the {@link LagSource} (CloudWatch's {@code ReplicaLag}), is known and at most the
 *       maximum lag: the lag is the data a failover now would lose.</li>
 * </ol>
 * The promoted instance keeps automated backups ({@link Builder#withBackupRetention}, 1 to 35 days, default
 * {@value #DEFAULT_BACKUP_RETENTION_DAYS}): no backups, no promotion.
 *
 * <p>What the step does: it checks the same rules again, reads the lag, saves it in the plan's journal
 * BEFORE the {@code PromoteReadReplica} call (a resumed run finds it and does not promote twice: an
 * instance no longer a replica, or on its way, is only waited for), calls it, then waits through the
 * step's poller until the instance is {@code available} AND no longer a replica (RDS reboots it on
 * promotion: {@code modifying}, {@code rebooting}, then writable), publishes the endpoint and records the
 * lag as the RPO achieved.
 */
public final class RdsReplicaPromotion {
    /** The default id of the fragment, its step and the prefix of its outputs. */
    public static final String DEFAULT_ID = "rds-promote";
    /** The default maximum lag: a replica further behind is refused. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofMinutes(5);
    /** The default retention of the promoted instance's automated backups, in days. */
    public static final int DEFAULT_BACKUP_RETENTION_DAYS = 7;
    /**
     * How the wait for the promoted instance polls: first look after 30 s, then every 5 s with 10% jitter, up to an
     * hour. A promotion takes minutes and is then the failover's critical path, so its end is seen within 5 s: about
     * 60 DescribeDBInstances calls for a 5-minute promotion, far below RDS's throttling.
     */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ofSeconds(30),
            Backoff.fixed(Duration.ofSeconds(5)).withJitter(0.1), Duration.ofHours(1));
    /**
     * The time a promotion is expected to take, for the failover preview: 5 minutes (ASSUMED from AWS's "a few
     * minutes" for a promotion, its reboot included; measure yours with a drill).
     */
    public static final Duration EXPECTED_TIME = Duration.ofMinutes(5);
    static final String LAG_CHECKPOINT = "promote-lag";
    private static final String LONGEST_OUTPUT_SUFFIX = ".endpoint.address";

    /** What a replica's lag is now: CloudWatch's {@code ReplicaLag}, as a team reads it. */
    @FunctionalInterface
    public interface LagSource {
        /**
         * The replica's lag now.
         *
         * @param replicaInstanceId the replica
         * @return its lag; empty when it is not known (no data point, replication broken)
         */
        Optional<Duration> lagOf(String replicaInstanceId);
    }

    private final RdsDatabase database;
    private final RdsClient client;
    private final String replicaId;
    private final String id;
    private final LagSource lagSource;
    private final Duration maxLag;
    private final int backupRetentionDays;
    private final PollPolicy pollPolicy;
    private final StepOutput<String> endpointAddress;
    private final StepOutput<Integer> endpointPort;
    private final StepOutput<String> instanceArn;
    private final PlanFragment fragment;

    private RdsReplicaPromotion(Builder b) {
        this.database = b.database;
        this.client = b.replicaClient == null ? b.database.client() : b.replicaClient;
        this.replicaId = b.replicaId;
        this.id = b.id;
        this.lagSource = b.lagSource;
        this.maxLag = b.maxLag;
        this.backupRetentionDays = b.backupRetentionDays;
        this.pollPolicy = b.pollPolicy;
        this.endpointAddress = StepOutput.string(id + ".endpoint.address");
        this.endpointPort = StepOutput.integer(id + ".endpoint.port");
        this.instanceArn = StepOutput.string(id + ".instance.arn");
        this.fragment = PlanFragment.of(Step.named(id).withDescription(description())
                .publishes(endpointAddress, endpointPort, instanceArn)
                .withPrecondition(Precondition.of("'" + replicaId + "' is an available read replica of '" + database.instanceId() + "'",
                        ctx -> describe(checkReplica())))
                .withPrecondition(Precondition.of("the lag of '" + replicaId + "' is known and at most " + Durations.format(maxLag),
                        ctx -> "lag " + Durations.format(checkLag())))
                .withAction(this::run)).withStrategy(strategy());
    }

    /** A builder holding this promotion's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The id of the fragment and its one step; its outputs are named after it. */
    public String id() {
        return id;
    }

    /** The replica this promotes. */
    public String replicaInstanceId() {
        return replicaId;
    }

    /** The output with the promoted instance's endpoint address: {@code <id>.endpoint.address}. */
    public StepOutput<String> endpointAddress() {
        return endpointAddress;
    }

    /** The output with the promoted instance's port: {@code <id>.endpoint.port}. */
    public StepOutput<Integer> endpointPort() {
        return endpointPort;
    }

    /** The output with the promoted instance's ARN: {@code <id>.instance.arn}. */
    public StepOutput<String> instanceArn() {
        return instanceArn;
    }

    /** What the step does, in words. */
    public String description() {
        return "promote read replica '" + replicaId + "' of RDS instance '" + database.instanceId() + "' (lag at most "
                + Durations.format(maxLag) + ", backups kept " + backupRetentionDays + " days), wait until available and writable,"
                + " publish its endpoint";
    }

    /**
     * The promotion as a one-step fragment for {@link io.streamsdr.core.Failover.Builder#restore}; it carries its
     * {@link RecoveryStrategy} (the failover preview shows the expected time and the lag a failover now would lose).
     */
    public PlanFragment fragment() {
        return fragment;
    }

    private RecoveryStrategy strategy() {
        return RecoveryStrategy.of(database.name(), "promote read replica '" + replicaId + "'", EXPECTED_TIME)
                .withDataLoss(ctx -> lagSource.lagOf(replicaId));
    }

    private void run(StepContext ctx) {
        Optional<String> saved = ctx.checkpoint(LAG_CHECKPOINT);
        DBInstance now = RdsDatabase.findInstance(client, replicaId).orElseThrow(() -> new PreconditionFailedException(
                "the replica to promote must exist", "RDS instance '" + replicaId + "' was not found", null));
        Duration lag;
        boolean underWay = now.readReplicaSourceDBInstanceIdentifier() == null || !"available".equals(now.dbInstanceStatus());
        if (saved.isPresent() && underWay) {
            lag = Duration.parse(saved.get());
            ctx.progress("resuming: the promotion of '" + replicaId + "' was requested by an earlier run (status "
                    + now.dbInstanceStatus() + "); waiting for it");
        } else {
            checkReplica();
            lag = saved.map(Duration::parse).orElseGet(this::checkLag);
            // Saved BEFORE the call: a run that dies after it waits on resume instead of promoting again.
            ctx.saveCheckpoint(LAG_CHECKPOINT, lag.toString());
            String call = "PromoteReadReplica of RDS instance '" + replicaId + "'";
            try {
                client.promoteReadReplica(r -> r.dbInstanceIdentifier(replicaId).backupRetentionPeriod(backupRetentionDays));
            } catch (RdsException e) {
                if (AwsErrors.hasCode(e, "InvalidDBInstanceState", "InvalidDBInstanceStateFault")) {
                    throw new PreconditionFailedException("the replica must be promotable",
                            "RDS refused to promote '" + replicaId + "': " + AwsErrors.describe(e), null);
                }
                throw AwsCalls.failed(call, e);
            } catch (SdkException e) {
                throw AwsCalls.failed(call, e);
            }
            ctx.progress("promotion of '" + replicaId + "' requested; its lag was " + Durations.format(lag));
        }
        DBInstance ready = awaitWritable(ctx);
        if (ready.endpoint() == null || ready.endpoint().address() == null) {
            throw new TerminalStateException("RDS instance '" + replicaId + "' to be promoted",
                    "the instance is available but RDS gives no endpoint for it", 1, Duration.ZERO);
        }
        ctx.publish(endpointAddress, ready.endpoint().address());
        ctx.publish(endpointPort, ready.endpoint().port() == null ? 3306 : ready.endpoint().port());
        ctx.publish(instanceArn, ready.dbInstanceArn() == null ? "" : ready.dbInstanceArn());
        ctx.recordRpo(database.name(), lag);
    }

    private DBInstance awaitWritable(RunContext ctx) {
        String what = "RDS instance '" + replicaId + "' to be promoted (available and no longer a replica)";
        Wait<DBInstance> wait = Wait.<DBInstance>until(what, () -> AwsCalls.call("DescribeDBInstances of RDS instance '" + replicaId + "'",
                        () -> client.describeDBInstances(r -> r.dbInstanceIdentifier(replicaId)).dbInstances().get(0)))
                .withStateDescription(i -> "status " + i.dbInstanceStatus()
                        + (i.readReplicaSourceDBInstanceIdentifier() == null ? "" : ", still a replica of " + i.readReplicaSourceDBInstanceIdentifier()))
                .withAcceptor(Acceptor.successWhen(i -> "available".equals(i.dbInstanceStatus()) && i.readReplicaSourceDBInstanceIdentifier() == null))
                .withAcceptor(Acceptor.failureWhen(i -> RdsWaits.INSTANCE_TERMINAL.contains(i.dbInstanceStatus()),
                        i -> "instance status is '" + i.dbInstanceStatus() + "', from which it never becomes available"))
                .withAcceptor(Acceptor.retryOnError(AwsErrors::isTransient));
        return ctx.poller().await(wait, pollPolicy).value().orElseThrow(() -> new IllegalStateException("the wait for " + what
                + " succeeded without a value"));
    }

    /** The replica, when it is an available read replica of the protected source; refused otherwise. */
    private DBInstance checkReplica() {
        DBInstance r = RdsDatabase.findInstance(client, replicaId).orElseThrow(() -> new PreconditionFailedException(
                "the replica to promote must exist", "RDS instance '" + replicaId + "' was not found in " + region(), null));
        String source = r.readReplicaSourceDBInstanceIdentifier();
        String expected = database.instanceId();
        if (source == null) {
            throw new PreconditionFailedException("promote a read replica of the protected source",
                    "RDS instance '" + replicaId + "' is not a read replica (it may have been promoted already)",
                    "promote a replica of '" + expected + "', or restore instead");
        }
        if (!source.equals(expected) && !source.endsWith(":db:" + expected)) {
            throw new PreconditionFailedException("promote a read replica of the protected source",
                    "RDS instance '" + replicaId + "' is a read replica of '" + source + "', not of '" + expected + "'",
                    "name a replica of '" + expected + "'");
        }
        if (!"available".equals(r.dbInstanceStatus())) {
            throw new PreconditionFailedException("the replica must be available to be promoted",
                    "read replica '" + replicaId + "' is " + r.dbInstanceStatus() + "; RDS does not promote a replica that is backing-up,"
                            + " modifying or in any state but available", "wait until it is available");
        }
        return r;
    }

    private Duration checkLag() {
        Optional<Duration> lag;
        try {
            lag = lagSource.lagOf(replicaId);
        } catch (RuntimeException e) {
            throw new CallFailedException("read the replica lag of RDS instance '" + replicaId + "'", e);
        }
        if (lag == null || lag.isEmpty()) {
            throw new PreconditionFailedException("the replica lag must be known",
                    "no lag is known for read replica '" + replicaId + "' (no ReplicaLag data point: replication may be broken)",
                    "check the replica's replication status; a failover from it would lose an unknown amount of data");
        }
        if (lag.get().compareTo(maxLag) > 0) {
            throw new PreconditionFailedException("the replica lag must be at most the maximum lag",
                    "read replica '" + replicaId + "' lags " + Durations.format(lag.get()) + ", more than " + Durations.format(maxLag),
                    "wait until it catches up, or raise the maximum with withMaxLag(..)");
        }
        return lag.get();
    }

    private static String describe(DBInstance r) {
        return "read replica of " + r.readReplicaSourceDBInstanceIdentifier() + ", status " + r.dbInstanceStatus() + ", class "
                + r.dbInstanceClass();
    }

    private String region() {
        try {
            var r = client.serviceClientConfiguration().region();
            return r == null ? "the client's region" : "region " + r.id();
        } catch (RuntimeException e) {
            return "the client's region";
        }
    }

    @Override
    public String toString() {
        return "RdsReplicaPromotion[" + id + ": " + description() + "]";
    }

    /** Builds an {@link RdsReplicaPromotion}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final RdsDatabase database;
        private final String replicaId;
        private RdsClient replicaClient;
        private String id = DEFAULT_ID;
        private LagSource lagSource;
        private Duration maxLag = DEFAULT_MAX_LAG;
        private int backupRetentionDays = DEFAULT_BACKUP_RETENTION_DAYS;
        private PollPolicy pollPolicy = DEFAULT_POLL_POLICY;

        Builder(RdsDatabase database, String replicaId) {
            this.database = database;
            this.replicaId = replicaId;
        }

        private Builder(RdsReplicaPromotion p) {
            this(p.database, p.replicaId);
            this.replicaClient = p.client == p.database.client() ? null : p.client;
            this.id = p.id;
            this.lagSource = p.lagSource;
            this.maxLag = p.maxLag;
            this.backupRetentionDays = p.backupRetentionDays;
            this.pollPolicy = p.pollPolicy;
        }

        /**
         * The id of the fragment and its step; default {@value RdsReplicaPromotion#DEFAULT_ID}.
         *
         * @throws InvalidConfigurationException when it breaks the id rule, or is longer than 46 characters (so that
         *         {@code <id>.endpoint.address} fits in 63)
         */
        public Builder withId(String id) {
            this.id = AwsRules.fragmentId("promotion id", id, LONGEST_OUTPUT_SUFFIX);
            return this;
        }

        /**
         * The client of the replica's region, for a replica in another region than the source; default the
         * database's client.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withReplicaClient(RdsClient client) {
            this.replicaClient = AwsRules.notNull("replica client", client);
            return this;
        }

        /**
         * Where the replica's lag comes from: CloudWatch's {@code ReplicaLag} metric of the replica (the newest data
         * point), or {@code InMemoryRds::replicaLag} in tests. Required.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withReplicaLag(LagSource lagSource) {
            this.lagSource = AwsRules.notNull("replica lag source", lagSource);
            return this;
        }

        /**
         * The most lag a promotion accepts (the RPO objective of this database); default 5 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withMaxLag(Duration maxLag) {
            this.maxLag = AwsRules.positive("maximum replica lag", maxLag);
            return this;
        }

        /**
         * The automated backup retention of the promoted instance; default {@value RdsReplicaPromotion#DEFAULT_BACKUP_RETENTION_DAYS}.
         *
         * @throws InvalidConfigurationException when outside 1 to 35 (0 would promote an instance without backups)
         */
        public Builder withBackupRetention(int days) {
            if (days == 0) {
                throw new InvalidConfigurationException("backup retention of the promoted instance",
                        "must be 1 to 35 days: a promoted instance without automated backups cannot be restored; was 0");
            }
            this.backupRetentionDays = AwsRules.retentionDays("backup retention of the promoted instance", days);
            return this;
        }

        /**
         * How the wait for the promoted instance polls; default {@link RdsReplicaPromotion#DEFAULT_POLL_POLICY}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = AwsRules.notNull("promotion poll policy", pollPolicy);
            return this;
        }

        /**
         * The promotion.
         *
         * @throws InvalidConfigurationException when no lag source was given
         */
        public RdsReplicaPromotion build() {
            if (lagSource == null) {
                throw new InvalidConfigurationException("replica lag source",
                        "must be given: call withReplicaLag(..) with what reads CloudWatch's ReplicaLag of '" + replicaId + "'");
            }
            return new RdsReplicaPromotion(this);
        }
    }
}
