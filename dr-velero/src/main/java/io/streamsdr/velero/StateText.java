package io.streamsdr.velero;

import java.util.ArrayList;
import java.util.List;

/** How a Backup's or a Restore's status reads in errors and progress: one wording for both. */
final class StateText {
    private StateText() {
    }

    /** {@code PartiallyFailed, 3/10 items, 2 errors, 1 warning, failure reason: x}; {@code phase} null when none yet. */
    static String describe(String phase, Integer itemsDone, Integer totalItems, int errors, int warnings, String failureReason,
            List<String> validationErrors) {
        List<String> parts = new ArrayList<>();
        parts.add(phase == null ? "no phase yet" : phase);
        if (totalItems != null) {
            parts.add((itemsDone == null ? 0 : itemsDone) + "/" + totalItems + " items");
        }
        parts.add(errors + (errors == 1 ? " error" : " errors"));
        parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        if (failureReason != null && !failureReason.isEmpty()) {
            parts.add("failure reason: " + failureReason);
        }
        if (!validationErrors.isEmpty()) {
            parts.add("validation errors: " + String.join("; ", validationErrors));
        }
        return String.join(", ", parts);
    }
}
