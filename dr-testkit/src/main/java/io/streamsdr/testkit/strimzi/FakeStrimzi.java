package io.streamsdr.testkit.strimzi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.testkit.k8s.MockCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Strimzi cluster operator for {@code kafka.strimzi.io/v1} {@code KafkaMirrorMaker2} resources on a
 * {@link MockCluster}: for each resource it runs what Strimzi runs, a real Kafka Connect worker (in this JVM,
 * REST on 127.0.0.1) configured from {@code spec.target}, with the real MirrorMaker 2 source and checkpoint
 * connectors of each {@code spec.mirrors[]} entry, named as Strimzi names them
 * ({@code <source>-><target>.MirrorSourceConnector}), between the clusters the resource names (in tests, the
 * embedded clusters of {@link io.streamsdr.testkit.kafka.EmbeddedKafka}). It reports status as Strimzi does:
 * {@code observedGeneration}, a {@code Ready} condition, {@code url}, {@code replicas}, {@code labelSelector}
 * and {@code connectors} (Connect's own status of each connector and task: RUNNING, STOPPED, FAILED with its
 * trace). A connector's {@code state} ({@code running}, {@code stopped}, {@code paused}) is applied through
 * Connect's REST API.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start(); FakeStrimzi strimzi = FakeStrimzi.install(cluster, Clock.systemUTC())) {
 *     Mirror forward = StrimziMirror.on(cluster.client(), "kafka", config);
 *     forward.start(Poller.system());   // Ready once the real connectors run
 *     mirroring(forward);               // the test's code
 * }
 * }</pre>
 *
 * <p>What it checks as Strimzi's operator does (the resource gets {@code Ready=False}, reason
 * {@code InvalidResourceException}): {@code spec.replicas}, {@code spec.target} and {@code spec.mirrors} present;
 * no {@code sasl.}, {@code ssl.} (but the four Strimzi allows), {@code security.}, {@code group.id}, storage topic,
 * {@code listeners}, {@code rest.}, {@code plugin.path} or interceptor setting in a cluster's {@code config}; no
 * {@code name}, {@code connector.class} or {@code tasks.max} in a connector's {@code config}. What it does not model:
 * pods (one worker runs whatever {@code replicas} says, and {@code status.replicas} echoes it), rolling updates,
 * auto-restart, connector offsets annotations, metrics, and real time: it polls the API server every
 * {@value #TICK_MS} ms on a daemon thread, since the connectors it runs are real.
 *
 * <p>Needs {@code org.apache.kafka:connect-runtime} and {@code connect-mirror} (optional dependencies of
 * dr-testkit) besides the mock cluster's. Thread-safe.
 */
public final class FakeStrimzi implements AutoCloseable {
    /** How often the fake looks at the API server and at its workers. */
    public static final long TICK_MS = 200;
    /** The resource, as the fake reads it. */
    public static final ResourceDefinitionContext KAFKA_MIRROR_MAKER_2 = new ResourceDefinitionContext.Builder()
            .withGroup("kafka.strimzi.io").withVersion("v1").withKind("KafkaMirrorMaker2").withPlural("kafkamirrormaker2s")
            .withNamespaced(true).build();
    private static final Logger LOG = LoggerFactory.getLogger(FakeStrimzi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final List<String> CLUSTER_CONFIG_FORBIDDEN = List.of("group.id", "config.storage.topic", "offset.storage.topic",
            "status.storage.topic", "ssl.", "sasl.", "security.", "listeners", "plugin.path", "rest.", "bootstrap.servers",
            "consumer.interceptor.classes", "producer.interceptor.classes");
    private static final Set<String> CLUSTER_CONFIG_ALLOWED_SSL = Set.of("ssl.endpoint.identification.algorithm", "ssl.cipher.suites",
            "ssl.protocol", "ssl.enabled.protocols");
    private static final List<String> CONNECTOR_CONFIG_FORBIDDEN = List.of("name", "connector.class", "tasks.max", "connector.plugin.version");

    private final KubernetesClient client;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger workersStarted = new AtomicInteger();
    private volatile boolean closed;

    /** One resource's Connect worker and what was last applied to it. */
    private static final class Worker {
        final String key;
        final Connect<?> connect;
        final URI rest;
        long appliedGeneration = -1;
        Map<String, Object> lastStatus = Map.of();

        Worker(String key, Connect<?> connect, URI rest) {
            this.key = key;
            this.connect = connect;
            this.rest = rest;
        }
    }

    private FakeStrimzi(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-strimzi-operator");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the operator on {@code cluster}: from now on it reconciles every {@code KafkaMirrorMaker2} in every
     * namespace. {@code clock} stamps the conditions' transition times (the operator's time; the connectors it runs
     * are real, so they run in real time whatever the clock says).
     *
     * @throws InvalidConfigurationException when {@code cluster} or {@code clock} is null, or Kafka Connect's
     *         artifacts are not on the class path (the message names them, with version and scope)
     */
    public static FakeStrimzi install(MockCluster cluster, Clock clock) {
        Check.notNull("mock cluster", cluster);
        Check.notNull("clock", clock);
        requireConnect(CONNECT, FakeStrimzi.class.getClassLoader());
        FakeStrimzi strimzi = new FakeStrimzi(cluster.client(), clock);
        strimzi.loop.scheduleWithFixedDelay(strimzi::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return strimzi;
    }

    /** Kafka Connect and MirrorMaker 2's connectors, in the Kafka version dr-testkit is built and tested with. */
    static final List<OptionalDependency> CONNECT = List.of(
            OptionalDependency.ofClass("org.apache.kafka.connect.runtime.Connect", "org.apache.kafka:connect-runtime", "4.3.1"),
            OptionalDependency.ofClass("org.apache.kafka.connect.mirror.MirrorSourceConnector", "org.apache.kafka:connect-mirror", "4.3.1"));

    /**
     * Fails, naming the artifacts to add, when one of {@code needs} is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when one or more are missing
     */
    static void requireConnect(List<OptionalDependency> needs, ClassLoader loader) {
        OptionalDependency.require("FakeStrimzi", OptionalDependency.Scope.TEST, "dr-testkit declares Kafka Connect optional; keep every"
                + " org.apache.kafka artifact on one version", needs, loader);
    }

    /** The REST URL of the Connect worker running a resource, while it runs. */
    public Optional<URI> restUrl(String namespace, String name) {
        return Optional.ofNullable(workers.get(namespace + "/" + name)).map(w -> w.rest);
    }

    /** How many Connect workers the operator has started so far (a worker restarts when {@code spec.target} changes). */
    public int workersStarted() {
        return workersStarted.get();
    }

    private void tick() {
        if (closed) {
            return;
        }
        List<GenericKubernetesResource> all;
        try {
            all = client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            LOG.debug("fake Strimzi could not list KafkaMirrorMaker2s", e);
            return;
        }
        Set<String> present = ConcurrentHashMap.newKeySet();
        for (GenericKubernetesResource r : all) {
            String key = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
            present.add(key);
            try {
                reconcile(key, r);
            } catch (RuntimeException e) {
                LOG.warn("fake Strimzi failed to reconcile KafkaMirrorMaker2 {}", key, e);
                writeStatus(r, notReady(r, e.getClass().getSimpleName(), String.valueOf(e.getMessage())));
            }
        }
        for (String key : List.copyOf(workers.keySet())) {
            if (!present.contains(key)) {
                stopWorker(workers.remove(key));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void reconcile(String key, GenericKubernetesResource r) {
        long generation = r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration();
        Map<String, Object> spec = map(r.getAdditionalProperties().get("spec"));
        Optional<String> invalid = validate(spec);
        if (invalid.isPresent()) {
            Worker w = workers.remove(key);
            stopWorker(w);
            writeStatus(r, notReady(r, "InvalidResourceException", invalid.get()));
            return;
        }
        String namespace = r.getMetadata().getNamespace();
        Map<String, Object> target = map(spec.get("target"));
        Map<String, String> workerProps = workerProperties(namespace, target);
        String workerKey = new TreeMap<>(workerProps).toString();
        Worker w = workers.get(key);
        if (w == null || !w.key.equals(workerKey)) {
            stopWorker(w);
            w = startWorker(workerKey, workerProps);
            workers.put(key, w);
        }
        List<Map<String, Object>> mirrors = (List<Map<String, Object>>) spec.get("mirrors");
        List<String> names = new ArrayList<>();
        for (Map<String, Object> mirror : mirrors) {
            Map<String, Object> source = map(mirror.get("source"));
            String flow = source.get("alias") + "->" + target.get("alias");
            for (String kind : List.of("MirrorSourceConnector", "MirrorCheckpointConnector")) {
                String name = flow + "." + kind;
                names.add(name);
                Map<String, Object> connectorSpec = map(mirror.get(kind.equals("MirrorSourceConnector") ? "sourceConnector" : "checkpointConnector"));
                if (w.appliedGeneration != generation) {
                    Map<String, String> config = connectorConfig(namespace, kind, source, target, mirror, connectorSpec);
                    rest(w, "PUT", "connectors/" + enc(name) + "/config", config, 200, 201);
                }
                applyState(w, name, String.valueOf(connectorSpec.getOrDefault("state", "running")));
            }
        }
        w.appliedGeneration = generation;
        List<Object> connectors = new ArrayList<>();
        for (String name : names) {
            HttpResponse<String> s = send(w, "GET", "connectors/" + enc(name) + "/status", null);
            if (s.statusCode() == 200) {
                connectors.add(parse(s.body()));
            }
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition("Ready", "True", null, null)));
        status.put("observedGeneration", generation);
        status.put("url", w.rest.toString());
        status.put("connectors", connectors);
        status.put("replicas", spec.get("replicas"));
        status.put("labelSelector", "strimzi.io/cluster=" + r.getMetadata().getName() + ",strimzi.io/name=" + r.getMetadata().getName()
                + "-mirrormaker2,strimzi.io/kind=KafkaMirrorMaker2");
        if (!withoutTimes(status).equals(withoutTimes(w.lastStatus)) || !withoutTimes(status).equals(withoutTimes(currentStatus(r)))) {
            if (writeStatus(r, status)) {
                w.lastStatus = status;
            }
        }
    }

    /** Resumes, stops or pauses the connector when Connect's state differs from the one asked. */
    @SuppressWarnings("unchecked")
    private void applyState(Worker w, String name, String desired) {
        HttpResponse<String> s = send(w, "GET", "connectors/" + enc(name) + "/status", null);
        if (s.statusCode() != 200) {
            return; // not started yet: next tick
        }
        String state = String.valueOf(map(parse(s.body()).get("connector")).get("state"));
        switch (desired) {
            case "stopped" -> {
                if (!state.equals("STOPPED")) {
                    rest(w, "PUT", "connectors/" + enc(name) + "/stop", null, 202, 204, 200);
                }
            }
            case "paused" -> {
                if (!state.equals("PAUSED")) {
                    rest(w, "PUT", "connectors/" + enc(name) + "/pause", null, 202, 204, 200);
                }
            }
            default -> {
                if (state.equals("STOPPED") || state.equals("PAUSED")) {
                    rest(w, "PUT", "connectors/" + enc(name) + "/resume", null, 202, 204, 200);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> validate(Map<String, Object> spec) {
        if (!(spec.get("replicas") instanceof Number)) {
            return Optional.of("spec.replicas is required");
        }
        if (!(spec.get("target") instanceof Map<?, ?> target)) {
            return Optional.of("spec.target is required");
        }
        if (!(spec.get("mirrors") instanceof List<?> mirrors) || mirrors.isEmpty()) {
            return Optional.of("spec.mirrors is required");
        }
        List<String> problems = new ArrayList<>();
        for (String field : List.of("alias", "bootstrapServers", "groupId", "configStorageTopic", "offsetStorageTopic", "statusStorageTopic")) {
            if (!(target.get(field) instanceof String)) {
                problems.add("spec.target." + field + " is required");
            }
        }
        problems.addAll(forbidden("spec.target.config", map(target.get("config")).keySet()));
        for (int i = 0; i < mirrors.size(); i++) {
            Map<String, Object> m = (Map<String, Object>) mirrors.get(i);
            problems.addAll(forbidden("spec.mirrors[" + i + "].source.config", map(map(m.get("source")).get("config")).keySet()));
            for (String c : List.of("sourceConnector", "checkpointConnector")) {
                for (String k : map(map(m.get(c)).get("config")).keySet()) {
                    if (CONNECTOR_CONFIG_FORBIDDEN.contains(k)) {
                        problems.add("spec.mirrors[" + i + "]." + c + ".config." + k + " cannot be set");
                    }
                }
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static List<String> forbidden(String where, Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (CLUSTER_CONFIG_ALLOWED_SSL.contains(k)) {
                continue;
            }
            for (String prefix : CLUSTER_CONFIG_FORBIDDEN) {
                if (k.startsWith(prefix)) {
                    out.add(where + "." + k + " cannot be set (prefix '" + prefix + "' is forbidden)");
                    break;
                }
            }
        }
        return out;
    }

    /** The Connect worker settings Strimzi derives from {@code spec.target}. */
    private Map<String, String> workerProperties(String namespace, Map<String, Object> target) {
        Map<String, String> p = new TreeMap<>();
        p.put("key.converter", BYTES);
        p.put("value.converter", BYTES);
        p.put("header.converter", BYTES);
        p.put("connector.client.config.override.policy", "All");
        map(target.get("config")).forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put("bootstrap.servers", String.valueOf(target.get("bootstrapServers")));
        p.put("group.id", String.valueOf(target.get("groupId")));
        p.put("config.storage.topic", String.valueOf(target.get("configStorageTopic")));
        p.put("offset.storage.topic", String.valueOf(target.get("offsetStorageTopic")));
        p.put("status.storage.topic", String.valueOf(target.get("statusStorageTopic")));
        p.put("plugin.discovery", "service_load");
        security(namespace, target).forEach(p::put);
        return p;
    }

    /** What Strimzi gives a connector: its class and tasks, the two clusters (addresses and security), the patterns, its config. */
    private Map<String, String> connectorConfig(String namespace, String kind, Map<String, Object> source, Map<String, Object> target,
            Map<String, Object> mirror, Map<String, Object> connectorSpec) {
        Map<String, String> c = new TreeMap<>();
        map(connectorSpec.get("config")).forEach((k, v) -> c.put(k, String.valueOf(v)));
        c.put("connector.class", "org.apache.kafka.connect.mirror." + kind);
        c.put("tasks.max", String.valueOf(connectorSpec.getOrDefault("tasksMax", 1)));
        c.put("source.cluster.alias", String.valueOf(source.get("alias")));
        c.put("target.cluster.alias", String.valueOf(target.get("alias")));
        c.put("source.cluster.bootstrap.servers", String.valueOf(source.get("bootstrapServers")));
        c.put("target.cluster.bootstrap.servers", String.valueOf(target.get("bootstrapServers")));
        map(source.get("config")).forEach((k, v) -> c.put("source.cluster." + k, String.valueOf(v)));
        security(namespace, source).forEach((k, v) -> c.put("source.cluster." + k, v));
        security(namespace, target).forEach((k, v) -> c.put("target.cluster." + k, v));
        if (mirror.get("topicsPattern") != null) {
            c.put("topics", String.valueOf(mirror.get("topicsPattern")));
        }
        if (mirror.get("groupsPattern") != null) {
            c.put("groups", String.valueOf(mirror.get("groupsPattern")));
        }
        return c;
    }

    /** {@code authentication} and {@code tls} as client settings, reading the Secrets they reference. */
    private Map<String, String> security(String namespace, Map<String, Object> cluster) {
        Map<String, String> p = new TreeMap<>();
        boolean tls = cluster.get("tls") instanceof Map<?, ?>;
        Map<String, Object> tlsSpec = map(cluster.get("tls"));
        Map<String, Object> auth = map(cluster.get("authentication"));
        String type = String.valueOf(auth.getOrDefault("type", ""));
        boolean sasl = type.startsWith("scram") || type.equals("plain") || (type.equals("custom") && Boolean.TRUE.equals(auth.get("sasl")));
        if (sasl) {
            p.put("security.protocol", tls ? "SASL_SSL" : "SASL_PLAINTEXT");
        } else if (tls) {
            p.put("security.protocol", "SSL");
        }
        if (tlsSpec.get("trustedCertificates") instanceof List<?> certs && !certs.isEmpty()) {
            StringBuilder pem = new StringBuilder();
            for (Object o : certs) {
                Map<String, Object> ref = map(o);
                pem.append(secretValue(namespace, String.valueOf(ref.get("secretName")), String.valueOf(ref.get("certificate"))));
            }
            p.put("ssl.truststore.type", "PEM");
            p.put("ssl.truststore.certificates", pem.toString());
        }
        if (type.startsWith("scram")) {
            Map<String, Object> ref = map(auth.get("passwordSecret"));
            String password = secretValue(namespace, String.valueOf(ref.get("secretName")), String.valueOf(ref.get("password")));
            p.put("sasl.mechanism", type.equals("scram-sha-512") ? "SCRAM-SHA-512" : "SCRAM-SHA-256");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + auth.get("username") + "\" password=\"" + password.replace("\"", "\\\"") + "\";");
        } else if (type.equals("custom")) {
            map(auth.get("config")).forEach((k, v) -> p.put(k, String.valueOf(v)));
        }
        return p;
    }

    private String secretValue(String namespace, String secret, String key) {
        io.fabric8.kubernetes.api.model.Secret s = client.secrets().inNamespace(namespace).withName(secret).get();
        if (s == null || s.getData() == null || !s.getData().containsKey(key)) {
            throw new InvalidConfigurationException("Secret '" + secret + "' in namespace " + namespace, "must hold the key '" + key + "'");
        }
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    private Worker startWorker(String key, Map<String, String> props) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new CallFailedException("pick a free loopback port for a Connect worker", e);
        }
        Map<String, String> p = new TreeMap<>(props);
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("rest.advertised.host.name", "127.0.0.1");
        Connect<?> connect = new ConnectDistributed().startConnect(p);
        workersStarted.incrementAndGet();
        return new Worker(key, connect, connect.rest().serverUrl());
    }

    private static void stopWorker(Worker w) {
        if (w != null) {
            w.connect.stop();
            w.connect.awaitStop();
        }
    }

    private Map<String, Object> notReady(GenericKubernetesResource r, String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>(currentStatus(r));
        status.put("conditions", List.of(condition("Ready", "False", reason, message)));
        status.put("observedGeneration", r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration());
        return status;
    }

    private Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("lastTransitionTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        if (reason != null) {
            c.put("reason", reason);
            c.put("message", message);
        }
        return c;
    }

    private static Map<String, Object> currentStatus(GenericKubernetesResource r) {
        return map(r.getAdditionalProperties().get("status"));
    }

    /** The status without transition times, to tell a change from a rewrite. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutTimes(Map<String, Object> status) {
        Map<String, Object> s = JSON.convertValue(status, new TypeReference<Map<String, Object>>() { });
        if (s.get("conditions") instanceof List<?> cs) {
            for (Object c : cs) {
                ((Map<String, Object>) c).remove("lastTransitionTime");
            }
        }
        if (s.get("connectors") instanceof List<?> cs) {
            for (Object c : cs) {
                Map<String, Object> m = (Map<String, Object>) c;
                map(m.get("connector")).remove("worker_id");
            }
        }
        return s;
    }

    private boolean writeStatus(GenericKubernetesResource r, Map<String, Object> status) {
        try {
            GenericKubernetesResource copy = JSON.convertValue(r, GenericKubernetesResource.class);
            copy.setAdditionalProperty("status", status);
            client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inNamespace(r.getMetadata().getNamespace()).resource(copy).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            LOG.debug("fake Strimzi could not write the status of {} (next tick)", r.getMetadata().getName(), e);
            return false;
        }
    }

    private Map<String, Object> rest(Worker w, String method, String path, Object body, int... ok) {
        HttpResponse<String> r = send(w, method, path, body);
        for (int code : ok) {
            if (r.statusCode() == code) {
                return r.body() == null || r.body().isBlank() ? Map.of() : parse(r.body());
            }
        }
        throw new CallFailedException("Connect REST " + method + " " + w.rest.resolve(path), new IOException("answered " + r.statusCode() + ": " + r.body()));
    }

    private HttpResponse<String> send(Worker w, String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(w.rest.resolve(path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailedException("Connect REST " + method + " " + w.rest.resolve(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Stops reconciling and stops every Connect worker (the resources stay in the mock cluster). */
    @Override
    public void close() {
        closed = true;
        loop.shutdown();
        try {
            loop.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String key : List.copyOf(workers.keySet())) {
            stopWorker(workers.remove(key));
        }
    }
}
