package io.streamsdr.core.report;

import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PlanReport.Outcome;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.StepReport.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made reports, built with the public constructors as a tool rebuilding a report would. */
final class Reports {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Reports() {
    }

    static Instant at(Duration offset) {
        return T0.plus(offset);
    }

    static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    static StepReport step(String id, String description, List<String> dependsOn, Status status, Duration start, Duration end,
            int attempts, boolean resumed, Map<String, String> outputs, String error, boolean critical) {
        return new StepReport(id, description, dependsOn, status, start == null ? null : at(start), end == null ? null : at(end),
                attempts, resumed, outputs, error, critical);
    }

    /**
     * A failover that crashed 10 minutes in and was resumed: the Velero restore was done in the
     * earlier run, the RDS restore was running when the process died and ran again. RTO 25m, this
     * run 15m. RPO rds 5m (objective 15m, met), kafka 2s (objective 1s, MISSED), RTO 25m of 30m (met).
     */
    static PlanReport resumedRun() {
        List<StepReport> steps = List.of(
                step("velero.restore", "Restore namespace streams from the newest Completed backup", List.of(),
                        Status.DONE_EARLIER, min(0), min(4), 0, false, Map.of("namespace", "streams"), null, true),
                step("rds.restore", "Restore streams-db to the latest restorable time", List.of("velero.restore"),
                        Status.SUCCEEDED, min(4), min(20), 1, true,
                        Map.of("endpoint", "streams-db.abc.eu-west-1.rds.amazonaws.com", "password", "****"), null, true),
                step("kafka.failback", "Stop forward MM2, start reverse MM2, await lag 0", List.of("velero.restore"),
                        Status.SUCCEEDED, min(10), min(15), 2, false, Map.of("bootstrapServers", "b-1:9092,b-2:9092"), null,
                        false),
                step("helm.upgrade", "Re-point Streams at the restored database and Kafka",
                        List.of("rds.restore", "kafka.failback"), Status.SUCCEEDED, min(20), min(25), 1, false, Map.of(), null,
                        true));
        Map<String, Duration> rpo = new LinkedHashMap<>();
        rpo.put("rds", min(5));
        rpo.put("kafka", Duration.ofSeconds(2));
        List<ObjectiveResult> objectives = List.of(
                ObjectiveResult.measured("RTO", min(30), min(25)),
                ObjectiveResult.measured("RPO rds", min(15), min(5)),
                ObjectiveResult.measured("RPO kafka", Duration.ofSeconds(1), Duration.ofSeconds(2)));
        return new PlanReport("failover", Outcome.SUCCEEDED, at(min(10)), at(min(25)), T0, steps,
                List.of("velero.restore", "rds.restore", "helm.upgrade"), rpo, objectives, null);
    }

    /**
     * A run in which 'b' failed after 3 attempts, 'c' was cancelled while running (no end recorded)
     * and 'd' never started. The RTO objective is not measured, so it is missed.
     */
    static PlanReport failedRun() {
        List<StepReport> steps = List.of(
                step("a", "first", List.of(), Status.SUCCEEDED, min(0), min(1), 1, false, Map.of("x", "1"), null, true),
                step("b", "second", List.of("a"), Status.FAILED, min(1), min(3), 3, false, Map.of(),
                        "RDS instance streams-db: status 'incompatible-restore'\nafter 3 attempts", true),
                step("c", "parallel", List.of("a"), Status.CANCELLED, min(1), null, 1, false, Map.of(),
                        "cancelled because step 'b' failed", false),
                step("d", "last", List.of("b", "c"), Status.NOT_STARTED, null, null, 0, false, Map.of(), null, false));
        return new PlanReport("drill", Outcome.FAILED, T0, at(min(3)), T0, steps, List.of("a", "b"), Map.of(),
                List.of(ObjectiveResult.unmeasured("RTO", min(1), "the plan failed")), new IllegalStateException("boom"));
    }

    /** Strings that would break the page, or run in it, if any renderer forgot to escape them. */
    static final String HOSTILE_DESCRIPTION = "<script>alert(1)</script> & \"quotes\" 'single'";
    static final String HOSTILE_OUTPUT = "<img src=x onerror=alert(2)>";
    static final String HOSTILE_ERROR = "</td></tr></table><script>alert(3)</script>";
    static final String HOSTILE_PLAN = "plan <b>\"x\"</b> & co";

    static PlanReport hostileRun() {
        List<StepReport> steps = List.of(
                step("s1", HOSTILE_DESCRIPTION, List.of(), Status.SUCCEEDED, min(0), min(1), 1, false,
                        Map.of("value", HOSTILE_OUTPUT), null, true),
                step("s2", "fails", List.of("s1"), Status.FAILED, min(1), min(2), 1, false, Map.of(), HOSTILE_ERROR, true));
        return new PlanReport(HOSTILE_PLAN, Outcome.FAILED, T0, at(min(2)), T0, steps, List.of("s1", "s2"),
                Map.of("<rds>", min(1)), List.of(ObjectiveResult.measured("RPO <rds>", min(2), min(1))), null);
    }

    /** A one-step run that took no time at all, as on a manual clock that never advanced. */
    static PlanReport zeroRun() {
        return new PlanReport("instant", Outcome.SUCCEEDED, T0, T0, T0,
                List.of(step("only", "does nothing", List.of(), Status.SUCCEEDED, Duration.ZERO, Duration.ZERO, 1, false,
                        Map.of(), null, true)),
                List.of("only"), Map.of(), List.of(), null);
    }

    /** 200 steps in 20 parallel chains of 10, each step 30s; chain 0 is the critical path (its steps take 31s). */
    static PlanReport bigRun() {
        List<StepReport> steps = new ArrayList<>();
        List<String> critical = new ArrayList<>();
        for (int chain = 0; chain < 20; chain++) {
            for (int i = 0; i < 10; i++) {
                String id = "chain-" + chain + ".step-" + i;
                long len = chain == 0 ? 31 : 30;
                boolean onPath = chain == 0;
                if (onPath) {
                    critical.add(id);
                }
                steps.add(step(id, "step " + i + " of chain " + chain, i == 0 ? List.of() : List.of("chain-" + chain + ".step-" + (i - 1)),
                        Status.SUCCEEDED, Duration.ofSeconds(i * len), Duration.ofSeconds((i + 1) * len), 1, false, Map.of(), null,
                        onPath));
            }
        }
        return new PlanReport("big", Outcome.SUCCEEDED, T0, at(Duration.ofSeconds(310)), T0, steps, critical, Map.of(), List.of(),
                null);
    }
}
