package io.streamsdr.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.velero.internal.KubeNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restore to run, from a named backup or from a schedule (its newest {@code Completed} backup,
 * picked as Velero picks it). Immutable; build it with {@link #fromBackup(String)} or
 * {@link #fromSchedule(String)}, change a copy with {@link #toBuilder()}.
 *
 * <p>The runbook's known limitations are guard rails here:
 * <ul>
 *   <li>a restore into a namespace that exists with resources in it is refused by
 *       {@link Velero#restore(RestoreRequest, io.streamsdr.core.Poller)} (Velero would skip every existing object with only a
 *       warning), unless {@link Builder#withExistingResourcePolicy(ExistingResourcePolicy) UPDATE}
 *       is asked for explicitly;</li>
 *   <li>a restore into another namespace needs an explicit
 *       {@link Builder#withNamespaceMapping(String, String) namespace mapping} and carries the
 *       runbook's warning ({@link #warnings()}).</li>
 * </ul>
 *
 * <pre>{@code
 * RestoreRequest fromSchedule = RestoreRequest.fromSchedule("streams-daily").build();
 * }</pre>
 */
public final class RestoreRequest {
    /** The runbook's warning for a restore into another namespace. */
    public static final String OTHER_NAMESPACE_WARNING = "The runbook says to restore a backup into the namespace it was "
            + "taken from: some configurations break in another namespace (Services' FQDNs, RoleBindings' subjects, "
            + "values that name the namespace). Check the restored installation before using it.";

    private final String name;
    private final String backupName;
    private final String scheduleName;
    private final List<String> includedNamespaces;
    private final Map<String, String> namespaceMapping;
    private final ExistingResourcePolicy existingResourcePolicy;
    private final Boolean restorePVs;
    private final boolean partiallyFailedAllowed;
    private final String resourceModifier;

    private RestoreRequest(Builder b) {
        this.name = b.name;
        this.backupName = b.backupName;
        this.scheduleName = b.scheduleName;
        this.includedNamespaces = List.copyOf(b.includedNamespaces);
        this.namespaceMapping = Collections.unmodifiableMap(new LinkedHashMap<>(b.namespaceMapping));
        this.existingResourcePolicy = b.existingResourcePolicy;
        this.restorePVs = b.restorePVs;
        this.partiallyFailedAllowed = b.partiallyFailedAllowed;
        this.resourceModifier = b.resourceModifier;
    }

    /** A builder holding everything this request holds: change what you need and build a new request. */
    public Builder toBuilder() {
        Builder b = new Builder(backupName, scheduleName);
        b.name = name;
        b.includedNamespaces.addAll(includedNamespaces);
        b.namespaceMapping.putAll(namespaceMapping);
        b.existingResourcePolicy = existingResourcePolicy;
        b.restorePVs = restorePVs;
        b.partiallyFailedAllowed = partiallyFailedAllowed;
        b.resourceModifier = resourceModifier;
        return b;
    }

    /** The ConfigMap (in Velero's namespace) holding the resource modifier rules the restore applies, when one is named. */
    public Optional<String> resourceModifier() {
        return Optional.ofNullable(resourceModifier);
    }

    /** The namespaces this request restores into (the included ones, mapped); empty when it names none. */
    public List<String> targetNamespaces() {
        return includedNamespaces.stream().map(this::target).toList();
    }

    /** A copy named {@code name} (a default name the library chose). */
    RestoreRequest named(String name) {
        Builder b = toBuilder();
        b.name = name;
        return b.build();
    }

    /** Whether a {@code PartiallyFailed} backup may be restored (see {@link Builder#withPartiallyFailedBackupAllowed(boolean)}). */
    public boolean partiallyFailedAllowed() {
        return partiallyFailedAllowed;
    }

    /**
     * Starts a restore of the named backup.
     *
     * @throws InvalidConfigurationException when the name is not a DNS-1123 subdomain of at most 253 characters
     */
    public static Builder fromBackup(String backupName) {
        return new Builder(KubeNames.subdomain("backup name", backupName, 253), null);
    }

    /**
     * Starts a restore of the newest {@code Completed} backup of the named schedule.
     *
     * @throws InvalidConfigurationException when the name is not a DNS-1123 subdomain of at most 63 characters
     */
    public static Builder fromSchedule(String scheduleName) {
        return new Builder(null, KubeNames.subdomain("schedule name", scheduleName, 63));
    }

    /**
     * The Restore's name, if given; otherwise {@link Velero} names it {@code <backup-or-schedule>-<yyyyMMddHHmmss>}
     * (UTC, on the clock it is given), as the CLI does.
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The backup to restore, when restoring a named backup. */
    public Optional<String> backupName() {
        return Optional.ofNullable(backupName);
    }

    /** The schedule whose newest Completed backup to restore, when restoring from a schedule. */
    public Optional<String> scheduleName() {
        return Optional.ofNullable(scheduleName);
    }

    /** The namespaces to restore; empty for every namespace in the backup. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** Source namespace to target namespace. */
    public Map<String, String> namespaceMapping() {
        return namespaceMapping;
    }

    /** What to do with objects that exist; {@link ExistingResourcePolicy#NONE} unless asked. */
    public ExistingResourcePolicy existingResourcePolicy() {
        return existingResourcePolicy == null ? ExistingResourcePolicy.NONE : existingResourcePolicy;
    }

    /** Whether it restores into another namespace than the backup's (a mapping to another name). */
    public boolean restoresIntoOtherNamespace() {
        return namespaceMapping.entrySet().stream().anyMatch(e -> !e.getKey().equals(e.getValue()));
    }

    /** Warnings that come with this request: the runbook's, for a restore into another namespace. */
    public List<String> warnings() {
        return restoresIntoOtherNamespace() ? List.of(OTHER_NAMESPACE_WARNING) : List.of();
    }

    /** Where a source namespace lands. */
    String target(String sourceNamespace) {
        return namespaceMapping.getOrDefault(sourceNamespace, sourceNamespace);
    }

    /** The spec; {@code backupOverride} names the backup instead of the schedule (the CLI's --allow-partially-failed way). */
    Map<String, Object> spec(String backupOverride) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (backupOverride != null) {
            spec.put("backupName", backupOverride);
        } else if (backupName != null) {
            spec.put("backupName", backupName);
        } else {
            spec.put("scheduleName", scheduleName);
        }
        if (!includedNamespaces.isEmpty()) {
            spec.put("includedNamespaces", includedNamespaces);
        }
        if (!namespaceMapping.isEmpty()) {
            spec.put("namespaceMapping", namespaceMapping);
        }
        if (existingResourcePolicy != null) {
            spec.put("existingResourcePolicy", existingResourcePolicy.wireName());
        }
        if (restorePVs != null) {
            spec.put("restorePVs", restorePVs);
        }
        if (resourceModifier != null) {
            spec.put("resourceModifier", new LinkedHashMap<>(Map.of("kind", "ConfigMap", "name", resourceModifier)));
        }
        return spec;
    }

    @Override
    public String toString() {
        return "RestoreRequest[" + (backupName != null ? "backup " + backupName : "schedule " + scheduleName)
                + (namespaceMapping.isEmpty() ? "" : ", mapping " + namespaceMapping)
                + ", existingResourcePolicy " + existingResourcePolicy().wireName() + "]";
    }

    /** Builds a {@link RestoreRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final String backupName;
        private final String scheduleName;
        private String name;
        private final LinkedHashSet<String> includedNamespaces = new LinkedHashSet<>();
        private final Map<String, String> namespaceMapping = new LinkedHashMap<>();
        private ExistingResourcePolicy existingResourcePolicy;
        private Boolean restorePVs;
        private boolean partiallyFailedAllowed;
        private String resourceModifier;

        private Builder(String backupName, String scheduleName) {
            this.backupName = backupName;
            this.scheduleName = scheduleName;
        }

        /**
         * The Restore's name.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 subdomain of at most 253 characters
         */
        public Builder withName(String name) {
            this.name = KubeNames.subdomain("restore name", name, 253);
            return this;
        }

        /**
         * Restores only this namespace of the backup (repeat for more).
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 label
         */
        public Builder withNamespace(String namespace) {
            includedNamespaces.add(KubeNames.label("namespace", namespace));
            return this;
        }

        /**
         * Restores namespace {@code from} of the backup into namespace {@code to}. The runbook warns
         * that some configurations break in another namespace: the request then carries
         * {@link RestoreRequest#OTHER_NAMESPACE_WARNING}.
         *
         * @throws InvalidConfigurationException when either is not a DNS-1123 label, or two sources map to the same target
         */
        public Builder withNamespaceMapping(String from, String to) {
            KubeNames.label("namespace mapping source", from);
            KubeNames.label("namespace mapping target", to);
            for (Map.Entry<String, String> e : namespaceMapping.entrySet()) {
                if (e.getValue().equals(to) && !e.getKey().equals(from)) {
                    throw new InvalidConfigurationException("namespace mapping " + from + " -> " + to,
                            "must not send two namespaces to one: " + e.getKey() + " already maps to " + to);
                }
            }
            namespaceMapping.put(from, to);
            return this;
        }

        /**
         * What to do with objects that already exist. {@link ExistingResourcePolicy#UPDATE} is also
         * what lets a restore run while the target namespace holds resources.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withExistingResourcePolicy(ExistingResourcePolicy policy) {
            if (policy == null) {
                throw new InvalidConfigurationException("existing resource policy", "must not be null");
            }
            this.existingResourcePolicy = policy;
            return this;
        }

        /** Whether to restore persistent volumes ({@code spec.restorePVs}); Velero's default otherwise. */
        public Builder withRestorePVs(boolean restorePVs) {
            this.restorePVs = restorePVs;
            return this;
        }

        /**
         * Whether a {@code PartiallyFailed} backup (some items were not backed up) may be restored, as
         * the CLI's {@code --allow-partially-failed} (default: no, only {@code Completed}). When allowed,
         * from a schedule, its newest backup that is {@code Completed} or {@code PartiallyFailed} is
         * picked on the client and named in the Restore.
         */
        public Builder withPartiallyFailedBackupAllowed(boolean allowed) {
            this.partiallyFailedAllowed = allowed;
            return this;
        }

        /**
         * Velero's resource modifiers (Velero 1.12+): the restore applies the JSON patches of the rules in this
         * ConfigMap, in Velero's namespace, to the objects it restores ({@code spec.resourceModifier}). A
         * {@link NamespaceStandby} uses it to restore workloads scaled to zero.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 subdomain of at most 253 characters
         */
        public Builder withResourceModifier(String configMapName) {
            this.resourceModifier = KubeNames.subdomain("resource modifier ConfigMap", configMapName, 253);
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidConfigurationException when a namespace mapping's source is not among the
         *         included namespaces (when some are named)
         */
        public RestoreRequest build() {
            if (!includedNamespaces.isEmpty()) {
                for (String from : namespaceMapping.keySet()) {
                    if (!includedNamespaces.contains(from)) {
                        throw new InvalidConfigurationException("namespace mapping source '" + from + "'",
                                "must be one of the included namespaces " + includedNamespaces);
                    }
                }
            }
            return new RestoreRequest(this);
        }
    }
}
