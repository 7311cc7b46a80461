package io.streamsdr.core;

import java.util.Objects;

/**
 * A guard rail refused an action that would destroy or overwrite something, or that cannot be done
 * safely in the state found. Nothing was changed. The message says which guard rail, what it saw,
 * and how to override it when an override exists.
 */
public class PreconditionFailedException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String guardRail;
    private final String override;

    /**
     * @param guardRail what was protected, e.g. {@code "restore target must not exist"}
     * @param detail    what was found, e.g. {@code "RDS instance 'streams-dr' already exists"}
     * @param override  how to proceed anyway (a line of code), or {@code null} when there is no override
     */
    public PreconditionFailedException(String guardRail, String detail, String override) {
        super(message(guardRail, detail, override));
        this.guardRail = guardRail;
        this.override = override;
    }

    private static String message(String guardRail, String detail, String override) {
        Objects.requireNonNull(guardRail, "guardRail");
        Objects.requireNonNull(detail, "detail");
        String base = "Refused by guard rail '" + guardRail + "': " + detail;
        return override == null ? base : base + ". To proceed anyway: " + override;
    }

    /** The guard rail that refused. */
    public String guardRail() {
        return guardRail;
    }

    /** How to override it, or {@code null} when it cannot be overridden. */
    public String override() {
        return override;
    }
}
