package io.streamsdr.core.engine;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.core.spi.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A 4-step chain on real time whose steps append to an effects file. Run as a child JVM by
 * {@link JvmKillResumeTest} with {@code block}: step s3 then waits until the JVM is killed.
 */
public final class KillableRun {
    private KillableRun() {
    }

    static RestorePlan plan(Path effects, boolean blockInS3) {
        RestorePlan.Builder b = RestorePlan.builder("killable");
        String previous = null;
        for (String id : List.of("s1", "s2", "s3", "s4")) {
            Step.Builder s = Step.named(id).withAction(ctx -> {
                List<String> done = Files.exists(effects) ? Files.readAllLines(effects) : List.of();
                if (ctx.isResuming() && done.contains(id)) {
                    append(effects, id + " adopted");
                    return;
                }
                append(effects, id);
                if (id.equals("s3") && blockInS3) {
                    append(effects, "s3 waiting to be killed");
                    ctx.sleep(Duration.ofMinutes(5)); // killed long before
                }
            });
            if (previous != null) {
                s.dependsOn(previous);
            }
            b.withStep(s);
            previous = id;
        }
        return b.build();
    }

    static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlanReport run(Path journal, Path effects, boolean block) {
        return plan(effects, block).execute(RunOptions.defaults().withJournal(Journal.file(journal)));
    }

    /** {@code KillableRun <journal> <effects> block|noblock}. */
    public static void main(String[] args) {
        PlanReport report = run(Path.of(args[0]), Path.of(args[1]), "block".equals(args[2]));
        System.exit(report.succeeded() ? 0 : 1);
    }
}
