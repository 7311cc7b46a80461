package io.streamsdr.testkit;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Simulated time that runs {@code factor} times faster than real time: a {@link Clock} and a
 * {@link Sleeper} in one, for drills that mix real parts with simulated ones. Real Kafka clusters,
 * MirrorMaker 2 and Helm take their real seconds, while the in-memory RDS and the fake Velero, on
 * this clock, take simulated minutes: at factor 60 a 20-minute RDS restore takes 20 real seconds,
 * and a step that takes 3 real seconds shows as 3 simulated minutes. Both run in one plan, on one
 * clock.
 *
 * <pre>{@code
 * ScaledClock clock = ScaledClock.start(60);          // 1 real second = 1 simulated minute
 * PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));   // a 30-second step takes half a real second
 * }</pre>
 *
 * <p>{@link #instant()} is the origin plus the real time elapsed since {@link #start} (measured with
 * {@link System#nanoTime()}, so it never goes back) times the factor. {@link #sleep(Duration)}
 * really sleeps the simulated duration divided by the factor, through {@link Sleeper#system()}, and
 * returns only once the clock has moved at least the simulated duration. Unlike
 * {@link VirtualClock}, time moves whether or not anyone sleeps, so a step that blocks on real I/O
 * does not hold the other steps back.
 *
 * <p>Thread-safe and immutable. Copies made with {@link #withZone} share the same time.
 */
public final class ScaledClock extends Clock implements Sleeper {

    private final Instant origin;
    private final long startNanos;
    private final double factor;
    private final ZoneId zone;

    private ScaledClock(Instant origin, long startNanos, double factor, ZoneId zone) {
        this.origin = origin;
        this.startNanos = startNanos;
        this.factor = factor;
        this.zone = zone;
    }

    /**
     * A clock that starts now (the system clock's instant, in milliseconds) and runs {@code factor}
     * times faster than real time, in UTC.
     *
     * @param factor simulated seconds per real second; 1 is real time, 60 makes a real second a simulated minute
     * @throws InvalidConfigurationException when {@code factor} is not a finite number greater than 0
     */
    public static ScaledClock start(double factor) {
        return start(Instant.ofEpochMilli(System.currentTimeMillis()), factor);
    }

    /**
     * A clock that shows {@code origin} now and runs {@code factor} times faster than real time, in UTC.
     *
     * @param origin the instant the clock shows at this call
     * @param factor simulated seconds per real second; 1 is real time, 60 makes a real second a simulated minute
     * @throws InvalidConfigurationException when {@code origin} is null or {@code factor} is not a finite number greater than 0
     */
    public static ScaledClock start(Instant origin, double factor) {
        if (origin == null) {
            throw new InvalidConfigurationException("origin", "must not be null");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new InvalidConfigurationException("factor",
                    "must be a finite number greater than 0 (simulated seconds per real second, e.g. 60), was " + factor);
        }
        return new ScaledClock(origin, System.nanoTime(), factor, ZoneOffset.UTC);
    }

    /** Simulated seconds per real second. */
    public double factor() {
        return factor;
    }

    /** The instant this clock showed when it was started. */
    public Instant origin() {
        return origin;
    }

    /** Simulated time since the clock was started. */
    public Duration elapsed() {
        return toSimulated(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * The simulated duration that passes on this clock while {@code real} passes in real time:
     * {@code real × factor}, to the nanosecond.
     *
     * @throws NullPointerException when {@code real} is null
     */
    public Duration toSimulated(Duration real) {
        return scale(Objects.requireNonNull(real, "real"), factor, false);
    }

    /**
     * The real duration it takes for {@code simulated} to pass on this clock: {@code simulated ÷
     * factor}, rounded up to the nanosecond, so that sleeping it never ends early.
     *
     * @throws NullPointerException when {@code simulated} is null
     */
    public Duration toReal(Duration simulated) {
        return scale(Objects.requireNonNull(simulated, "simulated"), 1 / factor, true);
    }

    private static Duration scale(Duration d, double by, boolean roundUp) {
        double nanos = (d.getSeconds() * 1e9 + d.getNano()) * by;
        double rounded = roundUp ? Math.ceil(nanos) : Math.rint(nanos);
        long seconds = (long) Math.floor(rounded / 1e9);
        long rest = (long) (rounded - seconds * 1e9);
        return Duration.ofSeconds(seconds, rest);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ScaledClock(origin, startNanos, factor, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public Instant instant() {
        return origin.plus(elapsed());
    }

    /**
     * Sleeps until {@code duration} has passed on this clock: about {@code duration ÷ factor} of real
     * time, through {@link Sleeper#system()}. Zero and negative durations return at once.
     *
     * @throws InterruptedException when the thread is interrupted before or during the sleep (the
     *                              interrupt status is cleared, as {@link Thread#sleep} does)
     */
    /** {@link #factor()}: the drill report labels its times simulated and shows check durations in real time. */
    @Override
    public double timeScale() {
        return factor;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long deadline = System.nanoTime() + toReal(duration).toNanos();
        Sleeper real = Sleeper.system();
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            // Whole milliseconds, rounded up: Thread.sleep(ms, ns) may round a sub-millisecond rest down.
            real.sleep(Duration.ofMillis((left + 999_999) / 1_000_000));
        }
    }

    @Override
    public String toString() {
        return "ScaledClock[" + instant() + ", x" + factor + "]";
    }
}
