package io.streamsdr.testkit.demo;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDemoTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheFailoverInVirtualTimeAndWritesTheReports(@TempDir Path dir) throws Exception {
        long realStart = System.nanoTime();
        int exitCode = LocalDemo.run(new String[] {"--out", dir.toString()}, out);
        long realMillis = (System.nanoTime() - realStart) / 1_000_000;

        assertThat(exitCode).as(output()).isZero();
        assertThat(realMillis).as("25 minutes of failover must not cost real time").isLessThan(10_000);
        assertThat(dir.resolve("report.json")).isRegularFile();
        assertThat(dir.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"streams-failover\"", "rds.endpoint.address");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<html", "streams-failover");
        String printed = output();
        assertThat(printed).contains("velero-restore", "rds-restore", "kafka-failback", "helm-upgrade", "rollout-wait",
                "restart-forward-mirror", "verify");
        assertThat(printed.indexOf("(preview: nothing is changed)")).as("the preview comes first")
                .isLessThan(printed.indexOf("plan streams-failover: 7 steps"));
        assertThat(printed).contains("RDS instance 'streams-dr' to be available: creating (check 1",
                "--set externalizedMariadb.host=streams-dr.cluster-local.example",
                "Plan streams-failover: SUCCEEDED   RTO 24m30s",
                "met     RTO: objective 45m, achieved 24m30s",
                "met     RPO rds: objective 15m, achieved 5m",
                "met     RPO kafka: objective 15m, achieved 4s",
                "Failover drill PASSED.");
    }

    @Test
    void exitsNonZeroWhenAnObjectiveIsMissed(@TempDir Path dir) {
        int exitCode = LocalDemo.run(new String[] {"--out", dir.toString(), "--rds-restore-minutes", "50"}, out);

        assertThat(exitCode).isEqualTo(1);
        assertThat(output()).contains("MISSED  RTO: objective 45m, achieved 54m30s", "Failover drill FAILED");
        assertThat(dir.resolve("report.json")).as("the evidence is written anyway").isRegularFile();
    }

    @Test
    void exitsWithUsageOnBadArguments() {
        assertThat(LocalDemo.run(new String[] {"--rds-restore-minutes", "soon"}, out)).isEqualTo(2);
        assertThat(output()).contains("Unknown or incomplete argument '--rds-restore-minutes'",
                "Usage: LocalDemo [--out <dir>] [--rds-restore-minutes <n>]");
    }

    @Test
    void thePlanHasTheRunbooksShapeAndItsPreviewCallsNothing() {
        VirtualClock clock = VirtualClock.create();
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock);
        rds.withExistingRecoveryPoint(Duration.ofMinutes(5));
        FakeBackupTarget kafka = FakeBackupTarget.named("kafka").withClock(clock).withKind(RecoveryPoint.Kind.SYNC_POINT);
        kafka.withExistingRecoveryPoint(Duration.ofSeconds(4));
        RestorePlan plan = LocalDemo.failoverPlan(rds, kafka, clock.instant(), Duration.ofMinutes(20));

        plan.preview();
        assertThat(rds.calls() + kafka.calls()).as("preview must call nothing").isZero();

        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
        assertThat(report).succeeded().meetsObjectives().rtoAtMost(Duration.ofMinutes(45))
                .criticalPathIs("rds-restore", "helm-upgrade", "rollout-wait", "restart-forward-mirror", "verify");
        assertThat(report).step("helm-upgrade").ranOnce().startedAfter("rds-restore").startedAfter("kafka-failback")
                .startedAfter("velero-restore");
        assertThat(report).step("rds-restore").hasOutput("rds.endpoint.address", "streams-dr.cluster-local.example");
        assertThat(plan.step("helm-upgrade").consumes()).containsExactlyInAnyOrder(LocalDemo.DB_HOST, LocalDemo.KAFKA_BOOTSTRAP);
        assertThat(plan.steps()).extracting(Step::id).hasSize(7);
        assertThat(rds.recoveryPointsCalls()).isEqualTo(1);
    }
}
