package io.streamsdr.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.ObjectiveResult;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.StepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * {@link PlanReport#toJson()}. The schema is documented in docs/report-schema.md; bump
 * {@link #SCHEMA_VERSION} on any change that is not an added field. The output is the same for the
 * same report on every JVM and OS: step outputs are written sorted by name and lines end in
 * {@code \n}.
 */
public final class JsonReport {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private JsonReport() {
    }

    public static String render(PlanReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("plan", r.planName());
        root.put("outcome", r.outcome().name());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("firstStartedAt", r.firstStartedAt().toString());
        root.put("elapsedMillis", r.elapsed().toMillis());
        root.put("rtoMillis", r.rto().toMillis());
        ArrayNode cp = root.putArray("criticalPath");
        r.criticalPath().forEach(cp::add);
        root.put("criticalPathMillis", r.criticalPathDuration().toMillis());
        ArrayNode steps = root.putArray("steps");
        for (StepReport s : r.steps()) {
            ObjectNode n = steps.addObject();
            n.put("id", s.id());
            n.put("description", s.description());
            ArrayNode deps = n.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
            n.put("status", s.status().name());
            putInstant(n, "startedAt", s.startedAt().orElse(null));
            putInstant(n, "endedAt", s.endedAt().orElse(null));
            putMillis(n, "durationMillis", s.duration().orElse(null));
            n.put("attempts", s.attempts());
            n.put("resumed", s.resumed());
            n.put("onCriticalPath", s.onCriticalPath());
            ObjectNode outputs = n.putObject("outputs");
            new TreeMap<>(s.outputs()).forEach(outputs::put);
            n.put("error", s.error().orElse(null));
        }
        ObjectNode rpo = root.putObject("rpoMillis");
        r.rpo().forEach((k, v) -> rpo.put(k, v.toMillis()));
        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveResult o : r.objectives()) {
            ObjectNode n = objectives.addObject();
            n.put("name", o.name());
            n.put("objectiveMillis", o.objective().toMillis());
            putMillis(n, "achievedMillis", o.achieved().orElse(null));
            n.put("met", o.met());
        }
        root.put("objectivesMet", r.objectivesMet());
        try {
            return JSON.writer(PRETTY).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report", e);
        }
    }

    private static void putInstant(ObjectNode n, String field, Instant v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v.toString());
        }
    }

    private static void putMillis(ObjectNode n, String field, Duration v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v.toMillis());
        }
    }
}
