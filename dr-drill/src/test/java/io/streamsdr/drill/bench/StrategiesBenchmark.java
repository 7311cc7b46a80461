package io.streamsdr.drill.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsPrestagedInstance;
import io.streamsdr.aws.rds.RdsReplicaPromotion;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.drill.bench.FailoverSimulation.Latencies;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.helm.FakeHelm;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.velero.FakeVelero;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.NamespaceStandby;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recovery strategies side by side (issue 14), each a fresh world on a {@link VirtualClock} with the real
 * provider steps against the fakes: the database restored from a snapshot, its read replica promoted, or a
 * stopped pre-staged instance (restored from the snapshot by its scheduled refresh) started ({@link InMemoryRds}), the namespace restored by Velero or its passive standby scaled up ({@link FakeVelero},
 * {@link FakeRollouts}), then the one Helm re-point ({@link FakeHelm}). Printed per strategy: the RTO, its critical
 * path (the sum of the simulated latencies along the longest path), the RPO the steps recorded, and the standing
 * cost in instance-hours per month at a price passed in. Each strategy runs twice: the database and the namespace
 * alone, and the whole Streams failover with the Kafka failback of the failover benchmark.
 *
 * <p>Latencies: RDS restore 20 min, Velero restore 3 min, rollout 2 min (the failover benchmark's); promotion
 * {@value #PROMOTION_MINUTES} min, ASSUMED from AWS ("It can take several minutes to promote a read replica",
 * Amazon RDS User Guide, Working with DB instance read replicas; the reboot included); scale-up 2 min, ASSUMED
 * (Kubernetes' SLO is 5 s p99 for stateless pod start-up without image pulls, "Kubernetes scalability thresholds /
 * SLIs and SLOs"; the standby's nodes pull the images for the first time and readiness probes must pass, so the
 * failover benchmark's rollout time is used). Not a test: run with
 * {@code ./mvnw -B -q -o -Pbench-strategies -DskipTests verify -pl dr-drill -am}
 * ({@code -Dbench.price=0.272} USD per instance-hour, {@code -Dbench.kafka.records=30000000}).
 */
public final class StrategiesBenchmark {
    static final long PROMOTION_MINUTES = 5;
    static final Duration PROMOTION = Duration.ofMinutes(PROMOTION_MINUTES);
    static final Duration SCALE_UP = Duration.ofMinutes(2);
    /**
     * The start of a stopped pre-staged instance: 10 minutes, ASSUMED ({@link RdsPrestagedInstance#EXPECTED_TIME_STOPPED}).
     * AWS's "Starting an Amazon RDS DB instance that was previously stopped" (RDS User Guide) and the StartDBInstance
     * API reference give no duration; the instance goes {@code starting}, then {@code available}.
     */
    static final Duration PRESTAGED_START = RdsPrestagedInstance.EXPECTED_TIME_STOPPED;
    static final Duration REPLICA_LAG = Duration.ofSeconds(5);
    static final double HOURS_PER_MONTH = 730;
    static final ReleaseRef RELEASE = FailoverSimulation.RELEASE;
    static final String STANDBY_NS = "streams-standby";

    enum Database { RESTORE_SNAPSHOT, PROMOTE_REPLICA, PRESTAGED_STOPPED }

    enum Namespace { VELERO_RESTORE, PASSIVE_STANDBY }

    record Strategy(String name, Database database, Namespace namespace) {
    }

    record Result(Strategy strategy, boolean withKafka, PlanReport report, Duration criticalPath, List<String> path, double instancesStanding) {
    }

    private StrategiesBenchmark() {
    }

    /** One run of {@code s} in a fresh world. */
    static Result run(Strategy s, Latencies lat, boolean withKafka) {
        VirtualClock clock = VirtualClock.create();
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            FakeRollouts.install(cluster, clock, lat.rollout());
            FakeVelero.builder(cluster, clock).withRestoreDuration(lat.veleroRestore()).install();
            FakeHelm helm = FakeHelm.create(clock);
            Velero velero = Velero.using(client);
            InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(lat.rdsRestore()).withPromoteDuration(PROMOTION)
                    .withRebootDuration(Duration.ofMinutes(1)).withReplicaLag(REPLICA_LAG).withStartDuration(PRESTAGED_START)
                    .withAvailableInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7))
                    .build();
            RdsDatabase db = RdsDatabase.builder(rds, "streams-db").build();
            ReleaseRef release = s.namespace() == Namespace.PASSIVE_STANDBY ? ReleaseRef.named(RELEASE.name()).inNamespace(STANDBY_NS) : RELEASE;
            if (s.namespace() == Namespace.PASSIVE_STANDBY) {
                // the standby's release records (Helm keeps them in the namespace; the fake keeps them in memory)
                helm.install(InstallRequest.of(release, FailoverSimulation.CHART).withValues(values()).build());
            }
            helm.withCluster(client).withEnvFromValue("DB_HOST", "externalizedMariadb.host")
                    .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers");
            // Before the disaster: production installed and backed up, a snapshot, and what the strategy stages ahead.
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(RELEASE.namespace()).endMetadata().build()).create();
            helm.install(InstallRequest.of(RELEASE, FailoverSimulation.CHART).withValues(values()).build());
            clock.advance(lat.rollout().plusMinutes(1));
            cluster.reconcile();
            velero.backup(BackupRequest.ofNamespace(RELEASE.namespace()).withName(FailoverSimulation.BACKUP).build(), Poller.using(clock, clock));
            db.takeSnapshot("streams-db-nightly", Poller.using(clock, clock));
            NamespaceStandby standby = NamespaceStandby.builder(velero, RestoreRequest.fromBackup(FailoverSimulation.BACKUP)
                    .withNamespace(RELEASE.namespace()).withNamespaceMapping(RELEASE.namespace(), STANDBY_NS).build()).build();
            if (s.namespace() == Namespace.PASSIVE_STANDBY) {
                RestorePlan.builder("standby-refresh").withFragment(standby.refreshFragment()).build()
                        .execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();
            }
            RdsPrestagedInstance prestaged = db.prestaged("streams-db-standby").build();
            if (s.database() == Database.PRESTAGED_STOPPED) {
                RestorePlan.builder("prestaged-refresh").withFragment(prestaged.refreshFragment()).build()
                        .execute(RunOptions.defaults().withTime(clock, clock)).throwIfFailed();
            }
            if (s.database() == Database.PROMOTE_REPLICA) {
                rds.createDBInstanceReadReplica(r -> r.dbInstanceIdentifier("streams-db-replica").sourceDBInstanceIdentifier("streams-db"));
            }
            clock.advance(Duration.ofMinutes(30));
            cluster.reconcile();

            // The disaster: production's namespace is gone, the database failed.
            cluster.deleteNamespace(RELEASE.namespace());
            rds.forceInstanceStatus("streams-db", "failed");

            PlanFragment database;
            StepOutput<String> endpoint;
            String dbStep;
            if (s.database() == Database.RESTORE_SNAPSHOT) {
                RdsRestore restore = db.restoreFromLatestSnapshot().toInstance("streams-dr").withSourceSettings(RdsRestore.SourceSettings.IGNORE).build();
                database = restore.fragment();
                endpoint = restore.endpointAddress();
                dbStep = restore.id();
            } else if (s.database() == Database.PRESTAGED_STOPPED) {
                database = prestaged.fragment();
                endpoint = prestaged.endpointAddress();
                dbStep = prestaged.id();
            } else {
                RdsReplicaPromotion promote = db.promoteReplica("streams-db-replica").withReplicaLag(rds::replicaLag).build();
                database = promote.fragment();
                endpoint = promote.endpointAddress();
                dbStep = promote.id();
            }
            PlanFragment namespace = s.namespace() == Namespace.VELERO_RESTORE
                    ? velero.restoreStep(FailoverSimulation.VELERO_RESTORE, RestoreRequest.fromBackup(FailoverSimulation.BACKUP).build())
                    : standby.scaleUpFragment();
            Map<String, Duration> latency = new LinkedHashMap<>();
            latency.put(dbStep, switch (s.database()) {
                case RESTORE_SNAPSHOT -> lat.rdsRestore();
                case PROMOTE_REPLICA -> PROMOTION;
                case PRESTAGED_STOPPED -> PRESTAGED_START;
            });
            latency.put(namespace.id(), s.namespace() == Namespace.VELERO_RESTORE ? lat.veleroRestore() : SCALE_UP);
            Map<String, List<String>> graph = new LinkedHashMap<>();
            graph.put(dbStep, List.of());
            graph.put(namespace.id(), List.of());
            RestorePlan.Builder plan = RestorePlan.builder("failover-" + s.name()).withFragment(database).withFragment(namespace);
            ReleaseUpgrade repoint = ReleaseUpgrade.of(helm, release, FailoverSimulation.CHART).withOverride("externalizedMariadb.host", endpoint)
                    .withRolloutWait(Rollout.using(client));
            List<String> repointAfter = new ArrayList<>(List.of(dbStep, namespace.id()));
            if (withKafka) {
                SimulatedKafkaFailback kafka = new SimulatedKafkaFailback(lat, FailoverSimulation.Polls.providerDefaults().kafka(),
                        FailoverSimulation.Polls.providerDefaults().kafkaStableWindow());
                Map<String, Duration> k = lat.byStep();
                Map<String, List<String>> kg = FailoverSimulation.planGraph();
                kafka.steps().forEach((id, step) -> {
                    if (!id.equals(FailoverSimulation.KAFKA_RESTART_FORWARD)) { // after the re-point: not part of the RTO here
                        plan.withStep(step.dependsOn(kg.get(id).toArray(String[]::new)));
                        latency.put(id, k.get(id));
                        graph.put(id, kg.get(id));
                    }
                });
                repoint = repoint.withOverride("externalizedKafka.bootstrapServers", FailoverSimulation.KAFKA_BOOTSTRAP);
                repointAfter.add(FailoverSimulation.KAFKA_PUBLISH);
            }
            plan.withStep(repoint.fragment(FailoverSimulation.HELM_UPGRADE).steps().get(0).toBuilder().dependsOn(repointAfter.toArray(String[]::new)));
            latency.put(FailoverSimulation.HELM_UPGRADE, lat.rollout());
            graph.put(FailoverSimulation.HELM_UPGRADE, repointAfter);
            ReleaseRef r = release;
            plan.withStep(Step.named(FailoverSimulation.VERIFY).dependsOn(FailoverSimulation.HELM_UPGRADE).consumes(endpoint).withAction(ctx -> {
                Deployment d = client.apps().deployments().inNamespace(r.namespace()).withName(r.name()).get();
                String host = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getName().equals("DB_HOST")).findFirst().orElseThrow().getValue();
                if (!host.equals(ctx.input(endpoint)) || d.getStatus().getReadyReplicas() == null || d.getStatus().getReadyReplicas() < 1) {
                    throw new IllegalStateException("Streams is not re-pointed and ready: DB_HOST=" + host + ", status " + d.getStatus());
                }
                ctx.sleep(lat.smokeTest());
            }));
            latency.put(FailoverSimulation.VERIFY, lat.smokeTest());
            graph.put(FailoverSimulation.VERIFY, List.of(FailoverSimulation.HELM_UPGRADE));
            PlanReport report = plan.build().execute(RunOptions.defaults().withTime(clock, clock));
            if (!report.succeeded()) {
                throw new IllegalStateException("strategy " + s.name() + " failed:\n" + report.toText(), report.failure().orElse(null));
            }
            List<String> path = FailoverSimulation.longestPath(graph, latency);
            return new Result(s, withKafka, report, FailoverSimulation.sum(path, latency), path,
                    s.database() == Database.PROMOTE_REPLICA ? 1 : 0);
        }
    }

    private static Map<String, Object> values() {
        return Map.of("externalizedMariadb", Map.of("host", "streams-db.abc123.eu-west-1.rds.amazonaws.com", "port", 3306),
                "externalizedKafka", Map.of("bootstrapServers", "b-1.streams-prod.kafka.local:9092"));
    }

    static String fmt(Duration d) {
        return io.streamsdr.core.spi.Durations.format(d);
    }

    /** Prints the table. */
    public static void main(String[] args) {
        double price = Double.parseDouble(System.getProperty("bench.price", "0.272"));
        long records = Long.getLong("bench.kafka.records", 30_000_000L);
        Latencies lat = Latencies.issue(records);
        List<Strategy> strategies = List.of(
                new Strategy("restore-from-snapshot", Database.RESTORE_SNAPSHOT, Namespace.VELERO_RESTORE),
                new Strategy("promote-replica.velero", Database.PROMOTE_REPLICA, Namespace.VELERO_RESTORE),
                new Strategy("promote-replica.standby", Database.PROMOTE_REPLICA, Namespace.PASSIVE_STANDBY),
                new Strategy("prestaged-stopped.standby", Database.PRESTAGED_STOPPED, Namespace.PASSIVE_STANDBY));
        System.out.printf(Locale.ROOT, "Recovery strategies, simulated (virtual time): RDS restore %s, Velero restore %s, rollout %s, promotion %s"
                + " (ASSUMED, AWS), scale-up %s (ASSUMED, Kubernetes), start of a stopped pre-staged instance " + fmt(PRESTAGED_START)
                + " (ASSUMED: AWS gives no figure), replica lag %s; price %.3f USD per instance-hour, %d records in the Kafka"
                + " failback%n%n", fmt(lat.rdsRestore()), fmt(lat.veleroRestore()), fmt(lat.rollout()), fmt(PROMOTION), fmt(SCALE_UP),
                fmt(REPLICA_LAG), price, records);
        for (boolean withKafka : List.of(false, true)) {
            System.out.println(withKafka ? "The whole Streams failover (database, namespace, Kafka failback, one Helm re-point):"
                    : "Database and namespace, then the Helm re-point (Kafka's failback not on the plan):");
            System.out.printf(Locale.ROOT, "  %-26s %10s %14s %8s %10s %10s %22s %s%n", "strategy", "RTO", "critical path", "RTO/cp",
                    "RPO rds", "RPO ns", "standing cost /month", "critical path steps");
            List<Result> results = new ArrayList<>();
            for (Strategy s : strategies) {
                Result r = run(s, lat, withKafka);
                results.add(r);
                Map<String, Duration> rpo = r.report().rpo();
                double hours = r.instancesStanding() * HOURS_PER_MONTH;
                System.out.printf(Locale.ROOT, "  %-26s %10s %14s %8.3f %10s %10s %22s %s%n", s.name(), fmt(r.report().rto()), fmt(r.criticalPath()),
                        seconds(r.report().rto()) / seconds(r.criticalPath()), fmt(rpo.getOrDefault("rds streams-db", Duration.ZERO)),
                        rpo.entrySet().stream().filter(e -> e.getKey().startsWith("namespace")).map(e -> fmt(e.getValue())).findFirst().orElse("-"),
                        s.database() == Database.PRESTAGED_STOPPED ? "0 h + storage (stopped)"
                                : String.format(Locale.ROOT, "%.0f h = %.2f USD", hours, hours * price), String.join(" -> ", r.path()));
            }
            Result base = results.get(0);
            Result goal = results.get(2);
            double ratio = seconds(goal.report().rto()) / seconds(base.report().rto());
            double own = seconds(goal.report().rto()) / seconds(goal.criticalPath());
            System.out.printf(Locale.ROOT, "  goal: promote-replica.standby RTO / restore-from-snapshot RTO = %.3f (goal <= 0.333: %s);"
                    + " RTO / its critical path = %.3f (goal <= 1.05: %s)%n%n", ratio, ratio <= 1.0 / 3 ? "MET" : "MISSED", own,
                    own <= 1.05 ? "MET" : "MISSED");
        }
        System.out.println("Standing cost: a read replica runs all month (730 h) at the instance price (storage and cross-region transfer"
                + " extra); a stopped pre-staged instance is charged for its storage and backups, not instance-hours (ASSUMED from AWS's"
                + " stop/start page; AWS starts it again after 7 days, the nightly refresh stops it); a standby namespace scaled to zero"
                + " runs no pod (its objects and volumes only).");
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
