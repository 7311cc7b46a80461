package io.streamsdr.readme;

import static io.streamsdr.testkit.DrAssertions.assertThat;

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
import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

// The README's quickstart, compiled and run by the build; ReadmeTest keeps the two identical.
// README:quickstart:start
@ExtendWith(DrExtension.class)
class QuickstartTest {
    static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");

    @Test
    void failoverMeetsItsObjectives(VirtualClock clock, @TempDir Path dir) throws Exception {
        RestorePlan plan = RestorePlan.builder("streams-failover")
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(30)))
                .withStep(Step.named("rds-restore")
                        .withDescription("Restore RDS snapshot streams-nightly into a new instance streams-dr")
                        .withTimeout(Duration.ofHours(2))
                        .publishes(DB_HOST)
                        .withAction(ctx -> {
                            ctx.sleep(Duration.ofMinutes(20)); // stands in for the restore and its wait
                            ctx.publish(DB_HOST, "streams-dr.abc123.eu-west-1.rds.amazonaws.com");
                        }))
                .withStep(Step.named("velero-restore")
                        .withDescription("Restore namespace streams from Velero backup streams-nightly")
                        .withAction(ctx -> ctx.sleep(Duration.ofMinutes(3))))
                .withStep(Step.named("helm-upgrade")
                        .withDescription("helm upgrade streams --set externalizedMariadb.host=<restored endpoint>")
                        .dependsOn("rds-restore", "velero-restore")
                        .consumes(DB_HOST)
                        .withRetry(RetryPolicy.attempts(3)
                                .withBackoff(Backoff.exponential(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1))))
                        .withAction(ctx -> ctx.progress("upgrading with host " + ctx.input(DB_HOST))))
                .build();

        System.out.println(plan.preview().toText()); // what would happen; nothing is called

        PlanReport report = plan.execute(RunOptions.defaults()
                .withTime(clock, clock) // 20 simulated minutes take a few milliseconds
                .withJournal(Journal.file(dir.resolve("failover.journal.json"))) // run again to resume
                .onEvents(PlanListener.console(System.out)));

        Files.writeString(dir.resolve("report.html"), report.toHtml());
        assertThat(report).succeeded()
                .meetsObjectives()
                .rtoAtMost(Duration.ofMinutes(20)) // the two restores ran in parallel
                .criticalPathIs("rds-restore", "helm-upgrade");
        assertThat(report).step("helm-upgrade").ranOnce().startedAfter("rds-restore");
    }
}
// README:quickstart:end
