package io.streamsdr.core;

import io.streamsdr.core.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A read-only check that must hold before a step may change anything: the snapshot exists in the
 * right region, the newest backup is {@code Completed}, the namespace to restore into is absent.
 * Providers attach them to the steps they build ({@link Step.Builder#withPrecondition}); users add
 * their own the same way. {@link RestorePlan#checkPreconditions()} runs them all without running any
 * step, so a failover can be previewed against the real world and refused before it starts.
 *
 * <pre>{@code
 * Step.Builder restoreStep = Step.named("velero-restore")
 *     .withPrecondition(Precondition.of("newest backup of 'streams-daily' is Completed",
 *         () -> "backup " + velero.checkRestore(fromSchedule).name() + " is Completed"));
 * }</pre>
 *
 * <p>A check must only read. It returns what it found, in words (the preview shows it), and throws
 * {@link PreconditionFailedException} when the step must not run; any other exception means the
 * check itself could not be done, which also counts as failed.
 */
public final class Precondition {

    /** The check itself: reads, returns what it found, throws when the step must not run. */
    @FunctionalInterface
    public interface Check {
        /**
         * Checks.
         *
         * @return what was found, in words, for the preview
         * @throws Exception when the precondition does not hold ({@link PreconditionFailedException})
         *                   or cannot be checked (anything else)
         */
        String run() throws Exception;
    }

    /**
     * A check that needs the run's time (a pre-staged copy older than the RPO objective, a restore time in
     * the future): it gets the {@link RunContext} of the preview or run that evaluates it.
     */
    @FunctionalInterface
    public interface ContextCheck {
        /**
         * Checks.
         *
         * @param ctx the evaluating run's context: its clock, and a poller (a check must only read)
         * @return what was found, in words, for the preview
         * @throws Exception when the precondition does not hold ({@link PreconditionFailedException})
         *                   or cannot be checked (anything else)
         */
        String run(RunContext ctx) throws Exception;
    }

    private final String description;
    private final ContextCheck check;

    private Precondition(String description, ContextCheck check) {
        this.description = description;
        this.check = check;
    }

    /**
     * A precondition.
     *
     * @param description what must hold, in words ({@code "namespace 'streams' is absent or empty"})
     * @param check       the read-only check
     * @throws InvalidConfigurationException when the description is blank or the check null
     */
    public static Precondition of(String description, Check check) {
        io.streamsdr.core.spi.Check.notBlank("precondition description", description);
        Check c = io.streamsdr.core.spi.Check.notNull("check of precondition '" + description + "'", check);
        return new Precondition(description, ctx -> c.run());
    }

    /**
     * A precondition whose check reads the run's time.
     *
     * @param description what must hold, in words
     * @param check       the read-only check, given the evaluating run's context
     * @throws InvalidConfigurationException when the description is blank or the check null
     */
    public static Precondition of(String description, ContextCheck check) {
        return new Precondition(io.streamsdr.core.spi.Check.notBlank("precondition description", description),
                io.streamsdr.core.spi.Check.notNull("check of precondition '" + description + "'", check));
    }

    /** What must hold, in words. */
    public String description() {
        return description;
    }

    /**
     * Runs the check now and says how it went; never throws for a failed check (an {@link Error}
     * still propagates).
     *
     * @param subject what the precondition guards, usually the step id; reports show it
     * @param clock   the clock the time taken is measured on
     */
    public CheckResult evaluate(String subject, Clock clock) {
        return evaluate(subject, RunContext.of(Poller.using(io.streamsdr.core.spi.Check.notNull("clock", clock), Sleeper.system())));
    }

    /**
     * Runs the check now, in {@code ctx}, and says how it went; never throws for a failed check (an
     * {@link Error} still propagates).
     *
     * @param subject what the precondition guards, usually the step id; reports show it
     * @param ctx     the evaluating run's context; the time taken is measured on its clock
     */
    public CheckResult evaluate(String subject, RunContext ctx) {
        io.streamsdr.core.spi.Check.notNull("run context", ctx);
        Clock clock = ctx.clock();
        Instant start = clock.instant();
        boolean passed;
        String detail;
        try {
            String found = check.run(ctx);
            passed = true;
            detail = found == null || found.isBlank() ? "holds" : found;
        } catch (PreconditionFailedException e) {
            passed = false;
            detail = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            passed = false;
            detail = "not checked: interrupted";
        } catch (Exception e) {
            passed = false;
            detail = "could not be checked: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        Duration took = Duration.between(start, clock.instant());
        return new CheckResult(subject, description, passed, detail, took.isNegative() ? Duration.ZERO : took);
    }

    @Override
    public String toString() {
        return "Precondition[" + description + "]";
    }
}
