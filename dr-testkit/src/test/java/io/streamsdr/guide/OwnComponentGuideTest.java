package io.streamsdr.guide;

import static io.streamsdr.testkit.DrAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.BackupSet;
import io.streamsdr.core.DrillReport;
import io.streamsdr.core.Failover;
import io.streamsdr.core.FailoverPreview;
import io.streamsdr.core.Installation;
import io.streamsdr.core.Objectives;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/own-component.md, run: a component of the user's own (a directory of files) protected, backed
 * up, previewed, restored through a plan fragment with a custom wait, and drilled, with its RPO
 * recorded under its name and measured against an objective. {@code GuideTest} keeps the doc and these
 * regions identical.
 */
@ExtendWith(DrExtension.class)
class OwnComponentGuideTest {

    @Test
    void aComponentOfYourOwnIsBackedUpRestoredAndDrilledLikeTheProvidersOnes(VirtualClock clock, @TempDir Path dir) throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(uploads.resolve("invoice-1.pdf"), "%PDF-1.7 one");
        Files.writeString(uploads.resolve("invoice-2.pdf"), "%PDF-1.7 two");
        Path restored = dir.resolve("uploads-dr");
        AtomicBoolean indexerFails = new AtomicBoolean();
        // The application indexes restored files 3 simulated minutes after they land (or fails to, if told to).
        Thread indexer = startIndexer(clock, restored, indexerFails);

        // GUIDE:drill:start
        DirectoryTarget files = new DirectoryTarget("uploads", uploads, dir.resolve("backups"), Duration.ofHours(26));
        Installation installation = Installation.named("shop").protect(files).build();
        RunOptions options = RunOptions.defaults().withTime(clock, clock);   // a test's virtual time; omit for real time

        BackupSet backups = installation.backupAll(options);                 // takeRecoveryPoint with each step's context
        clock.advance(Duration.ofMinutes(20));                                // twenty minutes of changes, then the disaster

        DirectoryRestore restore = new DirectoryRestore(files, restored, "uploads-restore");
        Failover failover = installation.failover("shop-failover")
                .restore(restore.fragment())
                .repoint(PlanFragment.of(Step.named("repoint").consumes(restore.restoredPath())
                        .withAction(ctx -> ctx.progress("serve files from " + ctx.input(restore.restoredPath())))))
                .withObjectives(Objectives.none().withRto(Duration.ofMinutes(15)).withRpo("uploads", Duration.ofMinutes(30)))
                .build();
        FailoverPreview preview = failover.preview(options);                  // the precondition, checked read-only

        DrillReport report = failover.drill()
                .verify("both invoices came back", () -> "files: " + Files.list(restored).filter(p -> p.toString().endsWith(".pdf")).count())
                .run(options);
        // GUIDE:drill:end

        indexer.join(10_000);
        assertThat(backups.succeeded()).isTrue();
        assertThat(preview.ready()).as(preview.toText()).isTrue();
        assertThat(preview.preconditions()).extracting(c -> c.detail()).containsExactly(restored + " is absent");
        assertThat(report).passed().meetsRpo("uploads", Duration.ofMinutes(30)).meetsRto(Duration.ofMinutes(15))
                .verificationHeld("both invoices came back");
        assertThat(report.rpo()).containsEntry("uploads", Duration.ofMinutes(20));
        assertThat(report.plan().orElseThrow().step("uploads-restore").orElseThrow().duration().orElseThrow())
                .as("the custom wait polled until the indexer finished, 3 minutes in").isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4));
        assertThat(restored.resolve("invoice-2.pdf")).hasContent("%PDF-1.7 two");
        assertThat(files.protectionStatus(io.streamsdr.core.RunContext.of(io.streamsdr.core.Poller.using(clock, clock))))
                .isHealthy().rpoAtMost(Duration.ofMinutes(30));

        // A second drill into the same directory: the guard rail refuses in the preview, and nothing is changed.
        DrillReport again = failover.drill().run(options);
        assertThat(again).didNotPass();
        assertThat(again.failures()).anySatisfy(f -> assertThat(f).contains("Refused by guard rail 'restore into an empty directory'",
                restored + " holds files"));
    }

    @Test
    void aFailingIndexerEndsTheCustomWaitAtOnce(VirtualClock clock, @TempDir Path dir) throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(uploads.resolve("a.pdf"), "a");
        DirectoryTarget files = new DirectoryTarget("uploads", uploads, dir.resolve("backups"), Duration.ofHours(26));
        Path restored = dir.resolve("uploads-dr");
        AtomicBoolean indexerFails = new AtomicBoolean(true);
        Thread indexer = startIndexer(clock, restored, indexerFails);
        RunOptions options = RunOptions.defaults().withTime(clock, clock);
        Installation installation = Installation.named("shop").protect(files).build();
        installation.backupAll(options);

        DrillReport report = installation.failover("shop-failover")
                .restore(new DirectoryRestore(files, restored, "uploads-restore").fragment())
                .repoint(PlanFragment.of(Step.named("repoint").withAction(ctx -> { })))
                .build().drill().run(options);

        indexer.join(10_000);
        assertThat(report).didNotPass();
        assertThat(report.plan().orElseThrow().step("uploads-restore").orElseThrow().error().orElseThrow())
                .contains("the files restored into " + restored + " to be indexed cannot complete: the indexer failed");
        assertThat(report.plan().orElseThrow().step("uploads-restore").orElseThrow().duration().orElseThrow())
                .as("failed at the first look after the failure, not after the 30-minute timeout").isLessThan(Duration.ofMinutes(5));
    }

    /**
     * The application's indexer, on the test's clock: 3 simulated minutes after the restored directory
     * appears, it marks its files indexed (or failed). It notices the directory through the file system's
     * own events (no polling of its own, which would move virtual time). It is announced to the clock as work
     * from the start, so time moves only when it and the restore step both wait: the 3 minutes are exact.
     */
    private static Thread startIndexer(VirtualClock clock, Path dir, AtomicBoolean fails) {
        clock.workStarted(); // an actor of the simulation: time moves only when it and the plan's steps all wait
        Thread t = new Thread(() -> {
            try (WatchService watcher = dir.getFileSystem().newWatchService()) {
                dir.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
                while (!Files.isDirectory(dir)) {
                    watcher.take().reset();
                }
                clock.sleep(Duration.ofMinutes(3));
                Files.writeString(dir.resolve(fails.get() ? ".index-failed" : ".indexed"), "");
            } catch (Exception e) {
                // the test ended first: nothing to index
            } finally {
                clock.workFinished();
            }
        }, "indexer");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
