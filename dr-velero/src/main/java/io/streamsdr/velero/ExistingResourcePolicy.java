package io.streamsdr.velero;

/** What a restore does with an object that already exists and differs from the backed-up one ({@code spec.existingResourcePolicy}, Velero 1.9+). */
public enum ExistingResourcePolicy {
    /** Leave it as it is and count a warning (Velero's default). */
    NONE("none"),
    /** Patch it to the backed-up version. */
    UPDATE("update");

    private final String wireName;

    ExistingResourcePolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The value as Velero reads it. */
    public String wireName() {
        return wireName;
    }

    /** The policy Velero wrote as {@code text}, or null for none or an unknown one. */
    static ExistingResourcePolicy ofWireName(String text) {
        for (ExistingResourcePolicy p : values()) {
            if (p.wireName.equals(text)) {
                return p;
            }
        }
        return null;
    }
}
