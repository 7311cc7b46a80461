package io.streamsdr.kafka;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.internal.OffsetsTopic;
import io.streamsdr.kafka.internal.Rules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * A MirrorMaker 2 flow run by Strimzi: a {@code kafka.strimzi.io/v1} {@code KafkaMirrorMaker2} resource that
 * this handle creates, starts and stops through the Kubernetes API (fabric8's generic resources; no Strimzi
 * model on the class path). The resource carries what {@link MirrorConfig} makes for the other engines:
 * {@code spec.target} and one {@code spec.mirrors[]} entry, the topic and group patterns, the replication
 * factors, the offset flush interval, read_committed, exactly-once when asked, the tasks; credentials go in
 * {@code authentication} and {@code tls}, never in {@code config} (Strimzi forbids it): a SCRAM password is put in
 * a Kubernetes Secret the resource references, a truststore becomes a CA certificate Secret, MSK IAM a
 * {@code custom} SASL authentication.
 *
 * <pre>{@code
 * Mirror forward = StrimziMirror.on(client, "kafka", MirrorConfig.from(prod).to(backup).build()).withReplicas(2);
 * KafkaFailback failback = KafkaFailback.of(forward).to(newProd)
 *     .withMirrors(c -> StrimziMirror.on(client, "kafka", c))   // the reverse and restarted mirrors on Strimzi too
 *     .build();
 * }</pre>
 *
 * <p>Ready means {@code status.observedGeneration == metadata.generation}, a {@code Ready=True} condition and
 * every connector (and task) in {@code status.connectors} RUNNING; a FAILED connector or task fails the wait at
 * once with its trace. {@link #stop(Poller)} sets both connectors' {@code state: stopped} (Connect keeps their
 * configuration and offsets) and waits until they are STOPPED; {@link #start(Poller)} sets {@code running}.
 * "Done" is read from the committed offsets in the Connect offsets topic on the target, through the Kafka
 * clients, as for the other engines. Strimzi v1 has no heartbeat connector: {@link Heartbeats} does not apply.
 * Connector names are Strimzi's: {@code <source>-><target>.MirrorSourceConnector} and
 * {@code <source>-><target>.MirrorCheckpointConnector}.
 *
 * <p>Needs {@code io.fabric8:kubernetes-client} (an optional dependency of dr-kafka). Thread-safe; immutable
 * apart from the offsets reader it keeps open.
 */
public final class StrimziMirror implements Mirror {
    /** The resource, addressed without discovery. */
    public static final ResourceDefinitionContext KAFKA_MIRROR_MAKER_2 = new ResourceDefinitionContext.Builder()
            .withGroup("kafka.strimzi.io").withVersion("v1").withKind("KafkaMirrorMaker2").withPlural("kafkamirrormaker2s")
            .withNamespaced(true).build();
    /** The Kafka version asked of Strimzi unless told otherwise: the one this library's MirrorMaker 2 is. */
    public static final String DEFAULT_VERSION = "4.3.1";
    /** The longest resource name: Strimzi's pods are {@code <name>-mirrormaker2-<n>}, within 63 characters. */
    public static final int MAX_NAME_LENGTH = 45;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    private final KubernetesClient client;
    private final String namespace;
    private final MirrorConfig config;
    private final String name;
    private final int replicas;
    private final String version;
    private final Duration readyTimeout;
    private OffsetsTopic offsets;

    private StrimziMirror(KubernetesClient client, String namespace, MirrorConfig config, String name, int replicas, String version,
            Duration readyTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.config = config;
        this.name = name;
        this.replicas = replicas;
        this.version = version;
        this.readyTimeout = readyTimeout;
    }

    /**
     * The flow of {@code config} as a {@code KafkaMirrorMaker2} named {@code <source>-<target>-mm2} (aliases in
     * lower case, '_' as '-') in {@code namespace}, one replica, Kafka {@value #DEFAULT_VERSION}, Ready within 10
     * minutes. Nothing is called yet.
     *
     * @throws InvalidConfigurationException when the client or config is null; when the namespace is not a DNS-1123
     *         label; when the derived name breaks the rule of {@link #withName(String)}; when a cluster uses MSK IAM
     *         with inline role keys (a {@code custom} authentication cannot reference a Secret: use the pods' IAM
     *         identity); when a property of the config is one Strimzi sets itself ({@code group.id}, the config and
     *         status storage topics, {@code listeners}, {@code rest.*}, {@code plugin.path}, interceptors)
     */
    public static StrimziMirror on(KubernetesClient client, String namespace, MirrorConfig config) {
        Rules.notNull("Kubernetes client", client);
        Rules.notNull("mirror config", config);
        Rules.notNull("namespace", namespace);
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new InvalidConfigurationException("namespace '" + namespace + "'",
                    "must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        for (KafkaCluster c : List.of(config.source(), config.target())) {
            if (c.auth() instanceof MskIam iam && iam.hasInlineKeys()) {
                throw new InvalidConfigurationException("MSK IAM of cluster '" + c.alias() + "' on Strimzi",
                        "must not hold inline role keys: Strimzi's custom authentication puts its settings in the resource, readable by"
                                + " anyone who reads it; give the MirrorMaker 2 pods an IAM identity (IRSA or EKS Pod Identity) and build"
                                + " MskIam without withRoleCredentials(...)");
            }
        }
        StrimziResource.checkProperties(config);
        String derived = (config.source().alias() + "-" + config.target().alias() + "-mm2").toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return new StrimziMirror(client, namespace, config, checkName(derived), 1, DEFAULT_VERSION, Duration.ofMinutes(10));
    }

    private static String checkName(String name) {
        Rules.notNull("KafkaMirrorMaker2 name", name);
        if (name.length() > MAX_NAME_LENGTH || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidConfigurationException("KafkaMirrorMaker2 name '" + name + "'", "must be a DNS-1123 label of at most "
                    + MAX_NAME_LENGTH + " characters (lower-case letters, digits or '-', starting and ending with a letter or digit),"
                    + " so that Strimzi's pod names <name>-mirrormaker2-<n> stay within 63");
        }
        return name;
    }

    /**
     * A copy under another resource name.
     *
     * @throws InvalidConfigurationException when not a DNS-1123 label of at most {@value #MAX_NAME_LENGTH} characters
     */
    public StrimziMirror withName(String name) {
        return new StrimziMirror(client, namespace, config, checkName(name), replicas, version, readyTimeout);
    }

    /**
     * A copy with {@code spec.replicas} Connect pods; default 1.
     *
     * @throws InvalidConfigurationException when less than 1 (0 pods would never be Ready: delete the mirror instead)
     */
    public StrimziMirror withReplicas(int replicas) {
        if (replicas < 1) {
            throw new InvalidConfigurationException("KafkaMirrorMaker2 replicas", "must be at least 1, was " + replicas
                    + " (a mirror with no pod is never Ready: stop(poller) or delete(poller) it instead)");
        }
        return new StrimziMirror(client, namespace, config, name, replicas, version, readyTimeout);
    }

    /**
     * A copy asking Strimzi for another Kafka version ({@code spec.version}); default {@value #DEFAULT_VERSION}.
     *
     * @throws InvalidConfigurationException when not {@code major.minor.patch}
     */
    public StrimziMirror withVersion(String kafkaVersion) {
        Rules.notNull("Kafka version of KafkaMirrorMaker2", kafkaVersion);
        if (!VERSION.matcher(kafkaVersion).matches()) {
            throw new InvalidConfigurationException("Kafka version of KafkaMirrorMaker2 '" + kafkaVersion + "'", "must be major.minor.patch, such as 4.3.1");
        }
        return new StrimziMirror(client, namespace, config, name, replicas, kafkaVersion, readyTimeout);
    }

    /**
     * A copy that waits up to {@code timeout} for the resource to be Ready (or stopped); default 10 minutes.
     *
     * @throws InvalidConfigurationException when not positive
     */
    public StrimziMirror withReadyTimeout(Duration timeout) {
        return new StrimziMirror(client, namespace, config, name, replicas, version, Rules.positive("KafkaMirrorMaker2 ready timeout", timeout));
    }

    @Override
    public MirrorConfig config() {
        return config;
    }

    /** The resource's name. */
    public String name() {
        return name;
    }

    /** The resource's namespace. */
    public String namespace() {
        return namespace;
    }

    /** Strimzi's connector names: the source connector first, then the checkpoint connector. */
    public List<String> connectorNames() {
        return List.of(StrimziResource.connectorName(config, "MirrorSourceConnector"), StrimziResource.connectorName(config, "MirrorCheckpointConnector"));
    }

    /**
     * The {@code KafkaMirrorMaker2} object this handle applies, with its connectors in {@code running} state: for
     * review, or for a GitOps repository. It holds no secret (only references to the Secrets {@link #start} writes).
     */
    public Map<String, Object> resource() {
        return StrimziResource.resource(config, namespace, name, replicas, version, "running");
    }

    /**
     * Creates the resource (or sets its connectors running) and waits until it is Ready. The Secrets it references
     * (SCRAM passwords, CA certificates) are written first.
     *
     * @throws CallFailedException          when the Kubernetes API refuses a call
     * @throws io.streamsdr.core.TerminalStateException when a connector or task FAILED (the message has its trace), or
     *         Strimzi reports the resource not Ready for its current generation
     * @throws io.streamsdr.core.TimedOutException      when it is not Ready within the ready timeout
     */
    @Override
    public void start(Poller poller) {
        Rules.notNull("poller", poller);
        apply("running");
        await(poller, "RUNNING");
    }

    /**
     * Seeds the Connect offsets topic on the target with "last copied = next - 1" for the listed partitions under
     * the source connector's name, then starts as {@link #start}: the connector's tasks read their offsets when
     * they start, so the flow resumes exactly there.
     *
     * @throws PreconditionFailedException when the mirror runs (stop it first)
     */
    @Override
    public void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller) {
        Rules.notNull("offsets to start at", nextOffsets);
        Rules.notNull("poller", poller);
        if (isRunning()) {
            throw new PreconditionFailedException("a mirror's start offsets are set before it starts", "KafkaMirrorMaker2 '" + name
                    + "' in namespace " + namespace + " runs " + config.flow() + "; setting where it starts now would rewind or skip records", null);
        }
        int partitions = Integer.parseInt(config.toProperties().getOrDefault(config.target().alias() + ".offset.storage.partitions", "25"));
        short rf = Short.parseShort(config.toProperties().get("offset.storage.replication.factor"));
        synchronized (this) {
            offsetsTopic().seed(nextOffsets, partitions, rf);
        }
        start(poller);
    }

    /**
     * Sets both connectors' state to {@code stopped} (Connect commits what was copied and keeps configuration and
     * offsets) and waits until they are STOPPED; does nothing when the resource does not exist.
     */
    @Override
    public void stop(Poller poller) {
        Rules.notNull("poller", poller);
        if (get().isEmpty()) {
            return;
        }
        apply("stopped");
        await(poller, "STOPPED");
    }

    /** Whether the resource exists and asks for its source connector to run (one GET). */
    @Override
    public boolean isRunning() {
        return get().map(r -> "running".equals(StrimziResource.desiredState(r))).orElse(false);
    }

    @Override
    public synchronized Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout) {
        Rules.notNull("poller", poller);
        Rules.positive("timeout of reading committed offsets", timeout);
        Map<TopicPartition, Long> read = offsetsTopic().lastCopied(poller, timeout);
        if (read.isEmpty() && offsets.known().isEmpty()) {
            offsets.close();
            offsets = null;
        }
        return read;
    }

    /**
     * Deletes the resource and the Secrets it references, and waits until the resource is gone (its offsets stay
     * in the offsets topic on the target).
     *
     * @throws CallFailedException when the Kubernetes API refuses a call
     */
    public void delete(Poller poller) {
        Rules.notNull("poller", poller);
        call("delete KafkaMirrorMaker2 '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inNamespace(namespace).withName(name).delete());
        for (String secret : StrimziResource.secrets(config, name).keySet()) {
            call("delete Secret '" + secret + "' in namespace " + namespace,
                    () -> client.secrets().inNamespace(namespace).withName(secret).delete());
        }
        poller.await(Wait.until("KafkaMirrorMaker2 '" + name + "' in namespace " + namespace + " to be deleted", () -> get().isPresent())
                .withSuccessWhen(present -> !present), policy());
    }

    /** Closes the offsets reader; the resource goes on running in the cluster (stop it with {@link #stop(Poller)}). */
    @Override
    public synchronized void close() {
        if (offsets != null) {
            offsets.close();
            offsets = null;
        }
    }

    private OffsetsTopic offsetsTopic() {
        if (offsets == null) {
            KafkaCluster target = config.target();
            offsets = new OffsetsTopic(target.clientProperties(), "Kafka cluster '" + target.alias() + "' (" + target.bootstrapServers() + ")",
                    config.offsetsTopic(), connectorNames().get(0), config.source().alias());
        }
        return offsets;
    }

    private Optional<GenericKubernetesResource> get() {
        return Optional.ofNullable(call("get KafkaMirrorMaker2 '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inNamespace(namespace).withName(name).get()));
    }

    /** Writes the Secrets, then creates the resource or replaces its spec (status untouched). */
    private void apply(String state) {
        for (Map.Entry<String, Map<String, String>> s : StrimziResource.secrets(config, name).entrySet()) {
            io.fabric8.kubernetes.api.model.Secret secret = new SecretBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(s.getKey()).withNamespace(namespace)
                            .withLabels(Map.of("app.kubernetes.io/managed-by", "streams-dr", "strimzi.io/cluster", name)).build())
                    .withType("Opaque").withData(StrimziResource.base64(s.getValue())).build();
            call("write Secret '" + s.getKey() + "' in namespace " + namespace, () -> client.secrets().inNamespace(namespace).resource(secret)
                    .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update));
        }
        Map<String, Object> wanted = StrimziResource.resource(config, namespace, name, replicas, version, state);
        if (get().isEmpty()) {
            GenericKubernetesResource r = new GenericKubernetesResource();
            r.setApiVersion("kafka.strimzi.io/v1");
            r.setKind("KafkaMirrorMaker2");
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) wanted.get("metadata");
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) meta.get("labels");
            r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
            r.setAdditionalProperty("spec", wanted.get("spec"));
            try {
                client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inNamespace(namespace).resource(r).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new CallFailedException("create KafkaMirrorMaker2 '" + name + "' in namespace " + namespace, mask(e));
                }
                // created meanwhile (a resumed run): patch it below
            }
        }
        // a JSON patch that replaces the whole spec: the status (Strimzi's) is untouched, and lists are replaced, not merged
        String patch = StrimziResource.json(List.of(Map.of("op", "replace", "path", "/spec", "value", wanted.get("spec"))));
        call("patch KafkaMirrorMaker2 '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(KAFKA_MIRROR_MAKER_2).inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.JSON), patch));
    }

    private void await(Poller poller, String connectorState) {
        String what = "KafkaMirrorMaker2 '" + name + "' in namespace " + namespace + (connectorState.equals("RUNNING")
                ? " to be Ready with its connectors RUNNING" : " to have its connectors STOPPED");
        poller.await(Wait.<StrimziResource.Observed>until(what, () -> StrimziResource.observe(get().orElse(null), connectorNames()))
                .withAcceptor(Acceptor.failureWhen(o -> o.failed().isPresent(), o -> mask(o.failed().orElseThrow())))
                .withSuccessWhen(o -> o.settled(connectorState))
                .withStateDescription(StrimziResource.Observed::toString), policy());
    }

    private PollPolicy policy() {
        return new PollPolicy(Duration.ZERO, Backoff.exponential(Duration.ofMillis(200), 1.5, Duration.ofSeconds(5)), readyTimeout);
    }

    private <T> T call(String call, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            throw new CallFailedException(call, mask(e));
        }
    }

    private RuntimeException mask(KubernetesClientException e) {
        String m = mask(String.valueOf(e.getMessage()));
        return m.equals(e.getMessage()) ? e : new IllegalStateException(m);
    }

    private String mask(String text) {
        String out = text;
        for (Secret s : config.secrets()) {
            out = out.replace(s.reveal(), Secret.MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return "MirrorMaker 2 " + config.flow() + " on Strimzi: KafkaMirrorMaker2 '" + name + "' in namespace " + namespace;
    }

    /** The Secrets {@link #start} writes (names only), for tests of the resource's shape. */
    List<String> secretNames() {
        return new ArrayList<>(StrimziResource.secrets(config, name).keySet());
    }
}
