package io.streamsdr.velero;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Check;
import io.streamsdr.velero.internal.KubeNames;
import io.streamsdr.velero.internal.VeleroResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Velero through the Kubernetes API: backups, schedules and restores as {@code velero.io/v1}
 * objects created directly, as the {@code velero} CLI does. Needs only RBAC on Velero's resources
 * (and read access to the namespaces restored into, for the guard rails); no {@code kubectl exec}
 * into the Velero pod. Immutable and thread-safe; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * Velero velero = Velero.using(client);                                    // Velero in namespace "velero"
 * Poller poller = Poller.using(clock, clock);                              // a test's virtual time; Poller.system() is real time
 * Backup backup = velero.backup(BackupRequest.ofNamespace("streams").build(), poller);   // waits for Completed
 * velero.createSchedule(ScheduleRequest.named("streams-daily").withSchedule("@daily")
 *     .withTemplate(BackupRequest.ofNamespace("streams").build()).build());
 * cluster.deleteNamespace("streams");                                      // the disaster (MockCluster, dr-testkit)
 * Restore restore = velero.restore(RestoreRequest.fromBackup(backup.name()).build(), poller);
 * }</pre>
 *
 * <p><b>Time comes from the caller.</b> A method that waits takes the {@link Poller} to wait with (in a
 * plan, the steps this class hands out use the step's); a method that only names a new object after
 * "now" takes the {@link Clock}. The facade itself holds no time.
 *
 * <p>Status is read from the main object: Velero's CRDs have no status subresource. A
 * {@code Failed}, {@code PartiallyFailed} or {@code FailedValidation} phase fails a wait at once with
 * the error and warning counts and the failure reason. A failed call to the Kubernetes API is a
 * {@link CallFailedException} naming the call and the object, with fabric8's exception as its cause.
 */
public final class Velero {
    private static final Logger LOG = LoggerFactory.getLogger(Velero.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Checkpoint of the backup step: the name of the Backup it creates, saved before the create call. */
    private static final String BACKUP_CHECKPOINT = "velero.backup";
    /** Checkpoint of the restore step: the name of the Restore it creates, saved before the create call. */
    private static final String RESTORE_CHECKPOINT = "velero.restore";
    /** What {@link #backupStep} appends to its id to name its output. */
    private static final String BACKUP_NAME_SUFFIX = ".backup.name";
    /** Default wait for a backup or a restore: first look at once, then every 2 s growing to 30 s, up to 4 hours. */
    public static final PollPolicy DEFAULT_POLL_POLICY = new PollPolicy(Duration.ZERO,
            Backoff.exponential(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30)), Duration.ofHours(4));

    private final KubernetesClient client;
    private final String namespace;
    private final PollPolicy pollPolicy;

    private Velero(KubernetesClient client, String namespace, PollPolicy pollPolicy) {
        this.client = client;
        this.namespace = namespace;
        this.pollPolicy = pollPolicy;
    }

    /**
     * Velero reached through {@code client}, installed in namespace {@code velero}, waiting with
     * {@link #DEFAULT_POLL_POLICY}.
     *
     * @throws InvalidConfigurationException when the client is null
     */
    public static Velero using(KubernetesClient client) {
        return new Velero(Check.notNull("kubernetes client", client), "velero", DEFAULT_POLL_POLICY);
    }

    /**
     * A copy for Velero installed in {@code namespace} (where its Backups, Schedules and Restores live).
     *
     * @throws InvalidConfigurationException when it is not a DNS-1123 label
     */
    public Velero withNamespace(String namespace) {
        return new Velero(client, KubeNames.label("velero namespace", namespace), pollPolicy);
    }

    /**
     * A copy that waits for backups and restores with {@code pollPolicy} (default {@link #DEFAULT_POLL_POLICY}).
     *
     * @throws InvalidConfigurationException when null
     */
    public Velero withPollPolicy(PollPolicy pollPolicy) {
        return new Velero(client, namespace, Check.notNull("poll policy", pollPolicy));
    }

    /** The namespace Velero runs in. */
    public String namespace() {
        return namespace;
    }

    // ---------------------------------------------------------------- backups

    /**
     * Creates the Backup (named on {@code poller}'s clock when the request has no name) and waits
     * through {@code poller} until it is {@code Completed}.
     *
     * @return the completed backup
     * @throws InvalidConfigurationException when the request or the poller is null
     * @throws TerminalStateException      when it ends {@code Failed}, {@code PartiallyFailed} or
     *         {@code FailedValidation} (or enters a phase that can only end so), with its error and
     *         warning counts and failure reason
     * @throws TimedOutException           when it is not done within the poll policy's timeout
     * @throws PreconditionFailedException when a Backup with that name already exists
     * @throws CallFailedException         when the Kubernetes API fails
     */
    public Backup backup(BackupRequest request, Poller poller) {
        Check.notNull("poller", poller);
        return awaitBackup(createBackup(request, poller.clock()).name(), poller);
    }

    /**
     * Creates the Backup and returns at once. A request with no name gets
     * {@code <first namespace>-<yyyyMMddHHmmss>}, UTC, on {@code clock}.
     *
     * @throws InvalidConfigurationException when the request or the clock is null
     * @throws PreconditionFailedException when a Backup with that name already exists
     * @throws CallFailedException         when the Kubernetes API fails
     */
    public Backup createBackup(BackupRequest request, Clock clock) {
        Check.notNull("backup request", request);
        Check.notNull("clock", clock);
        return create(named(request, clock.instant()));
    }

    private static BackupRequest named(BackupRequest request, Instant now) {
        return request.name().isPresent() ? request : request.named(request.includedNamespaces().get(0) + "-" + NAME_TIME.format(now));
    }

    private Backup create(BackupRequest named) {
        String name = named.name().orElseThrow();
        GenericKubernetesResource backup = resource("Backup", name, named.labels(), named.spec());
        create(VeleroResources.BACKUPS, backup, "Backup", name);
        LOG.info("Created Velero backup {}/{} of namespaces {}", namespace, name, named.includedNamespaces());
        return findBackup(name).orElseThrow(() -> new CallFailedException("get Velero Backup '" + name + "' in namespace " + namespace,
                new IllegalStateException("the Backup just created is not found")));
    }

    /**
     * Waits through {@code poller} (a plan step's, or your own) until the named Backup is {@code Completed}.
     *
     * @throws InvalidConfigurationException when the poller is null
     * @throws TerminalStateException when it fails, partially fails, fails validation, or is not found
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     * @throws CallFailedException    when the Kubernetes API fails
     */
    public Backup awaitBackup(String name, Poller poller) {
        Check.notNull("poller", poller);
        Wait<Optional<Backup>> wait = Wait.<Optional<Backup>>until("Velero backup '" + name + "' to complete", () -> findBackup(name))
                .withAcceptor(Acceptor.failureWhen(Optional::isEmpty, b -> "backup '" + name + "' not found in namespace " + namespace))
                .withAcceptor(Acceptor.successWhen(b -> b.orElseThrow().isCompleted()))
                .withAcceptor(Acceptor.failureWhen(b -> b.orElseThrow().phase().isFailure(),
                        b -> "backup '" + name + "' is " + b.orElseThrow().describeState()
                                + "; see: velero backup describe " + name + " --details && velero backup logs " + name))
                .withStateDescription(b -> b.map(Backup::describeState).orElse("not found"));
        return poller.await(wait, pollPolicy).value().orElseThrow().orElseThrow();
    }

    /**
     * The named Backup, if it exists.
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public Optional<Backup> findBackup(String name) {
        GenericKubernetesResource r = call("get Velero Backup '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(r).map(x -> Backup.from(asMap(x)));
    }

    /**
     * Every Backup, newest first (by start time; not yet started ones first).
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public List<Backup> backups() {
        List<Backup> out = new ArrayList<>();
        for (GenericKubernetesResource r : call("list Velero Backups in namespace " + namespace,
                () -> client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace).list().getItems())) {
            out.add(Backup.from(asMap(r)));
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    /**
     * Backups that cover {@code namespace}, newest first.
     *
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label
     * @throws CallFailedException           when the Kubernetes API fails
     */
    public List<Backup> backupsOf(String namespace) {
        KubeNames.label("namespace", namespace);
        return backups().stream().filter(b -> b.covers(namespace)).toList();
    }

    /**
     * Backups made by the named schedule (label {@code velero.io/schedule-name}), newest first.
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public List<Backup> backupsOfSchedule(String scheduleName) {
        List<Backup> out = new ArrayList<>();
        for (GenericKubernetesResource r : call("list Velero Backups of schedule '" + scheduleName + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(VeleroResources.BACKUPS).inNamespace(namespace)
                        .withLabel(VeleroResources.SCHEDULE_NAME_LABEL, scheduleName).list().getItems())) {
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
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public Optional<Backup> newestCompletedBackupOfSchedule(String scheduleName) {
        return backupsOfSchedule(scheduleName).stream().filter(Backup::isCompleted).findFirst();
    }

    private static final Comparator<Backup> NEWEST_FIRST = Comparator.comparing((Backup b) -> b.startTimestamp().orElse(null),
            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed().thenComparing(Backup::name);

    // ---------------------------------------------------------------- schedules

    /**
     * Creates the Schedule. Its expression was already parsed as Velero parses it.
     *
     * @throws InvalidConfigurationException when the request is null
     * @throws PreconditionFailedException   when a Schedule with that name already exists
     * @throws CallFailedException           when the Kubernetes API fails
     */
    public Schedule createSchedule(ScheduleRequest request) {
        Check.notNull("schedule request", request);
        GenericKubernetesResource schedule = resource("Schedule", request.name(), request.labels(), request.spec());
        create(VeleroResources.SCHEDULES, schedule, "Schedule", request.name());
        LOG.info("Created Velero schedule {}/{} '{}' of namespaces {}", namespace, request.name(), request.schedule(),
                request.template().includedNamespaces());
        return findSchedule(request.name()).orElseThrow(() -> new CallFailedException("get Velero Schedule '" + request.name()
                + "' in namespace " + namespace, new IllegalStateException("the Schedule just created is not found")));
    }

    /**
     * The named Schedule, if it exists.
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public Optional<Schedule> findSchedule(String name) {
        GenericKubernetesResource r = call("get Velero Schedule '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(VeleroResources.SCHEDULES).inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(r).map(x -> Schedule.from(asMap(x)));
    }

    // ---------------------------------------------------------------- restores

    /**
     * Checks the guard rails, creates the Restore (named on {@code poller}'s clock when the request
     * has no name) and waits through {@code poller} until it is {@code Completed}.
     *
     * @return the completed restore; {@link Restore#warnings()} counts objects that existed and were left alone
     * @throws InvalidConfigurationException when the request or the poller is null
     * @throws PreconditionFailedException when the backup or schedule has no usable backup, a
     *         target namespace holds resources and the policy is not {@code update}, a namespace
     *         mapping names a namespace the backup does not hold, the backup covers every
     *         namespace and none was named, or a Restore with that name already exists
     * @throws TerminalStateException when the restore fails, partially fails or fails validation
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     * @throws CallFailedException    when the Kubernetes API fails
     */
    public Restore restore(RestoreRequest request, Poller poller) {
        Check.notNull("poller", poller);
        return awaitRestore(createRestore(request, poller.clock()).name(), poller);
    }

    /**
     * Checks the guard rails and creates the Restore, without waiting. A request with no name gets
     * {@code <backup-or-schedule>-<yyyyMMddHHmmss>}, UTC, on {@code clock}.
     *
     * @return the Restore as created
     * @throws InvalidConfigurationException when the request or the clock is null
     * @throws PreconditionFailedException   as {@link #restore(RestoreRequest, Poller)}
     * @throws CallFailedException           when the Kubernetes API fails
     */
    public Restore createRestore(RestoreRequest request, Clock clock) {
        Check.notNull("restore request", request);
        Check.notNull("clock", clock);
        Backup source = checkRestore(request);
        for (String warning : request.warnings()) {
            LOG.warn("Velero restore of {}: {}", source.name(), warning);
        }
        if (source.phase() == BackupPhase.PARTIALLY_FAILED) {
            LOG.warn("Velero restore of backup {}: it is PartiallyFailed: some items were not backed up and will be missing", source.name());
        }
        return create(named(request, clock.instant()), source);
    }

    private static RestoreRequest named(RestoreRequest request, Instant now) {
        return request.name().isPresent() ? request
                : request.named(request.backupName().orElseGet(() -> request.scheduleName().orElseThrow()) + "-" + NAME_TIME.format(now));
    }

    /** Creates the named Restore of {@code source} (the guard rails passed). */
    private Restore create(RestoreRequest named, Backup source) {
        String name = named.name().orElseThrow();
        // With partially failed backups allowed, the client picks the schedule's backup and names it, as the CLI does.
        String backupOverride = named.scheduleName().isPresent() && named.partiallyFailedAllowed() ? source.name() : null;
        GenericKubernetesResource restore = resource("Restore", name, Map.of(), named.spec(backupOverride));
        create(VeleroResources.RESTORES, restore, "Restore", name);
        LOG.info("Created Velero restore {}/{} from {}", namespace, name, named.backupName().map(b -> "backup " + b)
                .orElse("schedule " + named.scheduleName().orElse("") + " (its newest Completed backup is " + source.name() + ")"));
        return findRestore(name).orElseThrow(() -> new CallFailedException("get Velero Restore '" + name + "' in namespace " + namespace,
                new IllegalStateException("the Restore just created is not found")));
    }

    /**
     * Waits through {@code poller} until the named Restore is {@code Completed}.
     *
     * @throws InvalidConfigurationException when the poller is null
     * @throws TerminalStateException when it fails, partially fails, fails validation, or is not found
     * @throws TimedOutException      when it is not done within the poll policy's timeout
     * @throws CallFailedException    when the Kubernetes API fails
     */
    public Restore awaitRestore(String name, Poller poller) {
        Check.notNull("poller", poller);
        Wait<Optional<Restore>> wait = Wait.<Optional<Restore>>until("Velero restore '" + name + "' to complete", () -> findRestore(name))
                .withAcceptor(Acceptor.failureWhen(Optional::isEmpty, r -> "restore '" + name + "' not found in namespace " + namespace))
                .withAcceptor(Acceptor.successWhen(r -> r.orElseThrow().isCompleted()))
                .withAcceptor(Acceptor.failureWhen(r -> r.orElseThrow().phase().isFailure(),
                        r -> "restore '" + name + "' is " + r.orElseThrow().describeState()
                                + "; see: velero restore describe " + name + " --details && velero restore logs " + name))
                .withStateDescription(r -> r.map(Restore::describeState).orElse("not found"));
        return poller.await(wait, pollPolicy).value().orElseThrow().orElseThrow();
    }

    /**
     * The named Restore, if it exists.
     *
     * @throws CallFailedException when the Kubernetes API fails
     */
    public Optional<Restore> findRestore(String name) {
        GenericKubernetesResource r = call("get Velero Restore '" + name + "' in namespace " + namespace,
                () -> client.genericKubernetesResources(VeleroResources.RESTORES).inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(r).map(x -> Restore.from(asMap(x)));
    }

    /**
     * The backup a request would restore, after the guard rails. Only reads.
     *
     * @throws InvalidConfigurationException when the request is null
     * @throws PreconditionFailedException   as {@link #restore(RestoreRequest, Poller)}
     * @throws CallFailedException           when the Kubernetes API fails
     */
    public Backup checkRestore(RestoreRequest request) {
        Check.notNull("restore request", request);
        Backup source;
        if (request.backupName().isPresent()) {
            String b = request.backupName().get();
            source = findBackup(b).orElseThrow(() -> new PreconditionFailedException("restore from an existing backup",
                    "backup '" + b + "' does not exist in namespace " + namespace, null));
            boolean usable = source.isCompleted() || request.partiallyFailedAllowed() && source.phase() == BackupPhase.PARTIALLY_FAILED;
            if (!usable) {
                throw new PreconditionFailedException("restore from a Completed backup",
                        "backup '" + b + "' is " + source.describeState(),
                        source.phase() == BackupPhase.PARTIALLY_FAILED ? "RestoreRequest...withPartiallyFailedBackupAllowed(true)" : null);
            }
        } else {
            String s = request.scheduleName().orElseThrow();
            List<Backup> ofSchedule = backupsOfSchedule(s);
            source = ofSchedule.stream()
                    .filter(x -> x.isCompleted() || request.partiallyFailedAllowed() && x.phase() == BackupPhase.PARTIALLY_FAILED)
                    .findFirst().orElseThrow(() -> new PreconditionFailedException(
                            "restore from a schedule with a Completed backup",
                            ofSchedule.isEmpty() ? "schedule '" + s + "' has no backups"
                                    : "schedule '" + s + "' has no Completed backup (its backups: " + ofSchedule.stream()
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
        return call("list the resources in namespace " + ns, () -> {
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
        });
    }

    private static <T extends HasMetadata> void addNames(List<String> found, String kind, List<T> items, Predicate<T> counts) {
        for (T item : items) {
            if (counts.test(item) && found.size() < 5) {
                found.add(kind + "/" + item.getMetadata().getName());
            }
        }
    }

    // ---------------------------------------------------------------- plan fragments and the target

    /**
     * The restore as a plan fragment of one step, {@code id}: it checks the guard rails, saves the
     * name of the Restore it will create in the plan's journal, creates it, waits through the step's
     * poller, reports warnings and records the RPO achieved (the age of the backup restored, from its
     * start, at the moment Velero began the restore) for component {@code "namespace <ns>"}. The same
     * check is the step's read-only precondition ({@link io.streamsdr.core.RestorePlan#checkPreconditions()}).
     *
     * <p>Resumable: a resumed run (a crash, a retry) finds the name it saved, waits for that Restore
     * if it exists, and creates it only if it does not, so a crash anywhere makes exactly one Restore.
     * Add dependencies and a timeout on the fragment ({@link PlanFragment#withTimeout}).
     *
     * @throws InvalidConfigurationException when the id breaks the id rule or the request is null
     */
    public PlanFragment restoreStep(String id, RestoreRequest request) {
        Check.id("step id", id);
        Check.notNull("restore request of step '" + id + "'", request);
        String what = request.backupName().map(b -> "backup " + b).orElseGet(() -> "the newest Completed backup of schedule "
                + request.scheduleName().orElseThrow());
        boolean update = request.existingResourcePolicy() == ExistingResourcePolicy.UPDATE;
        return PlanFragment.of(Step.named(id)
                .withDescription("velero restore from " + what + (request.namespaceMapping().isEmpty() ? "" : " mapping " + request.namespaceMapping())
                        + ", existingResourcePolicy " + request.existingResourcePolicy().wireName())
                .withPrecondition(Precondition.of(what + " is Completed" + (update ? "" : ", and the namespaces it restores into are absent or empty"),
                        () -> {
                            Backup b = checkRestore(request);
                            return "backup " + b.name() + " is " + b.describeState() + " (namespaces " + b.includedNamespaces()
                                    + b.startTimestamp().map(t -> ", started " + t).orElse("") + ")"
                                    + (update ? "" : "; nothing to overwrite in the target namespaces");
                        }))
                .withAction(ctx -> runRestore(ctx, request)));
    }

    private void runRestore(StepContext ctx, RestoreRequest request) {
        Optional<String> planned = ctx.checkpoint(RESTORE_CHECKPOINT);
        Optional<Restore> earlier = planned.flatMap(this::findRestore);
        String name;
        if (earlier.isPresent()) {
            name = earlier.get().name();
            ctx.progress("resuming: waiting for restore " + name + " created by an earlier run");
        } else {
            Backup source = checkRestore(request);
            for (String w : request.warnings()) {
                ctx.progress("WARNING: " + w);
            }
            if (source.phase() == BackupPhase.PARTIALLY_FAILED) {
                ctx.progress("WARNING: backup " + source.name() + " is PartiallyFailed: some items were not backed up and will be missing");
            }
            // Save the name first: a run that dies after the create finds it and waits instead of restoring twice.
            RestoreRequest named = planned.map(request::named).orElseGet(() -> named(request, ctx.now()));
            name = named.name().orElseThrow();
            if (planned.isEmpty()) {
                ctx.saveCheckpoint(RESTORE_CHECKPOINT, name);
            } else {
                ctx.progress("resuming: restore " + name + " was planned by an earlier run but never created; creating it");
            }
            create(named, source);
            ctx.progress("restore " + name + " of backup " + source.name() + " created");
        }
        Instant created = ctx.now();
        Restore done = awaitRestore(name, ctx.poller());
        if (done.warnings() > 0) {
            ctx.progress("restore " + name + " completed with " + done.warnings() + " warnings: objects that existed and"
                    + " differed were left as they are unless existingResourcePolicy is update; see: velero restore describe " + name);
        }
        Instant began = done.startTimestamp().orElse(created);
        done.backupName().flatMap(this::findBackup).ifPresent(b -> b.startTimestamp().ifPresent(backupStart -> {
            for (String ns : b.includedNamespaces()) {
                ctx.recordRpo("namespace " + request.target(ns), nonNegative(Duration.between(backupStart, began)));
            }
        }));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The backup as a plan fragment of one step, {@code id}: it saves the name of the Backup it will
     * create in the plan's journal (named on the run's clock when the request has no name), creates
     * it, waits for {@code Completed} through the step's poller, and publishes the Backup's name as
     * {@link #backupNameOutput(String) backupNameOutput(id)} ({@code <id>.backup.name}) for later steps.
     *
     * <p>Resumable: a resumed run (a crash, a retry) finds the name it saved, waits for that Backup if
     * it exists, and creates it only if it does not, so a crash anywhere makes exactly one Backup.
     *
     * @throws InvalidConfigurationException when the id breaks the id rule or is longer than 51
     *         characters (its output's name must fit in 63), or the request is null
     */
    public PlanFragment backupStep(String id, BackupRequest request) {
        StepOutput<String> output = backupNameOutput(id);
        Check.notNull("backup request of step '" + id + "'", request);
        return PlanFragment.of(Step.named(id)
                .withDescription("velero backup of namespaces " + request.includedNamespaces())
                .publishes(output)
                .withAction(ctx -> {
                    Optional<String> planned = ctx.checkpoint(BACKUP_CHECKPOINT);
                    BackupRequest named = planned.map(request::named).orElseGet(() -> named(request, ctx.now()));
                    String name = named.name().orElseThrow();
                    if (planned.isEmpty()) {
                        // Save the name first: a run that dies after the create finds it and waits instead of backing up twice.
                        ctx.saveCheckpoint(BACKUP_CHECKPOINT, name);
                        create(named);
                        ctx.progress("backup " + name + " created");
                    } else if (findBackup(name).isEmpty()) {
                        ctx.progress("resuming: backup " + name + " was planned by an earlier run but never created; creating it");
                        create(named);
                    } else {
                        ctx.progress("resuming: waiting for backup " + name + " created by an earlier run");
                    }
                    Backup done = awaitBackup(name, ctx.poller());
                    ctx.progress("backup " + name + " is " + done.describeState());
                    ctx.publish(output, name);
                }));
    }

    /**
     * The output through which {@link #backupStep(String, BackupRequest) backupStep(id, ...)} publishes
     * the name of the Backup it made: {@code <id>.backup.name}. Consume it in a later step, such as a
     * restore of exactly that backup.
     *
     * @throws InvalidConfigurationException when the id breaks the id rule or is longer than 51 characters
     */
    public static StepOutput<String> backupNameOutput(String id) {
        Check.id("step id", id);
        int max = 63 - BACKUP_NAME_SUFFIX.length();
        if (id.length() > max) {
            throw new InvalidConfigurationException("step id '" + id + "'", "must be at most " + max + " characters, so that its output '"
                    + id + BACKUP_NAME_SUFFIX + "' fits the 63-character limit of output names");
        }
        return StepOutput.string(id + BACKUP_NAME_SUFFIX);
    }

    /**
     * The namespace as a {@link io.streamsdr.core.BackupTarget}: recovery points are its Completed
     * backups, the RPO the age of the newest. Its methods take their time from the
     * {@link io.streamsdr.core.RunContext} they are given.
     *
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label
     */
    public VeleroNamespaceTarget namespaceTarget(String namespace) {
        return new VeleroNamespaceTarget(this, KubeNames.label("namespace", namespace), null, null, null);
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
            throw new CallFailedException("create Velero " + kind + " '" + name + "' in namespace " + namespace, e);
        }
    }

    /** The client every call goes through. */
    KubernetesClient client() {
        return client;
    }

    /** Runs a read against the Kubernetes API, turning fabric8's exception into the library's, cause kept. */
    private static <T> T call(String call, Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            throw new CallFailedException(call, e);
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
}
