package io.streamsdr.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.velero.internal.GoDuration;
import io.streamsdr.velero.internal.KubeNames;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to back up: the Backup object {@link Velero#backup(BackupRequest, io.streamsdr.core.Poller)}
 * creates, as {@code velero backup create --include-namespaces} would, and the template of a
 * {@link ScheduleRequest} (every backup the schedule makes is one of these). Immutable; build it with
 * {@link #ofNamespace(String)}, change a copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * BackupRequest request = BackupRequest.ofNamespace("streams")
 *     .withTtl(Duration.ofDays(30))
 *     .build();
 * }</pre>
 */
public final class BackupRequest {
    /** The longest TTL Velero can hold: Go's time.Duration tops out at about 292 years. */
    static final Duration MAX_TTL = Duration.ofHours(2_500_000);

    private final String name;
    private final List<String> includedNamespaces;
    private final Duration ttl;
    private final String storageLocation;
    private final Map<String, String> labels;
    private final Boolean snapshotVolumes;
    private final Boolean defaultVolumesToFsBackup;

    private BackupRequest(Builder b) {
        this.name = b.name;
        this.includedNamespaces = List.copyOf(b.includedNamespaces);
        this.ttl = b.ttl;
        this.storageLocation = b.storageLocation;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.snapshotVolumes = b.snapshotVolumes;
        this.defaultVolumesToFsBackup = b.defaultVolumesToFsBackup;
    }

    /**
     * Starts a request that backs up {@code namespace}.
     *
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label (1 to 63
     *         lower-case letters, digits or '-', starting and ending with a letter or digit)
     */
    public static Builder ofNamespace(String namespace) {
        return new Builder().withNamespace(namespace);
    }

    /** A builder holding everything this request holds: change what you need and build a new request. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.includedNamespaces.addAll(includedNamespaces);
        b.ttl = ttl;
        b.storageLocation = storageLocation;
        b.labels.putAll(labels);
        b.snapshotVolumes = snapshotVolumes;
        b.defaultVolumesToFsBackup = defaultVolumesToFsBackup;
        return b;
    }

    /**
     * The Backup's name, if one was given; otherwise {@link Velero} names it
     * {@code <first namespace>-<yyyyMMddHHmmss>} (UTC, on the clock it is given), as the CLI does.
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The namespaces backed up, in the order given. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** How long Velero keeps the backup; empty for the server default (720h). */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** The backup storage location; empty for the default one. */
    public Optional<String> storageLocation() {
        return Optional.ofNullable(storageLocation);
    }

    /** Labels put on the Backup, in the order given. */
    public Map<String, String> labels() {
        return labels;
    }

    /** {@code spec.snapshotVolumes}; empty to leave it to Velero. */
    public Optional<Boolean> snapshotVolumes() {
        return Optional.ofNullable(snapshotVolumes);
    }

    /** {@code spec.defaultVolumesToFsBackup}; empty to leave it to Velero. */
    public Optional<Boolean> defaultVolumesToFsBackup() {
        return Optional.ofNullable(defaultVolumesToFsBackup);
    }

    /** A copy named {@code name} (a default name the library chose, not checked against the 63-character rule). */
    BackupRequest named(String name) {
        Builder b = toBuilder();
        b.name = name;
        return b.build();
    }

    /** The spec of a Backup object (its labels go on the object's metadata). */
    Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("includedNamespaces", includedNamespaces);
        if (ttl != null) {
            spec.put("ttl", GoDuration.format(ttl));
        }
        if (storageLocation != null) {
            spec.put("storageLocation", storageLocation);
        }
        if (snapshotVolumes != null) {
            spec.put("snapshotVolumes", snapshotVolumes);
        }
        if (defaultVolumesToFsBackup != null) {
            spec.put("defaultVolumesToFsBackup", defaultVolumesToFsBackup);
        }
        return spec;
    }

    /**
     * The spec as a Schedule's {@code template}: the same fields, with the labels in
     * {@code metadata.labels}, which Velero copies onto every backup the schedule makes.
     */
    Map<String, Object> templateSpec() {
        Map<String, Object> template = spec();
        if (!labels.isEmpty()) {
            template.put("metadata", Map.of("labels", labels));
        }
        return template;
    }

    /** Keys and sizes only. */
    @Override
    public String toString() {
        return "BackupRequest[name=" + name + ", namespaces=" + includedNamespaces + ", ttl=" + ttl + "]";
    }

    static Duration checkTtl(Duration ttl) {
        if (ttl == null) {
            throw new InvalidConfigurationException("ttl", "must not be null");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new InvalidConfigurationException("ttl", "must be positive, was " + ttl
                    + " (leave it unset for Velero's default of 720h)");
        }
        if (ttl.getNano() != 0) {
            throw new InvalidConfigurationException("ttl", "must be whole seconds, was " + ttl);
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidConfigurationException("ttl", "must be at most " + MAX_TTL.toHours() + "h (Go's time.Duration limit), was " + ttl);
        }
        return ttl;
    }

    /** Builds a {@link BackupRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private String name;
        private final LinkedHashSet<String> includedNamespaces = new LinkedHashSet<>();
        private Duration ttl;
        private String storageLocation;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Boolean snapshotVolumes;
        private Boolean defaultVolumesToFsBackup;

        private Builder() {
        }

        /**
         * The Backup's name.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 subdomain of at most 63
         *         characters (lower-case letters, digits, '-' and '.', starting and ending with a
         *         letter or digit)
         */
        public Builder withName(String name) {
            this.name = KubeNames.subdomain("backup name", name, 63);
            return this;
        }

        /**
         * One more namespace to back up.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 label
         */
        public Builder withNamespace(String namespace) {
            includedNamespaces.add(KubeNames.label("namespace", namespace));
            return this;
        }

        /**
         * How long Velero keeps the backup (default: the server's, 720h).
         *
         * @throws InvalidConfigurationException when null, zero or negative, not whole seconds, or
         *         longer than 2,500,000 hours (Go's duration limit)
         */
        public Builder withTtl(Duration ttl) {
            this.ttl = checkTtl(ttl);
            return this;
        }

        /**
         * The same, as a Go duration such as {@code 720h} or {@code 72h30m}.
         *
         * @throws InvalidConfigurationException when Go cannot parse it, or it breaks the rules of {@link #withTtl(Duration)}
         */
        public Builder withTtl(String goDuration) {
            try {
                return withTtl(GoDuration.parse(goDuration));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("ttl '" + goDuration + "'", "must be a Go duration such as 720h or 72h30m: " + e.getMessage());
            }
        }

        /**
         * The backup storage location (default: Velero's default location).
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 subdomain of at most 253 characters
         */
        public Builder withStorageLocation(String storageLocation) {
            this.storageLocation = KubeNames.subdomain("storage location", storageLocation, 253);
            return this;
        }

        /**
         * A label for the Backup (in a schedule's template: for every backup the schedule makes).
         *
         * @throws InvalidConfigurationException when the key is not a label key or the value not a label value
         */
        public Builder withLabel(String key, String value) {
            labels.put(KubeNames.labelKey("label key", key), KubeNames.labelValue("label value", value));
            return this;
        }

        /** {@code spec.snapshotVolumes}: whether volumes are snapshotted (Velero's default: yes). */
        public Builder withSnapshotVolumes(boolean snapshotVolumes) {
            this.snapshotVolumes = snapshotVolumes;
            return this;
        }

        /** {@code spec.defaultVolumesToFsBackup}: file-system backup of every volume with the node agent (Velero 1.10+). */
        public Builder withDefaultVolumesToFsBackup(boolean defaultVolumesToFsBackup) {
            this.defaultVolumesToFsBackup = defaultVolumesToFsBackup;
            return this;
        }

        /** The request. */
        public BackupRequest build() {
            return new BackupRequest(this);
        }
    }
}
