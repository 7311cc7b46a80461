package io.streamsdr.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.Wait;
import io.streamsdr.core.WaitProgress;
import io.streamsdr.core.WaitResult;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The one poller: acceptors with three outcomes, adaptive backoff, timeout, progress, on virtual time. */
class PollerTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private final VirtualClock clock = VirtualClock.create();
    private final List<Instant> looks = new ArrayList<>();

    /** An RDS-like instance that becomes available {@code after} the first look's time. */
    private Supplier<String> instanceAvailableAt(Instant at) {
        return () -> {
            looks.add(clock.instant());
            return clock.instant().isBefore(at) ? "creating" : "available";
        };
    }

    private static Wait<String> available(Supplier<String> probe) {
        return Wait.until("instance 'db' to be available", probe)
                .withAcceptor(Acceptor.successWhen("available"::equals))
                .withAcceptor(Acceptor.failureWhen(Set.of("failed", "incompatible-restore")::contains, s -> "status is " + s));
    }

    @Test
    void pollsWithGrowingIntervalsUntilSuccess() {
        Poller poller = Poller.using(clock, clock);
        PollPolicy policy = PollPolicy.defaults().withInitialDelay(Duration.ofSeconds(30))
                .withBackoff(Backoff.exponential(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60)));

        WaitResult<String> r = poller.await(available(instanceAvailableAt(T0.plus(Duration.ofMinutes(3)))), policy);

        assertThat(looks).containsExactly(T0.plusSeconds(30), T0.plusSeconds(60), T0.plusSeconds(105), T0.plusSeconds(165),
                T0.plusSeconds(225));
        assertThat(r.value()).contains("available");
        assertThat(r.attempts()).isEqualTo(5);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(225));
    }

    @Test
    void aTerminalStateFailsAtOnceInsteadOfWaitingOutTheTimeout() {
        AtomicInteger n = new AtomicInteger();
        Poller poller = Poller.using(clock, clock);

        assertThatThrownBy(() -> poller.await(available(() -> n.incrementAndGet() < 3 ? "creating" : "incompatible-restore"),
                PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(10))).withTimeout(Duration.ofHours(2))))
                .isInstanceOf(TerminalStateException.class)
                .hasMessage("instance 'db' to be available cannot complete: status is incompatible-restore (after 3 checks over 20s)");
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void theFirstMatchingAcceptorWins() {
        Wait<String> w = Wait.until("x", () -> "failed")
                .withAcceptor(Acceptor.retryWhen("failed"::equals))
                .withAcceptor(Acceptor.failureWhen("failed"::equals, s -> s));
        Poller poller = Poller.using(clock, clock);

        assertThatThrownBy(() -> poller.await(w, PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofMinutes(1)))
                .withTimeout(Duration.ofMinutes(5)))).isInstanceOf(TimedOutException.class);
    }

    @Test
    void timesOutWithTheLimitTheChecksAndTheLastStateSeenAndNeverLooksPastTheTimeout() {
        Poller poller = Poller.using(clock, clock);
        PollPolicy policy = PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(40))).withTimeout(Duration.ofMinutes(2));

        assertThatThrownBy(() -> poller.await(available(instanceAvailableAt(T0.plus(Duration.ofHours(1)))), policy))
                .isInstanceOf(TimedOutException.class)
                .hasMessage("instance 'db' to be available did not complete within 2m (4 checks); last state seen: creating");
        assertThat(looks).containsExactly(T0, T0.plusSeconds(40), T0.plusSeconds(80), T0.plusSeconds(120));
    }

    @Test
    void successAtTheVeryLastLookIsStillSuccess() {
        Poller poller = Poller.using(clock, clock);
        PollPolicy policy = PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(50))).withTimeout(Duration.ofMinutes(2));

        WaitResult<String> r = poller.await(available(instanceAvailableAt(T0.plusSeconds(110))), policy);

        assertThat(looks).containsExactly(T0, T0.plusSeconds(50), T0.plusSeconds(100), T0.plusSeconds(120));
        assertThat(r.attempts()).isEqualTo(4);
    }

    @Test
    void exceptionsAreRetriedOnlyWhenAnAcceptorSaysSo() {
        AtomicInteger n = new AtomicInteger();
        Supplier<String> throttledTwice = () -> {
            if (n.incrementAndGet() <= 2) {
                throw new IllegalStateException("Throttling: Rate exceeded");
            }
            return "available";
        };
        Poller poller = Poller.using(clock, clock);
        PollPolicy fast = PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(1)));

        WaitResult<String> r = poller.await(available(throttledTwice)
                .withAcceptor(Acceptor.retryOnError(e -> e.getMessage().startsWith("Throttling"))), fast);
        assertThat(r.attempts()).isEqualTo(3);

        n.set(0);
        assertThatThrownBy(() -> poller.await(available(throttledTwice), fast))
                .isInstanceOf(IllegalStateException.class).hasMessage("Throttling: Rate exceeded");
    }

    @Test
    void anExceptionCanMeanSuccessOrTerminalFailure() {
        Poller poller = Poller.using(clock, clock);
        Wait<String> deleted = Wait.<String>until("instance 'old' to be deleted", () -> {
            throw new IllegalArgumentException("DBInstanceNotFound");
        }).withAcceptor(Acceptor.successOnError(e -> e.getMessage().equals("DBInstanceNotFound")));
        assertThat(poller.await(deleted, PollPolicy.defaults()).value()).isEmpty();

        Wait<String> denied = Wait.<String>until("x", () -> {
            throw new SecurityException("AccessDenied");
        }).withAcceptor(Acceptor.failureOnError(SecurityException.class::isInstance, e -> "no permission: " + e.getMessage()));
        assertThatThrownBy(() -> poller.await(denied, PollPolicy.defaults()))
                .isInstanceOf(TerminalStateException.class).hasMessageContaining("no permission: AccessDenied");
    }

    @Test
    void reportsEveryLookThatDidNotEndTheWaitAndAThrowingProgressListenerIsHarmless() {
        List<WaitProgress> progress = new ArrayList<>();
        Poller poller = Poller.using(clock, clock).onProgress(progress::add).onProgress(p -> {
            throw new IllegalStateException("listener bug");
        });

        poller.await(available(instanceAvailableAt(T0.plusSeconds(25))),
                PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(10))));

        assertThat(progress).extracting(WaitProgress::attempt).containsExactly(1, 2, 3);
        assertThat(progress.get(1)).isEqualTo(new WaitProgress("instance 'db' to be available", 2, Duration.ofSeconds(10),
                "creating", Duration.ofSeconds(10)));
    }

    @Test
    void jitterSpreadsLooksWithinItsBoundsAndASeedMakesItRepeatable() {
        PollPolicy jittered = PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofSeconds(60)).withJitter(0.25))
                .withTimeout(Duration.ofHours(1));
        Poller poller = Poller.using(clock, clock).withRandom(new SplittableRandom(42));
        poller.await(available(instanceAvailableAt(T0.plus(Duration.ofMinutes(30)))), jittered);
        List<Instant> first = List.copyOf(looks);

        for (int i = 1; i < first.size(); i++) {
            assertThat(Duration.between(first.get(i - 1), first.get(i))).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
        }
        List<Duration> intervals = new ArrayList<>();
        for (int i = 1; i < first.size(); i++) {
            intervals.add(Duration.between(first.get(i - 1), first.get(i)));
        }
        assertThat(intervals.stream().distinct().count()).as("jitter varies the intervals").isGreaterThan(intervals.size() / 2);

        VirtualClock again = VirtualClock.create();
        List<Instant> second = new ArrayList<>();
        Poller.using(again, again).withRandom(new SplittableRandom(42)).await(Wait.until("db", () -> {
            second.add(again.instant());
            return again.instant().isBefore(T0.plus(Duration.ofMinutes(30))) ? "creating" : "available";
        }).withSuccessWhen("available"::equals), jittered);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anInterruptedWaitIsCancelled() {
        Poller poller = Poller.using(clock, clock);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> poller.await(available(() -> "creating"), PollPolicy.defaults()))
                    .isInstanceOf(CancellationException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anOuterDeadlineStopsTheWaitEvenWithALongerTimeout() {
        Poller poller = Poller.using(clock, clock).withDeadline(T0.plus(Duration.ofMinutes(5)),
                () -> new TimedOutException("step 'restore'", Duration.ofMinutes(5), 0, null));

        assertThatThrownBy(() -> poller.await(available(() -> "creating"),
                PollPolicy.defaults().withBackoff(Backoff.fixed(Duration.ofMinutes(2))).withTimeout(Duration.ofHours(2))))
                .hasMessage("step 'restore' did not complete within 5m");
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
}
