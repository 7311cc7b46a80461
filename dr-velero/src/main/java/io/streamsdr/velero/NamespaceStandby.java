package io.streamsdr.velero;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryStrategy;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import io.streamsdr.velero.internal.KubeNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A passive standby of a namespace (the pattern Red Hat ACM uses): BEFORE any disaster, on a schedule,
 * the newest Velero backup is restored into the DR namespace with its Deployments and StatefulSets scaled
 * to zero ({@link #refreshFragment()}); at failover, {@link #scaleUpFragment()} scales them up and waits
 * until they are ready, and the Helm re-point follows as with any restore. Immutable; start it with
 * {@link #builder(Velero, RestoreRequest)}.
 *
 * <pre>{@code
 * NamespaceStandby standby = NamespaceStandby.builder(velero, RestoreRequest.fromBackup("streams-nightly")
 *                 .withNamespace("streams").withNamespaceMapping("streams", "streams-standby").build())
 *         .withReplicas(2).withReplicas("streams-api", 3)    // what the scale-up sets (default 1 each)
 *         .withMaxAge(Duration.ofHours(26))                  // older: the preview says so and the scale-up refuses
 *         .build();
 * RestorePlan.builder("standby-refresh").withFragment(standby.refreshFragment()).build()
 *         .execute(options);                                 // nightly: the backup restored, every workload at 0
 * PlanReport failover = RestorePlan.builder("failover").withFragment(standby.scaleUpFragment()).build()
 *         .execute(options);                                 // at failover: scaled up, waited until ready
 * }</pre>
 *
 * <p><b>The refresh</b> ({@code <id>-refresh}): step {@code <id>-refresh.modifier} writes the ConfigMap
 * {@code <id>-scale-to-zero} in Velero's namespace with resource modifier rules (Velero 1.12+) that set
 * {@code /spec/replicas} to 0 on every Deployment and StatefulSet
 * restored into the standby namespace; step {@code <id>-refresh.restore} is {@link Velero#restoreStep} of the
 * request with that modifier and {@link ExistingResourcePolicy#UPDATE} (a refresh replaces the previous
 * standby), resumable as it is. So no pod of the standby ever starts before a failover. Its precondition
 * refuses a namespace whose workloads run (a standby that was scaled up is live: refreshing it would scale the
 * application down), unless {@link RunningWorkloads#ACCEPT}.
 *
 * <p><b>The scale-up</b> ({@code <id>}): its read-only preconditions find the standby's workloads, all at zero
 * replicas (unless {@link RunningWorkloads#ACCEPT}), and the backup they came from no older than the maximum
 * age (the preview says how old the standby is). The step sets each workload's replicas (idempotent, so a
 * resumed run sets them again) and waits through the step's poller until every replica is ready; it records
 * the standby's age when the scale-up began (the run's now minus the backup's start) as the RPO of {@code "namespace <ns>"}: what the
 * namespace lost is whatever changed after that backup.
 */
public final class NamespaceStandby {
    /** The default id of the scale-up fragment; the refresh fragment is {@code <id>-refresh}. */
    public static final String DEFAULT_ID = "namespace-standby";
    /** The default maximum age of the standby: a nightly refresh, plus two hours. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);
    /**
     * The time a scale-up is expected to take, for the failover preview: 2 minutes (ASSUMED: pods scheduled and
     * started, images pulled for the first time on the standby's nodes, readiness probes passing; Kubernetes' own
     * SLO covers only the 5 s p99 of stateless pod start-up without image pulls).
     */
    public static final Duration EXPECTED_SCALE_UP = Duration.ofMinutes(2);
    /** How the scale-up waits: first look at once, then every 2 s growing by 1.5× up to 15 s, up to 15 minutes. */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ZERO,
            Backoff.exponential(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(15)), Duration.ofMinutes(15));
    private static final String BACKUP_LABEL = "velero.io/backup-name";

    /** What to do with a standby namespace whose workloads are not scaled to zero. */
    public enum RunningWorkloads {
        /**
         * Refuse (the default): a standby that runs was scaled up by someone (a failover, a test); a refresh would
         * scale the live application down, and a scale-up would not be from a passive standby.
         */
        REFUSE,
        /** Go on: refresh over it, or scale it up as it is. */
        ACCEPT
    }

    private final Velero velero;
    private final KubernetesClient client;
    private final RestoreRequest request;
    private final String namespace;
    private final String id;
    private final int defaultReplicas;
    private final Map<String, Integer> replicas;
    private final Duration maxAge;
    private final RunningWorkloads runningWorkloads;
    private final PollPolicy pollPolicy;

    private NamespaceStandby(Builder b) {
        this.velero = b.velero;
        this.client = b.velero.client();
        this.namespace = b.request.targetNamespaces().get(0);
        this.request = b.request.toBuilder().withExistingResourcePolicy(ExistingResourcePolicy.UPDATE)
                .withResourceModifier(b.id + "-scale-to-zero").build();
        this.id = b.id;
        this.defaultReplicas = b.defaultReplicas;
        this.replicas = Map.copyOf(b.replicas);
        this.maxAge = b.maxAge;
        this.runningWorkloads = b.runningWorkloads;
        this.pollPolicy = b.pollPolicy;
    }

    /**
     * Starts a standby restored by {@code request}, which names exactly one namespace (mapped or not): the standby
     * namespace is where it lands.
     *
     * @throws InvalidConfigurationException when velero or the request is null, or the request names no namespace or
     *         more than one
     */
    public static Builder builder(Velero velero, RestoreRequest request) {
        Check.notNull("velero", velero);
        Check.notNull("standby restore request", request);
        if (request.targetNamespaces().size() != 1) {
            throw new InvalidConfigurationException("standby restore request", "must name exactly one namespace with withNamespace(..), named "
                    + request.targetNamespaces().size());
        }
        return new Builder(velero, request);
    }

    /** A builder holding this standby's settings. */
    public Builder toBuilder() {
        Builder b = new Builder(velero, request);
        b.id = id;
        b.defaultReplicas = defaultReplicas;
        b.replicas.putAll(replicas);
        b.maxAge = maxAge;
        b.runningWorkloads = runningWorkloads;
        b.pollPolicy = pollPolicy;
        return b;
    }

    /** The id of the scale-up fragment. */
    public String id() {
        return id;
    }

    /** The standby namespace. */
    public String namespace() {
        return namespace;
    }

    /** The name of the ConfigMap holding the scale-to-zero resource modifier rules, in Velero's namespace. */
    public String modifierConfigMap() {
        return id + "-scale-to-zero";
    }

    /** The component the standby recovers, as Velero's namespace target names it. */
    public String component() {
        return "namespace " + namespace;
    }

    /**
     * The refresh a team runs on a schedule (resumable): the modifier ConfigMap, then the restore with it. See the
     * class comment.
     */
    public PlanFragment refreshFragment() {
        String rid = id + "-refresh";
        PlanFragment restore = velero.restoreStep(rid + ".restore", request);
        Step modifier = Step.named(rid + ".modifier")
                .withDescription("write the resource modifier ConfigMap " + velero.namespace() + "/" + modifierConfigMap()
                        + ": Deployments and StatefulSets restored into '" + namespace + "' get 0 replicas")
                .withPrecondition(Precondition.of("namespace '" + namespace + "' holds no running workload"
                        + (runningWorkloads == RunningWorkloads.ACCEPT ? " (or running ones are accepted)" : ""), ctx -> checkNotRunning(false)))
                .withAction(ctx -> writeModifier()).build();
        return PlanFragment.builder(rid).withStep(modifier).withStep(restore.steps().get(0).toBuilder().dependsOn(modifier.id()).build()).build();
    }

    /**
     * The scale-up at failover, for {@link io.streamsdr.core.Failover.Builder#restore}: it carries its
     * {@link RecoveryStrategy} (the preview shows the expected time and the standby's age).
     */
    public PlanFragment scaleUpFragment() {
        return PlanFragment.of(Step.named(id)
                .withDescription("scale up the passive standby in namespace '" + namespace + "' (" + (replicas.isEmpty() ? ""
                        : replicas + ", ") + defaultReplicas + " replica(s) otherwise) and wait until ready")
                .withPrecondition(Precondition.of("namespace '" + namespace + "' holds a standby scaled to zero", ctx -> checkNotRunning(true)))
                .withPrecondition(Precondition.of("the standby in '" + namespace + "' is at most " + Durations.format(maxAge) + " old",
                        this::checkAge))
                .withAction(this::scaleUp))
                .withStrategy(RecoveryStrategy.of(component(), "scale up passive standby namespace '" + namespace + "'", EXPECTED_SCALE_UP)
                        .withDataLoss(ctx -> backupStart().map(start -> nonNegative(Duration.between(start, ctx.now())))));
    }

    private void writeModifier() {
        String rules = "version: v1\nresourceModifierRules:\n"
                + rule("deployments.apps") + rule("statefulsets.apps");
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(modifierConfigMap()).withNamespace(velero.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "streams-dr").endMetadata()
                .addToData("scale-to-zero.yaml", rules).build();
        call("write ConfigMap " + velero.namespace() + "/" + modifierConfigMap(), () -> client.configMaps().inNamespace(velero.namespace())
                .resource(cm).createOr(c -> c.update()));
    }

    private String rule(String groupResource) {
        // Velero matches the namespace the object is restored into; the source namespace is listed too, for a mapping.
        String source = request.includedNamespaces().get(0);
        return "- conditions:\n    groupResource: " + groupResource + "\n    namespaces:\n    - " + namespace + "\n"
                + (source.equals(namespace) ? "" : "    - " + source + "\n")
                // a patch's value is JSON: "0" is the number 0
                + "  patches:\n  - operation: replace\n    path: \"/spec/replicas\"\n    value: \"0\"\n";
    }

    /** The standby's workloads (Deployments and StatefulSets of the namespace). */
    private List<HasMetadata> workloads() {
        return call("list the workloads in namespace " + namespace, () -> {
            List<HasMetadata> all = new ArrayList<>(client.apps().deployments().inNamespace(namespace).list().getItems());
            all.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
            return all;
        });
    }

    private static int specReplicas(HasMetadata w) {
        Integer r = w instanceof io.fabric8.kubernetes.api.model.apps.Deployment d ? d.getSpec().getReplicas()
                : ((io.fabric8.kubernetes.api.model.apps.StatefulSet) w).getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private static int readyReplicas(HasMetadata w) {
        Integer r = w instanceof io.fabric8.kubernetes.api.model.apps.Deployment d ? d.getStatus() == null ? null : d.getStatus().getReadyReplicas()
                : ((io.fabric8.kubernetes.api.model.apps.StatefulSet) w).getStatus() == null ? null
                        : ((io.fabric8.kubernetes.api.model.apps.StatefulSet) w).getStatus().getReadyReplicas();
        return r == null ? 0 : r;
    }

    private static String describe(HasMetadata w) {
        return w.getKind() + "/" + w.getMetadata().getName();
    }

    /** Refuses running workloads (unless accepted); for the scale-up, also an empty namespace. */
    private String checkNotRunning(boolean standbyRequired) {
        List<HasMetadata> all = workloads();
        if (all.isEmpty()) {
            if (standbyRequired) {
                throw new PreconditionFailedException("a standby must be in place", "namespace '" + namespace
                        + "' holds no Deployment or StatefulSet", "run the standby's refresh fragment first (" + id + "-refresh)");
            }
            return "no workload in namespace '" + namespace + "' yet";
        }
        List<String> running = all.stream().filter(w -> specReplicas(w) > 0).map(w -> describe(w) + " (" + specReplicas(w) + " replicas)").toList();
        if (!running.isEmpty() && runningWorkloads == RunningWorkloads.REFUSE) {
            throw new PreconditionFailedException("the standby must be scaled to zero",
                    "namespace '" + namespace + "' runs " + String.join(", ", running) + ": it is not a passive standby (was it scaled up?)",
                    "withRunningWorkloads(RunningWorkloads.ACCEPT), or scale it to zero first");
        }
        return all.size() + " workload(s) in '" + namespace + "'" + (running.isEmpty() ? ", all scaled to zero" : ", running accepted: " + running);
    }

    private String checkAge(RunContext ctx) {
        Instant start = backupStart().orElseThrow(() -> new PreconditionFailedException("the standby's age must be known",
                "the workloads in '" + namespace + "' name no Velero backup (label " + BACKUP_LABEL + ") with a start time",
                "run the standby's refresh fragment (" + id + "-refresh)"));
        Duration age = nonNegative(Duration.between(start, ctx.now()));
        if (age.compareTo(maxAge) > 0) {
            throw new PreconditionFailedException("the standby must be at most " + Durations.format(maxAge) + " old",
                    "the standby in '" + namespace + "' is " + Durations.format(age) + " old (backup started " + start
                            + "): a failover now would lose everything since", "refresh it, or raise the maximum with withMaxAge(..)");
        }
        return "restored from a backup started " + start + ", " + Durations.format(age) + " ago";
    }

    /** The start of the backup the standby was restored from (the newest, when workloads differ). */
    private Optional<Instant> backupStart() {
        Instant newest = null;
        for (HasMetadata w : workloads()) {
            Map<String, String> labels = w.getMetadata().getLabels();
            String backup = labels == null ? null : labels.get(BACKUP_LABEL);
            if (backup != null) {
                Optional<Instant> start = velero.findBackup(backup).flatMap(Backup::startTimestamp);
                if (start.isPresent() && (newest == null || start.get().isAfter(newest))) {
                    newest = start.get();
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private void scaleUp(StepContext ctx) {
        checkNotRunning(true);
        // Measured now, not after the wait: the minutes the pods take to start are RTO, not lost data.
        Instant requested = ctx.now();
        Optional<Instant> start = backupStart();
        Map<String, Integer> target = new LinkedHashMap<>();
        for (HasMetadata w : workloads()) {
            String name = w.getMetadata().getName();
            int n = replicas.getOrDefault(name, defaultReplicas);
            target.put(describe(w), n);
            if (w instanceof io.fabric8.kubernetes.api.model.apps.Deployment) {
                call("scale Deployment " + namespace + "/" + name, () -> client.apps().deployments().inNamespace(namespace).withName(name).scale(n));
            } else {
                call("scale StatefulSet " + namespace + "/" + name, () -> client.apps().statefulSets().inNamespace(namespace).withName(name).scale(n));
            }
        }
        ctx.progress("scaled up " + target + " in namespace '" + namespace + "'; waiting until ready");
        Wait<List<HasMetadata>> ready = Wait.<List<HasMetadata>>until("the standby in '" + namespace + "' to be ready", this::workloads)
                .withStateDescription(ws -> "not ready: " + ws.stream().filter(w -> readyReplicas(w) < target.getOrDefault(describe(w), 0))
                        .map(w -> describe(w) + " " + readyReplicas(w) + "/" + target.getOrDefault(describe(w), 0)).toList())
                .withAcceptor(Acceptor.successWhen(ws -> ws.stream().allMatch(w -> readyReplicas(w) >= target.getOrDefault(describe(w), 0))));
        ctx.poller().await(ready, pollPolicy);
        start.ifPresent(s -> ctx.recordRpo(component(), nonNegative(Duration.between(s, requested))));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static <T> T call(String call, Supplier<T> body) {
        try {
            return body.get();
        } catch (KubernetesClientException e) {
            throw new CallFailedException(call, e);
        }
    }

    @Override
    public String toString() {
        return "NamespaceStandby[" + id + ": namespace " + namespace + "]";
    }

    /** Builds a {@link NamespaceStandby}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final Velero velero;
        private final RestoreRequest request;
        private String id = DEFAULT_ID;
        private int defaultReplicas = 1;
        private final Map<String, Integer> replicas = new LinkedHashMap<>();
        private Duration maxAge = DEFAULT_MAX_AGE;
        private RunningWorkloads runningWorkloads = RunningWorkloads.REFUSE;
        private PollPolicy pollPolicy = DEFAULT_POLL_POLICY;

        private Builder(Velero velero, RestoreRequest request) {
            this.velero = velero;
            this.request = request;
        }

        /**
         * The id of the scale-up fragment (the refresh's is {@code <id>-refresh}); default {@value NamespaceStandby#DEFAULT_ID}.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 label of at most 49 characters (the
         *         ConfigMap {@code <id>-scale-to-zero} must be one)
         */
        public Builder withId(String id) {
            KubeNames.label("standby id", id);
            if (id.length() > 49) {
                throw new InvalidConfigurationException("standby id '" + id + "'",
                        "must be at most 49 characters, so that '<id>-scale-to-zero' fits in 63; was " + id.length());
            }
            this.id = id;
            return this;
        }

        /**
         * The replicas the scale-up gives every workload not named with {@link #withReplicas(String, int)}; default 1.
         *
         * @throws InvalidConfigurationException when below 1
         */
        public Builder withReplicas(int replicas) {
            this.defaultReplicas = positive("standby replicas", replicas);
            return this;
        }

        /**
         * The replicas the scale-up gives the workload {@code name}.
         *
         * @throws InvalidConfigurationException when the name is not a DNS-1123 subdomain, or the replicas below 1
         */
        public Builder withReplicas(String workload, int replicas) {
            KubeNames.subdomain("standby workload name", workload, 253);
            this.replicas.put(workload, positive("replicas of standby workload '" + workload + "'", replicas));
            return this;
        }

        /**
         * The oldest a standby may be at failover: an older one fails the scale-up's precondition (the preview says so).
         *
         * @throws InvalidConfigurationException when null, zero or negative
         */
        public Builder withMaxAge(Duration maxAge) {
            this.maxAge = Check.positive("standby maximum age", maxAge);
            return this;
        }

        /**
         * What to do with a standby namespace whose workloads run; default {@link RunningWorkloads#REFUSE}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withRunningWorkloads(RunningWorkloads policy) {
            this.runningWorkloads = Check.notNull("running workloads policy", policy);
            return this;
        }

        /**
         * How the scale-up waits; default {@link NamespaceStandby#DEFAULT_POLL_POLICY}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withPollPolicy(PollPolicy pollPolicy) {
            this.pollPolicy = Check.notNull("standby poll policy", pollPolicy);
            return this;
        }

        /** The standby. */
        public NamespaceStandby build() {
            return new NamespaceStandby(this);
        }

        private static int positive(String field, int value) {
            if (value < 1) {
                throw new InvalidConfigurationException(field, "must be at least 1 (a standby scaled up to zero serves nothing), was " + value);
            }
            return value;
        }
    }
}
