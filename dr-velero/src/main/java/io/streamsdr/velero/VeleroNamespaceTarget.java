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
 * get it from {@link Velero#namespaceTarget(String)}.
 *
 * <p>Unhealthy when there is no Completed backup, when the newest backup failed (a failing
 * schedule), or when the RPO is over {@link #withRpoObjective(Duration) the objective}.
 */
public final class VeleroNamespaceTarget implements BackupTarget {
    private final Velero velero;
    private final String namespace;
    private final Duration rpoObjective;
    private final BackupRequest template;

    VeleroNamespaceTarget(Velero velero, String namespace, Duration rpoObjective, BackupRequest template) {
        this.velero = velero;
        this.namespace = namespace;
        this.rpoObjective = rpoObjective;
        this.template = template;
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
        return new VeleroNamespaceTarget(velero, namespace, objective, template);
    }

    /**
     * A copy whose {@link #takeRecoveryPoint()} creates backups like {@code template} (its TTL,
     * storage location and labels; the namespace must be this target's).
     *
     * @throws InvalidConfigurationException when the template does not cover exactly this namespace
     */
    public VeleroNamespaceTarget withBackupTemplate(BackupRequest template) {
        if (template == null || !template.includedNamespaces().equals(List.of(namespace))) {
            throw new InvalidConfigurationException("backup template", "must back up exactly namespace '" + namespace + "'");
        }
        return new VeleroNamespaceTarget(velero, namespace, rpoObjective, template);
    }

    @Override
    public String name() {
        return "namespace " + namespace;
    }

    /** Backs up the namespace and waits for {@code Completed}; see {@link Velero#backup(BackupRequest)}. */
    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        BackupRequest request = template != null ? template : BackupRequest.ofNamespace(namespace).build();
        Velero here = velero.withPoller(ctx.poller());
        return point(here.awaitBackup(here.createBackup(request).name(), ctx.poller()), ctx);
    }

    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        return velero.backupsOf(namespace).stream()
                .filter(Backup::isCompleted)
                .filter(b -> b.startTimestamp() != null)
                .map(b -> point(b, ctx))
                .toList();
    }

    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        Instant now = ctx.now();
        List<Backup> all = velero.backupsOf(namespace);
        Optional<Backup> newestCompleted = all.stream().filter(Backup::isCompleted).filter(b -> b.startTimestamp() != null).findFirst();
        Duration rpo = newestCompleted.map(b -> nonNegative(Duration.between(b.startTimestamp(), now))).orElse(null);
        if (newestCompleted.isEmpty()) {
            return ProtectionStatus.unhealthy(name(), now, "no Completed Velero backup of namespace " + namespace);
        }
        // The newest backup that ended, or that can only end in failure (FinalizingPartiallyFailed...).
        Optional<Backup> newestFinished = all.stream().filter(b -> b.phase().isTerminal() || b.phase().isFailure()).findFirst();
        if (newestFinished.isPresent() && newestFinished.get().phase().isFailure()) {
            Backup b = newestFinished.get();
            return ProtectionStatus.unhealthy(name(), now, rpo, "the newest backup '" + b.name() + "' is " + b.describeState());
        }
        if (rpoObjective != null && rpo.compareTo(rpoObjective) > 0) {
            return ProtectionStatus.unhealthy(name(), now, rpo, "RPO " + rpo + " is over the objective " + rpoObjective
                    + " (newest Completed backup: " + newestCompleted.get().name() + ")");
        }
        return ProtectionStatus.healthy(name(), now, rpo);
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private RecoveryPoint point(Backup b, RunContext ctx) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("phase", b.phase().wireName());
        b.scheduleName().ifPresent(s -> attributes.put("schedule", s));
        if (b.completionTimestamp() != null) {
            attributes.put("completedAt", b.completionTimestamp().toString());
        }
        if (b.expiration() != null) {
            attributes.put("expiresAt", b.expiration().toString());
        }
        attributes.put("warnings", Integer.toString(b.warnings()));
        Instant captured = b.startTimestamp() != null ? b.startTimestamp() : ctx.now();
        return RecoveryPoint.of(b.name(), name(), RecoveryPoint.Kind.BACKUP, captured, attributes);
    }
}
