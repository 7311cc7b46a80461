package io.streamsdr.velero.internal;

import java.util.function.Function;

/** Reading a Velero {@code status.phase} text into one of the phase enums. */
public final class Phases {
    private Phases() {
    }

    /**
     * The phase whose wire name is {@code text}: {@code none} for null or empty, {@code unknown} for a
     * text no phase has (a newer Velero).
     */
    public static <E extends Enum<E>> E of(String text, E[] phases, Function<E, String> wireName, E none, E unknown) {
        if (text == null || text.isEmpty()) {
            return none;
        }
        for (E p : phases) {
            if (wireName.apply(p).equals(text)) {
                return p;
            }
        }
        return unknown;
    }
}
