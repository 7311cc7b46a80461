package io.streamsdr.kafka.internal;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;

/**
 * Calls to Kafka as the library reports them: a failed call is a {@link CallFailedException} naming
 * the call and the cluster, with Kafka's exception as its cause; an interrupt is a
 * {@link CancellationException} with the interrupt kept; and a read that loops over Kafka's
 * {@code poll} goes through the run's {@link Poller}, so its limit is on the run's clock and it
 * stops with the step.
 */
public final class KafkaCalls {
    /** The pause between two rounds of a read loop: the rounds themselves block in Kafka's {@code poll}. */
    private static final Backoff BETWEEN_ROUNDS = Backoff.fixed(Duration.ofMillis(1));

    private KafkaCalls() {
    }

    /**
     * The value of a client call's future (an admin call, a send); {@code call} says what and where
     * ("ListTopics of Kafka cluster 'backup' (h:9092)").
     */
    public static <T> T get(Future<T> future, String call) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new CallFailedException(call, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            throw interrupted(call);
        } catch (KafkaException e) {
            throw new CallFailedException(call, e);
        }
    }

    /** Runs a client call that throws Kafka's exceptions directly (a consumer's, a producer's), wrapping them. */
    public static <T> T call(String call, Supplier<T> action) {
        try {
            return action.get();
        } catch (KafkaException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw interrupted(call);
            }
            throw new CallFailedException(call, e);
        }
    }

    /**
     * Repeats {@code round} (one bounded read, such as one {@code poll}) until it returns true, through
     * {@code poller}, for at most {@code timeout}.
     *
     * @param what  what is awaited, for progress and errors ("the records of 'backup' to be read to their end")
     * @param state the state now, for progress and errors ("3 partitions left: [streams.a-0, ...]")
     * @throws io.streamsdr.core.TimedOutException when the timeout (or the step's) passes first
     */
    public static void readUntil(Poller poller, String what, Duration timeout, BooleanSupplier round, Supplier<String> state) {
        poller.await(Wait.until(what, round::getAsBoolean).withSuccessWhen(Boolean::booleanValue)
                .withStateDescription(done -> state.get()), new PollPolicy(Duration.ZERO, BETWEEN_ROUNDS, timeout));
    }

    /** The cancellation for an interrupted call, the thread's interrupt kept. */
    public static CancellationException interrupted(String call) {
        Thread.currentThread().interrupt();
        return new CancellationException("interrupted during " + call);
    }
}
