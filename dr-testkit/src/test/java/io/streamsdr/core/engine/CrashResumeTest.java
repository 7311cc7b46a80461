package io.streamsdr.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.StepRecord;
import io.streamsdr.testkit.CrashingJournal;
import io.streamsdr.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 6-step plan with a file journal, "crashed" at every journal write and in the middle of every
 * step; each resume must complete with every step's side effect executed exactly once.
 */
class CrashResumeTest {
    private static final List<String> STEPS = List.of("velero", "rds", "kafka", "kafka-sync", "helm", "verify");
    private static final StepOutput<String> ENDPOINT = StepOutput.string("rds.endpoint");
    /** Writes a complete run makes: per step RUNNING, a checkpoint, SUCCEEDED. */
    private static final int WRITES_PER_RUN = STEPS.size() * 3;

    @TempDir
    Path dir;

    /** The outside world the steps change: how many times each side effect happened. */
    private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    private final Set<String> sawResuming = ConcurrentHashMap.newKeySet();
    private final Set<String> helmSawEndpoint = ConcurrentHashMap.newKeySet();
    /** The step in whose middle the process should die, or null. */
    private volatile String crashInside;
    private volatile CrashingJournal crashing;

    private Step.Builder step(String id, Duration took) {
        return Step.named(id).withAction(ctx -> {
            if (ctx.isResuming()) {
                sawResuming.add(id);
            }
            ctx.sleep(took);
            // The idempotent path: a resumed step that had asked for its side effect checks whether it happened.
            boolean requestedBefore = ctx.checkpoint("requested").isPresent();
            if (!(ctx.isResuming() && requestedBefore && effects.containsKey(id))) {
                ctx.saveCheckpoint("requested", "true");
                effects.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            if (id.equals("rds")) {
                ctx.publish(ENDPOINT, "streams-dr.local");
            }
            if (id.equals("helm")) {
                helmSawEndpoint.add(ctx.input(ENDPOINT));
            }
            if (id.equals(crashInside)) {
                crashing.crashNow(); // the process dies after the side effect, before the step's end is recorded
            }
        });
    }

    private RestorePlan plan() {
        return RestorePlan.builder("streams-failover")
                .withStep(step("velero", Duration.ofMinutes(3)))
                .withStep(step("rds", Duration.ofMinutes(20)).publishes(ENDPOINT))
                .withStep(step("kafka", Duration.ofMinutes(8)))
                .withStep(step("kafka-sync", Duration.ofMinutes(1)).dependsOn("kafka"))
                .withStep(step("helm", Duration.ofMinutes(2)).dependsOn("velero", "rds", "kafka-sync").consumes(ENDPOINT))
                .withStep(step("verify", Duration.ofMinutes(1)).dependsOn("helm"))
                .build();
    }

    private RunOptions options(VirtualClock clock, Journal journal) {
        return RunOptions.defaults().withTime(clock, clock).withJournal(journal);
    }

    static IntStream everyWriteBoundary() {
        return IntStream.range(0, WRITES_PER_RUN);
    }

    @ParameterizedTest(name = "crash before journal write {0}")
    @MethodSource("everyWriteBoundary")
    void resumesAfterACrashAtEveryJournalWrite(int writesBeforeCrash) {
        Path journalFile = dir.resolve("failover.journal.json");
        VirtualClock clock = VirtualClock.create();
        crashing = CrashingJournal.crashingBeforeWrite(Journal.file(journalFile), writesBeforeCrash);

        assertThatThrownBy(() -> plan().execute(options(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(crashing.writes()).isEqualTo(writesBeforeCrash);
        long succeededOnDisk = Journal.file(journalFile).load()
                .map(r -> r.steps().values().stream().filter(s -> s.state() == StepRecord.State.SUCCEEDED).count()).orElse(0L);

        PlanReport report = plan().execute(options(clock, Journal.file(journalFile)));

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertEveryEffectExactlyOnce();
        assertThat(helmSawEndpoint).containsExactly("streams-dr.local");
        assertThat(report.steps()).allMatch(StepReport::isDone);
        long doneEarlier = report.steps().stream().filter(s -> s.status() == StepReport.Status.DONE_EARLIER).count();
        assertThat(doneEarlier).as("steps whose success was recorded before the crash are not repeated")
                .isEqualTo(succeededOnDisk);
        assertThat(report.steps()).filteredOn(s -> s.status() == StepReport.Status.SUCCEEDED)
                .allMatch(s -> s.attempts() == 1, "ran once in the resumed run");
    }

    @ParameterizedTest(name = "crash in the middle of {0}")
    @ValueSource(strings = {"velero", "rds", "kafka", "kafka-sync", "helm", "verify"})
    void resumesAfterACrashInTheMiddleOfAStep(String stepId) {
        Path journalFile = dir.resolve("failover.journal.json");
        VirtualClock clock = VirtualClock.create();
        crashing = CrashingJournal.crashingOnRequest(Journal.file(journalFile));
        crashInside = stepId;

        assertThatThrownBy(() -> plan().execute(options(clock, crashing))).isInstanceOf(CrashingJournal.SimulatedCrash.class);
        assertThat(effects.get(stepId)).as("the side effect happened before the crash").hasValue(1);
        crashInside = null;

        PlanReport report = plan().execute(options(clock, Journal.file(journalFile)));

        assertThat(report.succeeded()).as(report.toText()).isTrue();
        assertEveryEffectExactlyOnce();
        assertThat(sawResuming).as("the step that was running is told it is resuming").contains(stepId);
        assertThat(report.step(stepId).orElseThrow().resumed()).isTrue();
        assertThat(report.step(stepId).orElseThrow().status()).isEqualTo(StepReport.Status.SUCCEEDED);
    }

    @Test
    void aCompletedJournalSkipsEverythingAndTheRtoSpansBothRuns() {
        Path journalFile = dir.resolve("done.journal.json");
        VirtualClock clock = VirtualClock.create();
        PlanReport first = plan().execute(options(clock, Journal.file(journalFile)));
        clock.advance(Duration.ofMinutes(5));

        PlanReport second = plan().execute(options(clock, Journal.file(journalFile)));

        assertThat(first.rto()).isEqualTo(Duration.ofMinutes(23));
        assertThat(second.steps()).allMatch(s -> s.status() == StepReport.Status.DONE_EARLIER);
        assertThat(second.step("rds").orElseThrow().outputs()).containsEntry("rds.endpoint", "streams-dr.local");
        assertThat(second.rto()).as("from the first start of any step to the end of this run").isEqualTo(Duration.ofMinutes(28));
        assertThat(second.elapsed()).isZero();
        assertEveryEffectExactlyOnce();
    }

    @Test
    void aJournalFromAnotherPlanIsRefusedBeforeAnyStepRuns() {
        Path journalFile = dir.resolve("other.journal.json");
        VirtualClock clock = VirtualClock.create();
        RestorePlan other = RestorePlan.builder("other-plan").withStep(Step.named("x").withAction(ctx -> { })).build();
        other.execute(options(clock, Journal.file(journalFile)));

        assertThatThrownBy(() -> plan().execute(options(clock, Journal.file(journalFile))))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("was written by plan 'other-plan'")
                .hasMessageContaining("this is plan 'streams-failover'")
                .hasMessageContaining("give this run a new journal");
        assertThat(effects).isEmpty();
    }

    @Test
    void aPlanWhoseShapeChangedRefusesTheOldJournal() {
        Path journalFile = dir.resolve("shape.journal.json");
        VirtualClock clock = VirtualClock.create();
        plan().execute(options(clock, Journal.file(journalFile)));
        RestorePlan reshaped = RestorePlan.builder("streams-failover")
                .withStep(Step.named("velero").withAction(ctx -> { }))
                .build();

        assertThatThrownBy(() -> reshaped.execute(options(clock, Journal.file(journalFile))))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("fingerprint");
    }

    @Test
    void theJournalFileIsOwnerOnlyAndValidJson() throws Exception {
        Path journalFile = dir.resolve("perm.journal.json");
        plan().execute(options(VirtualClock.create(), Journal.file(journalFile)));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalFile))).isEqualTo("rw-------");
        String json = Files.readString(journalFile);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("steps").size()).isEqualTo(6);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left behind").containsExactly("perm.journal.json");
        }
    }

    @Test
    void aJournalThatIsNotOursIsRefusedWithTheFix() throws Exception {
        Path journalFile = dir.resolve("garbage.json");
        Files.writeString(journalFile, "{ not json");

        assertThatThrownBy(() -> plan().execute(options(VirtualClock.create(), Journal.file(journalFile))))
                .isInstanceOf(io.streamsdr.core.PreconditionFailedException.class)
                .hasMessageStartingWith("Refused by guard rail 'journal must be readable': " + journalFile + " is not a Streams DR journal (")
                .hasMessageEndingWith("): resuming from it could repeat or skip steps. To proceed anyway: move it away, or give this run"
                        + " another journal");
    }

    private void assertEveryEffectExactlyOnce() {
        assertThat(effects.keySet()).containsExactlyInAnyOrderElementsOf(STEPS);
        effects.forEach((id, n) -> assertThat(n.get()).as("side effect of step '%s'", id).isEqualTo(1));
    }

}
