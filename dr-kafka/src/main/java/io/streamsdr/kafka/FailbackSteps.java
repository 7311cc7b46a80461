package io.streamsdr.kafka;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.StepContext;
import io.streamsdr.kafka.internal.TopicReads;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * What the steps of a {@link KafkaFailback} do: the definition says which steps there are, this class
 * does their work, with the mirrors in the failback's {@link FailbackMirrors} and one-shot reads of the
 * clusters ({@link TopicReads}). Every wait goes through the step's poller.
 */
final class FailbackSteps {
    private static final String NOT_EMPTY = "failback target topics must be empty";
    private static final String EXACT = "new production holds exactly the backup's records";
    /** How long one read of MirrorMaker 2's committed offsets may take when the forward mirror resumes. */
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    private final KafkaFailback failback;

    FailbackSteps(KafkaFailback failback) {
        this.failback = failback;
    }

    private KafkaCluster backup() {
        return failback.forward().config().target();
    }

    private Pattern topics() {
        return Pattern.compile(failback.reverseConfig().topics());
    }

    private static TopicReads reads(KafkaCluster cluster) {
        return new TopicReads(cluster.clientProperties(), MirrorMonitor.describe(cluster));
    }

    /** The precondition "the backup holds the mirrored topics": what it holds, or a refusal. */
    String checkBackupHasData() {
        KafkaCluster backup = backup();
        TopicReads.Counts read = reads(backup).counts(topics(), true);
        if (read.records().isEmpty()) {
            throw new PreconditionFailedException("failback needs the backup's topics",
                    "backup cluster '" + backup.alias() + "' (" + backup.bootstrapServers() + ") has no topic matching "
                            + failback.reverseConfig().topics(), null);
        }
        return read.total() + " records in " + read.records().size() + " topics on '" + backup.alias() + "': " + read.records()
                + read.newest().map(t -> "; newest record written at " + t).orElse("");
    }

    void checkNewProductionIsEmpty() {
        if (failback.existingData() == ExistingDataPolicy.COPY_ANYWAY) {
            return;
        }
        KafkaCluster newProduction = failback.newProduction();
        Map<String, Long> withData = new TreeMap<>(reads(newProduction).counts(topics(), false).records());
        withData.values().removeIf(n -> n == 0);
        if (!withData.isEmpty()) {
            throw new PreconditionFailedException(NOT_EMPTY, "new production cluster '" + newProduction.alias() + "' ("
                    + newProduction.bootstrapServers() + ") already holds data in " + withData
                    + "; copying the backup onto it would mix old and new records",
                    "KafkaFailback.of(forward).to(newProduction).withExistingData(ExistingDataPolicy.COPY_ANYWAY)");
        }
    }

    /**
     * Stops the forward mirror, then records the RPO: from the newest record the backup holds to the
     * step's start (the mirror's stop itself loses nothing more). What production wrote after that
     * record is what the failback cannot bring back; with production lost there is no better measure
     * (an idle topic makes it an overestimate, never an underestimate).
     */
    void stopForward(StepContext ctx) {
        Instant failoverStarted = ctx.now(); // the disaster's time as near as the failback knows it
        failback.forward().stop(ctx.poller());
        Optional<Instant> newest;
        try {
            newest = reads(backup()).counts(topics(), true).newest();
        } catch (CallFailedException e) {
            ctx.progress("the RPO is not recorded: " + e.getMessage());
            return;
        }
        newest.ifPresent(t -> {
            Duration lost = Duration.between(t, failoverStarted);
            ctx.recordRpo(failback.component(), lost.isNegative() ? Duration.ZERO : lost);
            ctx.progress("RPO achieved " + io.streamsdr.core.spi.Durations.format(lost.isNegative() ? Duration.ZERO : lost)
                    + ": the backup holds records up to " + t);
        });
    }

    void startReverse(StepContext ctx) {
        Mirror forward = failback.forward();
        MirrorConfig reverse = failback.reverseConfig();
        if (forward.isRunning()) {
            throw new PreconditionFailedException("one mirror direction at a time", "MirrorMaker 2 " + forward.config().flow()
                    + " is still running; starting " + reverse.flow() + " would be a replication loop", null);
        }
        if (ctx.checkpoint("reverse-started").isEmpty()) {
            checkNewProductionIsEmpty();
            ctx.saveCheckpoint("reverse-started", reverse.flow()); // before the start: a resumed run must not refuse its own copy
        }
        failback.mirrors().reverseOrNew().start(ctx.poller());
        ctx.progress("MirrorMaker 2 " + reverse.flow() + " started");
    }

    void awaitReverse(StepContext ctx) {
        Mirror r = failback.mirrors().reverseOrNew();
        r.start(ctx.poller()); // a resumed run in a new JVM: start it again (it resumes from its committed offsets)
        try (MirrorMonitor monitor = MirrorMonitor.of(r)) {
            MirrorLag lag = monitor.awaitDone(ctx.poller(), failback.pollPolicy(), failback.stableWindow());
            ctx.progress("mirroring done: " + lag);
            monitor.awaitGroupsTranslated(ctx.poller(), failback.pollPolicy());
            ctx.progress("consumer group offsets arrived on " + failback.newProduction().alias());
        }
    }

    void stopReverse(StepContext ctx) {
        failback.mirrors().reverseOrNew().stop(ctx.poller());
        Map<TopicPartition, Long> ends = reads(failback.newProduction()).endOffsets(topics());
        ctx.publish(failback.forwardStartOffsets(), encode(ends));
    }

    void verify(StepContext ctx) {
        VerificationReport report = ZeroLossVerifier.between(backup(), failback.newProduction())
                .withTopics(failback.reverseConfig().topics()).verify(ctx.poller());
        ctx.progress(report.toString());
        if (!report.exact()) {
            throw new PreconditionFailedException(EXACT, report + "; partitions that differ: "
                    + report.partitions().stream().filter(p -> !p.exact()).toList()
                    + "; pointing Streams at it would lose or repeat records",
                    "KafkaFailback.of(forward).to(newProduction).withVerification(FailbackVerification.NONE)");
        }
    }

    /**
     * Starts the forward mirror again from new production's offsets at failback. The checkpoint is
     * saved before the offsets are written; a resumed run that finds it seeds only the partitions MM2
     * has not committed yet (a crash between the seeding and the start, or after MM2 copied more),
     * so nothing is copied twice and nothing skipped.
     */
    void restartForward(StepContext ctx) {
        Mirror m = failback.mirrors().restartedForwardOrNew();
        if (m.isRunning()) {
            return;
        }
        Map<TopicPartition, Long> offsets = new HashMap<>(decode(ctx.input(failback.forwardStartOffsets())));
        if (ctx.checkpoint("forward-restarted").isPresent()) {
            Map<TopicPartition, Long> committed = m.committedOffsets(ctx.poller(), IO_TIMEOUT);
            offsets.keySet().removeAll(committed.keySet());
            ctx.progress("resuming: MirrorMaker 2 " + m.config().flow() + " committed " + committed.size() + " partitions already, "
                    + offsets.size() + " left to set");
        } else {
            ctx.saveCheckpoint("forward-restarted", m.config().flow());
        }
        if (offsets.isEmpty()) {
            m.start(ctx.poller());
        } else {
            m.startAt(offsets, ctx.poller());
        }
        ctx.progress("MirrorMaker 2 " + m.config().flow() + " started");
    }

    /** {@code topic:partition=offset,...}, sorted: how the start offsets travel between steps and through the journal. */
    static String encode(Map<TopicPartition, Long> offsets) {
        Map<String, Long> sorted = new TreeMap<>();
        offsets.forEach((tp, o) -> sorted.put(tp.topic() + ":" + tp.partition(), o));
        StringBuilder s = new StringBuilder();
        sorted.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return s.toString();
    }

    /** The offsets {@link #encode} wrote. */
    static Map<TopicPartition, Long> decode(String s) {
        Map<TopicPartition, Long> m = new HashMap<>();
        if (s.isEmpty()) {
            return m;
        }
        for (String e : s.split(",")) {
            int eq = e.lastIndexOf('=');
            int colon = e.lastIndexOf(':', eq);
            m.put(new TopicPartition(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1, eq))), Long.parseLong(e.substring(eq + 1)));
        }
        return m;
    }
}
