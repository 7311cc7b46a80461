package io.streamsdr.guide;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** The guide's restore of a {@link DirectoryTarget}, as the one shape every provider hands out: a plan fragment. */
// GUIDE:restore:start
public final class DirectoryRestore {
    private final DirectoryTarget target;
    private final Path into;
    private final String id;
    private final StepOutput<String> restoredPath;

    public DirectoryRestore(DirectoryTarget target, Path into, String id) {
        this.target = target;
        this.into = into;
        this.id = id;
        this.restoredPath = StepOutput.string(id + ".path");      // outputs are named after the fragment's id
    }

    /** What later steps read: where the files are now. */
    public StepOutput<String> restoredPath() {
        return restoredPath;
    }

    public PlanFragment fragment() {
        return PlanFragment.of(Step.named(id)
                .withDescription("copy the newest backup of " + target.name() + " into " + into + ", wait until it is indexed")
                .publishes(restoredPath)
                .withPrecondition(Precondition.of(into + " is absent or empty", this::checkEmpty)) // read-only, in the preview
                .withAction(this::restore));
    }

    private void restore(StepContext ctx) throws IOException {
        List<RecoveryPoint> points = target.recoveryPoints(ctx);
        if (points.isEmpty()) {
            throw new PreconditionFailedException("a backup must exist", "no backup of " + target.name(), null);
        }
        RecoveryPoint newest = points.get(0);
        if (ctx.checkpoint("restoring").isEmpty()) {
            checkEmpty();                                         // the guard rail, again: the world may have changed
            ctx.saveCheckpoint("restoring", newest.id());         // saved BEFORE the change, so a resumed run knows
            DirectoryTarget.copyTree(Path.of(newest.attributes().get("path")), into);
        }
        // The data lost: what changed after the backup, up to the moment the restore began.
        ctx.recordRpo(target.name(), Duration.between(newest.capturedAt(), ctx.now()));
        // A custom wait: the application indexes the restored files; a failed index fails at once.
        ctx.poller().await(Wait.until("the files restored into " + into + " to be indexed", () -> indexState())
                        .withAcceptor(Acceptor.successWhen("indexed"::equals))
                        .withAcceptor(Acceptor.failureWhen("failed"::equals, s -> "the indexer failed; see " + into.resolve(".index-failed"))),
                new PollPolicy(Duration.ofSeconds(10), Backoff.exponential(Duration.ofSeconds(10), 1.5, Duration.ofMinutes(1)),
                        Duration.ofMinutes(30)));
        ctx.publish(restoredPath, into.toString());
    }

    private String indexState() {
        return Files.exists(into.resolve(".index-failed")) ? "failed" : Files.exists(into.resolve(".indexed")) ? "indexed" : "indexing";
    }

    private String checkEmpty() throws IOException {
        if (Files.isDirectory(into)) {
            try (Stream<Path> files = Files.list(into)) {
                if (files.findAny().isPresent()) {
                    throw new PreconditionFailedException("restore into an empty directory", into + " holds files",
                            "empty " + into + " first, or restore into another directory");
                }
            }
        }
        return into + (Files.exists(into) ? " is empty" : " is absent");
    }
}
// GUIDE:restore:end
