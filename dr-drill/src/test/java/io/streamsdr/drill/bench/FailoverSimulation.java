package io.streamsdr.drill.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.aws.rds.RdsRestore;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.ReleaseUpgrade;
import io.streamsdr.helm.Rollout;
import io.streamsdr.kafka.KafkaFailback;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.helm.FakeHelm;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.velero.FakeVelero;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.RestoreRequest;
import io.streamsdr.velero.Velero;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The core of {@link FailoverRtoBenchmark}: the Streams failover on a {@link VirtualClock}, with the real
 * dr-aws RDS restore step against {@link InMemoryRds}, the real dr-velero restore step against
 * {@link FakeVelero} on a {@link MockCluster}, the real dr-helm re-point ({@link ReleaseUpgrade} with a
 * {@link Rollout} wait) against {@link FakeHelm} and {@link FakeRollouts}, and dr-kafka's failback steps
 * simulated from measured figures ({@link SimulatedKafkaFailback}).
 *
 * <p>The same step actions run in two shapes, each in a fresh world: {@link #planGraph() our plan}
 * (three branches in parallel, then one Helm upgrade) and {@link #runbookGraph() the runbook executed
 * step by step} (one chain).
 */
final class FailoverSimulation {
    static final String VELERO_RESTORE = "velero-restore";
    static final String RDS_RESTORE = "rds-restore";
    static final String HELM_UPGRADE = "helm-upgrade";
    static final String VERIFY = "verify";
    /** The Kafka failback's step ids and output, as dr-kafka names them for the default id "kafka". */
    static final String KAFKA_STOP_FORWARD = "kafka.stop-forward";
    static final String KAFKA_START_REVERSE = "kafka.start-reverse";
    static final String KAFKA_AWAIT_REVERSE = "kafka.await-reverse";
    static final String KAFKA_STOP_REVERSE = "kafka.stop-reverse";
    static final String KAFKA_VERIFY = "kafka.verify";
    static final String KAFKA_PUBLISH = "kafka.publish-bootstrap";
    static final String KAFKA_RESTART_FORWARD = "kafka.restart-forward";
    static final StepOutput<String> KAFKA_BOOTSTRAP = StepOutput.string("kafka.bootstrap-servers");
    static final ReleaseRef RELEASE = ReleaseRef.named("streams").inNamespace("streams");
    static final String CHART = "./charts/streams";
    static final String BACKUP = "streams-nightly";

    /**
     * The runbook's order, as an operator following the document runs it: the Kubernetes namespace first
     * (the Velero section says the old installation must be totally removed before the restore, and every
     * later command needs the namespace back), then the MariaDB section (restore, wait, endpoint), then the
     * Kafka section (stop MM2, reverse MM2, wait, stop, then reconfigure Streams with {@code helm upgrade},
     * validate, restart the forward MM2). The document has one {@code helm upgrade} per section; with the
     * same step actions as our plan it is the one upgrade setting both values.
     */
    static final List<String> RUNBOOK_ORDER = List.of(VELERO_RESTORE, RDS_RESTORE,
            KAFKA_STOP_FORWARD, KAFKA_START_REVERSE, KAFKA_AWAIT_REVERSE, KAFKA_STOP_REVERSE,
            KAFKA_VERIFY, KAFKA_PUBLISH, HELM_UPGRADE, KAFKA_RESTART_FORWARD, VERIFY);

    private FailoverSimulation() {
    }

    /**
     * The simulated latencies.
     *
     * @param rdsRestore        how long an RDS restore takes until {@code available} (InMemoryRds)
     * @param veleroRestore     how long a Velero restore stays {@code InProgress} (FakeVelero)
     * @param rollout           how long a rollout takes after the Helm upgrade (FakeRollouts)
     * @param kafkaRecords      the backlog the reverse mirror copies
     * @param kafkaCopyRate     records per second the reverse mirror copies, start-up included
     * @param kafkaVerifyRate   records per second the zero-loss verification gets through (both sides read in parallel)
     * @param mirrorStop        how long stopping a MirrorMaker 2 takes
     * @param mirrorStartup     how long the restarted forward MirrorMaker 2 takes to start
     * @param smokeTest         how long the final verification takes
     */
    record Latencies(Duration rdsRestore, Duration veleroRestore, Duration rollout, long kafkaRecords, double kafkaCopyRate,
            double kafkaVerifyRate, Duration mirrorStop, Duration mirrorStartup, Duration smokeTest) {

        /** The issue's: RDS 20 min, Velero 3 min, rollout 2 min, Kafka at the Kafka issue's measured rates. */
        static Latencies issue(long kafkaRecords) {
            return new Latencies(Duration.ofMinutes(20), Duration.ofMinutes(3), Duration.ofMinutes(2), kafkaRecords,
                    FailoverRtoBenchmark.MEASURED_COPY_RATE, FailoverRtoBenchmark.MEASURED_STEADY_RATE, Duration.ofSeconds(1),
                    Duration.ofMillis(FailoverRtoBenchmark.MEASURED_STARTUP_MS), Duration.ofSeconds(30));
        }

        Duration kafkaCopy() {
            return seconds(kafkaRecords / kafkaCopyRate);
        }

        Duration kafkaVerify() {
            return seconds(kafkaRecords / kafkaVerifyRate);
        }

        private static Duration seconds(double s) {
            return Duration.ofNanos((long) Math.ceil(s * 1e9));
        }

        /** Each step's simulated latency: what it takes when every wait sees the end the moment it happens. */
        Map<String, Duration> byStep() {
            Map<String, Duration> m = new LinkedHashMap<>();
            m.put(VELERO_RESTORE, veleroRestore);
            m.put(RDS_RESTORE, rdsRestore);
            m.put(KAFKA_STOP_FORWARD, mirrorStop);
            m.put(KAFKA_START_REVERSE, Duration.ZERO);
            m.put(KAFKA_AWAIT_REVERSE, kafkaCopy());
            m.put(KAFKA_STOP_REVERSE, mirrorStop);
            m.put(KAFKA_VERIFY, kafkaVerify());
            m.put(KAFKA_PUBLISH, Duration.ZERO);
            m.put(HELM_UPGRADE, rollout);
            m.put(KAFKA_RESTART_FORWARD, mirrorStartup);
            m.put(VERIFY, smokeTest);
            return m;
        }
    }

    /**
     * How each wait polls.
     *
     * @param name             shown in the output
     * @param rds              the RDS restore's policy while the instance is {@code creating} (after that, dr-aws
     *                         always uses {@link RdsDatabase#FINISHING_POLL_POLICY})
     * @param velero           the Velero restore wait's policy
     * @param rollout          the rollout wait's policy
     * @param kafka            the reverse mirror's "done" wait's policy
     * @param kafkaStableWindow how long the lag must stay 0
     */
    record Polls(String name, PollPolicy rds, PollPolicy velero, PollPolicy rollout, PollPolicy kafka, Duration kafkaStableWindow) {

        /** Each provider's defaults (KafkaFailback's: every 200 ms, 2 s stable window; copied, they are private there). */
        static Polls providerDefaults() {
            return new Polls("provider defaults", RdsDatabase.DEFAULT_POLL_POLICY, Velero.DEFAULT_POLL_POLICY, Rollout.DEFAULT_POLL_POLICY,
                    PollPolicy.defaults().withPollInterval(Duration.ofMillis(200), 1.0, Duration.ofMillis(200)).withTimeout(Duration.ofHours(2)),
                    Duration.ofSeconds(2));
        }

        /**
         * Tighter: RDS every 5 s while {@code creating}, Velero and rollout every 2 s, Kafka every 100 ms with no
         * stable window (the Kafka benchmark's settings). Each first look is at once: {@link FakeRollouts} starts a
         * rollout's clock at the first API request after the template changed, so a delayed first look would
         * lengthen the simulated rollout by the delay.
         */
        static Polls tight() {
            return new Polls("tight polls", every(Duration.ofSeconds(5), Duration.ofHours(2)), every(Duration.ofSeconds(2), Duration.ofHours(4)),
                    every(Duration.ofSeconds(2), Duration.ofMinutes(10)), every(Duration.ofMillis(100), Duration.ofHours(2)), Duration.ZERO);
        }

        /** {@link #tight()}, but RDS with its default policy (tight RDS polls do not help: see the benchmark's output). */
        static Polls tightExceptRds() {
            Polls t = tight();
            return new Polls("tight, RDS default", RdsDatabase.DEFAULT_POLL_POLICY, t.velero(), t.rollout(), t.kafka(), t.kafkaStableWindow());
        }

        private static PollPolicy every(Duration interval, Duration timeout) {
            return new PollPolicy(Duration.ZERO, Backoff.fixed(interval), timeout);
        }
    }

    /** One run of one shape. */
    record Run(PlanReport report, int rdsCalls, int kubernetesRequests, int lagLooks, Duration kafkaDetectionDelay) {
    }

    /** Our plan: velero-restore ∥ rds-restore ∥ the Kafka failback branch, then one Helm upgrade, then restart-forward, then verify. */
    static Map<String, List<String>> planGraph() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put(VELERO_RESTORE, List.of());
        g.put(RDS_RESTORE, List.of());
        g.put(KAFKA_STOP_FORWARD, List.of());
        g.put(KAFKA_START_REVERSE, List.of(KAFKA_STOP_FORWARD));
        g.put(KAFKA_AWAIT_REVERSE, List.of(KAFKA_START_REVERSE));
        g.put(KAFKA_STOP_REVERSE, List.of(KAFKA_AWAIT_REVERSE));
        g.put(KAFKA_VERIFY, List.of(KAFKA_STOP_REVERSE));
        g.put(KAFKA_PUBLISH, List.of(KAFKA_VERIFY));
        g.put(HELM_UPGRADE, List.of(VELERO_RESTORE, RDS_RESTORE, KAFKA_PUBLISH));
        g.put(KAFKA_RESTART_FORWARD, List.of(HELM_UPGRADE));
        g.put(VERIFY, List.of(KAFKA_RESTART_FORWARD));
        return g;
    }

    /** The runbook executed step by step: {@link #RUNBOOK_ORDER}, each step depending on the one before. */
    static Map<String, List<String>> runbookGraph() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        String previous = null;
        for (String id : RUNBOOK_ORDER) {
            g.put(id, previous == null ? List.of() : List.of(previous));
            previous = id;
        }
        return g;
    }

    /** The longest path through {@code graph} when each step takes its {@code latency}, first step to last. */
    static List<String> longestPath(Map<String, List<String>> graph, Map<String, Duration> latency) {
        Map<String, Duration> finish = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        for (String id : graph.keySet()) { // the graphs list dependencies before their dependents
            Duration start = Duration.ZERO;
            for (String dep : graph.get(id)) {
                if (finish.get(dep).compareTo(start) > 0) {
                    start = finish.get(dep);
                    via.put(id, dep);
                }
            }
            finish.put(id, start.plus(latency.get(id)));
        }
        String last = finish.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<String> path = new ArrayList<>();
        for (String s = last; s != null; s = via.get(s)) {
            path.add(0, s);
        }
        return path;
    }

    /** The sum of the latencies of {@code path}'s steps. */
    static Duration sum(List<String> path, Map<String, Duration> latency) {
        return path.stream().map(latency::get).reduce(Duration.ZERO, Duration::plus);
    }

    /** Sets up a fresh world on its own clock, runs {@code graph}'s steps as a plan on it, and returns the report and counts. */
    static Run run(String planName, Map<String, List<String>> graph, Latencies latencies, Polls polls) {
        VirtualClock clock = VirtualClock.create();
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            FakeRollouts.install(cluster, clock, latencies.rollout());
            FakeVelero.builder(cluster, clock).withRestoreDuration(latencies.veleroRestore()).install();
            FakeHelm helm = FakeHelm.create(clock).withCluster(client)
                    .withEnvFromValue("DB_HOST", "externalizedMariadb.host")
                    .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers");
            Velero velero = Velero.using(client).withPollPolicy(polls.velero());
            InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(latencies.rdsRestore()).build();
            beforeTheDisaster(clock, cluster, helm, velero, rds, latencies);

            // The disaster: the Streams namespace is gone (the database and the Kafka data survive in their backups).
            cluster.deleteNamespace(RELEASE.namespace());
            rds.resetCallCounts();
            int requestsBefore = cluster.requestCount();

            RdsRestore rdsRestore = RdsDatabase.builder(rds, "streams-db").build()
                    .restoreFromLatestSnapshot().toInstance("streams-dr").withPollPolicy(polls.rds()).build();
            SimulatedKafkaFailback kafka = new SimulatedKafkaFailback(latencies, polls.kafka(), polls.kafkaStableWindow());
            Map<String, Step.Builder> steps = new LinkedHashMap<>();
            // Each provider's one-step fragment, as a step this benchmark can rewire into either shape.
            steps.put(VELERO_RESTORE, velero.restoreStep(VELERO_RESTORE, RestoreRequest.fromBackup(BACKUP).build()).steps().get(0).toBuilder());
            steps.put(RDS_RESTORE, rdsRestore.fragment().steps().get(0).toBuilder());
            steps.putAll(kafka.steps());
            steps.put(HELM_UPGRADE, ReleaseUpgrade.of(helm, RELEASE, CHART)
                    .withOverride("externalizedMariadb.host", rdsRestore.endpointAddress())
                    .withOverride("externalizedKafka.bootstrapServers", KAFKA_BOOTSTRAP)
                    .withRolloutWait(Rollout.using(client).withPollPolicy(polls.rollout()))
                    .fragment(HELM_UPGRADE).steps().get(0).toBuilder());
            steps.put(VERIFY, Step.named(VERIFY)
                    .withDescription("smoke test: Streams runs against the restored database and new production Kafka")
                    .consumes(rdsRestore.endpointAddress(), KAFKA_BOOTSTRAP)
                    .withAction(ctx -> smokeTest(ctx, client, rdsRestore, latencies.smokeTest())));

            RestorePlan.Builder plan = RestorePlan.builder(planName);
            graph.forEach((id, deps) -> plan.withStep(steps.get(id).dependsOn(deps.toArray(new String[0]))));
            PlanReport report = plan.build().execute(RunOptions.defaults().withTime(clock, clock));
            return new Run(report, rds.calls(), cluster.requestCount() - requestsBefore, kafka.lagLooks(), kafka.detectionDelay());
        }
    }

    /** Streams installed with Helm and rolled out, a Completed Velero backup of its namespace, an RDS instance with a snapshot. */
    private static void beforeTheDisaster(VirtualClock clock, MockCluster cluster, FakeHelm helm, Velero velero, InMemoryRds rds,
            Latencies latencies) {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(RELEASE.namespace()).endMetadata().build()).create();
        client.configMaps().inNamespace(RELEASE.namespace()).resource(new ConfigMapBuilder().withNewMetadata().withName("streams-config")
                .endMetadata().addToData("mode", "production").build()).create();
        helm.install(InstallRequest.of(RELEASE, CHART).withValues(Map.of(
                "externalizedMariadb", Map.of("host", "streams-db.abc123.eu-west-1.rds.amazonaws.com", "port", 3306),
                "externalizedKafka", Map.of("bootstrapServers", "b-1.streams-prod.kafka.local:9092"))).build());
        clock.advance(latencies.rollout().plusMinutes(1));
        cluster.reconcile();
        velero.backup(BackupRequest.ofNamespace(RELEASE.namespace()).withName(BACKUP).build(), Poller.using(clock, clock));

        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7)
                .dbSubnetGroupName("private").vpcSecurityGroupIds("sg-0123abcd"));
        clock.advance(Duration.ofMinutes(10));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("streams-db-nightly"));
        clock.advance(Duration.ofMinutes(10));
    }

    /** Checks that the restored Deployment runs with both new endpoints, then takes the smoke test's time. */
    private static void smokeTest(StepContext ctx, KubernetesClient client, RdsRestore rdsRestore, Duration takes) {
        Deployment d = client.apps().deployments().inNamespace(RELEASE.namespace()).withName(RELEASE.name()).get();
        if (d == null) {
            throw new IllegalStateException("Deployment " + RELEASE + " is missing after the failover");
        }
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        String db = ctx.input(rdsRestore.endpointAddress());
        String kafka = ctx.input(KAFKA_BOOTSTRAP);
        if (!db.equals(env.get("DB_HOST")) || !kafka.equals(env.get("KAFKA_BOOTSTRAP_SERVERS"))) {
            throw new IllegalStateException("Streams is not re-pointed: DB_HOST=" + env.get("DB_HOST") + " (want " + db
                    + "), KAFKA_BOOTSTRAP_SERVERS=" + env.get("KAFKA_BOOTSTRAP_SERVERS") + " (want " + kafka + ")");
        }
        ctx.progress("Streams uses " + db + " and " + kafka);
        ctx.sleep(takes);
    }
}
