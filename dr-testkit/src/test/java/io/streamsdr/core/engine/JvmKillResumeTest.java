package io.streamsdr.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.Wait;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promise, literally: kill the JVM halfway (SIGKILL), run again with the same journal file. */
class JvmKillResumeTest {

    @TempDir
    Path dir;

    @Test
    void aKilledJvmResumesWithoutRepeatingAFinishedStep() throws Exception {
        Path journal = dir.resolve("killable.journal.json");
        Path effects = dir.resolve("effects.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillableRun.class.getName(),
                journal.toString(), effects.toString(), "block")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // Wait (real time, through the library's poller) until the child is inside s3.
            Poller.system().await(Wait.until("child JVM to be inside step s3", () -> Files.exists(effects) && readLines(effects)
                    .contains("s3 waiting to be killed"))
                    .withAcceptor(Acceptor.successWhen(Boolean.TRUE::equals)),
                    PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofMillis(50))).withTimeout(Duration.ofSeconds(60)));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally blocks in the child
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Journal.file(journal).load().orElseThrow().steps().get("s3").state()).isEqualTo(StepRecord.State.RUNNING);

        PlanReport report = KillableRun.run(journal, effects, false);

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertThat(report.step("s1").orElseThrow().status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(report.step("s2").orElseThrow().status()).isEqualTo(StepReport.Status.DONE_EARLIER);
        assertThat(report.step("s3").orElseThrow().resumed()).isTrue();
        assertThat(readLines(effects)).containsExactly("s1", "s2", "s3", "s3 waiting to be killed", "s3 adopted", "s4");
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
