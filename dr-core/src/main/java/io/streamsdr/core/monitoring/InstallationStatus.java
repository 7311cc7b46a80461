package io.streamsdr.core.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.spi.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every component of an installation as a {@link ProtectionMonitor} saw it at one moment: the answer of
 * {@link ProtectionMonitor#status()}. Immutable. Render it with {@link #toText()} or {@link #toJson()}.
 */
public final class InstallationStatus {
    /** The version of {@link #toJson()}'s layout; documented in docs/monitoring.md. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final String installation;
    private final Instant at;
    private final List<ComponentStatus> components;

    InstallationStatus(String installation, Instant at, List<ComponentStatus> components) {
        this.installation = installation;
        this.at = at;
        this.components = List.copyOf(components);
    }

    /** The installation's name. */
    public String installation() {
        return installation;
    }

    /** When this answer was put together (on the monitor's clock). */
    public Instant at() {
        return at;
    }

    /** Every component, in the installation's order. */
    public List<ComponentStatus> components() {
        return components;
    }

    /** The component of this name, if the installation has one. */
    public Optional<ComponentStatus> component(String name) {
        return components.stream().filter(c -> c.component().equals(name)).findFirst();
    }

    /** Whether every component is {@linkplain ComponentStatus#healthy() healthy} (healthy and not stale). */
    public boolean healthy() {
        return components.stream().allMatch(ComponentStatus::healthy);
    }

    /** One line per component that is not healthy: {@code "<component>: <reason>"}; empty when all are. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (ComponentStatus c : components) {
            if (!c.healthy()) {
                out.add(c.component() + ": " + c.reason().orElse("not healthy"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * As text: a headline, a table (component, kind, RPO, newest recovery point, state), and the reasons of the
     * components that are not healthy.
     */
    public String toText() {
        long healthy = components.stream().filter(ComponentStatus::healthy).count();
        long stale = components.stream().filter(ComponentStatus::stale).count();
        StringBuilder sb = new StringBuilder();
        sb.append("Protection of '").append(installation).append("' at ").append(seconds(at)).append(": ").append(healthy).append(" of ")
                .append(components.size()).append(" components healthy");
        if (stale > 0) {
            sb.append(", ").append(stale).append(" stale");
        }
        sb.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"component", "kind", "RPO", "newest recovery point", "observed", "state"});
        for (ComponentStatus c : components) {
            rows.add(new String[] {c.component(), c.kind(), c.rpo().map(Durations::format).orElse("-"), newest(c),
                    c.observedAt().map(InstallationStatus::seconds).orElse("never"), state(c)});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            sb.append("Why:\n");
            problems.forEach(p -> sb.append("  - ").append(p).append('\n'));
        }
        return sb.toString();
    }

    private static String newest(ComponentStatus c) {
        Optional<RecoveryPoint> p = c.newestRecoveryPoint();
        if (p.isPresent()) {
            return p.get().id() + " @ " + seconds(p.get().capturedAt());
        }
        return c.recoverableTo().map(t -> "@ " + seconds(t)).orElse("-");
    }

    /** An instant to the second, for the text: a person reads the table, the JSON keeps the whole instant. */
    private static String seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static String state(ComponentStatus c) {
        if (c.stale()) {
            return "STALE";
        }
        if (!c.healthy()) {
            return "UNHEALTHY";
        }
        return c.replicationLag().map(l -> "healthy, replication lag " + l).orElse("healthy");
    }

    /** As JSON (schema version {@link #SCHEMA_VERSION}, described in docs/monitoring.md); times are ISO-8601, durations milliseconds. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("statusSchemaVersion", SCHEMA_VERSION);
        root.put("installation", installation);
        root.put("at", at.toString());
        root.put("healthy", healthy());
        var array = root.putArray("components");
        for (ComponentStatus c : components) {
            ObjectNode n = array.addObject();
            n.put("component", c.component());
            n.put("kind", c.kind());
            n.put("healthy", c.healthy());
            n.put("reason", c.reason().orElse(null));
            n.put("stale", c.stale());
            n.put("staleReason", c.staleReason().orElse(null));
            putMillis(n, "rpoMillis", c.rpo().orElse(null));
            putMillis(n, "expectedIntervalMillis", c.expectedInterval().orElse(null));
            n.put("recoverableTo", c.recoverableTo().map(Instant::toString).orElse(null));
            Optional<RecoveryPoint> p = c.newestRecoveryPoint();
            if (p.isPresent()) {
                ObjectNode rp = n.putObject("newestRecoveryPoint");
                rp.put("id", p.get().id());
                rp.put("kind", p.get().kind().name());
                rp.put("capturedAt", p.get().capturedAt().toString());
            } else {
                n.putNull("newestRecoveryPoint");
            }
            if (c.replicationLag().isPresent()) {
                ObjectNode lag = n.putObject("replicationLag");
                lag.put("records", c.replicationLag().get().records());
                lag.put("timeMillis", c.replicationLag().get().time().toMillis());
            } else {
                n.putNull("replicationLag");
            }
            n.put("observedAt", c.observedAt().map(Instant::toString).orElse(null));
            n.put("lookedAt", c.lookedAt().map(Instant::toString).orElse(null));
        }
        try {
            return JSON.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the status of '" + installation + "'", e);
        }
    }

    private static void putMillis(ObjectNode n, String field, Duration d) {
        if (d == null) {
            n.putNull(field);
        } else {
            n.put(field, d.toMillis());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstallationStatus s && s.installation.equals(installation) && s.at.equals(at) && s.components.equals(components);
    }

    @Override
    public int hashCode() {
        return Objects.hash(installation, at, components);
    }

    @Override
    public String toString() {
        return "InstallationStatus[" + installation + " at " + at + ", " + (healthy() ? "healthy" : problems().size() + " not healthy") + "]";
    }
}
