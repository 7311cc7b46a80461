package io.streamsdr.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;

/**
 * The {@code KafkaMirrorMaker2} object of a {@link MirrorConfig}, the Secrets it references, and how its status
 * is read: the model of {@link StrimziMirror}, as plain maps (no Strimzi classes).
 */
final class StrimziResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** Prefixes Strimzi refuses in a cluster's {@code config} (it sets them itself); MirrorConfig already refuses sasl./ssl./security. */
    static final List<String> STRIMZI_OWNED = List.of("group.id", "config.storage.topic", "status.storage.topic", "listeners",
            "plugin.path", "rest.", "consumer.interceptor.classes", "producer.interceptor.classes");

    private StrimziResource() {
    }

    static String connectorName(MirrorConfig config, String kind) {
        return config.source().alias() + "->" + config.target().alias() + "." + kind;
    }

    /** Refuses the properties Strimzi sets itself from the resource's fields. */
    static void checkProperties(MirrorConfig config) {
        for (String key : config.toProperties().keySet()) {
            for (KafkaCluster c : List.of(config.source(), config.target())) {
                if (!key.startsWith(c.alias() + ".")) {
                    continue;
                }
                String rest = key.substring(c.alias().length() + 1);
                for (String owned : STRIMZI_OWNED) {
                    if (rest.startsWith(owned)) {
                        throw new InvalidConfigurationException("MirrorMaker 2 property '" + key + "' on Strimzi",
                                "is one Strimzi sets itself (" + String.join(", ", STRIMZI_OWNED) + " come from the KafkaMirrorMaker2's"
                                        + " fields and the operator): remove withProperty(\"" + key + "\", ...)");
                    }
                }
            }
        }
    }

    /** {@code <name>-<alias>-scram} and {@code <name>-<alias>-ca}: name → data (clear text; base64 on write). */
    static Map<String, Map<String, String>> secrets(MirrorConfig config, String name) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (KafkaCluster c : List.of(config.source(), config.target())) {
            c.password().ifPresent(p -> out.put(secretName(name, c, "scram"), Map.of("password", p.reveal())));
            c.truststore().ifPresent(t -> out.put(secretName(name, c, "ca"), Map.of("ca.crt", pem(c, t))));
        }
        return out;
    }

    private static String secretName(String name, KafkaCluster c, String kind) {
        String n = name + "-" + c.alias().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + kind;
        return n.length() <= 253 ? n : n.substring(0, 253);
    }

    /** The truststore's certificates as PEM: a PEM file as it is, a JKS or PKCS12 store exported. */
    private static String pem(KafkaCluster c, Path truststore) {
        try {
            String text = new String(Files.readAllBytes(truststore), StandardCharsets.ISO_8859_1);
            if (text.contains("-----BEGIN CERTIFICATE-----")) {
                return text;
            }
            char[] password = c.truststorePassword().map(s -> s.reveal().toCharArray()).orElse(null);
            KeyStore store = KeyStore.getInstance(truststore.toFile(), password);
            StringBuilder pem = new StringBuilder();
            for (String alias : Collections.list(store.aliases())) {
                Certificate cert = store.getCertificate(alias);
                if (cert != null) {
                    pem.append("-----BEGIN CERTIFICATE-----\n")
                            .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded()))
                            .append("\n-----END CERTIFICATE-----\n");
                }
            }
            return pem.toString();
        } catch (IOException | GeneralSecurityException e) {
            throw new CallFailedException("read the truststore " + truststore + " of Kafka cluster '" + c.alias() + "'", e);
        }
    }

    static Map<String, String> base64(Map<String, String> data) {
        Map<String, String> out = new TreeMap<>();
        data.forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return out;
    }

    /** The whole object; connectors in {@code state} ({@code running} or {@code stopped}). */
    static Map<String, Object> resource(MirrorConfig config, String namespace, String name, int replicas, String version, String state) {
        MirrorMakerConfig mm2 = new MirrorMakerConfig(config.toProperties());
        SourceAndTarget flow = new SourceAndTarget(config.source().alias(), config.target().alias());
        String source = config.source().alias();

        Map<String, Object> target = new LinkedHashMap<>();
        target.put("alias", config.target().alias());
        target.put("bootstrapServers", config.target().bootstrapServers());
        target.put("groupId", name);
        target.put("configStorageTopic", "mm2-configs." + source + ".internal");
        target.put("offsetStorageTopic", config.offsetsTopic());
        target.put("statusStorageTopic", "mm2-status." + source + ".internal");
        Map<String, Object> worker = new TreeMap<>();
        mm2.workerConfig(flow).forEach((k, v) -> {
            if (keepForStrimzi(k) && !k.equals("client.id") && !k.equals("tasks.max") && !k.equals("replication.policy.class")
                    && !k.endsWith(".topic")) {
                worker.put(k, v);
            }
        });
        target.put("config", worker);
        auth(config.target(), name).forEach(target::put);

        Map<String, Object> src = new LinkedHashMap<>();
        src.put("alias", source);
        src.put("bootstrapServers", config.source().bootstrapServers());
        auth(config.source(), name).forEach(src::put);

        Map<String, Object> mirror = new LinkedHashMap<>();
        mirror.put("source", src);
        mirror.put("sourceConnector", connector(mm2.connectorBaseConfig(flow, MirrorSourceConnector.class), Integer.parseInt(
                config.toProperties().get("tasks.max")), state));
        mirror.put("checkpointConnector", connector(mm2.connectorBaseConfig(flow, MirrorCheckpointConnector.class), 1, state));
        mirror.put("topicsPattern", config.topics());
        mirror.put("groupsPattern", config.groups());

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", version);
        spec.put("replicas", replicas);
        spec.put("target", target);
        spec.put("mirrors", List.of(mirror));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("labels", Map.of("app.kubernetes.io/managed-by", "streams-dr"));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("apiVersion", "kafka.strimzi.io/v1");
        r.put("kind", "KafkaMirrorMaker2");
        r.put("metadata", metadata);
        r.put("spec", spec);
        return r;
    }

    /** Not a credential, not a client address, not what Strimzi owns: may go in a {@code config}. */
    private static boolean keepForStrimzi(String k) {
        if (k.contains("sasl.") || k.contains("ssl.") || k.contains("security.protocol") || k.endsWith("bootstrap.servers")
                || k.endsWith("plugin.discovery")) {
            return false;
        }
        for (String owned : STRIMZI_OWNED) {
            if (k.startsWith(owned)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> connector(Map<String, String> base, int tasksMax, String state) {
        Map<String, Object> c = new TreeMap<>();
        base.forEach((k, v) -> {
            if (keepForStrimzi(k) && !List.of("name", "connector.class", "tasks.max", "enabled", "topics", "groups",
                    "source.cluster.alias", "target.cluster.alias").contains(k)) {
                c.put(k, v);
            }
        });
        c.put("key.converter", BYTES);
        c.put("value.converter", BYTES);
        c.put("header.converter", BYTES);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasksMax", tasksMax);
        out.put("config", c);
        out.put("state", state);
        return out;
    }

    /** {@code authentication} and {@code tls} for a cluster, referencing the Secrets of {@link #secrets}. */
    private static Map<String, Object> auth(KafkaCluster c, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        KafkaAuth a = c.auth();
        if (c.username().isPresent()) {
            out.put("authentication", Map.of("type", "scram-sha-512", "username", c.username().orElseThrow(),
                    "passwordSecret", Map.of("secretName", secretName(name, c, "scram"), "password", "password")));
        } else if (a instanceof MskIam) {
            Map<String, Object> sasl = new TreeMap<>(a.saslProperties());
            sasl.remove("reconnect.backoff.ms");
            out.put("authentication", Map.of("type", "custom", "sasl", true, "config", sasl));
        }
        if (c.truststore().isPresent()) {
            out.put("tls", Map.of("trustedCertificates", List.of(Map.of("secretName", secretName(name, c, "ca"), "certificate", "ca.crt"))));
        } else if (!"PLAINTEXT".equals(c.securityProtocol())) {
            out.put("tls", Map.of("trustedCertificates", List.of()));
        }
        return out;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a KafkaMirrorMaker2 patch", e);
        }
    }

    @SuppressWarnings("unchecked")
    static String desiredState(GenericKubernetesResource r) {
        Object spec = r.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("mirrors") instanceof List<?> mirrors && !mirrors.isEmpty()
                && ((Map<String, Object>) mirrors.get(0)).get("sourceConnector") instanceof Map<?, ?> sc) {
            Object state = sc.get("state");
            return state == null ? "running" : state.toString();
        }
        return "running";
    }

    /** What the wait sees of the resource: generations, the Ready condition, the connectors' states. */
    record Observed(boolean exists, long generation, long observedGeneration, String ready, String readyReason,
            Map<String, ConnectorState> connectors, List<String> names) {

        Optional<String> failed() {
            for (String n : names) {
                ConnectorState c = connectors.get(n);
                if (c == null) {
                    continue;
                }
                if ("FAILED".equals(c.state())) {
                    return Optional.of("connector " + n + " is FAILED: " + c.trace());
                }
                for (int i = 0; i < c.tasks().size(); i++) {
                    if ("FAILED".equals(c.tasks().get(i).state())) {
                        return Optional.of("task " + i + " of connector " + n + " is FAILED: " + c.tasks().get(i).trace());
                    }
                }
            }
            if (exists && observedGeneration == generation && "False".equals(ready)) {
                return Optional.of("Strimzi reports it not Ready at generation " + generation + ": " + readyReason);
            }
            return Optional.empty();
        }

        boolean settled(String state) {
            if (!exists || observedGeneration != generation || !"True".equals(ready)) {
                return false;
            }
            for (String n : names) {
                ConnectorState c = connectors.get(n);
                if (c == null || !state.equals(c.state()) || c.tasks().stream().anyMatch(t -> !state.equals(t.state()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (!exists) {
                return "not found";
            }
            StringBuilder s = new StringBuilder("generation " + generation + ", observed " + observedGeneration + ", Ready " + ready);
            for (String n : names) {
                ConnectorState c = connectors.get(n);
                s.append(", ").append(n).append(' ').append(c == null ? "absent" : c.state() + (c.tasks().isEmpty() ? ""
                        : " tasks " + c.tasks().stream().map(ConnectorState::state).toList()));
            }
            return s.toString();
        }
    }

    /** A connector's or task's state and trace, as Connect's status API reports them. */
    record ConnectorState(String state, String trace, List<ConnectorState> tasks) {
    }

    @SuppressWarnings("unchecked")
    static Observed observe(GenericKubernetesResource r, List<String> names) {
        if (r == null) {
            return new Observed(false, 0, -1, "Unknown", "", Map.of(), names);
        }
        long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
        Map<String, Object> status = r.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        long observed = status.get("observedGeneration") instanceof Number n ? n.longValue() : -1;
        String ready = "Unknown";
        String reason = "";
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object o : conditions) {
                Map<String, Object> c = (Map<String, Object>) o;
                if ("Ready".equals(c.get("type"))) {
                    ready = String.valueOf(c.get("status"));
                    reason = c.getOrDefault("reason", "") + (c.get("message") == null ? "" : ": " + c.get("message"));
                }
            }
        }
        Map<String, ConnectorState> connectors = new LinkedHashMap<>();
        if (status.get("connectors") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> c = (Map<String, Object>) o;
                Map<String, Object> conn = c.get("connector") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                List<ConnectorState> tasks = new ArrayList<>();
                if (c.get("tasks") instanceof List<?> ts) {
                    for (Object t : ts) {
                        Map<String, Object> task = (Map<String, Object>) t;
                        tasks.add(new ConnectorState(String.valueOf(task.get("state")), String.valueOf(task.getOrDefault("trace", "")), List.of()));
                    }
                }
                connectors.put(String.valueOf(c.get("name")), new ConnectorState(String.valueOf(conn.get("state")),
                        String.valueOf(conn.getOrDefault("trace", "")), tasks));
            }
        }
        return new Observed(true, generation, observed, ready, reason, connectors, names);
    }
}
