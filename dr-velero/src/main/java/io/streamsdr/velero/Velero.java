package io.streamsdr.velero;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.velero.internal.KubeNames;
import io.streamsdr.velero.internal.VeleroResources;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Velero through the Kubernetes API: backups, schedules and restores as {@code velero.io/v1}
 * objects created directly, as the {@code velero} CLI does. Needs only RBAC on Velero's resources
 * (and read access to the namespaces restored into, for the guard rails); no {@code kubectl exec}
 * into the Velero pod. Immutable and thread-safe; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * Velero velero = Velero.using(client);                                   // Velero in namespace "velero"
 * Backup backup = velero.backup(BackupRequest.ofNamespace("streams").build());   // waits for Completed
 * velero.createSchedule(ScheduleRequest.named("streams-daily").withSchedule("@daily").withNamespace("streams").build());
 * Restore restore = velero.restore(RestoreRequest.fromSchedule("streams-daily").build());
 * }</pre>
 *
 * <p>Status is read from the main object: Velero's CRDs have no status subresource. Waits go
 * through the {@link Poller} ({@link #withPoller}; inside a plan step, the step's poller), so a
 * {@code Failed}, {@code PartiallyFailed} or {@code FailedValidation} phase fails at once with the
 * error and warning counts and the failure reason, and tests run on virtual time.
 */
public final class Velero {
    private static final Logger LOG = LoggerFactory.getLogger(Velero.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Default wait for a backup or a restore: first look at once, then every 2 s growing to 30 s, up to 4 hours. */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ZERO,
            Backoff.exponential(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30)), Duration.ofHours(4));

    private final KubernetesClient client;
    private final String namespace;
    private final Poller poller;
    private final PollPolicy pollPolicy;

    private Velero(KubernetesClient client, String namespace, Poller poller, PollPolicy pollPolicy) {
        this.client = client;
        this.namespace = namespace;
        this.poller = poller;
        this.pollPolicy = pollPolicy;
    }

    /**
     * Velero reached through {@code client}, installed in namespace {@code velero}, waiting in real
     * time with {@link #DEFAULT_POLL_POLICY}.
     *
     * @throws InvalidConfigurationException when the client is null
     */
    public static Velero using(KubernetesClient client) {
        if (client == null) {
            throw new InvalidConfigurationException("kubernetes client", "must not be null");
        }
        return new Velero(client, "velero", Poller.system(), DEFAULT_POLL_POLICY);
    }

    /**
     * A copy for Velero installed in {@code namespace} (where its Backups, Schedules and Restores live).
     *
     * @throws InvalidConfigurationException when it is not a DNS-1123 label
     */
    public Velero withNamespace(String namespace) {
        return new Velero(client, KubeNames.label("velero namespace", namespace), poller, pollPolicy);
    }

    /**
     * A copy that waits through {@code poller} outside plan steps (default {@link Poller#system()}).
     * Give it dr-testkit's virtual clock in tests.
     *
     * @throws InvalidConfigurationException when null
     */
    public Velero withPoller(Poller poller) {
        if (poller == null) {
            throw new InvalidConfigurationException("poller", "must not be null");
        }
        return new Velero(client, namespace, poller, pollPolicy);
    }

    /**
     * A copy that waits for backups and restores with {@code pollPolicy} (default {@link #DEFAULT_POLL_POLICY}).
     *
     * @throws InvalidConfigurationException when null
     */
    public Velero withPollPolicy(PollPolicy pollPolicy) {
        if (pollPolicy == null) {
            throw new InvalidConfigurationException("poll policy", "must not be null");
        }
        return new Velero(client, namespace, poller, pollPolicy);
    }

    /** The namespace Velero runs in. */
    public String namespace() {
        return namespace;
    }

    // ---------------------------------------------------------------- backups

    /**
     * Creates the Backup and waits until it is {@code Completed}.
     *
     * @return the completed backup
     * @throws TerminalStateException when it ends {@code Failed}, {@code PartiallyFailed} or
     *         {@code FailedValidation} (or enters a phase that can only end so), with its error and
     *         warning counts and failure reason
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     * @throws PreconditionFailedException when a Backup with that name already exists
     */
    public Backup backup(BackupRequest request) {
        return awaitBackup(createBackup(request).name(), poller);
    }

    /**
     * Creates the Backup and returns at once.
     *
     * @throws PreconditionFailedException when a Backup with that name already exists
     */
    public Backup createBackup(BackupRequest request) {
        Objects.requireNonNull(request, "request");
        String name = request.name().orElseGet(() -> request.includedNamespaces().get(0) + "-" + NAME_TIME.format(poller.clock().instant()));
        Map<String, String> labels = new LinkedHashMap<>(request.labels());
        GenericKubernetesResource backup = resource("Backup", name, labels, request.spec());
        create(VeleroResources.BACKUPS, backup, "Backup", name);
        LOG.info("Created Velero backup {}/{} of namespaces {}", namespace, name, request.includedNamespaces());
        return findBackup(name).orElseThrow();
    }

    /** Waits until the named Backup is {@code Completed}, with this instance's poller. See {@link #backup}. */
    public Backup awaitBackup(String name) {
        return awaitBackup(name, poller);
    }

    /**
     * Waits until the named Backup is {@code Completed}, through {@code poller} (a plan step's).
     *
     * @throws TerminalStateException when it fails, partially fails, fails validation, or is not found
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     */
    public Backup awaitBackup(String name, Poller poller) {
        Wait<Optional<Backup>> wait = Wait.<Optional<Backup>>until("Velero backup '" + name + "' to complete", () -> findBackup(name))
                .withAcceptor(Acceptor.failureWhen(Optional::isEmpty, b -> "backup '" + name + "' not found in namespace " + namespace))
                .withAcceptor(Acceptor.successWhen(b -> b.orElseThrow().isCompleted()))
                .withAcceptor(Acceptor.failureWhen(b -> b.orElseThrow().phase().isFailure(),
                        b -> "backup '" + name + "' is " + b.orElseThrow().describeState()
                                + "; see: velero backup describe " + name + " --details && velero backup logs " + name))
                .withStateDescription(b -> b.map(Backup::describeState).orElse("not found"));
        return poller.await(wait, pollPolicy).value().orElseThrow().orElseThrow();
    }

    /** The named Backup, if it exists. */
    public Optional<Backup> findBackup(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(r).map(x -> Backup.from(asMap(x)));
    }

    /** Every Backup, newest first (by start time; not yet started ones first). */
    public List<Backup> backups() {
        List<Backup> out = new ArrayList<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace).list().getItems()) {
            out.add(Backup.from(asMap(r)));
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** Backups that cover {@code namespace}, newest first. */
    public List<Backup> backupsOf(String namespace) {
        KubeNames.label("namespace", namespace);
        return backups().stream().filter(b -> b.covers(namespace)).toList();
    }

    /** Backups made by the named schedule (label {@code velero.io/schedule-name}), newest first. */
    public List<Backup> backupsOfSchedule(String scheduleName) {
        List<Backup> out = new ArrayList<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace)
                .withLabel(VeleroResources.SCHEDULE_NAME_LABEL, scheduleName).list().getItems()) {
            Backup b = Backup.from(asMap(r));
            // The mock API server ignores some selectors: check the label again.
            if (scheduleName.equals(b.labels().get(VeleroResources.SCHEDULE_NAME_LABEL))) {
                out.add(b);
            }
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    /**
     * The backup a restore from this schedule uses, picked as Velero's restore controller picks it:
     * the schedule's backups sorted by {@code status.startTimestamp}, newest first, and the first
     * one {@code Completed} ({@code PartiallyFailed} is not accepted).
     */
    public Optional<Backup> newestCompletedBackupOfSchedule(String scheduleName) {
        return backupsOfSchedule(scheduleName).stream().filter(Backup::isCompleted).findFirst();
    }

    private static final Comparator<Backup> NEWEST_FIRST = Comparator.comparing(Backup::startTimestamp,
            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed().thenComparing(Backup::name);

    // ---------------------------------------------------------------- schedules

    /**
     * Creates the Schedule. Its expression was already parsed as Velero parses it.
     *
     * @throws PreconditionFailedException when a Schedule with that name already exists
     */
    public Schedule createSchedule(ScheduleRequest request) {
        Objects.requireNonNull(request, "request");
        GenericKubernetesResource schedule = resource("Schedule", request.name(), request.labels(), request.spec());
        create(VeleroResources.SCHEDULES, schedule, "Schedule", request.name());
        LOG.info("Created Velero schedule {}/{} '{}' of namespaces {}", namespace, request.name(), request.schedule(),
                request.includedNamespaces());
        return findSchedule(request.name()).orElseThrow();
    }

    /** The named Schedule, if it exists. */
    public Optional<Schedule> findSchedule(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(VeleroResources.SCHEDULES).inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(r).map(x -> Schedule.from(asMap(x)));
    }

    // ---------------------------------------------------------------- restores

    /**
     * Checks the guard rails, creates the Restore and waits until it is {@code Completed}.
     *
     * @return the completed restore; {@link Restore#warnings()} counts objects that existed and were left alone
     * @throws PreconditionFailedException when the backup or schedule has no usable backup, a
     *         target namespace holds resources and the policy is not {@code update}, a namespace
     *         mapping names a namespace the backup does not hold, or the backup covers every
     *         namespace and none was named
     * @throws TerminalStateException when the restore fails, partially fails or fails validation
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     */
    public Restore restore(RestoreRequest request) {
        return awaitRestore(createRestore(request), poller);
    }

    /**
     * Checks the guard rails and creates the Restore, without waiting.
     *
     * @return the name of the Restore created
     * @throws PreconditionFailedException as {@link #restore(RestoreRequest)}
     */
    public String createRestore(RestoreRequest request) {
        Objects.requireNonNull(request, "request");
        Backup source = checkRestore(request);
        String name = request.name().orElseGet(() -> request.backupName().orElseGet(() -> request.scheduleName().orElseThrow())
                + "-" + NAME_TIME.format(poller.clock().instant()));
        for (String warning : request.warnings()) {
            LOG.warn("Velero restore {}: {}", name, warning);
        }
        if (source.phase() == BackupPhase.PARTIALLY_FAILED) {
            LOG.warn("Velero restore {}: backup {} is PartiallyFailed: some items were not backed up and will be missing", name, source.name());
        }
        // With partially failed backups allowed, the client picks the schedule's backup and names it, as the CLI does.
        String backupOverride = request.scheduleName().isPresent() && request.partiallyFailedAllowed() ? source.name() : null;
        GenericKubernetesResource restore = resource("Restore", name, Map.of(), request.spec(backupOverride));
        create(VeleroResources.RESTORES, restore, "Restore", name);
        LOG.info("Created Velero restore {}/{} from {}", namespace, name, request.backupName().map(b -> "backup " + b)
                .orElse("schedule " + request.scheduleName().orElse("") + " (its newest Completed backup is " + source.name() + ")"));
        return name;
    }

    /** Waits for the named Restore with this instance's poller. See {@link #restore}. */
    public Restore awaitRestore(String name) {
        return awaitRestore(name, poller);
    }

    /**
     * Waits until the named Restore is {@code Completed}, through {@code poller}.
     *
     * @throws TerminalStateException when it fails, partially fails, fails validation, or is not found
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     */
    public Restore awaitRestore(String name, Poller poller) {
        Wait<Optional<Restore>> wait = Wait.<Optional<Restore>>until("Velero restore '" + name + "' to complete", () -> findRestore(name))
                .withAcceptor(Acceptor.failureWhen(Optional::isEmpty, r -> "restore '" + name + "' not found in namespace " + namespace))
                .withAcceptor(Acceptor.successWhen(r -> r.orElseThrow().phase() == RestorePhase.COMPLETED))
                .withAcceptor(Acceptor.failureWhen(r -> r.orElseThrow().phase().isFailure(),
                        r -> "restore '" + name + "' is " + r.orElseThrow().describeState()
                                + "; see: velero restore describe " + name + " --details && velero restore logs " + name))
                .withStateDescription(r -> r.map(Restore::describeState).orElse("not found"));
        return poller.await(wait, pollPolicy).value().orElseThrow().orElseThrow();
    }

    /** The named Restore, if it exists. */
    public Optional<Restore> findRestore(String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(VeleroResources.RESTORES).inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(r).map(x -> Restore.from(asMap(x)));
    }

    /**
     * The backup a request would restore, after the guard rails.
     *
     * @throws PreconditionFailedException as {@link #restore(RestoreRequest)}
     */
    public Backup checkRestore(RestoreRequest request) {
        Backup source;
        if (request.backupName().isPresent()) {
            String b = request.backupName().get();
            source = findBackup(b).orElseThrow(() -> new PreconditionFailedException("restore from an existing backup",
                    "backup '" + b + "' does not exist in namespace " + namespace, null));
            boolean usable = source.isCompleted() || request.partiallyFailedAllowed() && source.phase() == BackupPhase.PARTIALLY_FAILED;
            if (!usable) {
                throw new PreconditionFailedException("restore from a Completed backup",
                        "backup '" + b + "' is " + source.describeState(),
                        source.phase() == BackupPhase.PARTIALLY_FAILED ? "RestoreRequest...withPartiallyFailedBackupAllowed()" : null);
            }
        } else {
            String s = request.scheduleName().orElseThrow();
            source = (request.partiallyFailedAllowed()
                    ? backupsOfSchedule(s).stream().filter(x -> x.isCompleted() || x.phase() == BackupPhase.PARTIALLY_FAILED).findFirst()
                    : newestCompletedBackupOfSchedule(s)).orElseThrow(() -> new PreconditionFailedException(
                    "restore from a schedule with a Completed backup",
                    backupsOfSchedule(s).isEmpty() ? "schedule '" + s + "' has no backups"
                            : "schedule '" + s + "' has no Completed backup (its backups: " + backupsOfSchedule(s).stream()
                                    .map(x -> x.name() + " " + x.phase().wireName()).toList() + ")",
                    null));
        }
        List<String> sources = new ArrayList<>(request.includedNamespaces());
        if (sources.isEmpty()) {
            if (source.includedNamespaces().isEmpty() || source.includedNamespaces().contains("*")) {
                throw new PreconditionFailedException("restore names its namespaces",
                        "backup '" + source.name() + "' covers every namespace, so the namespaces it would restore into cannot be checked",
                        "RestoreRequest...withNamespace(\"streams\")");
            }
            sources.addAll(source.includedNamespaces());
        }
        for (String from : request.namespaceMapping().keySet()) {
            if (!source.covers(from)) {
                throw new PreconditionFailedException("namespace mapping names a backed-up namespace",
                        "backup '" + source.name() + "' holds namespaces " + source.includedNamespaces() + ", not '" + from + "'", null);
            }
        }
        if (request.existingResourcePolicy() != ExistingResourcePolicy.UPDATE) {
            for (String from : sources) {
                String target = request.target(from);
                List<String> found = resourcesIn(target);
                if (!found.isEmpty()) {
                    throw new PreconditionFailedException("restore into an empty namespace",
                            "namespace '" + target + "' exists with resources in it (" + String.join(", ", found)
                                    + "); Velero would leave every existing object as it is, with only a warning",
                            "delete the namespace first, or ask for updates explicitly: "
                                    + ".withExistingResourcePolicy(ExistingResourcePolicy.UPDATE)");
                }
            }
        }
        return source;
    }

    /** Up to five resources found in the namespace (ignoring what Kubernetes puts in every namespace). */
    List<String> resourcesIn(String ns) {
        List<String> found = new ArrayList<>();
        addNames(found, "Deployment", client.apps().deployments().inNamespace(ns).list().getItems(), r -> true);
        addNames(found, "StatefulSet", client.apps().statefulSets().inNamespace(ns).list().getItems(), r -> true);
        addNames(found, "DaemonSet", client.apps().daemonSets().inNamespace(ns).list().getItems(), r -> true);
        addNames(found, "Service", client.services().inNamespace(ns).list().getItems(), r -> true);
        addNames(found, "ConfigMap", client.configMaps().inNamespace(ns).list().getItems(),
                r -> !"kube-root-ca.crt".equals(r.getMetadata().getName()));
        addNames(found, "Secret", client.secrets().inNamespace(ns).list().getItems(),
                r -> !"kubernetes.io/service-account-token".equals(r.getType()));
        addNames(found, "PersistentVolumeClaim", client.persistentVolumeClaims().inNamespace(ns).list().getItems(), r -> true);
        addNames(found, "Pod", client.pods().inNamespace(ns).list().getItems(), r -> true);
        return found;
    }

    private static <T extends HasMetadata> void addNames(List<String> found, String kind, List<T> items,
            java.util.function.Predicate<T> counts) {
        for (T item : items) {
            if (counts.test(item) && found.size() < 5) {
                found.add(kind + "/" + item.getMetadata().getName());
            }
        }
    }

    // ---------------------------------------------------------------- plan steps and the target

    /**
     * A plan step that restores: checks the guard rails, creates the Restore, waits through the
     * step's poller, reports warnings and records the RPO achieved (the age of the backup restored,
     * from its start, at the moment the restore began) for component {@code "namespace <ns>"}.
     * Idempotent: a resumed step waits for the Restore it already created. Add dependencies and a
     * timeout on the returned builder.
     *
     * @throws InvalidConfigurationException when the step id breaks the id rule or the request is null
     */
    public Step.Builder restoreStep(String stepId, RestoreRequest request) {
        if (request == null) {
            throw new InvalidConfigurationException("restore request of step '" + stepId + "'", "must not be null");
        }
        String what = request.backupName().map(b -> "backup " + b).orElseGet(() -> "the newest Completed backup of schedule "
                + request.scheduleName().orElseThrow());
        return Step.named(stepId)
                .withDescription("velero restore from " + what + (request.namespaceMapping().isEmpty() ? "" : " mapping " + request.namespaceMapping())
                        + ", existingResourcePolicy " + request.existingResourcePolicy().wireName())
                .withPrecondition(Precondition.of(what + " is Completed"
                        + (request.existingResourcePolicy() == ExistingResourcePolicy.UPDATE ? ""
                                : ", and the namespaces it restores into are absent or empty"), () -> {
                                    Backup b = checkRestore(request);
                                    return "backup " + b.name() + " is " + b.describeState() + " (namespaces " + b.includedNamespaces()
                                            + (b.startTimestamp() == null ? "" : ", started " + b.startTimestamp()) + ")"
                                            + (request.existingResourcePolicy() == ExistingResourcePolicy.UPDATE ? ""
                                                    : "; nothing to overwrite in the target namespaces");
                                }))
                .withAction(ctx -> runRestore(ctx, request));
    }

    private void runRestore(StepContext ctx, RestoreRequest request) {
        Velero here = withPoller(ctx.poller());
        String name = ctx.checkpoint("velero.restore").filter(n -> here.findRestore(n).isPresent()).orElse(null);
        if (name == null) {
            Backup source = here.checkRestore(request);
            for (String w : request.warnings()) {
                ctx.progress("WARNING: " + w);
            }
            if (source.phase() == BackupPhase.PARTIALLY_FAILED) {
                ctx.progress("WARNING: backup " + source.name() + " is PartiallyFailed: some items were not backed up and will be missing");
            }
            String planned = request.name().orElseGet(() -> request.backupName().orElseGet(() -> request.scheduleName().orElseThrow())
                    + "-" + NAME_TIME.format(ctx.now()));
            ctx.saveCheckpoint("velero.restore", planned);
            RestoreRequest named = request.name().isPresent() ? request : request.named(planned);
            name = here.createRestore(named);
            ctx.progress("restore " + name + " of backup " + source.name() + " created");
        } else {
            ctx.progress("resuming: waiting for restore " + name + " created by an earlier run");
        }
        Instant started = ctx.now();
        Restore done = awaitRestore(name, ctx.poller());
        if (done.warnings() > 0) {
            ctx.progress("restore " + name + " completed with " + done.warnings() + " warnings: objects that existed and"
                    + " differed were left as they are unless existingResourcePolicy is update; see: velero restore describe " + name);
        }
        String backupName = done.restoredBackup().orElse(null);
        if (backupName != null) {
            Optional<Backup> b = findBackup(backupName);
            if (b.isPresent() && b.get().startTimestamp() != null) {
                for (String ns : b.get().includedNamespaces()) {
                    ctx.recordRpo("namespace " + request.target(ns), Duration.between(b.get().startTimestamp(), started));
                }
            }
        }
    }

    /**
     * A plan step that backs up and waits for {@code Completed} through the step's poller.
     *
     * @throws InvalidConfigurationException when the step id breaks the id rule or the request is null
     */
    public Step.Builder backupStep(String stepId, BackupRequest request) {
        if (request == null) {
            throw new InvalidConfigurationException("backup request of step '" + stepId + "'", "must not be null");
        }
        return Step.named(stepId)
                .withDescription("velero backup of namespaces " + request.includedNamespaces())
                .withAction(ctx -> {
                    Velero here = withPoller(ctx.poller());
                    String name = ctx.checkpoint("velero.backup").filter(n -> here.findBackup(n).isPresent()).orElse(null);
                    if (name == null) {
                        name = here.createBackup(request).name();
                        ctx.saveCheckpoint("velero.backup", name);
                    }
                    here.awaitBackup(name, ctx.poller());
                });
    }

    /**
     * The namespace as a {@link io.streamsdr.core.BackupTarget}: recovery points are its Completed
     * backups, the RPO the age of the newest.
     *
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label
     */
    public VeleroNamespaceTarget namespaceTarget(String namespace) {
        return new VeleroNamespaceTarget(this, KubeNames.label("namespace", namespace), null, null);
    }

    // ---------------------------------------------------------------- plumbing

    private GenericKubernetesResource resource(String kind, String name, Map<String, String> labels, Map<String, Object> spec) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(VeleroResources.API_VERSION);
        r.setKind(kind);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels)).build());
        r.setAdditionalProperty("spec", spec);
        return r;
    }

    private void create(ResourceDefinitionContext ctx, GenericKubernetesResource r, String kind, String name) {
        try {
            client.genericKubernetesResources(ctx).inNamespace(namespace).resource(r).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new PreconditionFailedException(kind + " names are unique", kind + " '" + name + "' already exists in namespace "
                        + namespace, "choose another name with withName(...)");
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(GenericKubernetesResource r) {
        Map<String, Object> m = new LinkedHashMap<>(r.getAdditionalProperties());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", r.getMetadata().getName());
        meta.put("labels", r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels());
        m.put("metadata", meta);
        return m;
    }

    Poller poller() {
        return poller;
    }
}
