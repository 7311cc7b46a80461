package io.streamsdr.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanListener;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RetryPolicy;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart, compiled and run by the build. {@link ReadmeTest} keeps the two identical. */
class QuickstartTest {

    @Test
    void quickstart(@TempDir Path dir) throws Exception {
        // README:quickstart:start
        StepOutput<String> dbHost = StepOutput.string("rds.endpoint.address");

        RestorePlan plan = RestorePlan.builder("streams-failover")
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(30)))
                .withStep(Step.named("rds-restore")
                        .withDescription("Restore RDS snapshot streams-nightly into a new instance streams-dr")
                        .withTimeout(Duration.ofHours(2))
                        .publishes(dbHost)
                        .withAction(ctx -> {
                            ctx.sleep(Duration.ofMinutes(20)); // stands in for the restore and its wait
                            ctx.publish(dbHost, "streams-dr.abc123.eu-west-1.rds.amazonaws.com");
                        }))
                .withStep(Step.named("velero-restore")
                        .withDescription("Restore namespace streams from Velero backup streams-nightly")
                        .withAction(ctx -> ctx.sleep(Duration.ofMinutes(3))))
                .withStep(Step.named("helm-upgrade")
                        .withDescription("helm upgrade streams --set externalizedMariadb.host=<restored endpoint>")
                        .dependsOn("rds-restore", "velero-restore")
                        .consumes(dbHost)
                        .withRetry(RetryPolicy.attempts(3)
                                .withBackoff(Backoff.exponential(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1))))
                        .withAction(ctx -> ctx.progress("upgrading with host " + ctx.input(dbHost))))
                .build();

        System.out.println(plan.preview().toText()); // what would happen; nothing is called

        VirtualClock clock = VirtualClock.create(); // 20 simulated minutes in a few milliseconds
        PlanReport report = plan.execute(RunOptions.defaults()
                .withTime(clock, clock)
                .withJournal(Journal.file(dir.resolve("failover.journal.json"))) // run again to resume
                .onEvents(PlanListener.console(System.out)));

        assertThat(report.succeeded()).isTrue();
        assertThat(report.rto()).isEqualTo(Duration.ofMinutes(20)); // the restores ran in parallel
        assertThat(report.criticalPath()).containsExactly("rds-restore", "helm-upgrade");
        Files.writeString(dir.resolve("report.html"), report.toHtml());
        // README:quickstart:end
        assertThat(report.objectivesMet()).isTrue();
    }
}
