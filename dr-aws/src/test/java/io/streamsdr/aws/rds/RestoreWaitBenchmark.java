package io.streamsdr.aws.rds;

import io.streamsdr.core.Poller;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/**
 * Prints how waiting for RDS restores of 5, 20 and 45 simulated minutes goes with our poller
 * ({@link RdsDatabase#DEFAULT_POLL_POLICY}) and with the SDK's {@link RdsWaiter} at its defaults (a look
 * every 30 s, 60 looks), both on {@link InMemoryRds} and a {@link VirtualClock}: the delay between the
 * instance becoming available and the wait returning, the DescribeDBInstances calls, and whether the
 * wait gave up. Not a test: a figure printer.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench-rds -DskipTests verify -pl dr-aws -am}
 *
 * <p>The SDK waiter sleeps with {@code Thread.sleep}; to put it on virtual time, it gets a backoff
 * strategy equal to its default ({@code fixedDelayWithoutJitter(30 s)}) that moves the virtual clock by
 * the delay and returns zero, so it looks exactly when it would, without real waiting.
 */
public final class RestoreWaitBenchmark {
    private static final Duration SDK_DELAY = Duration.ofSeconds(30);

    private RestoreWaitBenchmark() {
    }

    record Figures(Duration detectionDelay, int describeCalls, boolean gaveUp, Duration waited) {
    }

    public static void main(String[] args) {
        System.out.println("Waiting for an RDS restore (InMemoryRds, virtual time)");
        System.out.printf("%-12s %-42s %-16s %-15s %-8s %s%n", "restore", "waiter", "detection delay", "Describe calls", "gave up", "waited");
        // the exact durations the issue asks for, then the same plus 13 s: the SDK's looks fall every 30 s from the
        // restore call, so an exact multiple of 30 s lets it see "available" the very second it happens
        for (Duration extra : new Duration[] {Duration.ZERO, Duration.ofSeconds(13)}) {
            for (int minutes : new int[] {5, 20, 45}) {
                Duration restore = Duration.ofMinutes(minutes).plus(extra);
                String label = minutes + " min" + (extra.isZero() ? "" : " " + extra.toSeconds() + " s");
                print(label, "streams-dr poller (defaults)", ours(restore));
                print(label, "SDK RdsWaiter defaults (30 s, 60 looks)", sdk(restore));
            }
        }
    }

    private static void print(String restore, String waiter, Figures f) {
        System.out.printf("%-12s %-42s %-16s %-15d %-8s %s%n", restore, waiter,
                f.gaveUp() ? "-" : f.detectionDelay().toSeconds() + " s", f.describeCalls(), f.gaveUp() ? "YES" : "no",
                f.waited().toMinutes() + " min " + f.waited().toSecondsPart() + " s");
    }

    /** A source, a snapshot, and a restore that starts now; returns the fake with its call counts cleared. */
    private static InMemoryRds restoring(VirtualClock clock, Duration restore) {
        InMemoryRds rds = InMemoryRds.builder(clock).withRestoreDuration(restore).build();
        rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7));
        clock.advance(Duration.ofMinutes(10));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("streams-db").dbSnapshotIdentifier("snap"));
        clock.advance(Duration.ofMinutes(10));
        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier("streams-db-dr").dbSnapshotIdentifier("snap"));
        rds.resetCallCounts();
        return rds;
    }

    static Figures ours(Duration restore) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = restoring(clock, restore);
        Instant start = clock.instant();
        boolean gaveUp = false;
        try {
            RdsWaits.awaitAvailable(Poller.using(clock, clock).withRandom(new SplittableRandom(42)), rds, "streams-db-dr",
                    RdsDatabase.DEFAULT_TRANSIENT_ERROR_BUDGET, RdsDatabase.DEFAULT_POLL_POLICY);
        } catch (TimedOutException e) {
            gaveUp = true;
        }
        return new Figures(Duration.between(rds.availableAt("streams-db-dr"), clock.instant()), rds.calls("DescribeDBInstances"), gaveUp,
                clock.elapsedSince(start));
    }

    static Figures sdk(Duration restore) {
        VirtualClock clock = VirtualClock.create();
        InMemoryRds rds = restoring(clock, restore);
        Instant start = clock.instant();
        BackoffStrategy onVirtualTime = attempt -> {
            clock.advance(SDK_DELAY);
            return Duration.ZERO;
        };
        boolean gaveUp = false;
        try (RdsWaiter waiter = RdsWaiter.builder().client(rds)
                .overrideConfiguration(WaiterOverrideConfiguration.builder().backoffStrategyV2(onVirtualTime).build()).build()) {
            waiter.waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier("streams-db-dr"));
        } catch (SdkClientException e) {
            gaveUp = true;
        }
        return new Figures(Duration.between(rds.availableAt("streams-db-dr"), clock.instant()), rds.calls("DescribeDBInstances"), gaveUp,
                clock.elapsedSince(start));
    }
}
