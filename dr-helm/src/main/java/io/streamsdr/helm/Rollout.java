package io.streamsdr.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Waits until a release's Deployments and StatefulSets are rolled out, through fabric8 and the
 * core {@link Poller}: each one's controller has seen its latest spec, and every replica is
 * updated, ready and (for Deployments) available. The release's workloads are those Helm
 * annotates with {@code meta.helm.sh/release-name}. The wait takes the {@link Poller} it runs on (in a
 * {@link ReleaseUpgrade}'s step, the step's). A failed call to the Kubernetes API is a
 * {@link CallFailedException} naming the call, with fabric8's exception as its cause. Immutable.
 */
public final class Rollout {
    /** Default: first look at once, then every 2 s growing to 15 s, up to 10 minutes. */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ZERO,
            Backoff.exponential(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(15)), Duration.ofMinutes(10));

    private final KubernetesClient client;
    private final PollPolicy pollPolicy;

    private Rollout(KubernetesClient client, PollPolicy pollPolicy) {
        this.client = client;
        this.pollPolicy = pollPolicy;
    }

    /**
     * Rollout waits through {@code client} with {@link #DEFAULT_POLL_POLICY}.
     *
     * @throws InvalidConfigurationException when the client is null
     */
    public static Rollout using(KubernetesClient client) {
        return new Rollout(Check.notNull("kubernetes client", client), DEFAULT_POLL_POLICY);
    }

    /**
     * A copy with this poll policy.
     *
     * @throws InvalidConfigurationException when null
     */
    public Rollout withPollPolicy(PollPolicy pollPolicy) {
        return new Rollout(client, Check.notNull("poll policy", pollPolicy));
    }

    /**
     * Waits through {@code poller} until every Deployment and StatefulSet of the release is rolled out.
     *
     * @return the workloads, as {@code Kind/name}
     * @throws InvalidConfigurationException when the release or the poller is null
     * @throws TimedOutException   when some are not ready in time; the message lists them and why
     * @throws CallFailedException when the Kubernetes API fails
     */
    public List<String> await(ReleaseRef release, Poller poller) {
        Check.notNull("release", release);
        Check.notNull("poller", poller);
        Wait<List<String>> wait = Wait.<List<String>>until("rollout of Helm release " + release, () -> notReady(release))
                .withAcceptor(Acceptor.successWhen(List::isEmpty))
                .withStateDescription(l -> l.isEmpty() ? "all ready" : "not ready: " + String.join("; ", l));
        poller.await(wait, pollPolicy);
        return workloads(release).stream().map(w -> w.getKind() + "/" + w.getMetadata().getName()).toList();
    }

    /**
     * The release's workloads that are not rolled out yet, with why.
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public List<String> notReady(ReleaseRef release) {
        List<String> out = new ArrayList<>();
        for (HasMetadata w : workloads(release)) {
            String why = w instanceof Deployment d ? why(d) : why((StatefulSet) w);
            if (why != null) {
                out.add(w.getKind() + "/" + w.getMetadata().getName() + " " + why);
            }
        }
        return out;
    }

    private List<HasMetadata> workloads(ReleaseRef release) {
        List<HasMetadata> out = new ArrayList<>();
        List<Deployment> deployments;
        List<StatefulSet> statefulSets;
        try {
            deployments = client.apps().deployments().inNamespace(release.namespace()).list().getItems();
            statefulSets = client.apps().statefulSets().inNamespace(release.namespace()).list().getItems();
        } catch (KubernetesClientException e) {
            throw new CallFailedException("list the Deployments and StatefulSets of Helm release " + release, e);
        }
        for (Deployment d : deployments) {
            if (belongs(d, release)) {
                out.add(d);
            }
        }
        for (StatefulSet s : statefulSets) {
            if (belongs(s, release)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean belongs(HasMetadata m, ReleaseRef release) {
        Map<String, String> a = m.getMetadata().getAnnotations();
        return a != null && release.name().equals(a.get("meta.helm.sh/release-name"));
    }

    private static String why(Deployment d) {
        int want = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        var s = d.getStatus();
        if (s == null) {
            return "has no status yet";
        }
        Long generation = d.getMetadata().getGeneration();
        if (generation != null && (s.getObservedGeneration() == null || s.getObservedGeneration() < generation)) {
            return "spec not yet observed (generation " + generation + ", observed " + s.getObservedGeneration() + ")";
        }
        if (n(s.getUpdatedReplicas()) < want) {
            return n(s.getUpdatedReplicas()) + "/" + want + " replicas updated";
        }
        if (n(s.getReplicas()) > n(s.getUpdatedReplicas())) {
            return (n(s.getReplicas()) - n(s.getUpdatedReplicas())) + " old replicas pending termination";
        }
        if (n(s.getAvailableReplicas()) < want) {
            return n(s.getAvailableReplicas()) + "/" + want + " replicas available";
        }
        return null;
    }

    private static String why(StatefulSet st) {
        int want = st.getSpec() == null || st.getSpec().getReplicas() == null ? 1 : st.getSpec().getReplicas();
        var s = st.getStatus();
        if (s == null) {
            return "has no status yet";
        }
        Long generation = st.getMetadata().getGeneration();
        if (generation != null && (s.getObservedGeneration() == null || s.getObservedGeneration() < generation)) {
            return "spec not yet observed";
        }
        if (s.getUpdateRevision() != null && s.getCurrentRevision() != null && !s.getUpdateRevision().equals(s.getCurrentRevision())) {
            return "rolling to revision " + s.getUpdateRevision() + " (" + n(s.getUpdatedReplicas()) + "/" + want + " updated)";
        }
        if (n(s.getReadyReplicas()) < want) {
            return n(s.getReadyReplicas()) + "/" + want + " replicas ready";
        }
        return null;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
