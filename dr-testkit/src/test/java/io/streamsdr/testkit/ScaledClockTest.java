package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ScaledClock: simulated time at a fixed multiple of real time. Real waits here stay under ~0.3 s in all. */
class ScaledClockTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void startsAtItsOrigin() {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);

        Instant now = clock.instant();

        assertThat(now).isAfterOrEqualTo(ORIGIN);
        // A few real milliseconds at most between start and instant(), times 60; even a busy machine stays well under 1 min.
        assertThat(Duration.between(ORIGIN, now)).isLessThan(Duration.ofMinutes(1));
        assertThat(clock.origin()).isEqualTo(ORIGIN);
        assertThat(clock.factor()).isEqualTo(60.0);
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
    }

    @Test
    void defaultOriginIsNow() {
        Instant before = Instant.ofEpochMilli(System.currentTimeMillis());
        ScaledClock clock = ScaledClock.start(60);
        Instant after = Instant.ofEpochMilli(System.currentTimeMillis());

        assertThat(clock.origin()).isBetween(before, after);
    }

    @Test
    void runsFactorTimesFasterThanRealTime() throws InterruptedException {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);

        long outerStart = System.nanoTime();
        Instant first = clock.instant();
        long innerStart = System.nanoTime();
        Sleeper.system().sleep(Duration.ofMillis(100));
        long innerEnd = System.nanoTime();
        Instant second = clock.instant();
        long outerEnd = System.nanoTime();

        // The two readings lie between the inner and the outer real-time marks, so the simulated gap is bounded
        // both ways by real gaps times 60 (1 ms slack for rounding).
        Duration simulated = Duration.between(first, second);
        assertThat(simulated).isBetween(
                Duration.ofNanos((innerEnd - innerStart) * 60).minusMillis(1),
                Duration.ofNanos((outerEnd - outerStart) * 60).plusMillis(1));
        assertThat(simulated).isGreaterThanOrEqualTo(Duration.ofSeconds(6)); // at least 100 ms × 60
    }

    @Test
    void sleepTakesTheSimulatedDurationDividedByTheFactor() throws InterruptedException {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);

        Instant before = clock.instant();
        long start = System.nanoTime();
        clock.sleep(Duration.ofSeconds(12)); // 200 ms real
        Duration real = Duration.ofNanos(System.nanoTime() - start);
        Instant after = clock.instant();

        assertThat(real).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(real).as("generous bound for a loaded machine").isLessThan(Duration.ofMillis(900));
        assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void sleepNeverEndsBeforeTheSimulatedDurationHasPassed() throws InterruptedException {
        // A factor that does not divide evenly: each real sleep is a fraction of a millisecond plus change.
        ScaledClock clock = ScaledClock.start(ORIGIN, 7.3);
        for (int i = 0; i < 10; i++) {
            Instant before = clock.instant();
            clock.sleep(Duration.ofMillis(11));
            assertThat(Duration.between(before, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(11));
        }
    }

    @Test
    void zeroAndNegativeSleepsReturnAtOnce() throws InterruptedException {
        ScaledClock clock = ScaledClock.start(ORIGIN, 0.001); // one simulated millisecond = one real second

        long start = System.nanoTime();
        clock.sleep(Duration.ZERO);
        clock.sleep(Duration.ofHours(-1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void convertsBetweenRealAndSimulatedDurations() {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);

        assertThat(clock.toSimulated(Duration.ofSeconds(20))).isEqualTo(Duration.ofMinutes(20));
        assertThat(clock.toReal(Duration.ofMinutes(20))).isEqualTo(Duration.ofSeconds(20));
        assertThat(clock.toReal(Duration.ofMinutes(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(clock.toSimulated(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(90));
        assertThat(clock.toSimulated(Duration.ofSeconds(-2))).isEqualTo(Duration.ofMinutes(-2));
        // Rounded up to the nanosecond, so a real sleep of toReal(d) never ends before d has passed.
        assertThat(clock.toReal(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThat(ScaledClock.start(ORIGIN, 3).toReal(Duration.ofSeconds(1))).isEqualTo(Duration.ofNanos(333_333_334));
        assertThat(ScaledClock.start(ORIGIN, 0.5).toSimulated(Duration.ofDays(1))).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void anInterruptedThreadDoesNotSleep() {
        ScaledClock clock = ScaledClock.start(ORIGIN, 1);

        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThatThrownBy(() -> clock.sleep(Duration.ofHours(1))).isInstanceOf(InterruptedException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(Thread.interrupted()).as("interrupt status cleared, as Thread.sleep does").isFalse();
    }

    @Test
    void anInterruptEndsASleepEarly() throws Exception {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);
        CountDownLatch sleeping = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sleeper = new Thread(() -> {
            sleeping.countDown();
            try {
                clock.sleep(Duration.ofHours(1)); // one real minute
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "scaled-sleeper");
        sleeper.start();
        assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();

        sleeper.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void copiesInAnotherZoneShareTheTime() {
        ScaledClock clock = ScaledClock.start(ORIGIN, 60);

        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        Instant a = clock.instant();
        Instant b = paris.instant();
        Instant c = clock.instant();

        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris).isInstanceOf(ScaledClock.class);
        assertThat(b).isBetween(a, c);
    }

    @Test
    void rejectsAFactorThatIsNotAPositiveFiniteNumber() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> ScaledClock.start(ORIGIN, bad))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("Invalid factor: must be a finite number greater than 0")
                    .hasMessageEndingWith("was " + bad);
        }
        assertThatThrownBy(() -> ScaledClock.start(null, 60))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid origin: must not be null");
    }
}
