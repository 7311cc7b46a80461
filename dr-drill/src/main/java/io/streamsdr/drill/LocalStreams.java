package io.streamsdr.drill;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.aws.data.MariaDbConnection;
import io.streamsdr.aws.data.MariaDbDataCheck;
import io.streamsdr.aws.data.MariaDbHeartbeat;
import io.streamsdr.aws.rds.RdsDatabase;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Secret;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Check;
import io.streamsdr.helm.Helm;
import io.streamsdr.helm.HelmJava;
import io.streamsdr.helm.OpenApiValidation;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.kafka.KafkaBackupTarget;
import io.streamsdr.kafka.KafkaCluster;
import io.streamsdr.kafka.KafkaDataCheck;
import io.streamsdr.kafka.Mirror;
import io.streamsdr.kafka.MirrorConfig;
import io.streamsdr.kafka.MirrorMonitor;
import io.streamsdr.testkit.ScaledClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import io.streamsdr.testkit.k8s.FakeRollouts;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.testkit.velero.FakeVelero;
import io.streamsdr.velero.Backup;
import io.streamsdr.velero.BackupRequest;
import io.streamsdr.velero.NamespaceDataCheck;
import io.streamsdr.velero.NamespaceHeartbeat;
import io.streamsdr.velero.Velero;
import io.streamsdr.velero.VeleroNamespaceTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.model.DBInstance;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * A whole Streams installation on loopback, for a failover drill, made of real parts where they are
 * cheap and faithful fakes where they are not, all on one {@link ScaledClock}:
 * <ul>
 *   <li><b>Kafka</b>: three real single-node KRaft clusters in this JVM: {@code production},
 *       {@code backup} and {@code new-production} (the rebuilt, empty cluster a failback copies onto);
 *       the real MirrorMaker 2 mirrors production → backup, watched by a {@link KafkaBackupTarget};
 *       a producer has written records (stamped with the drill's clock) over {@link #TOPICS}, and
 *       consumer group {@link #CONSUMER_GROUP} has read and committed them, all mirrored before
 *       {@link #start} returns; then, until the disaster, Streams keeps writing one record every
 *       {@link #LIVE_EVERY} of real time, so the mirror is never idle.</li>
 *   <li><b>RDS</b>: dr-testkit's {@link InMemoryRds} on the clock whose instances are real MariaDB servers
 *       ({@link MariaDbEngine}), with instance {@link #DB_INSTANCE} (automated backups on, an available automated
 *       snapshot) and a dr-aws {@link RdsDatabase} for it; restores take 20 simulated minutes unless set, and load
 *       the snapshot's dump into a new server on a loopback address of its own. Streams' tables {@code orders} and
 *       {@code events} hold a first batch of rows; until the disaster one order, one event and one heartbeat
 *       ({@link MariaDbHeartbeat}) are written every {@link #LIVE_EVERY} of real time.</li>
 *   <li><b>Kubernetes</b>: dr-testkit's Helm-capable {@link MockCluster} with the fake Velero
 *       controller (restores take 3 simulated minutes) and fake rollouts (2 simulated minutes); the
 *       real Helm engine (helm-java) has installed a small "streams" chart as release
 *       {@link #RELEASE} pointing at production's bootstrap servers and {@link #DB_INSTANCE}'s
 *       endpoint, plus a ConfigMap {@value #SETTINGS} and the namespace's heartbeat ({@link NamespaceHeartbeat}, beaten
 *       every simulated minute until the disaster); a Velero backup of namespace {@link #NAMESPACE} has completed.</li>
 * </ul>
 * Real parts take real seconds and the fakes take simulated minutes, so at the default factor of 60
 * a 20-minute RDS restore and a Kafka failback of a few real seconds run side by side in one plan
 * and report in one unit. {@link #disaster()} then reads production's data for the drill's evidence
 * ({@link #dataChecks()}: rows, records, objects and their heartbeats) and breaks what a failover
 * recovers from.
 *
 * <pre>{@code
 * try (LocalStreams streams = LocalStreams.builder(Path.of("target/local-drill")).start()) {
 *     streams.disaster();
 *     RestorePlan plan = ...; // RDS restore, Velero restore, Kafka failback, one Helm upgrade
 *     PlanReport report = plan.execute(RunOptions.defaults().withTime(streams.clock(), streams.clock()));
 * }
 * }</pre>
 *
 * <p>Everything listens on 127.0.0.1 only. {@link #close()} stops every part in reverse order, also
 * the mirrors made through {@link #mirrors()}, and removes the run's directory. Thread-safe.
 */
public final class LocalStreams implements AutoCloseable {
    /** The default speed of simulated time: a real second is a simulated minute. */
    public static final double DEFAULT_FACTOR = 60;
    /** The Kubernetes namespace Streams is installed in. */
    public static final String NAMESPACE = "streams";
    /** The Helm release of Streams. */
    public static final ReleaseRef RELEASE = ReleaseRef.named("streams").inNamespace(NAMESPACE);
    /** The Deployments the release runs. */
    public static final List<String> DEPLOYMENTS = StreamsChart.DEPLOYMENTS;
    /** The production database's RDS instance id. */
    public static final String DB_INSTANCE = "streams-db";
    /** Streams' topics: 3 partitions each, mirrored to the backup. */
    public static final List<String> TOPICS = List.of("streams.events", "streams.audit");
    /** Partitions per topic. */
    public static final int PARTITIONS = 3;
    /** The consumer group that has read every record on production. */
    public static final String CONSUMER_GROUP = "streams-app";
    /** The Helm value that holds the database host. */
    public static final String DB_HOST_VALUE = "externalizedMariadb.host";
    /** The Helm value that holds Kafka's bootstrap servers. */
    public static final String KAFKA_BOOTSTRAP_VALUE = "externalizedKafka.bootstrapServers";
    /** Status the production database is forced into by {@link #disaster()}. */
    public static final String FAILED_DB_STATUS = "failed";
    /** How often, in real time, the running Streams writes a record to production until the disaster. */
    public static final Duration LIVE_EVERY = Duration.ofMillis(200);
    /** Streams' database on {@link #DB_INSTANCE}, and its master user. */
    public static final String DATABASE = "streams";
    /** The tables Streams writes, each row stamped in {@code created_at}. */
    public static final List<String> TABLES = List.of("orders", "events");
    /** A ConfigMap of Streams' own (not the chart's), in {@link #NAMESPACE}. */
    public static final String SETTINGS = "streams-settings";
    /** The id of the instance the drill restores the database into. */
    public static final String RESTORED_DB = "streams-dr";

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final PollPolicy MIRROR_POLICY = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(200)), Duration.ofMinutes(2));

    private final ScaledClock clock;
    private final Poller poller;
    private final Path runDirectory;
    private final int recordCount;
    private final Duration rdsRestoreDuration;
    private final Duration veleroRestoreDuration;
    private final Duration rolloutTime;
    private final List<Mirror> mirrors = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Duration> startupTimes = Collections.synchronizedMap(new LinkedHashMap<>());

    private volatile RunningKafka production;
    private volatile RunningKafka backup;
    private volatile RunningKafka newProduction;
    private volatile Mirror forward;
    private volatile KafkaBackupTarget kafkaTarget;
    private volatile Map<String, Long> recordsPerTopic = Map.of();
    private volatile long recordsConsumed;
    private volatile InMemoryRds rds;
    private volatile MariaDbEngine engine;
    private volatile MariaDbConnection databaseConnection;
    private volatile DatabaseTraffic databaseTraffic;
    private volatile Thread namespaceBeats;
    private volatile List<DataBaseline> baselines = List.of();
    private final Secret databasePassword = Secret.of("streams-" + UUID.randomUUID());
    private volatile RdsDatabase database;
    private volatile String oldDatabaseHost;
    private volatile MockCluster kubernetes;
    private volatile Velero velero;
    private volatile Helm helm;
    private volatile Path chart;
    private volatile Backup namespaceBackup;
    private volatile Instant disasterAt;
    private volatile LiveTraffic live;
    private boolean closed;

    private LocalStreams(Builder b, Path runDirectory, ScaledClock clock) {
        this.clock = clock;
        this.poller = Poller.using(clock, clock);
        this.runDirectory = runDirectory;
        this.recordCount = b.records;
        this.rdsRestoreDuration = b.rdsRestoreDuration;
        this.veleroRestoreDuration = b.veleroRestoreDuration;
        this.rolloutTime = b.rolloutTime;
    }

    /**
     * Starts configuring a local Streams whose files (Kafka data, the chart, the kubeconfig) go into a
     * new directory under {@code baseDirectory}, removed again by {@link #close()}.
     *
     * @throws InvalidConfigurationException when {@code baseDirectory} is null
     */
    public static Builder builder(Path baseDirectory) {
        return new Builder(Check.notNull("base directory", baseDirectory));
    }

    // ------------------------------------------------------------------ start

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-streams-start");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<Void> rdsReady = CompletableFuture.runAsync(() -> timed("rds", this::startRds), pool);
            CompletableFuture<RunningKafka> prod = CompletableFuture.supplyAsync(() -> kafka("production"), pool);
            CompletableFuture<RunningKafka> bak = CompletableFuture.supplyAsync(() -> kafka("backup"), pool);
            CompletableFuture<RunningKafka> newProd = CompletableFuture.supplyAsync(() -> kafka("new-production"), pool);
            CompletableFuture<Void> k8s = prod.thenAcceptBothAsync(rdsReady,
                    (p, ignored) -> timed("kubernetes, helm install, velero backup", () -> startKubernetes(p.cluster())), pool);
            production = join(prod);
            backup = join(bak);
            newProduction = join(newProd);
            startupTimes.put("kafka clusters", Duration.ofNanos(System.nanoTime() - t0));
            timed("records and forward mirror", this::startTraffic);
            live = LiveTraffic.start(production.cluster(), clock, TOPICS.get(0), LIVE_EVERY);
            join(k8s);
            join(rdsReady);
            databaseTraffic.start(LIVE_EVERY);
            namespaceBeats = beatNamespace();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        startupTimes.put("total", Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A cluster of dr-testkit's embedded-KRaft fixture, with the {@link KafkaCluster} that describes it. */
    private record RunningKafka(EmbeddedKafka fixture, KafkaCluster cluster) {
        boolean isRunning() {
            return fixture.isRunning();
        }

        void stop() {
            fixture.stop();
        }
    }

    private RunningKafka kafka(String alias) {
        EmbeddedKafka fixture = EmbeddedKafka.named(alias).withDirectory(runDirectory.resolve("kafka").resolve(alias)).start();
        RunningKafka k = new RunningKafka(fixture, KafkaCluster.named(alias).withBootstrapServers(fixture.bootstrapServers()).build());
        synchronized (this) {
            switch (alias) {
                case "production" -> production = k;
                case "backup" -> backup = k;
                default -> newProduction = k;
            }
        }
        return k;
    }

    private void startRds() {
        engine = MariaDbEngine.start(runDirectory.resolve("mariadb"));
        rds = InMemoryRds.builder(clock).withCreateDuration(Duration.ofMinutes(1)).withRestoreDuration(rdsRestoreDuration).withEngine(engine)
                .build();
        // Available at once, as if created earlier, with its first automated snapshot: a real MariaDB server with Streams' database.
        DBInstance ready = rds.createAvailableInstance(r -> r.dbInstanceIdentifier(DB_INSTANCE).engine("mariadb").engineVersion(MariaDbEngine.VERSION)
                .dbInstanceClass("db.t3.medium").allocatedStorage(50).backupRetentionPeriod(7).masterUsername(DATABASE)
                .masterUserPassword(databasePassword.reveal()).dbName(DATABASE)
                .dbSubnetGroupName("streams-db-subnets").vpcSecurityGroupIds("sg-0streams0db").dbParameterGroupName("streams-mariadb"));
        database = RdsDatabase.builder(rds, DB_INSTANCE).withName("rds").build();
        oldDatabaseHost = ready.endpoint().address();
        databaseConnection = MariaDbConnection.to(ready.endpoint().address(), ready.endpoint().port()).database(DATABASE).user(DATABASE)
                .password(databasePassword);
        databaseTraffic = DatabaseTraffic.prepare(databaseConnection, heartbeat(), clock, initialRows());
    }

    private int initialRows() {
        return Math.max(1, Math.min(1_000, recordCount / 10));
    }

    /** The database's heartbeat: one row per beat, kept a day. */
    public MariaDbHeartbeat heartbeat() {
        return MariaDbHeartbeat.on(databaseConnection).withInterval(Duration.ofSeconds(12)).withWriter("streams");
    }

    private void startKubernetes(KafkaCluster productionCluster) {
        kubernetes = MockCluster.startHelmCapable();
        FakeVelero.builder(kubernetes, clock).withRestoreDuration(veleroRestoreDuration).install();
        FakeRollouts.install(kubernetes, clock, rolloutTime);
        KubernetesClient client = kubernetes.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        chart = StreamsChart.writeTo(runDirectory.resolve("charts").resolve("streams"));
        helm = HelmJava.create().withKubeConfig(kubernetes.writeKubeconfig(runDirectory)).withOpenApiValidation(OpenApiValidation.DISABLED);
        helm.install(InstallRequest.of(RELEASE, chart.toString()).withValues(Map.of(
                "externalizedMariadb", Map.of("host", oldDatabaseHost),
                "externalizedKafka", Map.of("bootstrapServers", productionCluster.bootstrapServers()),
                "featureFlag", "on")).build());
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(SETTINGS).endMetadata()
                .addToData("featureFlag", "on").addToData("retentionDays", "30").build()).create();
        NamespaceHeartbeat.in(client, NAMESPACE).beat(clock);
        velero = Velero.using(client);
        namespaceBackup = velero.backup(BackupRequest.ofNamespace(NAMESPACE).build(), poller);
    }

    private void startTraffic() {
        production.fixture().createTopics(PARTITIONS, TOPICS.toArray(String[]::new));
        forward = mirrors().apply(MirrorConfig.from(production.cluster()).to(backup.cluster())
                .withReplicationFactor(1).withInternalReplicationFactor(1)
                .withRefreshInterval(Duration.ofSeconds(1)).withOffsetFlushInterval(Duration.ofMillis(500))
                // Once production is lost, stopping MM2 waits on calls to it: Connect's connector shutdown
                // timeout (5 s, fixed) and then the worker's graceful task timeout (default 5 s; 1 s here). At 60x
                // every real second of that shows as a simulated minute of the failback's first step.
                .withProperty(backup.cluster().alias() + ".task.shutdown.graceful.timeout.ms", "1000")
                .build());
        forward.start(Poller.system());
        recordsPerTopic = Map.copyOf(StreamsTraffic.produce(production.cluster(), clock, TOPICS, recordCount));
        recordsConsumed = StreamsTraffic.consumeToEnd(production.cluster(), CONSUMER_GROUP, TOPICS);
        try (MirrorMonitor monitor = MirrorMonitor.of(forward)) {
            monitor.awaitDone(Poller.system(), MIRROR_POLICY, Duration.ZERO);
            monitor.awaitGroupsTranslated(Poller.system(), MIRROR_POLICY);
        }
        kafkaTarget = KafkaBackupTarget.watching(MirrorMonitor.of(forward)).withName("kafka")
                .withMaxLag(Duration.ofMinutes(5)).build();
    }

    /** Beats the namespace's heartbeat every simulated minute until the disaster. */
    private Thread beatNamespace() {
        NamespaceHeartbeat heartbeat = NamespaceHeartbeat.in(kubernetes.client(), NAMESPACE);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    poller.sleep(Duration.ofMinutes(1));
                    heartbeat.beat(clock);
                } catch (RuntimeException e) {
                    return; // interrupted by the disaster or close()
                }
            }
        }, "streams-namespace-heartbeat");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void timed(String phase, Runnable work) {
        long start = System.nanoTime();
        work.run();
        startupTimes.put(phase, Duration.ofNanos(System.nanoTime() - start));
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ the disaster

    /**
     * What the drill recovers from. First, production still readable, the baselines of every
     * {@link #dataChecks() data check} are captured on the drill's clock ({@link #baselines()}); then, all at
     * once: Streams stops writing, the production Kafka cluster is lost (its broker
     * shut down; the forward mirror is left running against it, for the failback's first step to
     * stop), namespace {@link #NAMESPACE} is deleted with everything in it (Helm's release records
     * too), and the production database becomes unusable (its status forced to
     * {@value #FAILED_DB_STATUS}; its snapshots remain, so it is restored into a new instance).
     *
     * @throws IllegalStateException when the disaster has already happened or this is closed
     */
    public synchronized void disaster() {
        if (closed) {
            throw new IllegalStateException("local Streams is closed");
        }
        if (disasterAt != null) {
            throw new IllegalStateException("the disaster already happened at " + disasterAt);
        }
        disasterAt = clock.instant();
        // Streams stops writing: what the forward mirror had not copied yet, and the rows after the last snapshot, are lost
        live.close();
        databaseTraffic.close();
        namespaceBeats.interrupt();
        try {
            namespaceBeats.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Production is still readable: the baselines are read now, each taken at the disaster's instant (reading takes real
        // seconds, which on the drill's clock would otherwise count as data loss).
        RunContext atDisaster = atDisaster();
        List<DataBaseline> captured = new ArrayList<>();
        for (DataCheck check : dataChecks()) {
            captured.add(check.capture(atDisaster));
        }
        baselines = List.copyOf(captured);
        production.stop();
        kubernetes.deleteNamespace(NAMESPACE);
        rds.forceInstanceStatus(DB_INSTANCE, FAILED_DB_STATUS);
    }

    /**
     * The evidence checks of the three components, each named as its backup target: {@code rds} (tables
     * {@link #TABLES} row by row and the heartbeat, production against instance {@link #RESTORED_DB}),
     * {@code kafka} (the records of {@link #TOPICS}, production against new production) and
     * {@code namespace streams} (its objects; the chart's {@code streams-endpoints} ConfigMap is what the
     * failover re-points, so it is compared for presence only).
     */
    public List<DataCheck> dataChecks() {
        MariaDbDataCheck.Builder rows = MariaDbDataCheck.builder("rds", databaseConnection).withHeartbeat(heartbeat())
                .restoredAt(() -> {
                    DBInstance restored = rds.describeDBInstances(r -> r.dbInstanceIdentifier(RESTORED_DB)).dbInstances().get(0);
                    return databaseConnection.withEndpoint(restored.endpoint().address(), restored.endpoint().port());
                });
        TABLES.forEach(t -> rows.withTable(t, "created_at"));
        return List.of(rows.build(),
                KafkaDataCheck.builder("kafka", production.cluster()).restoredOn(newProduction.cluster()).withTopics("streams\\..*").build(),
                NamespaceDataCheck.builder("namespace " + NAMESPACE, kubernetes.client(), NAMESPACE).withRepointed("ConfigMap/streams-endpoints")
                        .build());
    }

    /** What {@link #disaster()} captured of each data check, in the order of {@link #dataChecks()}; empty before. */
    public List<DataBaseline> baselines() {
        return baselines;
    }

    /** The drill's context with its now held at the disaster: the baselines' time. */
    private RunContext atDisaster() {
        java.time.Clock fixed = java.time.Clock.fixed(disasterAt, ZoneOffset.UTC);
        RunContext run = RunContext.of(poller);
        return new RunContext() {
            @Override
            public java.time.Clock clock() {
                return fixed;
            }

            @Override
            public Poller poller() {
                return run.poller();
            }

            @Override
            public void progress(String message) {
                run.progress(message);
            }

            @Override
            public void protect(Secret secret) {
                run.protect(secret);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }

    /** When {@link #disaster()} struck, on the drill's clock. */
    public Optional<Instant> disasterAt() {
        return Optional.ofNullable(disasterAt);
    }

    // ------------------------------------------------------------------ accessors

    /** The clock everything simulated runs on; give it to the plan run as clock and sleeper. */
    public ScaledClock clock() {
        return clock;
    }

    /** A poller on {@link #clock()}. */
    public Poller poller() {
        return poller;
    }

    /** The run's directory (Kafka data, chart, kubeconfig), removed by {@link #close()}. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The production Kafka cluster (lost by {@link #disaster()}). */
    public KafkaCluster production() {
        return production.cluster();
    }

    /** Whether the production Kafka cluster still runs. */
    public boolean productionRunning() {
        return production.isRunning();
    }

    /** The backup Kafka cluster, which the forward mirror fills. */
    public KafkaCluster backup() {
        return backup.cluster();
    }

    /** The rebuilt, empty production cluster a failback copies the backup onto. */
    public KafkaCluster newProduction() {
        return newProduction.cluster();
    }

    /** MirrorMaker 2 production → backup, running in this JVM. */
    public Mirror forwardMirror() {
        return forward;
    }

    /**
     * Makes in-process mirrors that {@link #close()} stops: give it to
     * {@code KafkaFailback...withMirrors(streams.mirrors())} so that the reverse and the restarted
     * forward mirror do not outlive the drill.
     */
    public Function<MirrorConfig, Mirror> mirrors() {
        return config -> {
            Mirror m = Mirror.inProcess(config);
            mirrors.add(m);
            return m;
        };
    }

    /** Kafka as a backup target: RPO is the forward mirror's lag, on the drill's clock. */
    public KafkaBackupTarget kafkaTarget() {
        return kafkaTarget;
    }

    /** Records written to production at start-up, in all (see also {@link #liveRecordsWritten()}). */
    public long recordsWritten() {
        return recordsPerTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Records the running Streams wrote to production after start-up, one every {@link #LIVE_EVERY} of
     * real time, until the disaster; the last few may not have reached the backup.
     */
    public long liveRecordsWritten() {
        LiveTraffic l = live;
        return l == null ? 0 : l.acknowledged();
    }

    /** Records written to production, per topic. */
    public Map<String, Long> recordsPerTopic() {
        return recordsPerTopic;
    }

    /** Records {@link #CONSUMER_GROUP} read on production before it committed. */
    public long recordsConsumed() {
        return recordsConsumed;
    }

    /** The MariaDB servers behind the in-memory RDS. */
    public MariaDbEngine engine() {
        return engine;
    }

    /** Streams' production database ({@link #DATABASE} on {@link #DB_INSTANCE}), its password a {@link Secret}. */
    public MariaDbConnection databaseConnection() {
        return databaseConnection;
    }

    /** Orders written to the production database (as many events), the first batch included. */
    public long rowsWritten() {
        DatabaseTraffic t = databaseTraffic;
        return t == null ? 0 : t.rowsWritten();
    }

    /** The in-memory RDS, on the drill's clock. */
    public InMemoryRds rds() {
        return rds;
    }

    /** The production database as dr-aws sees it; give its calls the drill's time ({@code RunContext.of(poller())}). */
    public RdsDatabase database() {
        return database;
    }

    /** The production database's endpoint address, which the release was installed with. */
    public String oldDatabaseHost() {
        return oldDatabaseHost;
    }

    /** The mock Kubernetes API server (Helm-capable, with the fake Velero and fake rollouts). */
    public MockCluster kubernetes() {
        return kubernetes;
    }

    /** A client for {@link #kubernetes()}. */
    public KubernetesClient client() {
        return kubernetes.client();
    }

    /** Velero through {@link #client()}; outside plan steps, pass it {@link #poller()} to wait on the drill's clock. */
    public Velero velero() {
        return velero;
    }

    /** Namespace {@link #NAMESPACE} as a Velero backup target. */
    public VeleroNamespaceTarget namespaceTarget() {
        return velero.namespaceTarget(NAMESPACE);
    }

    /** The completed Velero backup of {@link #NAMESPACE} taken at start. */
    public Backup namespaceBackup() {
        return namespaceBackup;
    }

    /** The real Helm engine (helm-java) on {@link #kubernetes()}, OpenAPI validation off (the mock serves none). */
    public Helm helm() {
        return helm;
    }

    /** The streams chart's directory, as installed. */
    public Path chart() {
        return chart;
    }

    /** The three things a failover restores, as backup targets: the database, Kafka and the namespace. */
    public List<BackupTarget> backupTargets() {
        return List.of(database, kafkaTarget, namespaceTarget());
    }

    /**
     * How long each part of the start took in real time (phases overlap: the RDS and Kubernetes run
     * alongside the Kafka clusters), in the order they ended, then {@code total}.
     */
    public Map<String, Duration> startupTimes() {
        synchronized (startupTimes) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(startupTimes));
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Stops everything in reverse order: the traffic, the mirrors (those made through {@link #mirrors()} too),
     * the Kafka target's clients, the Kubernetes mock, every MariaDB server, the three Kafka clusters; then removes the
     * run's directory. Every part is closed even when one fails; the first failure is thrown with
     * the others suppressed. Does nothing the second time.
     *
     * @throws IllegalStateException when a part could not be closed
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Exception> failures = new ArrayList<>();
        attempt(failures, () -> {
            if (live != null) {
                live.close();
            }
        });
        attempt(failures, () -> {
            if (databaseTraffic != null) {
                databaseTraffic.close();
            }
        });
        attempt(failures, () -> {
            if (namespaceBeats != null) {
                namespaceBeats.interrupt();
                namespaceBeats.join(10_000);
            }
        });
        List<Mirror> ms;
        synchronized (mirrors) {
            ms = new ArrayList<>(mirrors);
        }
        Collections.reverse(ms);
        for (Mirror m : ms) {
            attempt(failures, () -> m.stop(Poller.system()));
        }
        attempt(failures, () -> {
            if (kafkaTarget != null) {
                kafkaTarget.close();
            }
        });
        attempt(failures, () -> {
            if (kubernetes != null) {
                kubernetes.close();
            }
        });
        attempt(failures, () -> {
            if (engine != null) {
                engine.close(); // every MariaDB server the drill started, the restored one too
            }
        });
        for (RunningKafka k : new RunningKafka[] {newProduction, backup, production}) {
            attempt(failures, () -> {
                if (k != null) {
                    k.stop();
                }
            });
        }
        attempt(failures, () -> deleteTree(runDirectory));
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("could not close local Streams cleanly: " + failures.get(0).getMessage(),
                    failures.get(0));
            failures.subList(1, failures.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    private interface Closing {
        void run() throws Exception;
    }

    private static void attempt(List<Exception> failures, Closing closing) {
        try {
            closing.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String toString() {
        return "LocalStreams[" + runDirectory + ", " + clock + (disasterAt == null ? "" : ", after the disaster") + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Configures a {@link LocalStreams}. Not thread-safe. */
    public static final class Builder {
        private final Path baseDirectory;
        private ScaledClock clock;
        private int records = 20_000;
        private Duration rdsRestoreDuration = Duration.ofMinutes(20);
        private Duration veleroRestoreDuration = Duration.ofMinutes(3);
        private Duration rolloutTime = Duration.ofMinutes(2);

        private Builder(Path baseDirectory) {
            this.baseDirectory = baseDirectory;
        }

        /**
         * The clock everything simulated runs on; default {@code ScaledClock.start(60)} when {@link #start()} is called.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withClock(ScaledClock clock) {
            this.clock = Check.notNull("clock", clock);
            return this;
        }

        /**
         * How many records the producer writes to production before the drill; default 20,000.
         *
         * @throws InvalidConfigurationException when negative
         */
        public Builder withRecords(int records) {
            if (records < 0) {
                throw new InvalidConfigurationException("records", "must not be negative, was " + records);
            }
            this.records = records;
            return this;
        }

        /**
         * How long an RDS restore takes until {@code available}, on the drill's clock; default 20 minutes.
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withRdsRestoreDuration(Duration duration) {
            this.rdsRestoreDuration = Check.positive("RDS restore duration", duration);
            return this;
        }

        /**
         * How long a Velero restore stays {@code InProgress}, on the drill's clock; default 3 minutes.
         *
         * @throws InvalidConfigurationException when null or negative
         */
        public Builder withVeleroRestoreDuration(Duration duration) {
            this.veleroRestoreDuration = Check.notNegative("Velero restore duration", duration);
            return this;
        }

        /**
         * How long a Deployment takes to roll out, on the drill's clock; default 2 minutes.
         *
         * @throws InvalidConfigurationException when null or negative
         */
        public Builder withRolloutTime(Duration rolloutTime) {
            this.rolloutTime = Check.notNegative("rollout time", rolloutTime);
            return this;
        }

        /**
         * Starts everything and returns when production's records are mirrored, the consumer group's
         * offsets translated, the release installed and the namespace backed up. On failure, what was
         * started is stopped again.
         *
         * @throws IllegalStateException when a part cannot be started (the cause says which)
         * @throws UncheckedIOException  when the run's directory cannot be created
         */
        public LocalStreams start() {
            ScaledClock runClock = clock != null ? clock : ScaledClock.start(DEFAULT_FACTOR);
            Path run = baseDirectory.toAbsolutePath().resolve("run-" + RUN_ID.format(runClock.instant()));
            try {
                Files.createDirectories(run);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the run directory " + run, e);
            }
            LocalStreams streams = new LocalStreams(this, run, runClock);
            try {
                streams.startAll();
                return streams;
            } catch (Exception | Error e) {
                try {
                    streams.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("could not start local Streams: " + e.getMessage(), e);
            }
        }
    }
}
