package io.streamsdr.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.velero.internal.KubeNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Velero Schedule to create, as {@code velero schedule create --schedule} would: when it runs, and
 * what each run backs up, given as a {@link BackupRequest} (its namespaces, TTL, storage location,
 * labels, volume options: one definition for a backup now and a backup every night). Its expression is
 * parsed here as Velero's server will parse it (see {@link CronSchedule}), so a bad schedule never
 * reaches the cluster. Immutable; build it with {@link #named(String)}, change a copy with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * ScheduleRequest daily = ScheduleRequest.named("streams-daily")
 *     .withSchedule("CRON_TZ=Europe/Paris 0 3 * * *")
 *     .withTemplate(BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(7)).build())
 *     .build();
 * }</pre>
 */
public final class ScheduleRequest {
    private final String name;
    private final CronSchedule schedule;
    private final BackupRequest template;
    private final Map<String, String> labels;
    private final boolean paused;
    private final Boolean useOwnerReferencesInBackup;

    private ScheduleRequest(Builder b) {
        this.name = b.name;
        this.schedule = b.schedule;
        this.template = b.template;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
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

    /** A builder holding everything this request holds: change what you need and build a new request. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.schedule = schedule;
        b.template = template;
        b.labels.putAll(labels);
        b.paused = paused;
        b.useOwnerReferencesInBackup = useOwnerReferencesInBackup;
        return b;
    }

    /** The Schedule's name. */
    public String name() {
        return name;
    }

    /** When it runs. */
    public CronSchedule schedule() {
        return schedule;
    }

    /** What each backup of the schedule is: its namespaces, TTL, storage location, labels and volume options. */
    public BackupRequest template() {
        return template;
    }

    /** Labels on the Schedule object itself (Velero copies them to its backups when the template has none). */
    public Map<String, String> labels() {
        return labels;
    }

    /** Whether it is created paused. */
    public boolean paused() {
        return paused;
    }

    /** {@code spec.useOwnerReferencesInBackup}: whether deleting the Schedule deletes its backups; empty for Velero's default (no). */
    public Optional<Boolean> ownerReferencesInBackup() {
        return Optional.ofNullable(useOwnerReferencesInBackup);
    }

    Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", schedule.expression());
        spec.put("template", template.templateSpec());
        if (paused) {
            spec.put("paused", true);
        }
        if (useOwnerReferencesInBackup != null) {
            spec.put("useOwnerReferencesInBackup", useOwnerReferencesInBackup);
        }
        return spec;
    }

    @Override
    public String toString() {
        return "ScheduleRequest[" + name + ", '" + schedule + "', namespaces=" + template.includedNamespaces() + "]";
    }

    /** Builds a {@link ScheduleRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final String name;
        private CronSchedule schedule;
        private BackupRequest template;
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
         * What each backup is: a {@link BackupRequest} with no name (Velero names each backup
         * {@code <schedule>-<yyyyMMddHHmmss>}). Its labels go on every backup. Required.
         *
         * @throws InvalidConfigurationException when null, or when the template has a name
         */
        public Builder withTemplate(BackupRequest template) {
            if (template == null) {
                throw new InvalidConfigurationException("backup template of schedule '" + name + "'",
                        "must not be null: call withTemplate(BackupRequest.ofNamespace(\"streams\").build())");
            }
            if (template.name().isPresent()) {
                throw new InvalidConfigurationException("backup template of schedule '" + name + "'",
                        "must not have a name (it has '" + template.name().get() + "'): Velero names each backup '" + name
                                + "-<yyyyMMddHHmmss>'; build the template without withName(...)");
            }
            this.template = template;
            return this;
        }

        /**
         * A label on the Schedule object (Velero copies the Schedule's labels to its backups when the
         * template has none; put the backups' labels on the template).
         *
         * @throws InvalidConfigurationException when the key or value breaks the label rules
         */
        public Builder withLabel(String key, String value) {
            labels.put(KubeNames.labelKey("label key", key), KubeNames.labelValue("label value", value));
            return this;
        }

        /** Whether it is created paused: no backups until it is unpaused (default: not paused). */
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
         * @throws InvalidConfigurationException when no schedule or no template was given
         */
        public ScheduleRequest build() {
            if (schedule == null) {
                throw new InvalidConfigurationException("schedule of '" + name + "'", "is required: call withSchedule(\"0 3 * * *\")");
            }
            if (template == null) {
                throw new InvalidConfigurationException("backup template of schedule '" + name + "'",
                        "is required: call withTemplate(BackupRequest.ofNamespace(\"streams\").build())");
            }
            return new ScheduleRequest(this);
        }
    }
}
