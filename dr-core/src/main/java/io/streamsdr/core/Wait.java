package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What to wait for: a description, a probe that observes the current state, and acceptors that
 * decide (see {@link Acceptor}). Immutable; every {@code with*} returns a copy. Run it with a
 * {@link Poller}.
 *
 * <pre>{@code
 * Wait<String> available = Wait.until("RDS instance 'streams-dr' to be available", () -> describeStatus("streams-dr"))
 *     .withAcceptor(Acceptor.successWhen("available"::equals))
 *     .withAcceptor(Acceptor.failureWhen(Set.of("failed", "incompatible-restore")::contains, s -> "status is " + s));
 * WaitResult<String> result = options.poller().await(available, PollPolicy.defaults());
 * }</pre>
 *
 * @param <T> what the probe observes
 */
public final class Wait<T> {
    private final String what;
    private final Supplier<? extends T> probe;
    private final Function<? super T, String> describeState;
    private final List<Acceptor<T>> acceptors;

    private Wait(String what, Supplier<? extends T> probe, Function<? super T, String> describeState, List<Acceptor<T>> acceptors) {
        this.what = what;
        this.probe = probe;
        this.describeState = describeState;
        this.acceptors = List.copyOf(acceptors);
    }

    /**
     * A wait for {@code what} (shown in progress and errors: "RDS instance 'x' to be available")
     * that observes through {@code probe}. Add acceptors before polling.
     *
     * @throws InvalidConfigurationException when {@code what} is blank or {@code probe} is null
     */
    public static <T> Wait<T> until(String what, Supplier<? extends T> probe) {
        return new Wait<>(Check.notBlank("wait description", what), Check.notNull("wait probe", probe), String::valueOf, List.of());
    }

    /** A copy with one more acceptor, tried after those already there. */
    public Wait<T> withAcceptor(Acceptor<T> acceptor) {
        List<Acceptor<T>> list = new ArrayList<>(acceptors);
        list.add(Check.notNull("wait acceptor", acceptor));
        return new Wait<>(what, probe, describeState, list);
    }

    /** Shorthand for {@code withAcceptor(Acceptor.successWhen(matches))}. */
    public Wait<T> withSuccessWhen(Predicate<? super T> matches) {
        return withAcceptor(Acceptor.successWhen(matches));
    }

    /**
     * A copy that shows an observed value as {@code describeState} says in progress events and
     * errors (default: {@code String.valueOf}). Use it to keep big objects, and anything secret,
     * out of messages.
     */
    public Wait<T> withStateDescription(Function<? super T, String> describeState) {
        return new Wait<>(what, probe, Check.notNull("wait state description", describeState), acceptors);
    }

    /** What is awaited. */
    public String what() {
        return what;
    }

    /** The acceptors, in the order they are tried. */
    public List<Acceptor<T>> acceptors() {
        return acceptors;
    }

    T observe() {
        return probe.get();
    }

    String describe(T value) {
        return Objects.toString(describeState.apply(value));
    }
}
