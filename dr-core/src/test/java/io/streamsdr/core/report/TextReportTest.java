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
