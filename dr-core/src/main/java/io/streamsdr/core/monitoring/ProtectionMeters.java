package io.streamsdr.core.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.streamsdr.core.DrillListener;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Micrometer meters of a {@link ProtectionMonitor}'s installation and of the plans and drills run on it: a
 * {@link MeterBinder} (bind it to your registry) and a {@link DrillListener} (give it to the runs whose outcome it
 * counts). Named in Velero's style, in base units, with low-cardinality tags, so the same PromQL patterns work across
 * the three layers: {@code velero_backup_last_successful_timestamp} becomes
 * {@code streamsdr_recovery_point_last_success_timestamp_seconds}. docs/monitoring.md lists every meter, its unit and
 * tags, and the alert rules shipped with the library that use them.
 *
 * <pre>{@code
 * ProtectionMeters meters = monitor.meters()
 *     .withPlan(failover.plan())        // its runs and drills are counted under plan="streams-failover"
 *     .withTag("env", "prod")
 *     .build();
 * meters.bindTo(registry);                          // e.g. a PrometheusMeterRegistry
 * failover.drill().onEvents(meters).run(options);   // drills
 * failover.plan().execute(options.onEvents(meters)); // a real failover
 * }</pre>
 *
 * <p><b>Per component</b> (tags {@code component}, {@code kind}) the gauges read the monitor: a scrape makes at most
 * one look per component per refresh interval, and a component whose look failed or timed out shows
 * {@code streamsdr_protection_stale 1}, with its age and health {@code NaN}, never an exception in the scrape thread.
 * A mirror's lag gauges appear from the first look that measured it.
 *
 * <p><b>Per plan</b> (tag {@code plan}) and <b>per drill</b> (tag {@code drill}, the plan's name) the meters count runs
 * by outcome and keep the last run's RTO and RPO per component. Only the plans declared with {@link Builder#withPlan}
 * (and the installation's own backup plan, {@code <installation>-backup}) have their own tag value; runs of any other
 * plan are counted under {@code plan="other"}, so an unbounded set of plan names cannot explode the series.
 *
 * <p>Thread-safe. It keeps its state in memory: a process that restarts starts again from no run.
 */
public final class ProtectionMeters implements MeterBinder, DrillListener {
    /** The tag value that runs of undeclared plans and drills are counted under. */
    public static final String OTHER = "other";
    private static final int MAX_WARNINGS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionMeters.class);

    private final ProtectionMonitor monitor;
    private final Tags common;
    private final Map<String, String> kinds;
    private final Map<String, Double> rpoObjectiveSeconds;
    private final Map<String, PlanState> plans;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> mirrors = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** What the meters keep of one declared plan. */
    private static final class PlanState {
        final String name;
        final boolean drilled;
        final Double rtoObjectiveSeconds;
        final Set<String> components;
        volatile double lastRto = Double.NaN;
        final Map<String, Double> lastRpo = new ConcurrentHashMap<>();
        volatile double lastDrillStatus = Double.NaN;
        volatile double lastDrillPassedAt;

        PlanState(String name, boolean drilled, Double rtoObjectiveSeconds, Set<String> components) {
            this.name = name;
            this.drilled = drilled;
            this.rtoObjectiveSeconds = rtoObjectiveSeconds;
            this.components = components;
            components.forEach(c -> lastRpo.put(c, Double.NaN));
        }
    }

    private ProtectionMeters(Builder b) {
        this.monitor = b.monitor;
        this.common = Tags.of(b.tags.entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList());
        Map<String, String> k = new LinkedHashMap<>();
        for (String c : monitor.components()) {
            k.put(c, monitor.cached(c).kind());
        }
        this.kinds = k;
        Map<String, Double> objectives = new LinkedHashMap<>();
        for (String c : monitor.components()) {
            b.plans.values().stream().map(o -> o.rpoFor(c)).flatMap(java.util.Optional::stream)
                    .min(Duration::compareTo).ifPresent(d -> objectives.put(c, seconds(d)));
        }
        this.rpoObjectiveSeconds = objectives;
        Map<String, PlanState> p = new LinkedHashMap<>();
        String backupPlan = monitor.installation().name() + "-backup";
        p.put(backupPlan, new PlanState(backupPlan, false, null, new LinkedHashSet<>(monitor.components())));
        b.plans.forEach((name, o) -> {
            Set<String> components = new LinkedHashSet<>(monitor.components());
            components.addAll(o.componentRpo().keySet());
            p.put(name, new PlanState(name, true, o.rto().map(ProtectionMeters::seconds).orElse(null), components));
        });
        this.plans = p;
        monitor.onLook(this::sawLook);
    }

    /** The monitor the component gauges read. */
    public ProtectionMonitor monitor() {
        return monitor;
    }

    /** The plans with a tag value of their own, the installation's backup plan first. */
    public List<String> plans() {
        return List.copyOf(plans.keySet());
    }

    /** Registers every meter on {@code registry}; bind to several registries if you like. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Check.notNull("meter registry", registry);
        if (registries.contains(registry)) {
            return;
        }
        for (String c : monitor.components()) {
            Tags tags = componentTags(c);
            gauge(registry, "streamsdr.recovery.point.age", "seconds", tags, c, this::age,
                    "Age of the newest recovery point the last look saw; NaN when stale or there is none");
            gauge(registry, "streamsdr.recovery.point.last.success.timestamp", "seconds", tags, c, this::lastSuccess,
                    "Newest moment a restore can bring back (capture time of the newest recovery point), seconds since the epoch; "
                            + "NaN until a look saw one");
            gauge(registry, "streamsdr.protection.healthy", null, tags, c, this::healthy,
                    "1 when the component's protection is healthy, 0 when not; NaN when stale");
            gauge(registry, "streamsdr.protection.stale", null, tags, c, this::stale,
                    "1 when the latest look failed, timed out or has not come back (the values are old), else 0");
            monitor.cached(c).expectedInterval().ifPresent(d -> gauge(registry, "streamsdr.recovery.point.expected.interval", "seconds", tags,
                    d, x -> seconds(x), "How often a new recovery point is due, where a schedule or retention defines it"));
            Double objective = rpoObjectiveSeconds.get(c);
            if (objective != null) {
                gauge(registry, "streamsdr.rpo.objective", "seconds", tags, objective, x -> x,
                        "RPO objective of the component (the smallest of the declared plans')");
            }
            if (mirrors.contains(c)) {
                registerLag(registry, c);
            }
        }
        for (PlanState p : plans.values()) {
            for (PlanReport.Outcome o : PlanReport.Outcome.values()) {
                planRuns(registry, p.name, o);
                planDuration(registry, p.name, o);
            }
            Tags planTags = common.and("plan", p.name);
            gauge(registry, "streamsdr.plan.last.rto", "seconds", planTags, p, s -> s.lastRto,
                    "RTO of the plan's last run when it succeeded; NaN when it did not or has not run");
            for (String c : p.components) {
                gauge(registry, "streamsdr.plan.last.rpo", "seconds", planTags.and("component", c), p, s -> s.lastRpo.getOrDefault(c, Double.NaN),
                        "RPO the plan's last run achieved for the component; NaN when not measured");
            }
            if (p.rtoObjectiveSeconds != null) {
                gauge(registry, "streamsdr.plan.rto.objective", "seconds", planTags, p.rtoObjectiveSeconds, x -> x, "RTO objective of the plan");
            }
            if (p.drilled) {
                Tags drillTags = common.and("drill", p.name);
                drillRuns(registry, p.name, true);
                drillRuns(registry, p.name, false);
                gauge(registry, "streamsdr.drill.last.status", null, drillTags, p, s -> s.lastDrillStatus,
                        "1 when the last drill passed, 0 when it failed; NaN when none ran");
                gauge(registry, "streamsdr.drill.last.passed.timestamp", "seconds", drillTags, p, s -> s.lastDrillPassedAt,
                        "When the last passed drill finished, seconds since the epoch; 0 until one passed");
            }
        }
        registries.add(registry);
    }

    /** Counts the run and keeps its RTO and RPO per component. Never throws. */
    @Override
    public void planFinished(PlanReport report) {
        PlanState p = plans.get(report.planName());
        String plan = p == null ? OTHER : p.name;
        for (MeterRegistry r : registries) {
            planRuns(r, plan, report.outcome()).increment();
            planDuration(r, plan, report.outcome()).record(report.elapsed());
        }
        if (p == null) {
            warnOnce("undeclared plan", "Plan '{}' was not declared to the meters (withPlan): its runs, and those of any other "
                    + "undeclared plan (not logged again), are counted under plan=\"other\"", report.planName());
            return;
        }
        p.lastRto = report.succeeded() ? seconds(report.rto()) : Double.NaN;
        for (String c : p.components) {
            Duration d = report.rpo().get(c);
            p.lastRpo.put(c, d == null ? Double.NaN : seconds(d));
        }
        for (String c : report.rpo().keySet()) {
            if (!p.components.contains(c)) {
                warnOnce("rpo:" + p.name + ":" + c, "Plan '{}' recorded an RPO for '{}', which is neither a component of the installation nor in "
                        + "the plan's objectives: not exported, to keep the component tag bounded", p.name, c);
            }
        }
    }

    /** Counts the drill by outcome and, when it passed, keeps when. Never throws; never warns. */
    @Override
    public List<String> drillFinished(DrillReport report) {
        PlanState p = plans.get(report.drill());
        boolean declared = p != null && p.drilled;
        for (MeterRegistry r : registries) {
            drillRuns(r, declared ? p.name : OTHER, report.passed()).increment();
        }
        if (declared) {
            p.lastDrillStatus = report.passed() ? 1 : 0;
            if (report.passed()) {
                p.lastDrillPassedAt = epochSeconds(report.finishedAt());
            }
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "ProtectionMeters[" + monitor.installation().name() + ", plans " + plans.keySet() + (common.stream().findAny().isPresent()
                ? ", tags " + common : "") + "]";
    }

    // ------------------------------------------------------------------ component gauges

    private double age(String c) {
        ComponentStatus s = monitor.refreshedStatus(c);
        return s.ageAt(monitor.clock().instant()).map(ProtectionMeters::seconds).orElse(Double.NaN);
    }

    private double lastSuccess(String c) {
        return monitor.refreshedStatus(c).recoverableTo().map(ProtectionMeters::epochSeconds).orElse(Double.NaN);
    }

    private double healthy(String c) {
        ComponentStatus s = monitor.refreshedStatus(c);
        return s.stale() || s.lastGood().isEmpty() ? Double.NaN : s.healthy() ? 1 : 0;
    }

    private double stale(String c) {
        return monitor.refreshedStatus(c).stale() ? 1 : 0;
    }

    private double lagRecords(String c) {
        ComponentStatus s = monitor.refreshedStatus(c);
        return s.stale() ? Double.NaN : s.replicationLag().map(l -> (double) l.records()).orElse(Double.NaN);
    }

    private double lagSeconds(String c) {
        ComponentStatus s = monitor.refreshedStatus(c);
        return s.stale() ? Double.NaN : s.replicationLag().map(l -> seconds(l.time())).orElse(Double.NaN);
    }

    private void sawLook(ComponentStatus s) {
        if (s.replicationLag().isPresent() && mirrors.add(s.component())) {
            for (MeterRegistry r : registries) {
                registerLag(r, s.component());
            }
        }
    }

    private void registerLag(MeterRegistry registry, String c) {
        Tags tags = componentTags(c);
        gauge(registry, "streamsdr.mirror.lag.records", "records", tags, c, this::lagRecords,
                "Records the mirror has not copied yet, over the whole mirror; NaN when stale");
        gauge(registry, "streamsdr.mirror.lag", "seconds", tags, c, this::lagSeconds,
                "Age of the oldest record the mirror has not copied yet; NaN when stale");
    }

    private Tags componentTags(String c) {
        return common.and("component", c, "kind", kinds.get(c));
    }

    // ------------------------------------------------------------------ helpers

    private <T> void gauge(MeterRegistry registry, String name, String unit, Tags tags, T state, ToDoubleFunction<T> value, String help) {
        ToDoubleFunction<T> guarded = s -> {
            try {
                return value.applyAsDouble(s);
            } catch (RuntimeException | LinkageError e) {
                warnOnce("gauge:" + name + tags, "Gauge {} {} could not be read ({}); it shows NaN", name, tags, e.toString());
                return Double.NaN;
            }
        };
        Gauge.Builder<T> b = Gauge.builder(name, state, guarded).tags(tags).description(help).strongReference(true);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private Counter planRuns(MeterRegistry r, String plan, PlanReport.Outcome outcome) {
        return Counter.builder("streamsdr.plan.runs").tags(common.and("plan", plan, "outcome", outcome.name().toLowerCase(Locale.ROOT)))
                .description("Runs of the plan that ended, by outcome (succeeded, failed, cancelled)").register(r);
    }

    private Timer planDuration(MeterRegistry r, String plan, PlanReport.Outcome outcome) {
        return Timer.builder("streamsdr.plan.duration").tags(common.and("plan", plan, "outcome", outcome.name().toLowerCase(Locale.ROOT)))
                .description("How long the plan's runs took (this run alone), by outcome").register(r);
    }

    private Counter drillRuns(MeterRegistry r, String drill, boolean passed) {
        return Counter.builder("streamsdr.drill.runs").tags(common.and("drill", drill, "outcome", passed ? "passed" : "failed"))
                .description("Drills that ended, by outcome (passed, failed)").register(r);
    }

    /** Logs a warning the first time its key is seen; the keys kept are bounded, so generated names cannot grow them. */
    private void warnOnce(String key, String format, Object... args) {
        if (warned.size() < MAX_WARNINGS && warned.add(key)) {
            LOG.warn(format, args);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** Builds {@link ProtectionMeters}; get one from {@link ProtectionMonitor#meters()}. Not thread-safe. */
    public static final class Builder {
        private final ProtectionMonitor monitor;
        private final Map<String, Objectives> plans = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();

        Builder(ProtectionMonitor monitor) {
            this.monitor = monitor;
        }

        /**
         * Declares a plan: its runs (and drills of it) are counted under its own name ({@code plan} and
         * {@code drill} tags), its last RTO and RPO per component are kept, and its objectives are exported
         * ({@code streamsdr_plan_rto_objective_seconds}; {@code streamsdr_rpo_objective_seconds}, the smallest
         * over the declared plans, per component). The same as {@link #withPlan(String, Objectives)
         * withPlan(plan.name(), plan.objectives())}.
         *
         * @throws InvalidConfigurationException when null, or as {@link #withPlan(String, Objectives)}
         */
        public Builder withPlan(RestorePlan plan) {
            Check.notNull("plan to meter", plan);
            return withPlan(plan.name(), plan.objectives());
        }

        /**
         * Declares a plan by its name and objectives, for meters built before the plan is composed (a failover
         * composed after the backups it restores from).
         *
         * @throws InvalidConfigurationException when a value is null; when the plan is declared already or is named
         *         like the installation's backup plan ({@code <installation>-backup}, always metered); when its name,
         *         or a component of its objectives, is not a fixed name (a run of 6 or more digits: a timestamp or an
         *         id; more than 4 words; other characters than letters, digits, ' ', '.', '_', '-', '/')
         */
        public Builder withPlan(String name, Objectives objectives) {
            Check.notNull("plan to meter", name);
            Check.notNull("objectives of plan '" + name + "'", objectives);
            MeterTags.value("name of plan '" + name + "' (a meter tag value)", name);
            if (plans.containsKey(name) || name.equals(monitor.installation().name() + "-backup")) {
                throw new InvalidConfigurationException("plan '" + name + "' of the meters", "is declared already"
                        + (plans.containsKey(name) ? "" : " (the installation's backup plan is always metered)") + ": declare each plan once");
            }
            for (String c : objectives.componentRpo().keySet()) {
                MeterTags.value("component '" + c + "' of the objectives of plan '" + name + "' (a meter tag value)", c);
            }
            plans.put(name, objectives);
            return this;
        }

        /**
         * A tag on every meter, fixed for the process ({@code env=prod}, {@code region=eu-west-1}). Micrometer's
         * {@code registry.config().commonTags(...)} works too; this one checks the cardinality rules.
         *
         * @throws InvalidConfigurationException when the key is not 1 to 40 lower-case letters, digits or '_' starting
         *         with a letter, is one the meters or Prometheus set (component, kind, plan, drill, outcome, job, instance,
         *         le, quantile), or names something unbounded (partition, offset, snapshot, backup, recovery_point, id,
         *         run, timestamp, error, message...); when the value is not a short name (1 to 64 letters, digits, ' ',
         *         '.', '_', '-' or '/'; at most 4 words; no run of 6 or more digits); when the key is given twice
         */
        public Builder withTag(String key, String value) {
            MeterTags.key(key);
            MeterTags.value("value of meter tag '" + key + "'", value);
            if (tags.containsKey(key)) {
                throw new InvalidConfigurationException("meter tag key '" + key + "'", "is given twice: give each tag once");
            }
            tags.put(key, value);
            return this;
        }

        /**
         * The meters; they register nothing until {@link ProtectionMeters#bindTo}.
         *
         * @throws InvalidConfigurationException when a component's name or kind would make an unbounded or unreadable
         *         tag value (a name must be a short name as {@link #withTag} describes; a kind 1 to 32 lower-case letters,
         *         digits, '_' or '-', starting with a letter)
         */
        public ProtectionMeters build() {
            for (String c : monitor.components()) {
                MeterTags.value("name of component '" + c + "' (a meter tag value)", c);
                MeterTags.kind(c, monitor.cached(c).kind());
            }
            return new ProtectionMeters(this);
        }
    }
}
