package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One rule of a {@link Wait}: when an observation (a value, or an exception from the probe)
 * matches, the wait ends in success, ends in a terminal failure, or keeps polling. A wait tries its
 * acceptors in order and the first match wins; a value no acceptor matches means keep polling; an
 * exception no acceptor matches ends the wait by propagating.
 *
 * @param <T> what the wait observes
 */
public final class Acceptor<T> {

    /** What a matching acceptor decides. */
    public enum Outcome {
        /** The wait is over and succeeded. */
        SUCCESS,
        /** The wait is over and can never succeed. */
        FAILURE,
        /** Look again after the next interval. */
        RETRY
    }

    private final Outcome outcome;
    private final Predicate<? super T> onValue;
    private final Predicate<? super Throwable> onError;
    private final Function<Object, String> reason;

    private Acceptor(Outcome outcome, Predicate<? super T> onValue, Predicate<? super Throwable> onError,
            Function<Object, String> reason) {
        this.outcome = outcome;
        this.onValue = onValue;
        this.onError = onError;
        this.reason = reason;
    }

    /** Success when the observed value matches. */
    public static <T> Acceptor<T> successWhen(Predicate<? super T> matches) {
        return new Acceptor<>(Outcome.SUCCESS, Check.notNull("acceptor predicate", matches), null, v -> "success");
    }

    /**
     * Terminal failure when the observed value matches; {@code reason} explains it in the
     * exception (for example {@code s -> "instance status is " + s}).
     */
    @SuppressWarnings("unchecked")
    public static <T> Acceptor<T> failureWhen(Predicate<? super T> matches, Function<? super T, String> reason) {
        Check.notNull("acceptor reason", reason);
        return new Acceptor<>(Outcome.FAILURE, Check.notNull("acceptor predicate", matches), null,
                v -> ((Function<Object, String>) (Function<?, String>) reason).apply(v));
    }

    /** Keep polling when the observed value matches (useful before a broader failure acceptor). */
    public static <T> Acceptor<T> retryWhen(Predicate<? super T> matches) {
        return new Acceptor<>(Outcome.RETRY, Check.notNull("acceptor predicate", matches), null, v -> "retry");
    }

    /** Keep polling when the probe throws a matching exception (throttling, a 5xx, not-found-yet). */
    public static <T> Acceptor<T> retryOnError(Predicate<? super Throwable> matches) {
        return new Acceptor<>(Outcome.RETRY, null, Check.notNull("acceptor predicate", matches), e -> "retry");
    }

    /** Success when the probe throws a matching exception (waiting for something to be deleted). */
    public static <T> Acceptor<T> successOnError(Predicate<? super Throwable> matches) {
        return new Acceptor<>(Outcome.SUCCESS, null, Check.notNull("acceptor predicate", matches), e -> "success");
    }

    /** Terminal failure when the probe throws a matching exception. */
    public static <T> Acceptor<T> failureOnError(Predicate<? super Throwable> matches, Function<? super Throwable, String> reason) {
        Check.notNull("acceptor reason", reason);
        return new Acceptor<>(Outcome.FAILURE, null, Check.notNull("acceptor predicate", matches),
                e -> reason.apply((Throwable) e));
    }

    /** What this acceptor decides when it matches. */
    public Outcome outcome() {
        return outcome;
    }

    /** The outcome for a value, or empty when this acceptor does not match it. */
    public Optional<Outcome> matchValue(T value) {
        return onValue != null && onValue.test(value) ? Optional.of(outcome) : Optional.empty();
    }

    /** The outcome for an exception from the probe, or empty when this acceptor does not match it. */
    public Optional<Outcome> matchError(Throwable error) {
        return onError != null && onError.test(error) ? Optional.of(outcome) : Optional.empty();
    }

    /** Explains a failure outcome for the given value or exception. */
    public String reason(Object observation) {
        return reason.apply(observation);
    }
}
