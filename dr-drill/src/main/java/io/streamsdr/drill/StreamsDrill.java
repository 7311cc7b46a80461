package io.streamsdr.drill;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.streamsdr.aws.rds.RdsReplicaPromotion;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.Drill;
import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.RestoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The Streams failover, composed from the providers: the recipe the local drill runs and the
 * README shows. Nothing in it is specific to the local parts but the objects {@link LocalStreams}
 * hands out; with real clients (an {@code RdsClient}, a fabric8 client on the real cluster, the
 * MSK clusters) the same lines fail over a real installation.
 */
public final class StreamsDrill {
    /** The instance the RDS restore creates. */
    public static final String RESTORED_DB = LocalStreams.RESTORED_DB;
    /** The objectives of the local drill: recover within 45 minutes, lose at most 15 minutes of data. */
    public static final Objectives OBJECTIVES = Objectives.none().withRto(Duration.ofMinutes(45)).withRpo(Duration.ofMinutes(15));

    /** How the drill recovers the database. */
    public enum RdsStrategy {
        /** Restore the newest snapshot into a new instance (the default). */
        RESTORE_SNAPSHOT,
        /**
         * Promote a read replica made before the disaster ({@link #prepare(Poller)}): the replica is instance
         * {@link #RESTORED_DB}, so the checks and the teardown are the same.
         */
        PROMOTE_REPLICA
    }

    private final LocalStreams streams;
    private final Objectives objectives;
    private final Installation installation;
    private final RdsStrategy rdsStrategy;
    private Failover failover;
    private RdsRestore rdsRestore;
    private PlanFragment databaseFragment;
    private PlanFragment namespaceRestore;
    private KafkaFailback failback;

    private StreamsDrill(LocalStreams streams, Objectives objectives, RdsStrategy rdsStrategy) {
        this.streams = streams;
        this.objectives = objectives;
        this.rdsStrategy = rdsStrategy;
        // README:drill-recipe:start
        // given: LocalStreams streams
        // Describe the installation once: each component and what protects it.
        Installation installation = Installation.named("streams")
                .protect(streams.database())          // RdsDatabase (dr-aws): snapshots, point in time
                .protect(streams.kafkaTarget())       // KafkaBackupTarget (dr-kafka): the mirror to the backup cluster
                .protect(streams.namespaceTarget())   // VeleroNamespaceTarget (dr-velero): backups of namespace streams
                .build();
        // README:drill-recipe:end
        this.installation = installation;
    }

    /** Composes the failover from the providers' steps; the Velero restore takes the newest backup there is now. */
    private void compose() {
        // README:drill-failover:start
        // given: LocalStreams streams; Installation installation; Objectives objectives
        // What each provider restores, as plan fragments (ids scope their steps and outputs; secrets travel with them).
        RdsRestore rdsRestore = streams.database().restoreFromLatestSnapshot().toInstance("streams-dr").build();
        Backup newest = streams.velero().backupsOf("streams").get(0);
        PlanFragment namespaceRestore = streams.velero().restoreStep("velero-restore", RestoreRequest.fromBackup(newest.name()).build());
        KafkaFailback failback = KafkaFailback.of(streams.forwardMirror()).to(streams.newProduction())
                .withMirrors(streams.mirrors())
                .withStableWindow(Duration.ofSeconds(30))
                .withPollPolicy(new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofSeconds(6)), Duration.ofHours(2)))
                .build();
        ReleaseUpgrade repoint = ReleaseUpgrade.of(streams.helm(), LocalStreams.RELEASE, streams.chart().toString())
                .withOverride("externalizedMariadb.host", rdsRestore.endpointAddress())
                .withOverride("externalizedKafka.bootstrapServers", failback.bootstrapServers())
                .withRolloutWait(Rollout.using(streams.client()));

        // The failover: three restores in parallel, ONE Helm upgrade, then the forward mirror again.
        Failover failover = installation.failover("streams-failover")
                .restore(namespaceRestore, rdsRestore.fragment(), failback.restoreSteps())
                .repoint(repoint.fragment("helm-upgrade"))
                .then(failback.resumeMirroringSteps())
                .withObjectives(objectives)
                .build();
        // README:drill-failover:end
        this.failover = failover;
        this.rdsRestore = rdsRestore;
        this.databaseFragment = rdsRestore.fragment();
        this.namespaceRestore = namespaceRestore;
        this.failback = failback;
        if (rdsStrategy == RdsStrategy.PROMOTE_REPLICA) {
            composeWithPromotion();
        }
    }

    /**
     * The same failover with one object changed: the database is recovered by promoting the read replica
     * {@link #RESTORED_DB} instead of restoring a snapshot; the re-point reads the promotion's endpoint. Its maximum lag
     * is the RPO objective.
     */
    private void composeWithPromotion() {
        RdsReplicaPromotion promote = streams.database().promoteReplica(RESTORED_DB).withReplicaLag(streams.rds()::replicaLag)
                .withMaxLag(objectives.rpo().orElse(RdsReplicaPromotion.DEFAULT_MAX_LAG)).build();
        StepOutput<String> endpoint = promote.endpointAddress();
        ReleaseUpgrade repoint = ReleaseUpgrade.of(streams.helm(), LocalStreams.RELEASE, streams.chart().toString())
                .withOverride("externalizedMariadb.host", endpoint)
                .withOverride("externalizedKafka.bootstrapServers", failback.bootstrapServers())
                .withRolloutWait(Rollout.using(streams.client()));
        this.failover = installation.failover("streams-failover")
                .restore(namespaceRestore, promote.fragment(), failback.restoreSteps())
                .repoint(repoint.fragment("helm-upgrade"))
                .then(failback.resumeMirroringSteps())
                .withObjectives(objectives)
                .build();
        this.databaseFragment = promote.fragment();
    }

    /** The recipe over {@code streams}, measured against {@code objectives}, restoring the database from a snapshot. */
    public static StreamsDrill of(LocalStreams streams, Objectives objectives) {
        return new StreamsDrill(streams, objectives, RdsStrategy.RESTORE_SNAPSHOT);
    }

    /** The recipe over {@code streams}, measured against {@code objectives}, recovering the database by {@code rdsStrategy}. */
    public static StreamsDrill of(LocalStreams streams, Objectives objectives, RdsStrategy rdsStrategy) {
        return new StreamsDrill(streams, objectives, java.util.Objects.requireNonNull(rdsStrategy, "rdsStrategy"));
    }

    /** How the database is recovered. */
    public RdsStrategy rdsStrategy() {
        return rdsStrategy;
    }

    /**
     * What the strategy needs before any disaster: for {@link RdsStrategy#PROMOTE_REPLICA}, the read replica
     * {@link #RESTORED_DB} of the production database, created and waited for until available (on {@code poller}).
     * Nothing for a snapshot restore.
     *
     * @return what was done, in words
     */
    public String prepare(Poller poller) {
        if (rdsStrategy != RdsStrategy.PROMOTE_REPLICA) {
            return "nothing to prepare: the database is restored from its newest snapshot";
        }
        streams.rds().createDBInstanceReadReplica(r -> r.dbInstanceIdentifier(RESTORED_DB).sourceDBInstanceIdentifier(LocalStreams.DB_INSTANCE));
        Instant start = poller.clock().instant();
        poller.await(io.streamsdr.core.Wait.<String>until("read replica '" + RESTORED_DB + "' to be available",
                () -> streams.rds().describeDBInstances(r -> r.dbInstanceIdentifier(RESTORED_DB)).dbInstances().get(0).dbInstanceStatus())
                .withAcceptor(io.streamsdr.core.Acceptor.successWhen("available"::equals)), PollPolicy.defaults().withTimeout(Duration.ofHours(1)));
        return "read replica '" + RESTORED_DB + "' of '" + LocalStreams.DB_INSTANCE + "' created and available after "
                + io.streamsdr.core.spi.Durations.format(Duration.between(start, poller.clock().instant())) + " (lag "
                + streams.rds().replicaLag(RESTORED_DB).map(io.streamsdr.core.spi.Durations::format).orElse("unknown") + ")";
    }

    /** The installation: RDS, Kafka and the namespace. */
    public Installation installation() {
        return installation;
    }

    /**
     * The failover plan, composed on the first call: make that call after the recovery points it
     * should restore from were taken, since the Velero restore uses the newest backup there is then.
     */
    public synchronized Failover failover() {
        if (failover == null) {
            compose();
        }
        return failover;
    }

    /** The RDS restore (its outputs name the restored endpoint); composes the failover if not yet done. */
    public synchronized RdsRestore rdsRestore() {
        failover();
        return rdsRestore;
    }

    /** The Kafka failback (its mirrors, once made); composes the failover if not yet done. */
    public synchronized KafkaFailback failback() {
        failover();
        return failback;
    }

    /**
     * The drill: the failover, then the evidence from data (when {@link LocalStreams#disaster()} captured the
     * baselines: rows and heartbeat of the database, records of Kafka, objects of the namespace, each compared
     * with what came back), then the post-restore checks (the restored database answers real SQL at the
     * endpoint Streams now uses; a sentinel record written to new production comes back through the
     * restarted forward mirror on the backup cluster; every deployment is ready and uses the
     * restored parts), then the teardown of what the drill made (the restarted mirror, the restored
     * instance, the restored release and namespace), each only when the step that made it ran: a
     * drill refused over a live installation leaves it alone.
     */
    public Drill.Builder drill() {
        Drill.Builder drill = failover().drill();
        List<DataCheck> checks = streams.dataChecks();
        List<DataBaseline> before = streams.baselines();
        for (int i = 0; i < before.size(); i++) {
            drill.withDataCheck(checks.get(i), before.get(i));
        }
        return drill
                .verify("restored database answers at the endpoint Streams uses", this::databaseAnswers)
                .verify("a sentinel record makes the round trip new production -> forward mirror -> backup",
                        () -> Sentinel.roundTrip(streams.newProduction(), streams.backup(), LocalStreams.TOPICS.get(0), Duration.ofSeconds(60)))
                .verify("every Streams deployment is ready and uses the restored parts", this::podsReady)
                .teardownIfRan(failback.resumeMirroringSteps(), "stop the restarted forward mirror",
                        () -> failback.mirrors().stopAll(Poller.system()))
                .teardownIfRan(databaseFragment, "delete the " + (rdsStrategy == RdsStrategy.PROMOTE_REPLICA ? "promoted" : "restored")
                        + " RDS instance '" + RESTORED_DB + "'", () -> {
                    if (streams.rds().describeDBInstances().dbInstances().stream().noneMatch(i -> i.dbInstanceIdentifier().equals(RESTORED_DB))) {
                        return "it was never created";
                    }
                    streams.rds().deleteDBInstance(r -> r.dbInstanceIdentifier(RESTORED_DB).skipFinalSnapshot(true));
                    return "deletion requested";
                })
                .teardownIfRan(namespaceRestore, "uninstall the restored release and delete namespace '" + LocalStreams.NAMESPACE + "'", () -> {
                    if (!streams.helm().history(LocalStreams.RELEASE).isEmpty()) {
                        streams.helm().uninstall(LocalStreams.RELEASE);
                    }
                    streams.kubernetes().deleteNamespace(LocalStreams.NAMESPACE);
                    return "release " + LocalStreams.RELEASE + " uninstalled, namespace deleted";
                });
    }

    private String databaseAnswers() {
        DBInstance db = streams.rds().describeDBInstances(r -> r.dbInstanceIdentifier(RESTORED_DB)).dbInstances().get(0);
        if (!"available".equals(db.dbInstanceStatus())) {
            throw new IllegalStateException("instance " + RESTORED_DB + " is " + db.dbInstanceStatus());
        }
        String host = db.endpoint().address();
        Map<String, String> env = env(LocalStreams.DEPLOYMENTS.get(0));
        if (!host.equals(env.get("DB_HOST"))) {
            throw new IllegalStateException("Streams uses DB_HOST=" + env.get("DB_HOST") + ", not the restored " + host);
        }
        return streams.databaseConnection().withEndpoint(host, db.endpoint().port()).answers() + ": instance " + RESTORED_DB
                + ", the host Streams uses (DB_HOST=" + host + ")";
    }

    private String podsReady() {
        List<String> notReady = Rollout.using(streams.client()).notReady(LocalStreams.RELEASE);
        if (!notReady.isEmpty()) {
            throw new IllegalStateException("not ready: " + notReady);
        }
        String host = streams.rds().describeDBInstances(r -> r.dbInstanceIdentifier(RESTORED_DB)).dbInstances().get(0).endpoint().address();
        List<String> wrong = new ArrayList<>();
        for (String d : LocalStreams.DEPLOYMENTS) {
            Map<String, String> env = env(d);
            if (!host.equals(env.get("DB_HOST")) || !streams.newProduction().bootstrapServers().equals(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                wrong.add(d + " " + env);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("not re-pointed: " + wrong);
        }
        return LocalStreams.DEPLOYMENTS.size() + " deployments ready (" + String.join(", ", LocalStreams.DEPLOYMENTS) + "), DB_HOST=" + host
                + ", KAFKA_BOOTSTRAP_SERVERS=" + streams.newProduction().bootstrapServers();
    }

    private Map<String, String> env(String deployment) {
        Deployment d = streams.client().apps().deployments().inNamespace(LocalStreams.NAMESPACE).withName(deployment).get();
        if (d == null) {
            throw new IllegalStateException("deployment " + deployment + " is missing");
        }
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
