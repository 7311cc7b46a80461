package io.streamsdr.velero;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.velero.internal.KubeNames;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The heartbeat of a namespace: a ConfigMap ({@value #DEFAULT_NAME} unless named) whose {@code beatAt} the
 * application's traffic (or a CronJob) updates; Velero backs it up with the rest, so after a restore its
 * {@code beatAt} says up to when the restored namespace holds what production had. Immutable.
 *
 * <pre>{@code
 * NamespaceHeartbeat heartbeat = NamespaceHeartbeat.in(client, "streams");
 * heartbeat.beat(clock);                            // creates or updates ConfigMap streamsdr-heartbeat
 * Optional<Instant> newest = heartbeat.newest();    // after the restore
 * }</pre>
 */
public final class NamespaceHeartbeat {
    /** The ConfigMap's name unless {@link #withName} sets another. */
    public static final String DEFAULT_NAME = "streamsdr-heartbeat";
    /** The key of the ConfigMap's data that holds the beat's time (ISO-8601). */
    public static final String KEY = "beatAt";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    private NamespaceHeartbeat(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * The heartbeat of {@code namespace}, ConfigMap {@value #DEFAULT_NAME}.
     *
     * @throws InvalidConfigurationException when the client is null or the namespace not a DNS label
     */
    public static NamespaceHeartbeat in(KubernetesClient client, String namespace) {
        return new NamespaceHeartbeat(Check.notNull("Kubernetes client of the heartbeat", client), KubeNames.label("heartbeat namespace", namespace),
                DEFAULT_NAME);
    }

    /**
     * Another ConfigMap.
     *
     * @throws InvalidConfigurationException when not a DNS subdomain of at most 253 characters
     */
    public NamespaceHeartbeat withName(String name) {
        return new NamespaceHeartbeat(client, namespace, KubeNames.subdomain("heartbeat ConfigMap name", name, 253));
    }

    /** The ConfigMap's name. */
    public String name() {
        return name;
    }

    /** The namespace. */
    public String namespace() {
        return namespace;
    }

    /**
     * One beat: the clock's now into the ConfigMap (created if missing).
     *
     * @return the time written
     * @throws InvalidConfigurationException when the clock is null
     * @throws CallFailedException when the API server refuses
     */
    public Instant beat(Clock clock) {
        Instant at = Check.notNull("heartbeat clock", clock).instant();
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of(KEY, at.toString())).build();
        try {
            client.configMaps().inNamespace(namespace).resource(cm).createOr(existing -> existing.update());
        } catch (KubernetesClientException e) {
            throw new CallFailedException("write heartbeat ConfigMap " + namespace + "/" + name, e);
        }
        return at;
    }

    /**
     * The time in the ConfigMap; empty when the ConfigMap is missing.
     *
     * @throws CallFailedException when the API server refuses, or the ConfigMap holds no valid {@value #KEY}
     */
    public Optional<Instant> newest() {
        ConfigMap cm;
        try {
            cm = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new CallFailedException("read heartbeat ConfigMap " + namespace + "/" + name, e);
        }
        if (cm == null) {
            return Optional.empty();
        }
        String text = cm.getData() == null ? null : cm.getData().get(KEY);
        try {
            return Optional.of(Instant.parse(String.valueOf(text)));
        } catch (DateTimeParseException e) {
            throw new CallFailedException("read heartbeat ConfigMap " + namespace + "/" + name, new IllegalArgumentException(
                    "data." + KEY + " is '" + text + "', expected an ISO-8601 instant such as 2026-03-01T12:00:00Z"));
        }
    }

    @Override
    public String toString() {
        return "NamespaceHeartbeat[" + namespace + "/" + name + "]";
    }
}
