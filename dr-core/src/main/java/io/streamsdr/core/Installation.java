package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Journal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An installation described once: the components it is made of, each protected by a
 * {@link BackupTarget}. From it, take a recovery point of everything ({@link #backupAll()}), read
 * how well each part is protected, and compose a {@link Failover} from the steps the providers offer.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Installation streams = Installation.named("streams")
 *     .protect(database)                          // an RdsDatabase (dr-aws)
 *     .protect(kafka)                             // a KafkaBackupTarget (dr-kafka)
 *     .protect(namespace)                         // velero.namespaceTarget("streams") (dr-velero)
 *     .build();
 * BackupSet backups = streams.backupAll(options); // all three in parallel, on the options' time
 * backups.rpo();                                  // {rds streams-db=PT7M, kafka=PT2S, namespace streams=PT2M}
 * }</pre>
 *
 * <p>To watch it (one status call, Micrometer meters, alert rules, notifications), see
 * {@link io.streamsdr.core.monitoring.ProtectionMonitor#of(Installation)} and docs/monitoring.md.
 */
public final class Installation {
    private final String name;
    private final List<BackupTarget> targets;
    private final Duration backupTimeout;

    private Installation(String name, List<BackupTarget> targets, Duration backupTimeout) {
        this.name = name;
        this.targets = List.copyOf(targets);
        this.backupTimeout = backupTimeout;
    }

    /**
     * Starts describing an installation.
     *
     * @throws InvalidConfigurationException when the name breaks the id rule (letters, digits, '.', '_'
     *         or '-', starting with a letter or digit) or is longer than 56 characters
     */
    public static Builder named(String name) {
        Check.id("installation name", name);
        if (name.length() > 56) {
            throw new InvalidConfigurationException("installation name", "must be at most 56 characters, so that '" + name
                    + "-backup' can name the backup plan (it has " + name.length() + ")");
        }
        return new Builder(name);
    }

    /** The installation's name. */
    public String name() {
        return name;
    }

    /** The protected components, in the order given. */
    public List<BackupTarget> targets() {
        return targets;
    }

    /** The component with this {@link BackupTarget#name() name}, if there is one. */
    public Optional<BackupTarget> target(String targetName) {
        return targets.stream().filter(t -> t.name().equals(targetName)).findFirst();
    }

    /** {@link #backupAll(RunOptions)} with {@link RunOptions#defaults()}. */
    public BackupSet backupAll() {
        return backupAll(RunOptions.defaults());
    }

    /**
     * Takes a recovery point of every component at once, each on a step of its own (so the run
     * takes as long as the slowest component, and its report has a timeline), then reads each
     * component's RPO. Returns whatever happened; a component that failed has no point in the result.
     * The options give the clock, the sleeper, the parallelism and the listeners; a journal in them
     * is not used (a backup that died is taken again, not resumed), so the same options can serve
     * the failover.
     *
     * <p>Each target gets its step's {@link RunContext}: its waits run on the options' clock and
     * sleeper, stop at the {@link Builder#withBackupTimeout backup timeout}, and stop when the run is
     * cancelled (interrupt the thread that called this).
     *
     * @throws InvalidConfigurationException when options is null
     */
    public BackupSet backupAll(RunOptions options) {
        Check.notNull("run options", options);
        Map<String, RecoveryPoint> points = new ConcurrentHashMap<>();
        RestorePlan.Builder plan = RestorePlan.builder(name + "-backup");
        Map<BackupTarget, String> ids = stepIds("backup-");
        for (BackupTarget t : targets) {
            Step.Builder step = Step.named(ids.get(t)).withDescription("take a recovery point of " + t.name() + " and read its RPO")
                    .withAction(ctx -> {
                        RecoveryPoint p = t.takeRecoveryPoint(ctx);
                        points.put(t.name(), p);
                        ctx.progress(t.name() + ": " + p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + p.id());
                        ProtectionStatus status = t.protectionStatus(ctx);
                        Duration since = Duration.between(p.capturedAt(), ctx.now());
                        ctx.recordRpo(t.name(), status.rpo().orElse(since.isNegative() ? Duration.ZERO : since));
                    });
            plan.withStep(backupTimeout == null ? step : step.withTimeout(backupTimeout));
        }
        PlanReport report = plan.build().execute(options.withJournal(Journal.inMemory()));
        Map<String, RecoveryPoint> ordered = new LinkedHashMap<>();
        for (BackupTarget t : targets) {
            if (points.containsKey(t.name())) {
                ordered.put(t.name(), points.get(t.name()));
            }
        }
        return new BackupSet(report, ordered);
    }

    /** The limit for each component's recovery point in {@link #backupAll(RunOptions)}, if one was set. */
    public Optional<Duration> backupTimeout() {
        return Optional.ofNullable(backupTimeout);
    }

    /**
     * What a failover now would lose, per component, at most: the age, at {@code ctx.now()}, of its newest
     * recovery point (a snapshot, a Velero backup, a mirror's sync point). Reads only the recovery
     * points, so it answers during a disaster too, when a lost production cluster cannot be asked
     * for its lag. A component with no readable recovery point is missing from the map.
     *
     * @throws InvalidConfigurationException when ctx is null
     */
    public Map<String, Duration> estimatedDataLoss(RunContext ctx) {
        Check.notNull("run context", ctx);
        Map<String, Duration> out = new LinkedHashMap<>();
        for (BackupTarget t : targets) {
            newestAge(t, ctx).ifPresent(d -> out.put(t.name(), d));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Starts composing a failover of this installation as one plan. */
    public Failover.Builder failover(String planName) {
        return new Failover.Builder(this, Check.id("plan name", planName));
    }

    static Optional<Duration> newestAge(BackupTarget t, RunContext ctx) {
        try {
            List<RecoveryPoint> points = t.recoveryPoints(ctx);
            if (points.isEmpty()) {
                return Optional.empty();
            }
            Duration age = Duration.between(points.get(0).capturedAt(), ctx.now());
            return Optional.of(age.isNegative() ? Duration.ZERO : age);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A step id per target, from its name: lower case, other characters as '-', unique. */
    Map<BackupTarget, String> stepIds(String prefix) {
        Map<BackupTarget, String> ids = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (BackupTarget t : targets) {
            String base = (prefix + t.name().toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9._-]+", "-");
            base = base.length() > 58 ? base.substring(0, 58) : base;
            String id = base;
            for (int n = 2; !used.add(id); n++) {
                id = base + "-" + n;
            }
            ids.put(t, id);
        }
        return ids;
    }

    @Override
    public String toString() {
        return "Installation[" + name + ", " + targets.stream().map(BackupTarget::name).toList() + "]";
    }

    /** Builds an {@link Installation}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final String name;
        private final List<BackupTarget> targets = new ArrayList<>();
        private Duration backupTimeout;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds a protected component.
         *
         * @throws InvalidConfigurationException when null, or when another component has the same name
         */
        public Builder protect(BackupTarget target) {
            Check.notNull("backup target", target);
            Check.notBlank("name of backup target " + target, target.name());
            if (targets.stream().anyMatch(t -> t.name().equals(target.name()))) {
                throw new InvalidConfigurationException("backup target '" + target.name() + "'",
                        "is already part of installation '" + name + "': each component needs its own name");
            }
            targets.add(target);
            return this;
        }

        /**
         * The limit for each component's recovery point in {@link Installation#backupAll(RunOptions)}: past
         * it, that component's backup step fails with a {@link TimedOutException} and the others go on.
         * Default: none (each target's own poll policy bounds its wait).
         *
         * @throws InvalidConfigurationException when not positive
         */
        public Builder withBackupTimeout(Duration timeout) {
            this.backupTimeout = Check.positive("backup timeout", timeout);
            return this;
        }

        /**
         * The installation.
         *
         * @throws InvalidConfigurationException when no component was added
         */
        public Installation build() {
            if (targets.isEmpty()) {
                throw new InvalidConfigurationException("installation '" + name + "'",
                        "protects nothing: add its components with protect(...)");
            }
            return new Installation(name, targets, backupTimeout);
        }
    }
}
