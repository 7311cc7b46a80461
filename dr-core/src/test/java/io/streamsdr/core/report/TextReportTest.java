package io.streamsdr.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text table read in a terminal or a CI log. */
class TextReportTest {

    @Test
    void headerHasOutcomeRtoThisRunAndCriticalPath() {
        String first = Reports.resumedRun().toText().lines().findFirst().orElseThrow();

        assertThat(first).isEqualTo("Plan failover: SUCCEEDED   RTO 25m (this run 15m)   critical path 25m");
        assertThat(Reports.failedRun().toText().lines().findFirst().orElseThrow())
                .isEqualTo("Plan drill: FAILED   RTO 3m   critical path 3m");
    }

    @Test
    void everyStepHasOneRowAndTheCriticalPathIsMarked() {
        PlanReport r = Reports.resumedRun();
        List<String> lines = r.toText().lines().toList();

        for (StepReport s : r.steps()) {
            List<String> rows = lines.stream().filter(l -> l.startsWith(s.id() + " ") || l.startsWith("*" + s.id() + " ")).toList();
            assertThat(rows).as(s.id()).hasSize(1);
            assertThat(rows.get(0).startsWith("*")).as(s.id()).isEqualTo(s.onCriticalPath());
            assertThat(rows.get(0)).contains(s.status().name());
        }
        assertThat(lines).contains("* on the critical path: velero.restore -> rds.restore -> helm.upgrade");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("*rds.restore ").contains("+4m", "16m",
                "{endpoint=streams-db.abc.eu-west-1.rds.amazonaws.com, password=****}"));
    }

    @Test
    void columnsStayAlignedWhenTheLongestIdIsOnTheCriticalPath() {
        List<String> lines = Reports.resumedRun().toText().lines().toList();
        List<String> table = lines.subList(1, 2 + Reports.resumedRun().steps().size());

        // 'velero.restore' and 'kafka.failback' are the longest ids; one of them carries the '*'
        int column = table.get(0).indexOf("status");
        for (String row : table.subList(1, table.size())) {
            assertThat(row.charAt(column - 1)).as(row).isEqualTo(' ');
            assertThat(row.charAt(column)).as(row).isNotEqualTo(' ');
        }
    }

    @Test
    void columnsStayAlignedPastTenMinutes() {
        java.time.Duration ms = java.time.Duration.ofMillis(1);
        List<StepReport> steps = List.of(
                Reports.step("velero-restore", "v", List.of(), StepReport.Status.SUCCEEDED, ms.multipliedBy(116), ms.multipliedBy(212_252), 1, false,
                        java.util.Map.of(), null, false),
                Reports.step("kafka.stop-reverse", "k", List.of(), StepReport.Status.SUCCEEDED, ms.multipliedBy(742_775), ms.multipliedBy(842_675),
                        1, false, java.util.Map.of(), null, false),
                Reports.step("rds-restore", "r", List.of(), StepReport.Status.SUCCEEDED, ms.multipliedBy(167), ms.multipliedBy(1_208_450), 1, false,
                        java.util.Map.of(), null, true));
        PlanReport r = new PlanReport("p", PlanReport.Outcome.SUCCEEDED, Reports.at(java.time.Duration.ZERO), Reports.at(ms.multipliedBy(1_208_450)),
                Reports.at(java.time.Duration.ZERO), steps, List.of("rds-restore"), java.util.Map.of(), List.of(), null);

        assertThat(r.toText().lines().toList().subList(1, 5)).containsExactly(
                "step                 status              start   duration  attempts  outputs / error",
                "velero-restore       SUCCEEDED          +116ms  3m32.136s         1",
                "kafka.stop-reverse   SUCCEEDED     +12m22.775s    1m39.9s         1",
                "*rds-restore         SUCCEEDED          +167ms  20m8.283s         1");
    }

    @Test
    void aFailedRunShowsErrorsOnOneLineAndStepsThatDidNotRun() {
        String text = Reports.failedRun().toText();
        List<String> lines = text.lines().toList();

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("*b ").contains("FAILED",
                "RDS instance streams-db: status 'incompatible-restore' | after 3 attempts"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("c ").contains("CANCELLED", "+1m"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("d +NOT_STARTED +- +- +0"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).endsWith(" "));
        assertThat(lines).contains("MISSED  RTO: objective 1m, achieved not measured");
        // header, column titles, 4 steps, critical path, 1 objective
        assertThat(lines).hasSize(8);
        assertThat(text).doesNotContain("\r");
    }

    @Test
    void rpoAndObjectivesMetOrMissed() {
        List<String> lines = Reports.resumedRun().toText().lines().toList();

        assertThat(lines).contains("RPO achieved: rds 5m  kafka 2s");
        assertThat(lines).contains("met     RTO: objective 30m, achieved 25m", "met     RPO rds: objective 15m, achieved 5m",
                "MISSED  RPO kafka: objective 1s, achieved 2s");
    }

    @Test
    void aRunWhereNoStepEndedSaysSo() {
        PlanReport r = new PlanReport("p", PlanReport.Outcome.CANCELLED, Reports.T0, Reports.T0, Reports.T0,
                List.of(Reports.step("s", "d", List.of(), StepReport.Status.NOT_STARTED, null, null, 0, false, java.util.Map.of(),
                        null, false)),
                List.of(), java.util.Map.of(), List.of(), null);

        assertThat(r.toText()).contains("* on the critical path: (none: no step ended)");
    }
}
