package io.streamsdr.velero;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes namespace protected by Velero, as a {@link BackupTarget}: recovery points are the
 * namespace's {@code Completed} backups, newest first; the RPO is the age of the newest one,
 * measured from its start (what changed after Velero began reading may be missing). Immutable;
 * get it from {@link Velero#namespaceTarget(String)}. It holds no time of its own: every method takes
 * the clock and the poller of the {@link RunContext} it is given (in {@code backupAll}, its step's).
 *
 * <p>Unhealthy when there is no Completed backup, when the newest backup failed (a failing
 * schedule), or when the RPO is over {@link #withRpoObjective(Duration) the objective}.
 */
public final class VeleroNamespaceTarget implements BackupTarget {
    private final Velero velero;
    private final String namespace;
    private final Duration rpoObjective;
    private final BackupRequest template;
    private final Duration expectedInterval;

    VeleroNamespaceTarget(Velero velero, String namespace, Duration rpoObjective, BackupRequest template, Duration expectedInterval) {
        this.velero = velero;
        this.namespace = namespace;
        this.rpoObjective = rpoObjective;
        this.template = template;
        this.expectedInterval = expectedInterval;
    }

    /**
     * A copy that reports unhealthy when the RPO is over {@code objective}.
     *
     * @throws InvalidConfigurationException when it is not positive
     */
    public VeleroNamespaceTarget withRpoObjective(Duration objective) {
        if (objective == null || objective.isZero() || objective.isNegative()) {
            throw new InvalidConfigurationException("rpo objective", "must be positive, was " + objective);
        }
        return new VeleroNamespaceTarget(velero, namespace, objective, template, expectedInterval);
    }

    /**
     * A copy whose {@link #takeRecoveryPoint(RunContext)} creates backups like {@code template} (its TTL,
     * storage location, labels and volume options; the namespace must be this target's, and it has no
     * name: each recovery point is a new backup named {@code <namespace>-<yyyyMMddHHmmss>}).
     *
     * @throws InvalidConfigurationException when the template is null, does not cover exactly this
     *         namespace, or has a name
     */
    public VeleroNamespaceTarget withBackupTemplate(BackupRequest template) {
        if (template == null || !template.includedNamespaces().equals(List.of(namespace))) {
            throw new InvalidConfigurationException("backup template", "must back up exactly namespace '" + namespace + "'");
        }
        if (template.name().isPresent()) {
            throw new InvalidConfigurationException("backup template of namespace '" + namespace + "'", "must not have a name (it has '"
                    + template.name().get() + "'): each recovery point is a new backup named '" + namespace
                    + "-<yyyyMMddHHmmss>'; build the template without withName(...)");
        }
        return new VeleroNamespaceTarget(velero, namespace, rpoObjective, template, expectedInterval);
    }

    /**
     * A copy that knows the Velero schedule backing the namespace up, so that its {@link #expectedInterval()} is the
     * schedule's longest gap between two backups ({@link CronSchedule#longestInterval()}): the monitoring alert
     * "recovery point too old" fires at twice it. The schedule is not created or read here; create it with
     * {@link Velero#createSchedule(ScheduleRequest)}.
     *
     * @throws InvalidConfigurationException when the schedule is null, its template does not back up this namespace,
     *         or it fires fewer than twice in five years
     */
    public VeleroNamespaceTarget withSchedule(ScheduleRequest schedule) {
        if (schedule == null) {
            throw new InvalidConfigurationException("schedule of namespace '" + namespace + "'", "must not be null");
        }
        if (!schedule.template().includedNamespaces().contains(namespace)) {
            throw new InvalidConfigurationException("schedule '" + schedule.name() + "' of namespace '" + namespace + "'",
                    "must back up namespace '" + namespace + "', but its template includes " + schedule.template().includedNamespaces());
        }
        Duration interval = schedule.schedule().longestInterval().orElseThrow(() -> new InvalidConfigurationException(
                "schedule '" + schedule.name() + "' of namespace '" + namespace + "'", "'" + schedule.schedule().expression()
                        + "' fires fewer than twice in five years: it defines no interval between backups"));
        return new VeleroNamespaceTarget(velero, namespace, rpoObjective, template, interval);
    }

    @Override
    public String name() {
        return "namespace " + namespace;
    }

    /** {@code velero}: the meters' {@code kind} tag of a namespace backed up by Velero. */
    @Override
    public String kind() {
        return "velero";
    }

    /** The schedule's longest gap between backups, when {@link #withSchedule(ScheduleRequest)} gave one; else empty. */
    @Override
    public Optional<Duration> expectedInterval() {
        return Optional.ofNullable(expectedInterval);
    }

    /**
     * Backs up the namespace (named on the context's clock unless the template has a name) and waits
     * for {@code Completed} through the context's poller; see {@link Velero#backup(BackupRequest, io.streamsdr.core.Poller)}.
     *
     * @throws io.streamsdr.core.TerminalStateException when the backup fails or partially fails
     * @throws io.streamsdr.core.TimedOutException      when it is not done in time
     * @throws io.streamsdr.core.CallFailedException    when the Kubernetes API fails
     */
    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        BackupRequest request = template != null ? template : BackupRequest.ofNamespace(namespace).build();
        return point(velero.backup(request, ctx.poller()), ctx);
    }

    /**
     * The namespace's Completed backups, newest first.
     *
     * @throws io.streamsdr.core.CallFailedException when the Kubernetes API fails
     */
    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        return velero.backupsOf(namespace).stream()
                .filter(Backup::isCompleted)
                .filter(b -> b.startTimestamp().isPresent())
                .map(b -> point(b, ctx))
                .toList();
    }

    /**
     * The RPO (the age of the newest Completed backup, on the context's clock) and whether it is healthy; the
     * status names that backup as its newest recovery point. One call: the list of the namespace's backups.
     *
     * @throws io.streamsdr.core.CallFailedException when the Kubernetes API fails
     */
    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        Instant now = ctx.now();
        List<Backup> all = velero.backupsOf(namespace);
        Optional<Backup> newestCompleted = all.stream().filter(Backup::isCompleted).filter(b -> b.startTimestamp().isPresent()).findFirst();
        if (newestCompleted.isEmpty()) {
            return ProtectionStatus.unhealthy(name(), now, "no Completed Velero backup of namespace " + namespace);
        }
        Duration rpo = nonNegative(Duration.between(newestCompleted.get().startTimestamp().orElseThrow(), now));
        // The newest backup that ended, or that can only end in failure (FinalizingPartiallyFailed...).
        Optional<Backup> newestFinished = all.stream().filter(b -> b.phase().isTerminal() || b.phase().isFailure()).findFirst();
        RecoveryPoint newest = point(newestCompleted.get(), ctx);
        if (newestFinished.isPresent() && newestFinished.get().phase().isFailure()) {
            Backup b = newestFinished.get();
            return ProtectionStatus.unhealthy(name(), now, rpo, "the newest backup '" + b.name() + "' is " + b.describeState())
                    .withNewestRecoveryPoint(newest);
        }
        if (rpoObjective != null && rpo.compareTo(rpoObjective) > 0) {
            return ProtectionStatus.unhealthy(name(), now, rpo, "RPO " + rpo + " is over the objective " + rpoObjective
                    + " (newest Completed backup: " + newestCompleted.get().name() + ")").withNewestRecoveryPoint(newest);
        }
        return ProtectionStatus.healthy(name(), now, rpo).withNewestRecoveryPoint(newest);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private RecoveryPoint point(Backup b, RunContext ctx) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("phase", b.phase().wireName());
        b.scheduleName().ifPresent(s -> attributes.put("schedule", s));
        b.completionTimestamp().ifPresent(t -> attributes.put("completedAt", t.toString()));
        b.expiration().ifPresent(t -> attributes.put("expiresAt", t.toString()));
        attributes.put("warnings", Integer.toString(b.warnings()));
        Instant captured = b.startTimestamp().orElseGet(ctx::now);
        return RecoveryPoint.of(b.name(), name(), RecoveryPoint.Kind.BACKUP, captured, attributes);
    }
}
