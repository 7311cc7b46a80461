package io.streamsdr.velero;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DataBaseline;
import io.streamsdr.core.DataCheck;
import io.streamsdr.core.DataEvidence;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.spi.Check;
import io.streamsdr.velero.internal.KubeNames;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evidence from the objects of a Kubernetes namespace: what production held just before the disaster,
 * compared with what the Velero restore brought back. Objects are compared by kind and name, and by a digest
 * of what they hold:
 * <ul>
 *   <li>ConfigMap: {@code data} and {@code binaryData};</li>
 *   <li>Secret: {@code type} and {@code data}, <b>by digest only</b> (SHA-256): no value is ever read into a
 *       message, a baseline's text or the report. Helm's release records (type {@code helm.sh/release.v1}),
 *       which every upgrade rewrites, are left out;</li>
 *   <li>Service: {@code type}, {@code ports} and {@code selector};</li>
 *   <li>Deployment: {@code replicas}, {@code selector} and each container's name and image, not its
 *       environment: that is what a failover re-points (the drill's own verification checks it).</li>
 * </ul>
 * Objects the failover changes on purpose are compared for presence only ({@link Builder#withRepointed}).
 * The heartbeat ConfigMap ({@link NamespaceHeartbeat}) is read, not compared: its {@code beatAt} restored is
 * the restore point. <b>When it fails</b> (the rule of {@link DataCheck}): an object missing, extra or changed,
 * unless the baseline's object carries an annotation {@value #WRITTEN_AT} (an ISO-8601 instant the application
 * stamps on what it writes) later than the heartbeat restored: then it is loss within the RPO. Kubernetes
 * keeps no reliable time of an object's last change, so without the annotation a difference fails.
 *
 * <pre>{@code
 * NamespaceDataCheck objects = NamespaceDataCheck.builder("namespace streams", client, "streams").build();
 * DataBaseline before = objects.capture(run);   // just before the disaster
 * }</pre>
 * Immutable.
 */
public final class NamespaceDataCheck implements DataCheck {
    /** The annotation that dates an object for the check (ISO-8601). */
    public static final String WRITTEN_AT = "streamsdr.io/written-at";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String component;
    private final KubernetesClient production;
    private final String namespace;
    private final KubernetesClient restored;
    private final String restoredNamespace;
    private final String heartbeatName;
    private final java.util.Set<String> repointed;

    /** One object of the baseline: its digest and, when annotated, when it was written. */
    private record Held(String digest, Instant writtenAt) {
    }

    private record Captured(Map<String, Held> objects) {
    }

    private NamespaceDataCheck(Builder b) {
        this.component = b.component;
        this.production = b.production;
        this.namespace = b.namespace;
        this.restored = b.restored == null ? b.production : b.restored;
        this.restoredNamespace = b.restoredNamespace == null ? b.namespace : b.restoredNamespace;
        this.heartbeatName = b.heartbeatName;
        this.repointed = java.util.Set.copyOf(b.repointed);
    }

    /**
     * Starts a check of {@code component} (named as its backup target is, {@code "namespace streams"}) over
     * {@code namespace}; by default the restore is read from the same namespace through the same client.
     *
     * @throws InvalidConfigurationException when the component is blank, the client null or the namespace not a DNS label
     */
    public static Builder builder(String component, KubernetesClient production, String namespace) {
        return new Builder(Check.notBlank("component of the namespace check", component), Check.notNull("Kubernetes client", production),
                KubeNames.label("namespace of the check", namespace));
    }

    @Override
    public String component() {
        return component;
    }

    /**
     * Reads the namespace's ConfigMaps, Secrets (digest only), Services and Deployments, and its heartbeat.
     *
     * @throws CallFailedException when the API server refuses
     */
    @Override
    public DataBaseline capture(RunContext ctx) {
        Check.notNull("run context", ctx);
        Instant takenAt = ctx.now();
        Map<String, Held> objects = read(production, namespace);
        List<DataBaseline.Item> items = new ArrayList<>();
        objects.forEach((name, held) -> items.add(new DataBaseline.Item(name, 1, held.digest())));
        Optional<Instant> beat = NamespaceHeartbeat.in(production, namespace).withName(heartbeatName).newest();
        return DataBaseline.of(component, "objects", takenAt, items, beat).withDetail(new Captured(Map.copyOf(objects)));
    }

    /**
     * Reads the restored namespace and compares it with {@code before}.
     *
     * @throws InvalidConfigurationException when {@code before} was not captured by a namespace check
     * @throws CallFailedException when the API server refuses
     */
    @Override
    public DataEvidence verify(RunContext ctx, DataBaseline before) {
        Check.notNull("data baseline", before);
        Captured captured = before.detail(Captured.class).orElseThrow(() -> new InvalidConfigurationException("data baseline of '"
                + component + "'", "was not captured by a namespace check: pass what capture(ctx) returned"));
        Map<String, Held> now = read(restored, restoredNamespace);
        DataEvidence.Builder e = DataEvidence.against(before).compared(now.size());
        Optional<Instant> beat = NamespaceHeartbeat.in(restored, restoredNamespace).withName(heartbeatName).newest();
        if (beat.isPresent()) {
            e.restoredHeartbeat(beat.get());
        } else {
            e.difference(DataEvidence.Kind.MISSING, "ConfigMap/" + heartbeatName, "heartbeat ConfigMap missing in namespace " + restoredNamespace
                    + ": expected the ConfigMap NamespaceHeartbeat writes", false);
        }
        for (Map.Entry<String, Held> o : new TreeMap<>(captured.objects()).entrySet()) {
            Held after = now.get(o.getKey());
            Instant at = o.getValue().writtenAt();
            String when = at == null ? "" : ", written " + at;
            if (after == null) {
                e.difference(DataEvidence.Kind.MISSING, o.getKey(), "not restored" + when, e.afterRestorePoint(at));
            } else if (!repointed.contains(o.getKey()) && !after.digest().equals(o.getValue().digest())) {
                e.difference(DataEvidence.Kind.CHANGED, o.getKey(), "digest " + o.getValue().digest() + " at the disaster, " + after.digest()
                        + " restored" + when, e.afterRestorePoint(at));
            }
        }
        new TreeMap<>(now).keySet().stream().filter(k -> !captured.objects().containsKey(k))
                .forEach(k -> e.difference(DataEvidence.Kind.EXTRA, k, "not in the namespace at the disaster", false));
        return e.build();
    }

    private Map<String, Held> read(KubernetesClient client, String ns) {
        Map<String, Held> out = new TreeMap<>();
        try {
            for (ConfigMap c : client.configMaps().inNamespace(ns).list().getItems()) {
                if (!c.getMetadata().getName().equals(heartbeatName)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("data", c.getData());
                    m.put("binaryData", c.getBinaryData());
                    put(out, c, m);
                }
            }
            for (Secret s : client.secrets().inNamespace(ns).list().getItems()) {
                if (!"helm.sh/release.v1".equals(s.getType())) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", s.getType());
                    m.put("data", s.getData());
                    m.put("stringData", s.getStringData());
                    put(out, s, m);
                }
            }
            for (Service s : client.services().inNamespace(ns).list().getItems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", s.getSpec() == null ? null : s.getSpec().getType());
                m.put("ports", s.getSpec() == null ? null : s.getSpec().getPorts());
                m.put("selector", s.getSpec() == null ? null : s.getSpec().getSelector());
                put(out, s, m);
            }
            for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("replicas", d.getSpec().getReplicas());
                m.put("selector", d.getSpec().getSelector());
                List<String> containers = new ArrayList<>();
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    containers.add(c.getName() + "=" + c.getImage());
                }
                m.put("containers", containers);
                put(out, d, m);
            }
        } catch (KubernetesClientException e) {
            throw new CallFailedException("list the objects of namespace " + ns, e);
        }
        return out;
    }

    private static void put(Map<String, Held> out, HasMetadata o, Map<String, Object> content) {
        Instant at = null;
        Map<String, String> annotations = o.getMetadata().getAnnotations();
        if (annotations != null && annotations.get(WRITTEN_AT) != null) {
            try {
                at = Instant.parse(annotations.get(WRITTEN_AT));
            } catch (DateTimeParseException e) {
                at = null; // not a time: the object cannot be dated, so a difference fails
            }
        }
        out.put(o.getKind() + "/" + o.getMetadata().getName(), new Held(digest(content), at));
    }

    private static String digest(Map<String, Object> content) {
        try {
            byte[] json = JSON.writeValueAsBytes(content);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest an object", e);
        }
    }

    @Override
    public String toString() {
        return "NamespaceDataCheck[" + component + ": namespace " + namespace + (restoredNamespace.equals(namespace) ? "" : " against "
                + restoredNamespace) + "]";
    }

    /** Builds a {@link NamespaceDataCheck}. Not thread-safe. */
    public static final class Builder {
        private final String component;
        private final KubernetesClient production;
        private final String namespace;
        private KubernetesClient restored;
        private String restoredNamespace;
        private String heartbeatName = NamespaceHeartbeat.DEFAULT_NAME;
        private final java.util.Set<String> repointed = new java.util.TreeSet<>();

        private Builder(String component, KubernetesClient production, String namespace) {
            this.component = component;
            this.production = production;
            this.namespace = namespace;
        }

        /**
         * Where the restore lands, when not the same namespace through the same client (another cluster, a
         * {@code namespaceMapping}).
         *
         * @throws InvalidConfigurationException when the client is null or the namespace not a DNS label
         */
        public Builder restoredIn(KubernetesClient client, String namespace) {
            this.restored = Check.notNull("Kubernetes client of the restored namespace", client);
            this.restoredNamespace = KubeNames.label("restored namespace of the check", namespace);
            return this;
        }

        /**
         * The heartbeat ConfigMap's name; default {@value NamespaceHeartbeat#DEFAULT_NAME}.
         *
         * @throws InvalidConfigurationException when not a DNS subdomain
         */
        public Builder withHeartbeat(String configMapName) {
            this.heartbeatName = KubeNames.subdomain("heartbeat ConfigMap name", configMapName, 253);
            return this;
        }

        /**
         * An object the failover changes on purpose (the re-point writes it: a ConfigMap of endpoints), compared
         * for presence only, as {@code Kind/name}.
         *
         * @throws InvalidConfigurationException when not {@code Kind/name}
         */
        public Builder withRepointed(String object) {
            Check.notBlank("re-pointed object", object);
            if (!object.matches("[A-Z][A-Za-z]+/[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw new InvalidConfigurationException("re-pointed object '" + object + "'", "must be Kind/name, such as ConfigMap/streams-endpoints");
            }
            repointed.add(object);
            return this;
        }

        /** The check. */
        public NamespaceDataCheck build() {
            return new NamespaceDataCheck(this);
        }
    }

}
