package io.streamsdr.drill.bench;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import io.streamsdr.drill.bench.FailoverSimulation.Latencies;
import io.streamsdr.drill.bench.FailoverSimulation.Polls;
import io.streamsdr.drill.bench.FailoverSimulation.Run;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Failover RTO on simulated latencies: our parallel plan against the runbook executed step by step, on
 * the same latencies (RDS restore 20 min, Velero restore 3 min, Helm rollout 2 min, the Kafka failback at
 * the throughput measured in the Kafka issue), with the real provider steps on dr-testkit's fakes and a
 * {@code VirtualClock} (see {@link FailoverSimulation}). Prints each step's duration in both runs, the
 * plan's RTO, its critical path (the engine's, and the sum of the simulated latencies along it), the
 * runbook's RTO, and the ratios plan / critical path (goal at most 1.05) and runbook / plan. It does this
 * once with every provider's default poll policy and once with tighter ones, so the cost of polling
 * granularity shows. Not a test: a figure printer.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench-failover -DskipTests verify -pl dr-drill -am}, with
 * {@code -Dbench.kafka.records=} (backlog, default 30,000,000 records of 1 KB),
 * {@code -Dbench.kafka.verifyRate=} (records/s of the zero-loss check, default the measured steady copy
 * rate) and {@code -Dbench.runs=} (runs per poll setting, default 5: the providers' poll jitter is not
 * seeded, so runs differ a little).
 */
public final class FailoverRtoBenchmark {
    /** Kafka issue, median, 1 KB records, this machine: reverse MM2 copy rate from the step's start, start-up included. */
    static final double MEASURED_COPY_RATE = 70_720;
    /** Kafka issue: steady copy rate, first record landed to last. */
    static final double MEASURED_STEADY_RATE = 89_217;
    /** Kafka issue: MM2 start-up, step start to first record landed. */
    static final long MEASURED_STARTUP_MS = 605;
    /** Kafka issue: "done" detected this long after the last record landed (100 ms polls, no stable window). */
    static final long MEASURED_DETECTION_MS = 157;
    /** The goal: the plan's RTO within this factor of its critical path. */
    static final double GOAL = 1.05;

    private FailoverRtoBenchmark() {
    }

    /** The figures of one poll setting: a plan run and a runbook run per repetition. */
    record Figures(Polls polls, List<Run> plans, List<Run> runbooks, Duration criticalPath, List<String> criticalPathSteps) {

        double ratio(int i) {
            return seconds(plans.get(i).report().rto()) / seconds(criticalPath);
        }

        double runbookOverPlan(int i) {
            return seconds(runbooks.get(i).report().rto()) / seconds(plans.get(i).report().rto());
        }

        /** The repetition whose plan RTO is the median. */
        int medianIndex() {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                idx.add(i);
            }
            idx.sort(Comparator.comparing(i -> plans.get(i).report().rto()));
            return idx.get(idx.size() / 2);
        }
    }

    /**
     * Runs both shapes {@code runs} times with {@code polls}.
     *
     * @throws IllegalStateException when a run fails (the report's text is in the message)
     */
    static Figures measure(Latencies latencies, Polls polls, int runs) {
        Map<String, Duration> latency = latencies.byStep();
        List<String> path = FailoverSimulation.longestPath(FailoverSimulation.planGraph(), latency);
        List<Run> plans = new ArrayList<>();
        List<Run> runbooks = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plans.add(succeeded(FailoverSimulation.run("streams-failover-plan", FailoverSimulation.planGraph(), latencies, polls)));
            runbooks.add(succeeded(FailoverSimulation.run("streams-failover-runbook", FailoverSimulation.runbookGraph(), latencies, polls)));
        }
        return new Figures(polls, plans, runbooks, FailoverSimulation.sum(path, latency), path);
    }

    private static Run succeeded(Run run) {
        if (!run.report().succeeded()) {
            throw new IllegalStateException("the run failed:\n" + run.report().toText(), run.report().failure().orElse(null));
        }
        return run;
    }

    /** Prints the figures: run with the properties in the class comment. */
    public static void main(String[] args) {
        long records = Long.getLong("bench.kafka.records", 30_000_000L);
        double verifyRate = Double.parseDouble(System.getProperty("bench.kafka.verifyRate", String.valueOf(MEASURED_STEADY_RATE)));
        int runs = Integer.getInteger("bench.runs", 5);
        Latencies base = Latencies.issue(records);
        Latencies latencies = new Latencies(base.rdsRestore(), base.veleroRestore(), base.rollout(), records, base.kafkaCopyRate(),
                verifyRate, base.mirrorStop(), base.mirrorStartup(), base.smokeTest());
        PrintStream out = System.out;

        out.println("Failover RTO on simulated latencies: our parallel plan vs the runbook executed step by step");
        out.println("(VirtualClock; real dr-aws RdsRestore on InMemoryRds, dr-velero restore step on FakeVelero + MockCluster,");
        out.println(" dr-helm ReleaseUpgrade + Rollout on FakeHelm + FakeRollouts; dr-kafka's failback steps simulated from measured figures)");
        out.println();
        printLatencies(out, latencies);

        long t0 = System.nanoTime();
        List<Figures> all = List.of(measure(latencies, Polls.providerDefaults(), runs), measure(latencies, Polls.tight(), runs),
                measure(latencies, Polls.tightExceptRds(), runs));
        long wallMs = (System.nanoTime() - t0) / 1_000_000;

        for (Figures f : all) {
            printSteps(out, f, latencies);
        }
        printSummary(out, all, latencies.byStep(), runs);
        out.printf(Locale.ROOT, "%nwall time for %d simulated failovers: %,d ms%n", 2 * all.size() * runs, wallMs);
    }

    private static void printLatencies(PrintStream out, Latencies l) {
        out.println("Simulated latencies (what each step takes if every wait saw the end the instant it happened):");
        row(out, FailoverSimulation.RDS_RESTORE, l.rdsRestore(), "issue input: InMemoryRds restore (creating 19 min, backing-up 1 min)");
        row(out, FailoverSimulation.VELERO_RESTORE, l.veleroRestore(), "issue input: FakeVelero restore InProgress");
        row(out, FailoverSimulation.HELM_UPGRADE, l.rollout(), "issue input: FakeRollouts rollout after the upgrade");
        row(out, FailoverSimulation.KAFKA_AWAIT_REVERSE, l.kafkaCopy(), String.format(Locale.ROOT,
                "%,d records of 1 KB / %,.0f rec/s (Kafka issue, measured median, MM2 start-up included)", l.kafkaRecords(), l.kafkaCopyRate()));
        row(out, FailoverSimulation.KAFKA_VERIFY, l.kafkaVerify(), String.format(Locale.ROOT,
                "%,d records / %,.0f rec/s: ASSUMED (not measured; default = the measured steady copy rate)", l.kafkaRecords(), l.kafkaVerifyRate()));
        row(out, FailoverSimulation.KAFKA_STOP_FORWARD + ", " + FailoverSimulation.KAFKA_STOP_REVERSE, l.mirrorStop(), "ASSUMED (not measured), each");
        row(out, FailoverSimulation.KAFKA_START_REVERSE + ", " + FailoverSimulation.KAFKA_PUBLISH, Duration.ZERO,
                "start-up is inside the measured copy rate; publishing is instant");
        row(out, FailoverSimulation.KAFKA_RESTART_FORWARD, l.mirrorStartup(), "Kafka issue: measured MM2 start-up");
        row(out, FailoverSimulation.VERIFY, l.smokeTest(), "ASSUMED smoke test (after checking the Deployment's env was re-pointed)");
        out.println();
    }

    private static void row(PrintStream out, String step, Duration d, String source) {
        out.printf(Locale.ROOT, "  %-46s %12s  %s%n", step, fmt(d), source);
    }

    private static void printSteps(PrintStream out, Figures f, Latencies latencies) {
        int m = f.medianIndex();
        PlanReport plan = f.plans().get(m).report();
        PlanReport runbook = f.runbooks().get(m).report();
        Map<String, Duration> latency = latencies.byStep();
        out.printf(Locale.ROOT, "Poll setting: %s — steps of the run with the median plan RTO (run %d of %d); over = duration - latency%n",
                f.polls().name(), m + 1, f.plans().size());
        out.printf(Locale.ROOT, "  %-26s %12s | %12s %12s %9s | %12s %12s %9s%n", "step", "latency",
                "plan start", "duration", "over", "rb start", "duration", "over");
        for (String id : FailoverSimulation.RUNBOOK_ORDER) {
            StepReport p = plan.step(id).orElseThrow();
            StepReport r = runbook.step(id).orElseThrow();
            Duration pd = p.duration().orElseThrow();
            Duration rd = r.duration().orElseThrow();
            out.printf(Locale.ROOT, "  %-26s %12s | %12s %12s %9s | %12s %12s %9s%n", id, fmt(latency.get(id)),
                    fmt(Duration.between(plan.firstStartedAt(), p.startedAt().orElseThrow())), fmt(pd), over(pd, latency.get(id)),
                    fmt(Duration.between(runbook.firstStartedAt(), r.startedAt().orElseThrow())), fmt(rd), over(rd, latency.get(id)));
        }
        Run pr = f.plans().get(m);
        Run rr = f.runbooks().get(m);
        out.printf(Locale.ROOT, "  plan RTO %s; engine's critical path %s = %s; simulated latencies along it %s; longest path of the latencies %s = %s%n",
                fmt(plan.rto()), String.join(" -> ", plan.criticalPath()), fmt(plan.criticalPathDuration()),
                fmt(FailoverSimulation.sum(plan.criticalPath(), latency)), String.join(" -> ", f.criticalPathSteps()), fmt(f.criticalPath()));
        out.printf(Locale.ROOT, "  runbook RTO %s (sum of the latencies %s)%n", fmt(runbook.rto()),
                fmt(FailoverSimulation.sum(FailoverSimulation.RUNBOOK_ORDER, latency)));
        out.printf(Locale.ROOT, "  remote calls, plan | runbook: RDS %d | %d, Kubernetes API %d | %d, Kafka lag looks %,d | %,d;"
                        + " Kafka done seen %d ms | %d ms after the last record (measured for real: %d ms)%n",
                pr.rdsCalls(), rr.rdsCalls(), pr.kubernetesRequests(), rr.kubernetesRequests(), pr.lagLooks(), rr.lagLooks(),
                pr.kafkaDetectionDelay().toMillis(), rr.kafkaDetectionDelay().toMillis(), MEASURED_DETECTION_MS);
        out.println();
    }

    private static void printSummary(PrintStream out, List<Figures> all, Map<String, Duration> latency, int runs) {
        out.printf(Locale.ROOT, "Summary, median [min - max] of %d runs per poll setting (critical path of the simulated latencies: %s)%n",
                runs, fmt(all.get(0).criticalPath()));
        out.printf(Locale.ROOT, "  %-19s %-34s %-27s %-34s %-24s %-22s %-22s %-8s %s%n", "poll setting", "plan RTO", "plan / critical path",
                "runbook RTO", "runbook / plan", "rds-restore over", "helm-upgrade over", "RDS calls", "goal plan/cp <= " + GOAL);
        for (Figures f : all) {
            List<Double> planRto = new ArrayList<>();
            List<Double> runbookRto = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            List<Double> rbOverPlan = new ArrayList<>();
            List<Double> rdsOver = new ArrayList<>();
            List<Double> helmOver = new ArrayList<>();
            List<Double> rdsCalls = new ArrayList<>();
            for (int i = 0; i < f.plans().size(); i++) {
                PlanReport plan = f.plans().get(i).report();
                planRto.add(seconds(plan.rto()));
                runbookRto.add(seconds(f.runbooks().get(i).report().rto()));
                ratio.add(f.ratio(i));
                rbOverPlan.add(f.runbookOverPlan(i));
                rdsOver.add(seconds(plan.step(FailoverSimulation.RDS_RESTORE).orElseThrow().duration().orElseThrow().minus(latency.get(FailoverSimulation.RDS_RESTORE))));
                helmOver.add(seconds(plan.step(FailoverSimulation.HELM_UPGRADE).orElseThrow().duration().orElseThrow().minus(latency.get(FailoverSimulation.HELM_UPGRADE))));
                rdsCalls.add((double) f.plans().get(i).rdsCalls());
            }
            double worst = max(ratio);
            String verdict = worst <= GOAL ? "MET (every run)" : median(ratio) <= GOAL ? "met at the median, NOT in every run" : "NOT MET";
            out.printf(Locale.ROOT, "  %-19s %-34s %-27s %-34s %-24s %-22s %-22s %-8s %s%n", f.polls().name(), durations(planRto),
                    numbers(ratio, "%.4f"), durations(runbookRto), numbers(rbOverPlan, "%.3f"), numbers(rdsOver, "%.1fs"),
                    numbers(helmOver, "%.1fs"), String.format(Locale.ROOT, "%.0f", median(rdsCalls)), verdict);
        }
    }

    private static String durations(List<Double> seconds) {
        return fmt(ofSeconds(median(seconds))) + " [" + fmt(ofSeconds(min(seconds))) + " - " + fmt(ofSeconds(max(seconds))) + "]";
    }

    private static String numbers(List<Double> values, String format) {
        return String.format(Locale.ROOT, format + " [" + format + " - " + format + "]", median(values), min(values), max(values));
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration ofSeconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static String over(Duration actual, Duration latency) {
        Duration d = actual.minus(latency);
        return (d.isNegative() ? "-" : "+") + String.format(Locale.ROOT, "%.1fs", Math.abs(seconds(d)));
    }

    /** {@code 22m 31.4s}, or {@code 31.4s} under a minute. */
    static String fmt(Duration d) {
        long tenths = Math.round(seconds(d) * 10);
        long minutes = tenths / 600;
        double rest = (tenths % 600) / 10.0;
        return minutes == 0 ? String.format(Locale.ROOT, "%.1fs", rest) : String.format(Locale.ROOT, "%dm %04.1fs", minutes, rest);
    }
}
