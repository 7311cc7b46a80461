package io.streamsdr.core;

import java.util.Objects;

/**
 * A value given to a builder breaks a rule. Thrown while building, before any remote call, so
 * nothing has been changed when you see it.
 *
 * <p>The message names the field and the rule, for example
 * {@code Invalid step id 'restore db': must match [A-Za-z0-9][A-Za-z0-9._-]{0,62}}.
 */
public class InvalidConfigurationException extends DrException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    /**
     * @param field the field that holds the bad value, as the user named it ({@code "step id"}, {@code "timeout"})
     * @param rule  the rule it breaks, phrased to complete "must ..." or as a full sentence
     */
    public InvalidConfigurationException(String field, String rule) {
        super("Invalid " + Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"));
        this.field = field;
        this.rule = rule;
    }

    /** The field holding the bad value. */
    public String field() {
        return field;
    }

    /** The rule the value breaks. */
    public String rule() {
        return rule;
    }
}
