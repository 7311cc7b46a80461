package io.streamsdr.testkit.k8s;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode, on 127.0.0.1 and a free
 * port, that fakes can hook into. Before each request is answered, every
 * {@link #onEveryRequest hook} runs with the {@link ClusterStore} (under one lock), so a fake
 * controller brings the stored objects up to date with its clock first, and whoever polls sees a
 * state that follows virtual time.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start()) {
 *     KubernetesClient client = cluster.client();
 *     FakeVelero velero = FakeVelero.install(cluster, clock);
 *     examplesOn(cluster, client);                  // the test's code
 * }
 * }</pre>
 *
 * <p>Needs, with test scope, the fabric8 artifacts that dr-testkit declares optional:
 * {@code io.fabric8:kubernetes-server-mock}, {@code io.fabric8:kubernetes-client} and
 * {@code io.fabric8:kubernetes-httpclient-jdk} (versions from {@code io.fabric8:kubernetes-client-bom}).
 * When one is missing, {@link #start()} says which to add instead of failing inside fabric8.
 *
 * <p>Set the system property {@code streamsdr.mock.trace=true} to print each request and its status
 * code to standard error.
 *
 * <p>What it does not model (fabric8's mock): namespaces do not own their objects (use
 * {@link #deleteNamespace(String)} to delete like a real cluster), no garbage collection, no schema
 * validation, no controllers, no status subresource checks.
 */
public final class MockCluster implements AutoCloseable {
    /** Held so the level sticks: the mock logs every request at INFO. */
    private static final java.util.logging.Logger TRACE = java.util.logging.Logger.getLogger(MockCluster.class.getName());
    private static final java.util.logging.Logger MOCK_LOGGER = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private final KubernetesMockServer server;
    private final HookingDispatcher dispatcher;
    private final NamespacedKubernetesClient client;

    private static final class HookingDispatcher extends KubernetesCrudDispatcher {
        final ReentrantLock lock = new ReentrantLock();
        final List<Consumer<ClusterStore>> hooks = new CopyOnWriteArrayList<>();
        final List<RequestFilter> filters = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final ClusterStore store = new ClusterStore(this::raw);

        HookingDispatcher() {
            super(List.of());
        }

        /**
         * The server over this dispatcher, on loopback and a free port. Here, not in MockCluster, so that
         * MockCluster itself loads without fabric8 and can say what is missing.
         */
        KubernetesMockServer serve() {
            Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses = new HashMap<>();
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, this, false);
            MOCK_LOGGER.setLevel(java.util.logging.Level.WARNING);
            server.init(InetAddress.getLoopbackAddress(), 0);
            return server;
        }

        static NamespacedKubernetesClient clientOf(KubernetesMockServer server) {
            return server.createClient(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory());
        }

        private static MockResponse trace(RecordedRequest request, MockResponse response) {
            if (TRACE.isLoggable(java.util.logging.Level.FINE) || Boolean.getBoolean("streamsdr.mock.trace")) {
                System.err.println("[mock] " + request.getMethod() + " " + request.getPath() + " (" + request.getHeader("Content-Type")
                        + ") -> " + response.code());
            }
            return response;
        }

        MockResponse raw(RecordedRequest request) {
            return super.dispatch(request);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            lock.lock();
            try {
                for (Consumer<ClusterStore> hook : hooks) {
                    hook.accept(store);
                }
                for (RequestFilter f : filters) {
                    MockResponse r = f.filter(request, store, this::raw);
                    if (r != null) {
                        return trace(request, r);
                    }
                }
                return trace(request, super.dispatch(request));
            } catch (RuntimeException | Error e) {
                // An exception here would leave the request unanswered and the client hanging: answer 500.
                TRACE.log(java.util.logging.Level.WARNING, "mock API server failed on " + request.getMethod() + " " + request.getPath(), e);
                return new MockResponse().setResponseCode(500).setHeader("Content-Type", "application/json")
                        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,\"message\":\"mock API server: "
                                + String.valueOf(e).replace('"', '\'') + "\"}");
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Sees each request before the CRUD store answers it: returns a response to answer it itself,
     * or null to pass it on. The Helm-capable server uses this to decode protobuf bodies.
     */
    @FunctionalInterface
    public interface RequestFilter {
        /**
         * @param request the request
         * @param store   the stored objects
         * @param next    answers a (possibly rewritten) request from the CRUD store
         * @return a response, or null to let the store answer the original request
         */
        MockResponse filter(RecordedRequest request, ClusterStore store, java.util.function.Function<RecordedRequest, MockResponse> next);
    }

    private MockCluster() {
        this.dispatcher = new HookingDispatcher();
        this.server = dispatcher.serve();
        this.client = HookingDispatcher.clientOf(server);
    }

    /**
     * The fabric8 artifacts the mock server and its client need, each by a class it holds. dr-testkit
     * declares them optional, so a project that does not fake Kubernetes does not get them.
     */
    static final List<OptionalDependency> REQUIRED_ARTIFACTS = List.of(
            OptionalDependency.ofClass("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer", "io.fabric8:kubernetes-server-mock",
                    fabric8Version()),
            OptionalDependency.ofClass("io.fabric8.mockwebserver.MockWebServer", "io.fabric8:mockwebserver", fabric8Version()),
            OptionalDependency.ofClass("io.fabric8.kubernetes.client.KubernetesClient", "io.fabric8:kubernetes-client-api", fabric8Version()),
            OptionalDependency.ofClass("io.fabric8.kubernetes.client.impl.KubernetesClientImpl", "io.fabric8:kubernetes-client",
                    fabric8Version()),
            OptionalDependency.ofClass("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory", "io.fabric8:kubernetes-httpclient-jdk",
                    fabric8Version()));

    /**
     * Fails, naming the artifacts to add, when one of {@code needs} is not visible to {@code loader}.
     * fabric8 itself would fail later with "An error has occurred." and the missing class buried in its causes.
     *
     * @throws InvalidConfigurationException when one or more are missing
     */
    static void requireOnClasspath(List<OptionalDependency> needs, ClassLoader loader) {
        OptionalDependency.require("MockCluster", OptionalDependency.Scope.TEST, "dr-testkit declares its Kubernetes fakes' dependencies"
                + " optional; import io.fabric8:kubernetes-client-bom:" + FABRIC8_VERSION + " to align their versions", needs, loader);
    }

    /** The fabric8 version dr-testkit was built with. */
    static final String FABRIC8_VERSION = fabric8Version();

    private static String fabric8Version() {
        try (InputStream in = MockCluster.class.getResourceAsStream("fabric8.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("fabric8.version", "<the version in dr-testkit's pom>");
        } catch (IOException e) {
            return "<the version in dr-testkit's pom>";
        }
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @throws InvalidConfigurationException when fabric8's mock server, client or JDK HTTP client is not on
     *         the classpath; the message names the artifacts to add
     */
    public static MockCluster start() {
        requireOnClasspath(REQUIRED_ARTIFACTS, MockCluster.class.getClassLoader());
        return new MockCluster();
    }

    /**
     * Starts a server that real Helm can run against (helm-java, or a {@code helm} binary given
     * {@link #writeKubeconfig}): on top of {@link #start()}, it serves static discovery, answers in
     * JSON with typed list kinds, decodes the protobuf {@code Secret} and {@code DeleteOptions} bodies
     * of Helm's release storage, and applies strategic-merge patches. It serves no OpenAPI document:
     * install and upgrade with OpenAPI validation disabled. Limits: the patch merges lists of objects
     * by {@code name} only; no admission, schema validation or controllers (add
     * {@link FakeRollouts} for workload status; Helm's {@code --wait} would need ReplicaSets and Pods too).
     *
     * @throws InvalidConfigurationException as {@link #start()}
     */
    public static MockCluster startHelmCapable() {
        MockCluster cluster = start();
        cluster.withRequestFilter(new HelmCompat());
        return cluster;
    }

    /**
     * Writes a kubeconfig for this server (a token user, current context {@code mock}) into
     * {@code directory} and returns its path.
     *
     * @throws CallFailedException when the file cannot be written
     */
    public java.nio.file.Path writeKubeconfig(java.nio.file.Path directory) {
        String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: " + url()
                + "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n    user: mock\n"
                + "    namespace: default\ncurrent-context: mock\nusers:\n- name: mock\n  user:\n    token: mock-token\n";
        try {
            java.nio.file.Path file = directory.resolve("kubeconfig-mock");
            java.nio.file.Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new CallFailedException("write a kubeconfig for the mock API server into " + directory, e);
        }
    }

    /** A client for the server (closed with it). */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The server's URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /** Runs {@code hook} with the store before every request. Hooks must not call the server over HTTP. */
    public void onEveryRequest(Consumer<ClusterStore> hook) {
        dispatcher.hooks.add(hook);
    }

    /** Adds a filter that can answer requests before the CRUD store does (after the hooks). */
    public void withRequestFilter(RequestFilter filter) {
        dispatcher.filters.add(filter);
    }

    /** The stored objects, for direct reads and writes; hold {@link #lock()} while using it from a test thread. */
    public ClusterStore store() {
        return dispatcher.store;
    }

    /** The lock every request is answered under. */
    public ReentrantLock lock() {
        return dispatcher.lock;
    }

    /** How many requests the server has received (in-process store calls not counted). */
    public int requestCount() {
        return dispatcher.requests.get();
    }

    /** Runs the hooks now, as a request would (a fake controller catches up with its clock). */
    public void reconcile() {
        dispatcher.lock.lock();
        try {
            for (Consumer<ClusterStore> hook : dispatcher.hooks) {
                hook.accept(dispatcher.store);
            }
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /** The kinds {@link #deleteNamespace} removes, as API collection paths with {@code %s} for the namespace. */
    public static final List<String> NAMESPACED_COLLECTIONS = List.of(
            "/api/v1/namespaces/%s/configmaps", "/api/v1/namespaces/%s/secrets", "/api/v1/namespaces/%s/services",
            "/api/v1/namespaces/%s/serviceaccounts", "/api/v1/namespaces/%s/persistentvolumeclaims",
            "/api/v1/namespaces/%s/pods", "/apis/apps/v1/namespaces/%s/deployments",
            "/apis/apps/v1/namespaces/%s/statefulsets", "/apis/apps/v1/namespaces/%s/daemonsets");

    /**
     * Deletes a namespace as a real cluster does: the Namespace and every object of the common kinds
     * in it ({@link #NAMESPACED_COLLECTIONS}). fabric8's mock alone would leave the objects behind.
     * The hooks run first, so a fake Velero's schedule ticks due by now capture the namespace before it goes.
     */
    public void deleteNamespace(String namespace) {
        dispatcher.lock.lock();
        try {
            // Fakes catch up with their clock first, as they would before any API request.
            for (Consumer<ClusterStore> hook : dispatcher.hooks) {
                hook.accept(dispatcher.store);
            }
            ClusterStore store = dispatcher.store;
            for (String collection : NAMESPACED_COLLECTIONS) {
                String path = String.format(collection, namespace);
                for (Map<String, Object> item : store.list(path)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> meta = (Map<String, Object>) item.get("metadata");
                    store.delete(path + "/" + meta.get("name"));
                }
            }
            store.delete("/api/v1/namespaces/" + namespace);
        } finally {
            dispatcher.lock.unlock();
        }
    }

    /** Stops the server and closes the client. */
    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
