package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a piece of library work gets from the run it belongs to: the run's time (its clock and its
 * {@link Poller}), a place to report progress, a way to register secrets, and whether it was asked to
 * stop. Library code never reads the system's time or sleeps on its own: it takes both from here.
 *
 * <p>Inside a plan step the context is the step's {@link StepContext}: its poller also stops at the
 * step's timeout and at cancellation, and its progress reaches the plan's listeners.
 * {@link Installation#backupAll(RunOptions)} gives each {@link BackupTarget} the context of its step. Outside
 * a plan, make one from a poller:
 *
 * <pre>{@code
 * RunContext run = RunContext.of(Poller.using(clock, clock));   // a test's virtual time; RunContext.system() is real time
 * RecoveryPoint snapshot = database.takeRecoveryPoint(run);    // waits on the run's clock, not the system's
 * ProtectionStatus status = database.protectionStatus(run);
 * }</pre>
 */
public interface RunContext {

    /** The run's clock. */
    Clock clock();

    /** Now, on the run's clock. */
    default Instant now() {
        return clock().instant();
    }

    /**
     * The run's poller: every wait goes through it. Inside a plan step it also stops at the step's
     * timeout, stops when the step is cancelled, and reports each look as progress.
     */
    Poller poller();

    /**
     * Sleeps through the run's sleeper, never past the step's timeout.
     *
     * @throws TimedOutException                           when the step's timeout passes first
     * @throws java.util.concurrent.CancellationException when the work is cancelled meanwhile
     */
    default void sleep(Duration duration) {
        poller().sleep(Check.notNegative("sleep duration", duration));
    }

    /** Reports progress: inside a plan it reaches the plan's listeners (redacted); outside it is logged at debug level. */
    void progress(String message);

    /**
     * From now on the run shows {@value Secret#MASK} wherever this secret's value would appear: in
     * reports, events, log lines and error messages. Work that handles a secret registers it here.
     */
    void protect(Secret secret);

    /** Whether the run asked this work to stop (cancellation, or fail-fast with cancel-running). */
    boolean isCancelled();

    /**
     * A context for work outside a plan: the poller's time, progress logged at debug level under
     * {@code io.streamsdr.run}, secrets not shown anywhere to begin with, cancelled when the calling
     * thread is interrupted.
     *
     * @throws InvalidConfigurationException when the poller is null
     */
    static RunContext of(Poller poller) {
        return new Standalone(Check.notNull("poller", poller));
    }

    /** {@link #of(Poller)} on the system clock and real time. */
    static RunContext system() {
        return of(Poller.system());
    }
}

/** The context of work outside a plan. */
final class Standalone implements RunContext {
    private static final Logger LOG = LoggerFactory.getLogger("io.streamsdr.run");
    private final Poller poller;

    Standalone(Poller poller) {
        this.poller = poller;
    }

    @Override
    public Clock clock() {
        return poller.clock();
    }

    @Override
    public Poller poller() {
        return poller;
    }

    @Override
    public void progress(String message) {
        LOG.debug("{}", message);
    }

    @Override
    public void protect(Secret secret) {
        Check.notNull("secret", secret);
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public String toString() {
        return "RunContext[" + poller.clock() + "]";
    }
}
