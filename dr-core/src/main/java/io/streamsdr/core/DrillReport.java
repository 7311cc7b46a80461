package io.streamsdr.core;

import io.streamsdr.core.internal.DrillRender;
import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence of one {@link Drill}: the preconditions checked before anything changed, the plan's
 * report (timeline, RTO, RPO per component, objectives), the evidence from data (per component: the RPO
 * measured from data, what was compared, the differences), the post-restore verifications and the
 * teardown. Render it as JSON ({@link #toJson()}, schema in docs/report-schema.md), text, or one
 * self-contained HTML page. Immutable; every text in it is redacted.
 */
public final class DrillReport {
    private final String drill;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final List<CheckResult> preconditions;
    private final PlanReport planReport;
    private final List<CheckResult> verifications;
    private final List<CheckResult> teardown;
    private final Map<String, String> environment;
    private final String error;
    private final List<DataEvidence> evidence;
    private final List<String> warnings;
    private final boolean simulatedTime;
    private final double timeScale;

    /**
     * Made by {@link Drill#run}; public so that tools can rebuild a report.
     *
     * @param drill         the plan's name
     * @param startedAt     when the drill started (before the preconditions)
     * @param finishedAt    when it ended (after the teardown)
     * @param preconditions what was checked before the plan ran; when one failed, no step ran
     * @param planReport    the plan's report; null when the plan did not run
     * @param verifications the post-restore checks, run only when the plan succeeded
     * @param teardown      the teardown actions, in the order they ran
     * @param environment   facts about where the drill ran (versions, identifiers)
     * @param error         an exception that stopped the drill (the engine refusing a journal, say); null when none did
     * @throws InvalidConfigurationException when a value other than planReport and error is null
     */
    public DrillReport(String drill, Instant startedAt, Instant finishedAt, List<CheckResult> preconditions, PlanReport planReport,
            List<CheckResult> verifications, List<CheckResult> teardown, Map<String, String> environment, String error) {
        this(drill, startedAt, finishedAt, preconditions, planReport, verifications, teardown, environment, error, List.of());
    }

    /**
     * Made by {@link Drill#run}, with the evidence from data; public so that tools can rebuild a report.
     *
     * @param evidence what each data check found, in the order the checks were added; empty when the plan did
     *                 not succeed (they are not run then)
     * @throws InvalidConfigurationException when a value other than planReport and error is null, or two
     *         pieces of evidence are of one component
     * @see #DrillReport(String, Instant, Instant, List, PlanReport, List, List, Map, String) the other parameters
     */
    public DrillReport(String drill, Instant startedAt, Instant finishedAt, List<CheckResult> preconditions, PlanReport planReport,
            List<CheckResult> verifications, List<CheckResult> teardown, Map<String, String> environment, String error,
            List<DataEvidence> evidence) {
        this.drill = Check.notNull("drill", drill);
        this.startedAt = Check.notNull("drill startedAt", startedAt);
        this.finishedAt = Check.notNull("drill finishedAt", finishedAt);
        this.preconditions = List.copyOf(Check.notNull("drill preconditions", preconditions));
        this.planReport = planReport;
        this.verifications = List.copyOf(Check.notNull("drill verifications", verifications));
        this.teardown = List.copyOf(Check.notNull("drill teardown", teardown));
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(Check.notNull("drill environment", environment)));
        this.error = error;
        this.evidence = List.copyOf(Check.notNull("drill evidence", evidence));
        if (this.evidence.stream().map(DataEvidence::component).distinct().count() != this.evidence.size()) {
            throw new InvalidConfigurationException("drill evidence", "must hold one piece of evidence per component");
        }
        this.warnings = List.of();
        this.simulatedTime = false;
        this.timeScale = 1;
    }

    private DrillReport(DrillReport from, List<String> warnings, boolean simulatedTime, double timeScale) {
        this.drill = from.drill;
        this.startedAt = from.startedAt;
        this.finishedAt = from.finishedAt;
        this.preconditions = from.preconditions;
        this.planReport = from.planReport;
        this.verifications = from.verifications;
        this.teardown = from.teardown;
        this.environment = from.environment;
        this.error = from.error;
        this.evidence = from.evidence;
        this.warnings = List.copyOf(warnings);
        this.simulatedTime = simulatedTime;
        this.timeScale = timeScale;
    }

    /**
     * A copy that says which time its figures are in: {@link Drill#run} calls it with its options' sleeper, so that
     * the text and HTML label plan times "(simulated)" or "(real)" and show a check's real duration unscaled.
     *
     * @throws InvalidConfigurationException when the sleeper is null
     */
    public DrillReport withTimeOf(io.streamsdr.core.spi.Sleeper sleeper) {
        Check.notNull("drill sleeper", sleeper);
        double scale = sleeper.timeScale();
        boolean simulated = sleeper.simulatesTime() || scale != 1;
        return new DrillReport(this, warnings, simulated, sleeper.simulatesTime() || !(scale > 0) || Double.isInfinite(scale) ? 1 : scale);
    }

    /**
     * Whether the drill's times (RTO, RPO, step durations, timestamps) are simulated: its clock was a scaled or
     * virtual one. False when they are real, or nobody said ({@link #withTimeOf}).
     */
    public boolean simulatedTime() {
        return simulatedTime;
    }

    /**
     * How many simulated seconds passed per real second: 1 for real time or a virtual clock (whose simulated time has no
     * fixed relation to real time), the scaled clock's factor otherwise (60 for the local drill).
     */
    public double timeScale() {
        return timeScale;
    }

    /** What this report's times are, as a label: {@code "simulated"} or {@code "real"}. */
    public String timeLabel() {
        return simulatedTime ? "simulated" : "real";
    }

    /**
     * A copy with these warnings added after the ones it has: things the drill's reader should know that do not
     * fail it (a notification that was not delivered). {@link Drill#run} adds its listeners' this way.
     *
     * @throws InvalidConfigurationException when the list or one of its warnings is null or blank
     */
    public DrillReport withWarnings(List<String> more) {
        Check.notNull("drill warnings", more);
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(warnings);
        for (String w : more) {
            all.add(Check.notBlank("drill warning", w));
        }
        return new DrillReport(this, all, simulatedTime, timeScale);
    }

    /** What the reader should know that did not fail the drill (a notification not delivered); empty when nothing. */
    public List<String> warnings() {
        return warnings;
    }

    /** The plan's name. */
    public String drill() {
        return drill;
    }

    /** When the drill started (before the preconditions). */
    public Instant startedAt() {
        return startedAt;
    }

    /** When it ended (after the teardown). */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** What was checked before the plan ran; when one failed, no step ran. */
    public List<CheckResult> preconditions() {
        return preconditions;
    }

    /** The plan's report, when the plan ran. */
    public Optional<PlanReport> plan() {
        return Optional.ofNullable(planReport);
    }

    /** The post-restore checks, run only when the plan succeeded. */
    public List<CheckResult> verifications() {
        return verifications;
    }

    /**
     * What each data check found on the restored side: the RPO measured from data, what was compared, the
     * differences; in the order the checks were added, empty when the plan did not succeed.
     */
    public List<DataEvidence> evidence() {
        return evidence;
    }

    /** What the data check of {@code component} found, when the drill had one and it ran. */
    public Optional<DataEvidence> evidence(String component) {
        return evidence.stream().filter(e -> e.component().equals(component)).findFirst();
    }

    /** The RPO measured from data, per component whose data check found a heartbeat, in the order of the checks. */
    public Map<String, Duration> dataRpo() {
        Map<String, Duration> out = new LinkedHashMap<>();
        evidence.forEach(e -> e.dataRpo().ifPresent(d -> out.put(e.component(), d)));
        return Collections.unmodifiableMap(out);
    }

    /** The teardown actions, in the order they ran. */
    public List<CheckResult> teardown() {
        return teardown;
    }

    /** Facts about where the drill ran (versions, identifiers). */
    public Map<String, String> environment() {
        return environment;
    }

    /** An exception that stopped the drill (the engine refusing a journal, say), if one did. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Whether the drill passed: every precondition held, the plan succeeded and met its objectives,
     * every data check passed ({@link DataCheck} says when one does not), every verification held, and the
     * teardown left nothing behind.
     */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** Why the drill did not pass, one reason per line; empty when it passed. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        if (error != null) {
            out.add("the drill stopped: " + error);
        }
        preconditions.stream().filter(r -> !r.passed())
                .forEach(r -> out.add("precondition of " + r.subject() + " does not hold: " + r.name() + " (" + r.detail() + ")"));
        if (planReport == null) {
            if (error == null) {
                out.add("the plan did not run");
            }
        } else {
            if (!planReport.succeeded()) {
                out.add("the plan " + planReport.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        + planReport.failure().map(f -> ": " + f.getMessage()).orElse(""));
            }
            planReport.objectives().stream().filter(o -> !o.met()).forEach(o -> out.add("objective missed: " + o.describe()));
        }
        evidence.stream().filter(e -> !e.passed()).forEach(e -> out.add("data check of " + e.component() + " failed: " + e.summary()));
        verifications.stream().filter(r -> !r.passed()).forEach(r -> out.add("verification failed: " + r.name() + " (" + r.detail() + ")"));
        teardown.stream().filter(r -> !r.passed()).forEach(r -> out.add("teardown failed: " + r.name() + " (" + r.detail() + ")"));
        return List.copyOf(out);
    }

    /** The recovery time: the plan's, from its first step's start to its last step's end. Empty when the plan did not run. */
    public Optional<Duration> rto() {
        return plan().map(PlanReport::rto);
    }

    /** The RPO each component achieved, as the plan's steps measured it; empty when the plan did not run. */
    public Map<String, Duration> rpo() {
        return plan().map(PlanReport::rpo).orElse(Map.of());
    }

    /** Each objective against what was achieved; empty when the plan did not run. */
    public List<ObjectiveResult> objectives() {
        return plan().map(PlanReport::objectives).orElse(List.of());
    }

    /** How long the whole drill took: preconditions, plan, verifications and teardown. */
    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt);
    }

    /** The report as JSON (docs/report-schema.md, "Drill report"); the plan's report is embedded whole. */
    public String toJson() {
        return DrillRender.json(this);
    }

    /** The report as text: a summary table of the steps, RTO, RPO per component (from metadata and from data), objectives, evidence, checks. */
    public String toText() {
        return DrillRender.text(this);
    }

    /** The report as one self-contained HTML page: timeline with the critical path, RPO against objectives, evidence from data, checks, environment. */
    public String toHtml() {
        return DrillRender.html(this);
    }

    @Override
    public String toString() {
        return "DrillReport[" + drill + ", " + (passed() ? "PASSED" : "FAILED") + rto().map(d -> ", RTO " + d).orElse("") + "]";
    }
}
