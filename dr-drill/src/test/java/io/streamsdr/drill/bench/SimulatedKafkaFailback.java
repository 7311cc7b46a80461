package io.streamsdr.drill.bench;

import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Step;
import io.streamsdr.core.StepContext;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.Wait;
import io.streamsdr.core.WaitResult;
import io.streamsdr.kafka.KafkaFailback;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * dr-kafka's failback steps ({@link KafkaFailback}'s ids, outputs and order) with simulated actions on
 * the run's clock, because real MirrorMaker 2 cannot run on virtual time. The durations come from the
 * Kafka issue's measured figures ({@link FailoverSimulation.Latencies}).
 *
 * <p>The await step does what {@code MirrorMonitor.awaitDone} does: it looks at the lag through the
 * step's poller, with a poll policy and a stable window, until the lag is 0 and has stayed 0 for the
 * window. The lag drops at the measured copy rate from the moment the reverse mirror was started, so
 * the poll interval shows in the step's duration as it would for real. The steps carry no
 * dependencies: the caller wires them (the parallel plan or the runbook's chain).
 */
final class SimulatedKafkaFailback {
    /** What the real stop-reverse step publishes for restart-forward (package-private in dr-kafka), here a marker. */
    static final StepOutput<String> START_OFFSETS = StepOutput.string("kafka.forward.startOffsets");
    /** New production's bootstrap servers, as the publish step gives them to the Helm step. */
    static final String NEW_PRODUCTION_BOOTSTRAP = "b-1.streams-prod-2.kafka.local:9092,b-2.streams-prod-2.kafka.local:9092";

    private final FailoverSimulation.Latencies latencies;
    private final PollPolicy pollPolicy;
    private final Duration stableWindow;
    private final AtomicReference<Instant> reverseStartedAt = new AtomicReference<>();
    private final AtomicReference<Duration> detectionDelay = new AtomicReference<>();
    private final AtomicInteger lagLooks = new AtomicInteger();

    SimulatedKafkaFailback(FailoverSimulation.Latencies latencies, PollPolicy pollPolicy, Duration stableWindow) {
        this.latencies = latencies;
        this.pollPolicy = pollPolicy;
        this.stableWindow = stableWindow;
    }

    /** The steps by id, in KafkaFailback's order, without dependencies. */
    Map<String, Step.Builder> steps() {
        Map<String, Step.Builder> steps = new LinkedHashMap<>();
        steps.put(FailoverSimulation.KAFKA_STOP_FORWARD, Step.named(FailoverSimulation.KAFKA_STOP_FORWARD)
                .withDescription("(simulated) stop MirrorMaker 2 prod->backup")
                .withAction(ctx -> ctx.sleep(latencies.mirrorStop())));
        steps.put(FailoverSimulation.KAFKA_START_REVERSE, Step.named(FailoverSimulation.KAFKA_START_REVERSE)
                .withDescription("(simulated) start MirrorMaker 2 backup->prod2; its start-up is inside the measured copy rate")
                .withAction(ctx -> reverseStartedAt.set(ctx.now())));
        steps.put(FailoverSimulation.KAFKA_AWAIT_REVERSE, Step.named(FailoverSimulation.KAFKA_AWAIT_REVERSE)
                .withDescription(String.format("(simulated) wait until %,d records are copied at %,.0f rec/s, stable for %d ms",
                        latencies.kafkaRecords(), latencies.kafkaCopyRate(), stableWindow.toMillis()))
                .withAction(this::awaitReverse));
        steps.put(FailoverSimulation.KAFKA_STOP_REVERSE, Step.named(FailoverSimulation.KAFKA_STOP_REVERSE).publishes(START_OFFSETS)
                .withDescription("(simulated) stop MirrorMaker 2 backup->prod2, note prod2's end offsets")
                .withAction(ctx -> {
                    ctx.sleep(latencies.mirrorStop());
                    ctx.publish(START_OFFSETS, "streams.events:0=" + latencies.kafkaRecords());
                }));
        steps.put(FailoverSimulation.KAFKA_VERIFY, Step.named(FailoverSimulation.KAFKA_VERIFY)
                .withDescription("(simulated) compare backup and prod2 record by record")
                .withAction(ctx -> ctx.sleep(latencies.kafkaVerify())));
        steps.put(FailoverSimulation.KAFKA_PUBLISH, Step.named(FailoverSimulation.KAFKA_PUBLISH).publishes(FailoverSimulation.KAFKA_BOOTSTRAP)
                .withDescription("publish prod2's bootstrap servers")
                .withAction(ctx -> ctx.publish(FailoverSimulation.KAFKA_BOOTSTRAP, NEW_PRODUCTION_BOOTSTRAP)));
        steps.put(FailoverSimulation.KAFKA_RESTART_FORWARD, Step.named(FailoverSimulation.KAFKA_RESTART_FORWARD).consumes(START_OFFSETS)
                .withDescription("(simulated) start MirrorMaker 2 prod2->backup from the noted offsets")
                .withAction(ctx -> ctx.sleep(latencies.mirrorStartup())));
        return steps;
    }

    private void awaitReverse(StepContext ctx) {
        Instant started = reverseStartedAt.get();
        if (started == null) {
            throw new IllegalStateException("the reverse mirror was not started: " + FailoverSimulation.KAFKA_START_REVERSE + " must run first");
        }
        Duration copyTime = latencies.kafkaCopy();
        Instant lastRecordAt = started.plus(copyTime);
        Instant[] doneSince = {null};
        Wait<Long> wait = Wait.<Long>until("MirrorMaker 2 backup->prod2 (simulated) to have copied every record", () -> {
                    lagLooks.incrementAndGet();
                    return lagAt(started, ctx.now());
                })
                .withStateDescription(lag -> String.format("lag %,d records", lag))
                .withSuccessWhen(lag -> {
                    if (lag > 0) {
                        doneSince[0] = null;
                        return false;
                    }
                    Instant now = ctx.now();
                    if (doneSince[0] == null) {
                        doneSince[0] = now;
                    }
                    return !now.isBefore(doneSince[0].plus(stableWindow));
                });
        WaitResult<Long> result = ctx.poller().await(wait, pollPolicy);
        detectionDelay.set(Duration.between(lastRecordAt, ctx.now()));
        ctx.progress("mirroring done after " + result.attempts() + " looks");
    }

    /** Records not yet copied at {@code now}: the backlog minus what the measured rate copied since the start. */
    private long lagAt(Instant started, Instant now) {
        double seconds = Duration.between(started, now).toNanos() / 1e9;
        long copied = (long) Math.floor(latencies.kafkaCopyRate() * Math.max(0, seconds));
        return Math.max(0, latencies.kafkaRecords() - copied);
    }

    /** How long after the last record was copied the await step saw "done" (poll interval and stable window); null before it ran. */
    Duration detectionDelay() {
        return detectionDelay.get();
    }

    /** How many times the await step looked at the lag. */
    int lagLooks() {
        return lagLooks.get();
    }
}
