package io.streamsdr.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.velero.internal.GoDuration;
import io.streamsdr.velero.internal.KubeNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Velero Schedule to create, as {@code velero schedule create --schedule --include-namespaces}
 * would. Its expression is parsed here as Velero's server will parse it (see {@link CronSchedule}),
 * so a bad schedule never reaches the cluster. Immutable; build it with {@link #named(String)}.
 *
 * <pre>{@code
 * ScheduleRequest daily = ScheduleRequest.named("streams-daily")
 *     .withSchedule("CRON_TZ=Europe/Paris 0 3 * * *")
 *     .withNamespace("streams")
 *     .withTtl(Duration.ofDays(7))
 *     .build();
 * }</pre>
 */
public final class ScheduleRequest {
    private final String name;
    private final CronSchedule schedule;
    private final List<String> includedNamespaces;
    private final Duration ttl;
    private final String storageLocation;
    private final Map<String, String> labels;
    private final boolean paused;
    private final Boolean useOwnerReferencesInBackup;

    private ScheduleRequest(Builder b) {
        this.name = b.name;
        this.schedule = b.schedule;
        this.includedNamespaces = List.copyOf(b.includedNamespaces);
        this.ttl = b.ttl;
        this.storageLocation = b.storageLocation;
        this.labels = Map.copyOf(b.labels);
        this.paused = b.paused;
        this.useOwnerReferencesInBackup = b.useOwnerReferencesInBackup;
    }

    /**
     * Starts a schedule named {@code name}. Its backups are named {@code <name>-<yyyyMMddHHmmss>}.
     *
     * @throws InvalidConfigurationException when the name is not a DNS-1123 subdomain of at most 63
     *         characters (it is also the value of the {@code velero.io/schedule-name} label)
     */
    public static Builder named(String name) {
        return new Builder(KubeNames.subdomain("schedule name", name, 63));
    }

    /** The Schedule's name. */
    public String name() {
        return name;
    }

    /** When it runs. */
    public CronSchedule schedule() {
        return schedule;
    }

    /** The namespaces each backup covers. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** How long each backup is kept; empty for the server default. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** Whether it is created paused. */
    public boolean paused() {
        return paused;
    }

    Map<String, Object> spec() {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("includedNamespaces", includedNamespaces);
        if (ttl != null) {
            template.put("ttl", GoDuration.format(ttl));
        }
        if (storageLocation != null) {
            template.put("storageLocation", storageLocation);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", schedule.expression());
        spec.put("template", template);
        if (paused) {
            spec.put("paused", true);
        }
        if (useOwnerReferencesInBackup != null) {
            spec.put("useOwnerReferencesInBackup", useOwnerReferencesInBackup);
        }
        return spec;
    }

    Map<String, String> labels() {
        return labels;
    }

    @Override
    public String toString() {
        return "ScheduleRequest[" + name + ", '" + schedule + "', namespaces=" + includedNamespaces + "]";
    }

    /** Builds a {@link ScheduleRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final String name;
        private CronSchedule schedule;
        private final LinkedHashSet<String> includedNamespaces = new LinkedHashSet<>();
        private Duration ttl;
        private String storageLocation;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private boolean paused;
        private Boolean useOwnerReferencesInBackup;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * When backups are made: five cron fields ({@code 0 3 * * *}), a descriptor
         * ({@code @daily}) or {@code @every <duration>} ({@code @every 6h}), optionally after
         * {@code CRON_TZ=<zone> }; UTC otherwise. Required.
         *
         * @throws InvalidConfigurationException for every rule of {@link CronSchedule#parse(String)}
         */
        public Builder withSchedule(String expression) {
            this.schedule = CronSchedule.parse(expression);
            return this;
        }

        /**
         * One more namespace each backup covers. At least one is required.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 label
         */
        public Builder withNamespace(String namespace) {
            includedNamespaces.add(KubeNames.label("namespace", namespace));
            return this;
        }

        /**
         * How long each backup is kept.
         *
         * @throws InvalidConfigurationException under the rules of {@link BackupRequest.Builder#withTtl(Duration)}
         */
        public Builder withTtl(Duration ttl) {
            this.ttl = BackupRequest.checkTtl(ttl);
            return this;
        }

        /**
         * The backup storage location.
         *
         * @throws InvalidConfigurationException when it is not a DNS-1123 subdomain
         */
        public Builder withStorageLocation(String storageLocation) {
            this.storageLocation = KubeNames.subdomain("storage location", storageLocation, 253);
            return this;
        }

        /**
         * A label on the Schedule (Velero copies the Schedule's labels to its backups).
         *
         * @throws InvalidConfigurationException when the key or value breaks the label rules
         */
        public Builder withLabel(String key, String value) {
            labels.put(KubeNames.labelKey("label key", key), KubeNames.labelValue("label value", value));
            return this;
        }

        /** Creates it paused: no backups until it is unpaused. */
        public Builder withPaused(boolean paused) {
            this.paused = paused;
            return this;
        }

        /** Whether deleting the Schedule deletes its backups ({@code spec.useOwnerReferencesInBackup}). */
        public Builder withOwnerReferencesInBackup(boolean useOwnerReferencesInBackup) {
            this.useOwnerReferencesInBackup = useOwnerReferencesInBackup;
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidConfigurationException when no schedule or no namespace was given
         */
        public ScheduleRequest build() {
            if (schedule == null) {
                throw new InvalidConfigurationException("schedule of '" + name + "'", "is required: call withSchedule(\"0 3 * * *\")");
            }
            if (includedNamespaces.isEmpty()) {
                throw new InvalidConfigurationException("namespaces of schedule '" + name + "'",
                        "at least one is required: call withNamespace(\"streams\")");
            }
            return new ScheduleRequest(this);
        }
    }
}
