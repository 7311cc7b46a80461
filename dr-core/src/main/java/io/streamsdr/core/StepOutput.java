package io.streamsdr.core;

import io.streamsdr.core.spi.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed value that one step publishes and later steps consume: the restored database's
 * endpoint, the new Kafka bootstrap servers. Declare it once as a constant and use it on both sides:
 *
 * <pre>{@code
 * static final StepOutput<String> DB_HOST = StepOutput.string("rds.endpoint.address");
 * }</pre>
 *
 * <p>Outputs are kept in the plan's journal so a resumed run restores them without running the
 * step again. Only the types with a factory here are supported, since each must survive the
 * journal. A {@link #secret secret} output is shown as {@value Secret#MASK} in every report and
 * event; it is stored in the journal, which is why file journals are written owner-only.
 *
 * @param <T> the value's type
 */
public final class StepOutput<T> {
    private final String name;
    private final Class<T> type;
    private final Function<T, String> encode;
    private final Function<String, T> decode;

    private StepOutput(String name, Class<T> type, Function<T, String> encode, Function<String, T> decode) {
        this.name = Check.id("output name", name);
        this.type = type;
        this.encode = encode;
        this.decode = decode;
    }

    /** A text output. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<String> string(String name) {
        return new StepOutput<>(name, String.class, v -> v, v -> v);
    }

    /** A whole-number output such as a port. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Integer> integer(String name) {
        return new StepOutput<>(name, Integer.class, String::valueOf, Integer::valueOf);
    }

    /** A 64-bit whole-number output such as an offset. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Long> longValue(String name) {
        return new StepOutput<>(name, Long.class, String::valueOf, Long::valueOf);
    }

    /** A yes/no output. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Boolean> bool(String name) {
        return new StepOutput<>(name, Boolean.class, String::valueOf, Boolean::valueOf);
    }

    /** A moment, such as the restore point actually used. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Instant> instant(String name) {
        return new StepOutput<>(name, Instant.class, Instant::toString, Instant::parse);
    }

    /** A length of time. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Duration> duration(String name) {
        return new StepOutput<>(name, Duration.class, Duration::toString, Duration::parse);
    }

    /** A secret, masked everywhere but in the journal. @throws InvalidConfigurationException when the name breaks the id rule */
    public static StepOutput<Secret> secret(String name) {
        return new StepOutput<>(name, Secret.class, Secret::reveal, Secret::of);
    }

    /** The output's name, unique within a plan. */
    public String name() {
        return name;
    }

    /** The value's type. */
    public Class<T> type() {
        return type;
    }

    /** Whether values of this output are secret. */
    public boolean isSecret() {
        return type == Secret.class;
    }

    /** The value as stored in the journal. */
    public String encode(T value) {
        return encode.apply(type.cast(Objects.requireNonNull(value, "value")));
    }

    /** The value from its journal form. */
    public T decode(String stored) {
        return decode.apply(stored);
    }

    /** The value as reports show it: masked for a secret. */
    public String display(T value) {
        return isSecret() ? Secret.MASK : encode(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepOutput<?> other && other.name.equals(name) && other.type == type;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + type.getSimpleName() + ")";
    }
}
