package io.streamsdr.core.internal;

import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.StepOutput;
import io.streamsdr.core.StepReport;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.util.Map;
import java.util.Optional;

/**
 * A run's side of its {@link Journal}: restores the steps' state from what an earlier run of the
 * same plan recorded (refusing another plan's journal), then writes each change before it takes
 * effect, one write at a time. The first write that fails stops every later one: each step that
 * tries one gets a {@link JournalFailure}, and the run ends with that first failure.
 */
final class RunJournal {
    private final RestorePlan plan;
    private final Journal journal;
    private final Object lock = new Object();
    /** The first failure to write the journal; once set, nothing more is written and the run stops. */
    private volatile Throwable failure;

    RunJournal(RestorePlan plan, Journal journal) {
        this.plan = plan;
        this.journal = journal;
    }

    /**
     * Fills the steps' state from the journal, if it holds an earlier run: a step that succeeded is
     * done (its outputs are kept in {@code scope}), one that was running is resuming, one that failed
     * keeps its error. Every step keeps its attempts, first start and checkpoints.
     *
     * @throws PreconditionFailedException when the journal belongs to another plan, or to another shape of this one
     */
    void restore(Map<String, StepState> states, RunScope scope) {
        Optional<JournalRecord> loaded = journal.load();
        if (loaded.isEmpty()) {
            return;
        }
        JournalRecord rec = loaded.get();
        if (!rec.planName().equals(plan.name()) || !rec.fingerprint().equals(plan.fingerprint())) {
            throw new PreconditionFailedException("journal must belong to this plan",
                    journal + " was written by plan '" + rec.planName() + "' (fingerprint " + rec.fingerprint()
                            + ") but this is plan '" + plan.name() + "' (fingerprint " + plan.fingerprint()
                            + "); resuming from it could skip steps that never ran",
                    "give this run a new journal, or delete the old one once you are sure its run is over");
        }
        for (StepRecord r : rec.steps().values()) {
            StepState st = states.get(r.stepId());
            if (st != null) {
                restore(st, r, scope);
            }
        }
    }

    private static void restore(StepState st, StepRecord r, RunScope scope) {
        st.journalAttempts = r.attempts();
        st.firstStartedAt = r.startedAt();
        st.checkpoints.putAll(r.checkpoints());
        switch (r.state()) {
            case SUCCEEDED -> {
                st.pending = false;
                st.status = StepReport.Status.DONE_EARLIER;
                st.startedAt = r.startedAt();
                st.endedAt = r.endedAt().orElse(null);
                for (StepOutput<?> o : st.step.publishes()) {
                    String stored = r.outputs().get(o.name());
                    if (stored != null) {
                        scope.keep(o.name(), o.decode(stored));
                        st.outputs.put(o.name(), stored);
                    }
                }
            }
            case RUNNING -> st.resuming = true;
            case FAILED -> st.error = r.error().orElse(null);
        }
    }

    /**
     * Records the step's state now, before the change it describes takes effect: its attempts, first
     * start and checkpoints; its end and outputs once it succeeded; its error once it failed.
     *
     * @throws JournalFailure when this write fails, or an earlier one did
     */
    void write(StepState st, StepRecord.State state, String error) {
        synchronized (lock) {
            if (failure != null) {
                throw new JournalFailure(failure);
            }
            try {
                journal.record(plan.name(), plan.fingerprint(), new StepRecord(st.step.id(), state, st.journalAttempts,
                        st.firstStartedAt, state == StepRecord.State.RUNNING ? null : st.endedAt,
                        state == StepRecord.State.SUCCEEDED ? Map.copyOf(st.outputs) : Map.of(), Map.copyOf(st.checkpoints), error));
            } catch (Throwable t) {
                failure = t;
                throw new JournalFailure(t);
            }
        }
    }

    /** The first write that failed, whichever step tried it; null while none has. */
    Throwable firstFailure() {
        return failure;
    }

    /** Thrown through a step's thread when the journal cannot be written: the run must stop. */
    static final class JournalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JournalFailure(Throwable cause) {
            super(cause);
        }
    }
}
