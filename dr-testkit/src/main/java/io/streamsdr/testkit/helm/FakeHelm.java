package io.streamsdr.testkit.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.helm.Helm;
import io.streamsdr.helm.HelmRelease;
import io.streamsdr.helm.HelmRevision;
import io.streamsdr.helm.InstallRequest;
import io.streamsdr.helm.PreviousValues;
import io.streamsdr.helm.ReleaseRef;
import io.streamsdr.helm.UpgradeRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@link Helm}: releases, revisions and user-supplied values in memory, with Helm's
 * bookkeeping (the new revision {@code deployed}, the previous one {@code superseded}, a failed
 * upgrade recorded {@code failed}). Given a client ({@link #withCluster}), an install creates the
 * release's Deployment (named after the release, annotated {@code meta.helm.sh/release-name}) and
 * every install or upgrade sets its containers' environment from the values, as a chart would, per
 * {@link #withEnvFromValue} — so a test sees the new endpoint land. A failure is what the real ones
 * throw: a {@link CallFailedException} naming the command and the release, whose cause holds what
 * "Helm" said. Thread-safe.
 *
 * <pre>{@code
 * FakeHelm helm = FakeHelm.create(clock)
 *     .withCluster(cluster.client())
 *     .withEnvFromValue("DB_HOST", "externalizedMariadb.host")
 *     .withEnvFromValue("KAFKA_BOOTSTRAP_SERVERS", "externalizedKafka.bootstrapServers");
 * }</pre>
 */
public final class FakeHelm implements Helm {
    private final Clock clock;
    private final Map<ReleaseRef, List<Revision>> releases = new LinkedHashMap<>();
    private final Map<String, String> envFromValue = new LinkedHashMap<>();
    private final List<Object> requests = new ArrayList<>();
    private KubernetesClient client;
    private String nextUpgradeFailure;

    private record Revision(int revision, String status, String chart, Map<String, Object> values, String description, Instant updated) {
        Revision withStatus(String s) {
            return new Revision(revision, s, chart, values, description, updated);
        }
    }

    private FakeHelm(Clock clock) {
        this.clock = clock;
    }

    /** A fake on {@code clock} (revision timestamps). */
    public static FakeHelm create(Clock clock) {
        return new FakeHelm(Check.notNull("clock", clock));
    }

    /** Applies releases to this cluster's Deployments. */
    public synchronized FakeHelm withCluster(KubernetesClient client) {
        this.client = Check.notNull("client", client);
        return this;
    }

    /** The release's containers get environment variable {@code env} from the value at dotted {@code valueKey}. */
    public synchronized FakeHelm withEnvFromValue(String env, String valueKey) {
        envFromValue.put(Check.notNull("env", env), Check.notNull("valueKey", valueKey));
        return this;
    }

    /**
     * The next upgrade fails with this message, recording a {@code failed} revision, as Helm does. The
     * message is used as it is (this fake masks nothing), so a test can plant a secret in it and prove
     * that the plan masks it.
     */
    public synchronized FakeHelm failNextUpgrade(String message) {
        this.nextUpgradeFailure = Check.notNull("message", message);
        return this;
    }

    /** Seeds an installed release (revision 1, deployed) without a cluster call. */
    public synchronized FakeHelm withRelease(ReleaseRef release, String chart, Map<String, Object> values) {
        List<Revision> revs = new ArrayList<>();
        revs.add(new Revision(1, "deployed", chart, copy(values), "Install complete", clock.instant()));
        releases.put(release, revs);
        return this;
    }

    /** Every install and upgrade request received, in order. */
    public synchronized List<Object> requests() {
        return List.copyOf(requests);
    }

    /** The upgrade requests received, in order. */
    public synchronized List<UpgradeRequest> upgrades() {
        return requests.stream().filter(UpgradeRequest.class::isInstance).map(UpgradeRequest.class::cast).toList();
    }

    @Override
    public synchronized Map<String, Object> values(ReleaseRef release) {
        return copy(current(release).values());
    }

    @Override
    public synchronized Map<String, Object> values(ReleaseRef release, int revision) {
        return copy(revisions(release).stream().filter(r -> r.revision() == revision).findFirst()
                .orElseThrow(() -> failure("get values --revision " + revision, release, "release: revision " + revision + " not found"))
                .values());
    }

    @Override
    public synchronized HelmRelease install(InstallRequest request) {
        requests.add(request);
        List<Revision> revs = releases.get(request.release());
        if (revs != null && revs.stream().anyMatch(r -> r.status().equals("deployed"))) {
            throw failure("install", request.release(), "cannot re-use a name that is still in use");
        }
        Map<String, Object> values = request.revealedValues();
        List<Revision> list = new ArrayList<>();
        list.add(new Revision(1, "deployed", chartName(request.chart(), request.version().orElse("0.1.0")), values, "Install complete",
                clock.instant()));
        releases.put(request.release(), list);
        apply(request.release(), values, true);
        return HelmRelease.of(request.release(), 1, "deployed", list.get(0).chart());
    }

    @Override
    public synchronized HelmRelease upgrade(UpgradeRequest request) {
        requests.add(request);
        List<Revision> revs = releases.get(request.release());
        if (revs == null || revs.isEmpty()) {
            throw failure("upgrade", request.release(), "\"" + request.release().name() + "\" has no deployed releases");
        }
        Revision last = current(request.release());
        // As Helm: --reuse-values merges onto the last values; by default they are reused only when none are given.
        boolean reuse = request.previousValues() == PreviousValues.REUSE || request.previousValues() == PreviousValues.HELM_DEFAULT
                && request.revealedValues().isEmpty();
        Map<String, Object> values = reuse ? merge(copy(last.values()), request.revealedValues()) : request.revealedValues();
        int next = revs.get(revs.size() - 1).revision() + 1;
        String chart = chartName(request.chart(), request.version().orElse("0.1.0"));
        if (nextUpgradeFailure != null) {
            String message = nextUpgradeFailure;
            nextUpgradeFailure = null;
            revs.add(new Revision(next, "failed", chart, values, "Upgrade \"" + request.release().name() + "\" failed: " + message, clock.instant()));
            throw failure("upgrade", request.release(), message);
        }
        for (int i = 0; i < revs.size(); i++) {
            if (revs.get(i).status().equals("deployed")) {
                revs.set(i, revs.get(i).withStatus("superseded"));
            }
        }
        revs.add(new Revision(next, "deployed", chart, values, "Upgrade complete", clock.instant()));
        apply(request.release(), values, false);
        return HelmRelease.of(request.release(), next, "deployed", chart);
    }

    @Override
    public synchronized void uninstall(ReleaseRef release) {
        if (releases.remove(release) == null) {
            throw failure("uninstall", release, "release: not found");
        }
        if (client != null) {
            client.apps().deployments().inNamespace(release.namespace()).withName(release.name()).delete();
        }
    }

    @Override
    public synchronized List<HelmRevision> history(ReleaseRef release) {
        return revisions(release).stream()
                .map(r -> HelmRevision.of(r.revision(), r.status(), r.chart(), null, r.description(), r.updated())).toList();
    }

    /** Like {@code helm rollback}: a new revision with the earlier revision's values. */
    @Override
    public synchronized HelmRelease rollback(ReleaseRef release, int revision, String chart) {
        Map<String, Object> old = values(release, revision);
        List<Revision> revs = revisions(release);
        for (int i = 0; i < revs.size(); i++) {
            if (revs.get(i).status().equals("deployed")) {
                revs.set(i, revs.get(i).withStatus("superseded"));
            }
        }
        int next = revs.get(revs.size() - 1).revision() + 1;
        revs.add(new Revision(next, "deployed", revs.get(revision - 1).chart(), old, "Rollback to " + revision, clock.instant()));
        apply(release, old, false);
        return HelmRelease.of(release, next, "deployed", revs.get(revs.size() - 1).chart());
    }

    /** What the fake "Helm" said, as the cause of the failure: no secret is masked, as a real Helm would not mask it either. */
    public static final class HelmSaid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelmSaid(String message) {
            super(message);
        }
    }

    private static CallFailedException failure(String verb, ReleaseRef release, String helmSaid) {
        return new CallFailedException("helm " + verb + " of release " + release, new HelmSaid(helmSaid));
    }

    private List<Revision> revisions(ReleaseRef release) {
        List<Revision> revs = releases.get(release);
        if (revs == null) {
            throw failure("history", release, "release: not found");
        }
        return revs;
    }

    private Revision current(ReleaseRef release) {
        List<Revision> revs = revisions(release);
        return revs.stream().filter(r -> r.status().equals("deployed")).reduce((a, b) -> b).orElse(revs.get(revs.size() - 1));
    }

    private void apply(ReleaseRef release, Map<String, Object> values, boolean create) {
        if (client == null) {
            return;
        }
        List<EnvVar> env = new ArrayList<>();
        envFromValue.forEach((name, key) -> {
            Object v = get(values, key);
            if (v != null) {
                env.add(new EnvVar(name, String.valueOf(v), null));
            }
        });
        Deployment existing = client.apps().deployments().inNamespace(release.namespace()).withName(release.name()).get();
        if (existing == null) {
            if (!create) {
                return;
            }
            client.apps().deployments().inNamespace(release.namespace()).resource(new DeploymentBuilder()
                    .withNewMetadata().withName(release.name()).withNamespace(release.namespace())
                    .addToAnnotations("meta.helm.sh/release-name", release.name())
                    .addToAnnotations("meta.helm.sh/release-namespace", release.namespace())
                    .addToLabels("app.kubernetes.io/managed-by", "Helm").addToLabels("app.kubernetes.io/instance", release.name())
                    .endMetadata()
                    .withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().addToLabels("app", release.name()).endMetadata()
                    .withNewSpec().addNewContainer().withName(release.name()).withImage("streams/" + release.name() + ":1")
                    .withEnv(env).endContainer().endSpec().endTemplate().endSpec().build()).create();
            return;
        }
        client.apps().deployments().inNamespace(release.namespace()).withName(release.name()).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> {
                List<EnvVar> merged = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
                for (EnvVar e : env) {
                    merged.removeIf(x -> x.getName().equals(e.getName()));
                    merged.add(e);
                }
                c.setEnv(merged);
            });
            return d;
        });
    }

    private static String chartName(String chart, String version) {
        String base = chart.contains("/") ? chart.substring(chart.lastIndexOf('/') + 1) : chart;
        return base + "-" + version;
    }

    @SuppressWarnings("unchecked")
    private static Object get(Map<String, Object> values, String key) {
        Object o = values;
        for (String p : key.split("\\.")) {
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> top) {
        top.forEach((k, v) -> {
            if (v instanceof Map && base.get(k) instanceof Map) {
                base.put(k, merge((Map<String, Object>) base.get(k), (Map<String, Object>) v));
            } else {
                base.put(k, v);
            }
        });
        return base;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v) : v instanceof List ? new ArrayList<>((List<Object>) v) : v));
        return out;
    }
}
