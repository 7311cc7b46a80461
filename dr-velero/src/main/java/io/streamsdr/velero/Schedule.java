package io.streamsdr.velero;

import io.streamsdr.velero.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Velero Schedule as last read from the cluster. Immutable; read it again
 * ({@link Velero#findSchedule}) to see a newer state.
 */
public final class Schedule {
    private final String name;
    private final String schedule;
    private final boolean paused;
    private final List<String> includedNamespaces;
    private final SchedulePhase phase;
    private final Instant lastBackup;
    private final Instant lastSkipped;
    private final List<String> validationErrors;

    private Schedule(Map<String, Object> object) {
        this.name = Objects.requireNonNullElse(Json.string(object, "metadata", "name"), "");
        this.schedule = Objects.requireNonNullElse(Json.string(object, "spec", "schedule"), "");
        this.paused = Boolean.TRUE.equals(Json.bool(object, "spec", "paused"));
        this.includedNamespaces = Json.strings(object, "spec", "template", "includedNamespaces");
        this.phase = SchedulePhase.of(Json.string(object, "status", "phase"));
        this.lastBackup = Json.instant(object, "status", "lastBackup");
        this.lastSkipped = Json.instant(object, "status", "lastSkipped");
        this.validationErrors = Json.strings(object, "status", "validationErrors");
    }

    /** Reads a Schedule from its JSON form. */
    static Schedule from(Map<String, Object> object) {
        return new Schedule(object);
    }

    /** The Schedule's name. */
    public String name() {
        return name;
    }

    /** {@code spec.schedule}: the cron expression or {@code @every} descriptor, as written. */
    public String schedule() {
        return schedule;
    }

    /** {@code spec.paused}. */
    public boolean paused() {
        return paused;
    }

    /** {@code spec.template.includedNamespaces}: what each of its backups covers. */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** {@code status.phase}; {@link SchedulePhase#NONE} before Velero has seen it. */
    public SchedulePhase phase() {
        return phase;
    }

    /** {@code status.lastBackup}: when it last created a backup; empty when it has not yet. */
    public Optional<Instant> lastBackup() {
        return Optional.ofNullable(lastBackup);
    }

    /** {@code status.lastSkipped}: when it last skipped a tick (a backup of it was still running); empty when never. */
    public Optional<Instant> lastSkipped() {
        return Optional.ofNullable(lastSkipped);
    }

    /** {@code status.validationErrors}: why a {@code FailedValidation} schedule was refused. */
    public List<String> validationErrors() {
        return validationErrors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && name.equals(s.name) && schedule.equals(s.schedule) && paused == s.paused
                && includedNamespaces.equals(s.includedNamespaces) && phase == s.phase && Objects.equals(lastBackup, s.lastBackup)
                && Objects.equals(lastSkipped, s.lastSkipped) && validationErrors.equals(s.validationErrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, schedule, paused, phase, lastBackup, lastSkipped);
    }

    /** Name, expression and phase. */
    @Override
    public String toString() {
        return "Schedule[" + name + ", '" + schedule + "', " + (phase == SchedulePhase.NONE ? "no phase yet" : phase.wireName()) + (paused ? ", paused" : "") + "]";
    }
}
