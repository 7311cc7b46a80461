package io.streamsdr.core;

/**
 * The root of every exception Streams DR throws. Unchecked, as are all of its subtypes.
 *
 * <p>The hierarchy is small on purpose:
 * <ul>
 *   <li>{@link InvalidConfigurationException}: a bad value, found while building, before any remote call;</li>
 *   <li>{@link PreconditionFailedException}: a guard rail refused a destructive or unsafe action;</li>
 *   <li>{@link StepFailedException}: a plan step failed (which step, which attempt, the cause);</li>
 *   <li>{@link TimedOutException}: a wait or a step ran past its limit;</li>
 *   <li>{@link TerminalStateException}: a wait saw a state that can never turn into success;</li>
 *   <li>{@link CallFailedException}: a call to a service or a file failed otherwise (the cause kept whole).</li>
 * </ul>
 * The library throws no other exception (an {@link Error} aside): a third-party exception reaches you as
 * the cause of one of these. Messages never contain a secret value.
 */
public abstract class DrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DrException(String message) {
        super(message);
    }

    protected DrException(String message, Throwable cause) {
        super(message, cause);
    }
}
