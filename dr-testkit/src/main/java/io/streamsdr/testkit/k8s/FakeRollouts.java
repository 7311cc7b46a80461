package io.streamsdr.testkit.k8s;

import io.streamsdr.core.spi.Check;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the Deployment and StatefulSet controllers on a {@link MockCluster}, on a clock: when a
 * workload is created or its pod template or replica count changes, its status shows the rollout
 * in progress (no replica updated or ready); {@code rolloutTime} later it shows every replica
 * updated, ready and available, with {@code observedGeneration} caught up. Status is written on the
 * main object. fabric8's mock alone never fills in status, so nothing would ever look ready.
 */
public final class FakeRollouts {
    private static final String[] COLLECTIONS = {"/apis/apps/v1/deployments", "/apis/apps/v1/statefulsets"};

    private final Clock clock;
    private final Duration rolloutTime;
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, Instant> changedAt = new ConcurrentHashMap<>();

    private FakeRollouts(Clock clock, Duration rolloutTime) {
        this.clock = clock;
        this.rolloutTime = rolloutTime;
    }

    /** Installs it on {@code cluster}: rollouts take {@code rolloutTime} on {@code clock}. */
    public static FakeRollouts install(MockCluster cluster, Clock clock, Duration rolloutTime) {
        FakeRollouts f = new FakeRollouts(Check.notNull("clock", clock), Check.notNull("rolloutTime", rolloutTime));
        cluster.onEveryRequest(f::reconcile);
        return f;
    }

    @SuppressWarnings("unchecked")
    private void reconcile(ClusterStore store) {
        Instant now = clock.instant();
        for (String collection : COLLECTIONS) {
            for (Map<String, Object> w : store.list(collection)) {
                Map<String, Object> meta = (Map<String, Object>) w.get("metadata");
                Map<String, Object> spec = (Map<String, Object>) w.getOrDefault("spec", Map.of());
                String key = collection + "/" + meta.get("namespace") + "/" + meta.get("name");
                String template = String.valueOf(spec.get("template")) + "|" + spec.get("replicas");
                int replicas = spec.get("replicas") instanceof Number n ? n.intValue() : 1;
                Object generation = meta.get("generation");
                Map<String, Object> status = w.get("status") instanceof Map ? (Map<String, Object>) w.get("status") : new LinkedHashMap<>();
                String path = collection.replace("/apis/apps/v1/", "/apis/apps/v1/namespaces/" + meta.get("namespace") + "/") + "/" + meta.get("name");
                if (!template.equals(templates.get(key))) {
                    templates.put(key, template);
                    changedAt.put(key, now);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("observedGeneration", generation == null ? 1 : generation);
                    s.put("replicas", replicas);
                    s.put("updatedReplicas", 0);
                    s.put("readyReplicas", 0);
                    s.put("availableReplicas", 0);
                    w.put("status", s);
                    store.update(path, w);
                } else if (!now.isBefore(changedAt.get(key).plus(rolloutTime)) && !Objects.equals(status.get("readyReplicas"), replicas)) {
                    Map<String, Object> s = new LinkedHashMap<>(status);
                    s.put("observedGeneration", generation == null ? 1 : generation);
                    s.put("replicas", replicas);
                    s.put("updatedReplicas", replicas);
                    s.put("readyReplicas", replicas);
                    s.put("availableReplicas", replicas);
                    s.put("currentReplicas", replicas);
                    w.put("status", s);
                    store.update(path, w);
                }
            }
        }
    }
}
