package io.streamsdr.testkit.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.testkit.k8s.ClusterStore;
import io.streamsdr.testkit.k8s.MockCluster;
import io.streamsdr.velero.CronSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Velero controller that behaves like Velero 1.18 on a clock, over a {@link MockCluster}.
 * It acts before each API request (so whoever polls sees states that follow the clock) and catches
 * up in time order: a poll an hour later sees every schedule tick of that hour.
 *
 * <ul>
 *   <li><b>Backups</b> go {@code InProgress} when created (start time, expiration = start + TTL,
 *       default 720h) and capture the namespace's objects (ConfigMaps, Secrets, Services,
 *       ServiceAccounts, PersistentVolumeClaims, Deployments, StatefulSets, and the Namespace); the
 *       last 5 s are {@code Finalizing} ({@code FinalizingPartiallyFailed}, with the counts, when the
 *       outcome is partial failure); after {@link Builder#withBackupDuration the backup duration}
 *       they end {@code Completed}, or
 *       as {@link #injectNextBackupOutcome injected} ({@code PartiallyFailed}, {@code Failed},
 *       {@code FailedValidation}).</li>
 *   <li><b>Schedules</b> are validated as Velero does (an invalid expression gives
 *       {@code FailedValidation} with {@code invalid schedule: ...}); a new one backs up at once
 *       (unless {@code skipImmediately}), then on each tick after {@code lastBackup}: a Backup named
 *       {@code <schedule>-<yyyyMMddHHmmss>} labelled {@code velero.io/schedule-name}, with the
 *       template's spec. A tick while one of its backups is still running is skipped
 *       ({@code lastSkipped}); missed ticks are not caught up. Paused schedules do nothing.</li>
 *   <li><b>Restores</b> need exactly one of {@code backupName} and {@code scheduleName}; from a
 *       schedule they pick the newest {@code Completed} backup by start time and write it into
 *       {@code spec.backupName}, as Velero does. After {@link Builder#withRestoreDuration the
 *       restore duration} they recreate the captured objects (with {@code namespaceMapping}): an
 *       object that exists and is identical is skipped; one that differs is left as it is with a
 *       warning, unless {@code existingResourcePolicy} is {@code update}, which replaces it.</li>
 * </ul>
 * Status is written on the main object (Velero's CRDs have no status subresource). Thread-safe.
 */
public final class FakeVelero {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    static final String SCHEDULE_LABEL = "velero.io/schedule-name";
    /** Collections a backup captures, with {@code %s} for the namespace. */
    static final List<String> CAPTURED = List.of(
            "/api/v1/namespaces/%s/configmaps", "/api/v1/namespaces/%s/secrets", "/api/v1/namespaces/%s/services",
            "/api/v1/namespaces/%s/serviceaccounts", "/api/v1/namespaces/%s/persistentvolumeclaims",
            "/apis/apps/v1/namespaces/%s/deployments", "/apis/apps/v1/namespaces/%s/statefulsets");

    private final MockCluster cluster;
    private final Clock clock;
    private final String namespace;
    private final Duration backupDuration;
    private final Duration restoreDuration;
    private final boolean queuePhases;
    private final Map<String, Instant> createdAt = new ConcurrentHashMap<>();
    private final Map<String, List<Captured>> contents = new ConcurrentHashMap<>();
    private final Map<String, List<String>> restoreWarnings = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Deque<Outcome> nextBackupOutcomes = new ArrayDeque<>();
    private final Deque<Outcome> nextRestoreOutcomes = new ArrayDeque<>();
    private Instant lastReconcile;

    private record Captured(String collection, String namespace, Map<String, Object> object) {
    }

    /** How a backup or a restore ends. Immutable; made by its factories. */
    public static final class Outcome {
        private final String phase;
        private final int errors;
        private final int warnings;
        private final String failureReason;

        private Outcome(String phase, int errors, int warnings, String failureReason) {
            this.phase = phase;
            this.errors = errors;
            this.warnings = warnings;
            this.failureReason = failureReason;
        }

        /** Completed, no errors. */
        public static Outcome completed() {
            return new Outcome("Completed", 0, 0, null);
        }

        /** PartiallyFailed with these counts. */
        public static Outcome partiallyFailed(int errors, int warnings) {
            return new Outcome("PartiallyFailed", errors, warnings, null);
        }

        /** Failed for {@code reason}. */
        public static Outcome failed(String reason) {
            return new Outcome("Failed", 0, 0, Check.notNull("reason", reason));
        }

        /** FailedValidation with this validation error. */
        public static Outcome failedValidation(String validationError) {
            return new Outcome("FailedValidation", 0, 0, Check.notNull("validationError", validationError));
        }

        /** The terminal phase, as Velero writes it. */
        public String phase() {
            return phase;
        }

        /** The error count. */
        public int errors() {
            return errors;
        }

        /** The warning count. */
        public int warnings() {
            return warnings;
        }

        /** The failure reason (or validation error), for {@link #failed} and {@link #failedValidation}. */
        public Optional<String> failureReason() {
            return Optional.ofNullable(failureReason);
        }

        @Override
        public String toString() {
            return phase + ", " + errors + " errors, " + warnings + " warnings" + (failureReason == null ? "" : ", " + failureReason);
        }
    }

    private FakeVelero(Builder b) {
        this.cluster = b.cluster;
        this.clock = b.clock;
        this.namespace = b.namespace;
        this.backupDuration = b.backupDuration;
        this.restoreDuration = b.restoreDuration;
        this.queuePhases = b.queuePhases;
    }

    /** Installs a fake Velero in namespace {@code velero} with the default durations. */
    public static FakeVelero install(MockCluster cluster, Clock clock) {
        return builder(cluster, clock).install();
    }

    /** Starts configuring a fake Velero on {@code cluster}, on {@code clock}. */
    public static Builder builder(MockCluster cluster, Clock clock) {
        return new Builder(Check.notNull("cluster", cluster), Check.notNull("clock", clock));
    }

    /** The next backup that starts ends this way (queued; one per backup). */
    public FakeVelero injectNextBackupOutcome(Outcome outcome) {
        synchronized (nextBackupOutcomes) {
            nextBackupOutcomes.add(Check.notNull("outcome", outcome));
        }
        return this;
    }

    /** The named backup ends this way. */
    public FakeVelero injectBackupOutcome(String backupName, Outcome outcome) {
        outcomes.put("backups/" + backupName, Check.notNull("outcome", outcome));
        return this;
    }

    /** The next restore that starts ends this way. */
    public FakeVelero injectNextRestoreOutcome(Outcome outcome) {
        synchronized (nextRestoreOutcomes) {
            nextRestoreOutcomes.add(Check.notNull("outcome", outcome));
        }
        return this;
    }

    /** The warnings a restore produced (as {@code velero restore describe --details} lists them). */
    public List<String> restoreWarnings(String restoreName) {
        cluster.reconcile();
        return List.copyOf(restoreWarnings.getOrDefault(restoreName, List.of()));
    }

    /** What a backup holds, as {@code Kind/namespace/name}. */
    public List<String> backupContents(String backupName) {
        cluster.reconcile();
        List<String> out = new ArrayList<>();
        for (Captured c : contents.getOrDefault(backupName, List.of())) {
            out.add(c.object().get("kind") + "/" + c.namespace() + "/" + name(c.object()));
        }
        return out;
    }

    // ------------------------------------------------------------------ the controller

    private String path(String plural) {
        return "/apis/velero.io/v1/namespaces/" + namespace + "/" + plural;
    }

    private record Event(Instant at, int priority, Runnable action) {
    }

    void reconcile(ClusterStore store) {
        Instant now = clock.instant();
        Instant seen = lastReconcile == null ? now : lastReconcile;
        for (int guard = 0; ; guard++) {
            if (guard > 100_000) {
                throw new IllegalStateException("FakeVelero: more than 100000 events in one catch-up; use a coarser schedule in tests");
            }
            List<Event> events = new ArrayList<>();
            for (Map<String, Object> b : store.list(path("backups"))) {
                String n = name(b);
                String phase = phase(b);
                Instant created = createdAt.computeIfAbsent("backups/" + n, k -> seen);
                if ((phase.isEmpty() || phase.equals("New")) && queuePhases) {
                    events.add(new Event(created, 1, () -> setPhase(store, b, "Queued")));
                } else if (phase.equals("Queued")) {
                    Instant at = created.plusSeconds(1);
                    events.add(new Event(at, 1, () -> setPhase(store, b, "ReadyToStart")));
                } else if (phase.equals("ReadyToStart")) {
                    Instant at = created.plusSeconds(2);
                    events.add(new Event(at, 1, () -> startBackup(store, b, at)));
                } else if (phase.isEmpty() || phase.equals("New")) {
                    events.add(new Event(created, 1, () -> startBackup(store, b, created)));
                } else if (phase.equals("InProgress")) {
                    Instant start = Instant.parse(string(status(b), "startTimestamp"));
                    Instant at = start.plus(backupDuration).minus(finalizing());
                    events.add(new Event(at, 0, () -> finalizeBackup(store, b, at)));
                } else if (phase.startsWith("Finalizing")) {
                    Instant at = Instant.parse(string(status(b), "startTimestamp")).plus(backupDuration);
                    events.add(new Event(at, 0, () -> finishBackup(store, b, at)));
                }
            }
            for (Map<String, Object> r : store.list(path("restores"))) {
                String n = name(r);
                String phase = phase(r);
                if (phase.isEmpty() || phase.equals("New")) {
                    Instant at = createdAt.computeIfAbsent("restores/" + n, k -> seen);
                    events.add(new Event(at, 1, () -> startRestore(store, r, at)));
                } else if (phase.equals("InProgress")) {
                    Instant at = Instant.parse(string(status(r), "startTimestamp")).plus(restoreDuration);
                    events.add(new Event(at, 0, () -> finishRestore(store, r, at)));
                }
            }
            for (Map<String, Object> s : store.list(path("schedules"))) {
                String n = name(s);
                String phase = phase(s);
                if (phase.isEmpty() || phase.equals("New")) {
                    Instant at = createdAt.computeIfAbsent("schedules/" + n, k -> seen);
                    events.add(new Event(at, 2, () -> validateSchedule(store, s, at)));
                } else if (phase.equals("Enabled") && !Boolean.TRUE.equals(map(s, "spec").get("paused"))) {
                    Instant ref = createdAt.getOrDefault("schedules/" + n, seen);
                    Instant last = instant(status(s), "lastBackup");
                    if (last != null) {
                        ref = last;
                    }
                    Instant skipped = instant(status(s), "lastSkipped");
                    if (skipped != null && skipped.isAfter(ref)) {
                        ref = skipped;
                    }
                    Instant next = CronSchedule.parse(String.valueOf(map(s, "spec").get("schedule"))).next(ref);
                    if (next != null) {
                        events.add(new Event(next, 2, () -> tick(store, s, next)));
                    }
                }
            }
            Event first = events.stream().filter(e -> !e.at().isAfter(now))
                    .min(Comparator.comparing(Event::at).thenComparing(Event::priority)).orElse(null);
            if (first == null) {
                break;
            }
            first.action().run();
        }
        lastReconcile = now;
    }

    private void startBackup(ClusterStore store, Map<String, Object> b, Instant at) {
        String n = name(b);
        Outcome outcome = outcomes.remove("backups/" + n);
        if (outcome == null) {
            synchronized (nextBackupOutcomes) {
                outcome = nextBackupOutcomes.poll();
            }
        }
        if (outcome == null) {
            outcome = Outcome.completed();
        }
        outcomes.put("backups/" + n, outcome);
        Map<String, Object> status = status(b);
        if (outcome.phase().equals("FailedValidation")) {
            status.put("phase", "FailedValidation");
            status.put("validationErrors", List.of(outcome.failureReason().orElse("invalid")));
            store.update(path("backups") + "/" + n, b);
            return;
        }
        Map<String, Object> spec = map(b, "spec");
        List<Captured> captured = new ArrayList<>();
        for (String ns : strings(spec.get("includedNamespaces"))) {
            Map<String, Object> nsObject = store.get("/api/v1/namespaces/" + ns);
            if (nsObject != null) {
                captured.add(new Captured("/api/v1/namespaces", ns, ClusterStore.copy(nsObject)));
            }
            for (String collection : CAPTURED) {
                for (Map<String, Object> item : store.list(String.format(collection, ns))) {
                    captured.add(new Captured(collection, ns, ClusterStore.copy(item)));
                }
            }
        }
        contents.put(n, captured);
        Duration ttl = Duration.ofHours(720);
        Object ttlText = spec.get("ttl");
        if (ttlText != null && !String.valueOf(ttlText).isEmpty()) {
            ttl = goDuration(String.valueOf(ttlText), ttl);
        }
        status.put("phase", "InProgress");
        status.put("startTimestamp", at.toString());
        status.put("expiration", at.plus(ttl).toString());
        status.put("version", 1);
        status.put("formatVersion", "1.1.0");
        status.put("progress", new LinkedHashMap<>(Map.of("totalItems", captured.size(), "itemsBackedUp", 0)));
        store.update(path("backups") + "/" + n, b);
    }

    /** The last part of a backup's duration is spent finalizing (5 s, or less for very short backups). */
    private Duration finalizing() {
        Duration five = Duration.ofSeconds(5);
        return backupDuration.compareTo(five.multipliedBy(2)) >= 0 ? five : Duration.ZERO;
    }

    private void setPhase(ClusterStore store, Map<String, Object> object, String phase) {
        status(object).put("phase", phase);
        if (phase.equals("Queued")) {
            status(object).put("queuePosition", 1);
        } else {
            status(object).remove("queuePosition");
        }
        store.update(path("backups") + "/" + name(object), object);
    }

    /** InProgress ends: Finalizing, or FinalizingPartiallyFailed with the counts when the outcome is PartiallyFailed. */
    private void finalizeBackup(ClusterStore store, Map<String, Object> b, Instant at) {
        Outcome outcome = outcomes.getOrDefault("backups/" + name(b), Outcome.completed());
        Map<String, Object> status = status(b);
        if (outcome.phase().equals("PartiallyFailed")) {
            status.put("phase", "FinalizingPartiallyFailed");
            status.put("errors", outcome.errors());
            status.put("warnings", outcome.warnings());
        } else {
            status.put("phase", "Finalizing");
        }
        store.update(path("backups") + "/" + name(b), b);
    }

    private void finishBackup(ClusterStore store, Map<String, Object> b, Instant at) {
        String n = name(b);
        Outcome outcome = outcomes.getOrDefault("backups/" + n, Outcome.completed());
        Map<String, Object> status = status(b);
        status.put("phase", outcome.phase());
        status.put("completionTimestamp", at.toString());
        status.put("errors", outcome.errors());
        status.put("warnings", outcome.warnings());
        outcome.failureReason().ifPresent(reason -> status.put("failureReason", reason));
        int total = contents.getOrDefault(n, List.of()).size();
        status.put("progress", new LinkedHashMap<>(Map.of("totalItems", total, "itemsBackedUp", total)));
        store.update(path("backups") + "/" + n, b);
    }

    private void validateSchedule(ClusterStore store, Map<String, Object> s, Instant at) {
        Map<String, Object> status = status(s);
        String expression = String.valueOf(map(s, "spec").get("schedule"));
        try {
            CronSchedule.parse(expression);
        } catch (InvalidConfigurationException e) {
            status.put("phase", "FailedValidation");
            status.put("validationErrors", List.of("invalid schedule: " + e.rule()));
            store.update(path("schedules") + "/" + name(s), s);
            return;
        }
        status.put("phase", "Enabled");
        store.update(path("schedules") + "/" + name(s), s);
        Map<String, Object> spec = map(s, "spec");
        if (!Boolean.TRUE.equals(spec.get("paused")) && !Boolean.TRUE.equals(spec.get("skipImmediately"))) {
            tick(store, store.get(path("schedules") + "/" + name(s)), at);
        }
    }

    @SuppressWarnings("unchecked")
    private void tick(ClusterStore store, Map<String, Object> s, Instant at) {
        String scheduleName = name(s);
        Map<String, Object> status = status(s);
        boolean running = store.list(path("backups")).stream()
                .filter(b -> scheduleName.equals(labels(b).get(SCHEDULE_LABEL)))
                .anyMatch(b -> List.of("", "New", "Queued", "ReadyToStart", "InProgress").contains(phase(b)));
        if (running) {
            status.put("lastSkipped", at.toString());
            store.update(path("schedules") + "/" + scheduleName, s);
            return;
        }
        Map<String, Object> template = ClusterStore.copy(map(s, "spec", "template"));
        Map<String, Object> templateMeta = (Map<String, Object>) template.remove("metadata");
        Map<String, Object> labels = new LinkedHashMap<>();
        if (templateMeta != null && templateMeta.get("labels") instanceof Map<?, ?> l && !l.isEmpty()) {
            labels.putAll((Map<String, Object>) l);
        } else {
            labels.putAll(labels(s));
        }
        labels.put(SCHEDULE_LABEL, scheduleName);
        String backupName = scheduleName + "-" + NAME_TIME.format(at);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", backupName);
        meta.put("namespace", namespace);
        meta.put("labels", labels);
        Map<String, Object> backup = new LinkedHashMap<>();
        backup.put("apiVersion", "velero.io/v1");
        backup.put("kind", "Backup");
        backup.put("metadata", meta);
        backup.put("spec", template);
        createdAt.put("backups/" + backupName, at);
        store.create(path("backups"), backup);
        status.put("lastBackup", at.toString());
        store.update(path("schedules") + "/" + scheduleName, s);
    }

    private void startRestore(ClusterStore store, Map<String, Object> r, Instant at) {
        String n = name(r);
        Map<String, Object> spec = map(r, "spec");
        Map<String, Object> status = status(r);
        String backupName = (String) spec.get("backupName");
        String scheduleName = (String) spec.get("scheduleName");
        boolean hasBackup = backupName != null && !backupName.isEmpty();
        boolean hasSchedule = scheduleName != null && !scheduleName.isEmpty();
        String error = null;
        if (hasBackup == hasSchedule) {
            error = "Either a backup or schedule must be specified as a source for the restore, but not both";
        } else if (hasSchedule) {
            List<Map<String, Object>> ofSchedule = new ArrayList<>(store.list(path("backups")).stream()
                    .filter(b -> scheduleName.equals(labels(b).get(SCHEDULE_LABEL))).toList());
            ofSchedule.sort(Comparator.comparing((Map<String, Object> b) -> String.valueOf(status(b).getOrDefault("startTimestamp", ""))).reversed());
            if (ofSchedule.isEmpty()) {
                error = "No backups found for schedule";
            } else {
                Map<String, Object> picked = ofSchedule.stream().filter(b -> "Completed".equals(phase(b))).findFirst().orElse(null);
                if (picked == null) {
                    error = "No completed backups found for schedule";
                } else {
                    backupName = name(picked);
                    spec.put("backupName", backupName);
                }
            }
        } else {
            Map<String, Object> backup = store.get(path("backups") + "/" + backupName);
            if (backup == null) {
                error = "backup not found";
            } else if (!List.of("Completed", "PartiallyFailed").contains(phase(backup))) {
                error = "backup is in phase " + phase(backup) + " and cannot be restored";
            }
        }
        if (error == null && spec.get("resourceModifier") instanceof Map<?, ?> rm) {
            Map<String, Object> cm = store.get("/api/v1/namespaces/" + namespace + "/configmaps/" + rm.get("name"));
            if (!"ConfigMap".equals(rm.get("kind")) || cm == null) {
                error = "Error fetching resource modifier " + rm.get("kind") + " " + namespace + "/" + rm.get("name") + ": not found";
            } else {
                try {
                    modifierRules(cm);
                } catch (RuntimeException e) {
                    error = "Error parsing resource modifier ConfigMap " + namespace + "/" + rm.get("name") + ": " + e.getMessage();
                }
            }
        }
        if (error != null) {
            status.put("phase", "FailedValidation");
            status.put("validationErrors", List.of(error));
            store.update(path("restores") + "/" + n, r);
            return;
        }
        Outcome outcome;
        synchronized (nextRestoreOutcomes) {
            outcome = nextRestoreOutcomes.poll();
        }
        outcomes.put("restores/" + n, outcome == null ? Outcome.completed() : outcome);
        status.put("phase", "InProgress");
        status.put("startTimestamp", at.toString());
        status.put("progress", new LinkedHashMap<>(Map.of("totalItems", contents.getOrDefault(backupName, List.of()).size(),
                "itemsRestored", 0)));
        store.update(path("restores") + "/" + n, r);
    }

    @SuppressWarnings("unchecked")
    private void finishRestore(ClusterStore store, Map<String, Object> r, Instant at) {
        String n = name(r);
        Map<String, Object> spec = map(r, "spec");
        String backupName = (String) spec.get("backupName");
        List<String> included = strings(spec.get("includedNamespaces"));
        Map<String, Object> mapping = spec.get("namespaceMapping") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        boolean update = "update".equals(spec.get("existingResourcePolicy"));
        List<Map<String, Object>> rules = List.of();
        if (spec.get("resourceModifier") instanceof Map<?, ?> rm) {
            Map<String, Object> cm = store.get("/api/v1/namespaces/" + namespace + "/configmaps/" + rm.get("name"));
            rules = cm == null ? List.of() : modifierRules(cm);
        }
        List<String> warnings = new ArrayList<>();
        int restored = 0;
        for (Captured c : contents.getOrDefault(backupName, List.of())) {
            if (!included.isEmpty() && !included.contains(c.namespace()) && !included.contains("*")) {
                continue;
            }
            String target = String.valueOf(mapping.getOrDefault(c.namespace(), c.namespace()));
            Map<String, Object> object = restorable(c.object(), backupName, n);
            String collection;
            if (c.collection().equals("/api/v1/namespaces")) {
                ((Map<String, Object>) object.get("metadata")).put("name", target);
                ((Map<String, Object>) object.get("metadata")).remove("namespace");
                collection = "/api/v1/namespaces";
            } else {
                ((Map<String, Object>) object.get("metadata")).put("namespace", target);
                collection = String.format(c.collection(), target);
            }
            applyModifiers(rules, object, target);
            String itemPath = collection + "/" + name(object);
            Map<String, Object> existing = store.get(itemPath);
            if (existing == null) {
                store.create(collection, object);
                restored++;
            } else if (comparable(existing).equals(comparable(object))) {
                restored++;
            } else if (update) {
                ((Map<String, Object>) object.get("metadata")).put("resourceVersion", map(existing, "metadata").get("resourceVersion"));
                store.update(itemPath, object);
                restored++;
            } else {
                warnings.add("could not restore, " + object.get("kind") + " \"" + name(object) + "\" already exists. Warning: the in-cluster"
                        + " version is different than the backed-up version");
            }
        }
        restoreWarnings.put(n, warnings);
        Outcome outcome = outcomes.getOrDefault("restores/" + n, Outcome.completed());
        Map<String, Object> status = status(r);
        status.put("phase", outcome.phase());
        status.put("completionTimestamp", at.toString());
        status.put("errors", outcome.errors());
        status.put("warnings", outcome.warnings() + warnings.size());
        outcome.failureReason().ifPresent(reason -> status.put("failureReason", reason));
        status.put("progress", new LinkedHashMap<>(Map.of("totalItems", restored + warnings.size(), "itemsRestored", restored)));
        store.update(path("restores") + "/" + n, r);
    }

    /**
     * The rules of a resource modifier ConfigMap (Velero 1.12+): its one data entry, YAML, {@code version: v1} and
     * {@code resourceModifierRules}, each with {@code conditions} ({@code groupResource}, optional {@code namespaces})
     * and JSON {@code patches} ({@code add}, {@code replace} or {@code remove} at a JSON pointer; a value is JSON).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> modifierRules(Map<String, Object> configMap) {
        Map<String, Object> data = configMap.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        if (data.size() != 1) {
            throw new IllegalArgumentException("the ConfigMap must hold exactly one data entry, holds " + data.size());
        }
        Map<String, Object> doc;
        try {
            doc = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readValue(String.valueOf(data.values().iterator().next()), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!"v1".equals(doc.get("version"))) {
            throw new IllegalArgumentException("unsupported version " + doc.get("version"));
        }
        return doc.get("resourceModifierRules") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static final Map<String, String> GROUP_RESOURCES = Map.of("Deployment", "deployments.apps", "StatefulSet", "statefulsets.apps",
            "DaemonSet", "daemonsets.apps", "ConfigMap", "configmaps", "Secret", "secrets", "Service", "services",
            "PersistentVolumeClaim", "persistentvolumeclaims", "Pod", "pods");

    @SuppressWarnings("unchecked")
    private static void applyModifiers(List<Map<String, Object>> rules, Map<String, Object> object, String namespace) {
        for (Map<String, Object> rule : rules) {
            Map<String, Object> cond = rule.get("conditions") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
            if (!String.valueOf(cond.get("groupResource")).equals(GROUP_RESOURCES.get(String.valueOf(object.get("kind"))))) {
                continue;
            }
            if (cond.get("namespaces") instanceof List<?> nss && !nss.contains(namespace)) {
                continue;
            }
            for (Map<String, Object> patch : rule.get("patches") instanceof List<?> p ? (List<Map<String, Object>>) p : List.<Map<String, Object>>of()) {
                String[] path = String.valueOf(patch.get("path")).substring(1).split("/");
                Map<String, Object> parent = object;
                for (int i = 0; i < path.length - 1; i++) {
                    Object next = parent.get(path[i].replace("~1", "/").replace("~0", "~"));
                    if (!(next instanceof Map)) {
                        throw new IllegalStateException("resource modifier patch " + patch + ": no object at " + path[i]);
                    }
                    parent = (Map<String, Object>) next;
                }
                String key = path[path.length - 1].replace("~1", "/").replace("~0", "~");
                switch (String.valueOf(patch.get("operation"))) {
                    case "remove" -> parent.remove(key);
                    case "add", "replace" -> {
                        try {
                            parent.put(key, new com.fasterxml.jackson.databind.ObjectMapper().readValue(String.valueOf(patch.get("value")), Object.class));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("resource modifier patch " + patch + ": the value is not JSON", e);
                        }
                    }
                    default -> throw new IllegalStateException("resource modifier patch " + patch + ": unsupported operation");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> restorable(Map<String, Object> captured, String backupName, String restoreName) {
        Map<String, Object> object = ClusterStore.copy(captured);
        Map<String, Object> meta = (Map<String, Object>) object.get("metadata");
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("name", meta.get("name"));
        if (meta.get("namespace") != null) {
            kept.put("namespace", meta.get("namespace"));
        }
        Map<String, Object> labels = new LinkedHashMap<>(meta.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of());
        labels.put("velero.io/backup-name", backupName);
        labels.put("velero.io/restore-name", restoreName);
        kept.put("labels", labels);
        if (meta.get("annotations") != null) {
            kept.put("annotations", meta.get("annotations"));
        }
        object.put("metadata", kept);
        object.remove("status");
        return object;
    }

    /** What Velero compares: the object without server-set metadata, its status and Velero's own labels. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparable(Map<String, Object> object) {
        Map<String, Object> copy = ClusterStore.copy(object);
        Map<String, Object> meta = (Map<String, Object>) copy.getOrDefault("metadata", new HashMap<>());
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("name", meta.get("name"));
        Map<String, Object> labels = new LinkedHashMap<>(meta.get("labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of());
        labels.keySet().removeIf(k -> k.startsWith("velero.io/"));
        kept.put("labels", labels);
        kept.put("annotations", meta.get("annotations"));
        copy.put("metadata", kept);
        copy.remove("status");
        return copy;
    }

    /** The h/m/s Go durations Velero's TTLs use ({@code 720h0m0s}, {@code 90m}); {@code fallback} otherwise. */
    static Duration goDuration(String text, Duration fallback) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return fallback;
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long sec = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Duration.ofHours(h).plusMinutes(min).plusSeconds(sec);
    }

    // ------------------------------------------------------------------ JSON helpers

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> object, String... path) {
        Map<String, Object> m = object;
        for (String p : path) {
            Object o = m.get(p);
            if (!(o instanceof Map)) {
                o = new LinkedHashMap<String, Object>();
                m.put(p, o);
            }
            m = (Map<String, Object>) o;
        }
        return m;
    }

    static Map<String, Object> status(Map<String, Object> object) {
        return map(object, "status");
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(map(object, "metadata").get("name"));
    }

    static String phase(Map<String, Object> object) {
        Object p = status(object).get("phase");
        return p == null ? "" : String.valueOf(p);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> labels(Map<String, Object> object) {
        Object l = map(object, "metadata").get("labels");
        return l instanceof Map ? (Map<String, Object>) l : Map.of();
    }

    static String string(Map<String, Object> m, String key) {
        Object o = m.get(key);
        return o == null ? null : String.valueOf(o);
    }

    static Instant instant(Map<String, Object> m, String key) {
        String s = string(m, key);
        return s == null || s.isEmpty() ? null : Instant.parse(s);
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(e -> out.add(String.valueOf(e)));
        }
        return out;
    }

    /** Configures a {@link FakeVelero}. */
    public static final class Builder {
        private final MockCluster cluster;
        private final Clock clock;
        private String namespace = "velero";
        private Duration backupDuration = Duration.ofSeconds(30);
        private Duration restoreDuration = Duration.ofSeconds(20);
        private boolean queuePhases;

        private Builder(MockCluster cluster, Clock clock) {
            this.cluster = cluster;
            this.clock = clock;
        }

        /** The namespace Velero's objects live in (default {@code velero}). */
        public Builder withNamespace(String namespace) {
            this.namespace = Check.notNull("namespace", namespace);
            return this;
        }

        /** How long a backup stays {@code InProgress} (default 30 s). */
        public Builder withBackupDuration(Duration backupDuration) {
            this.backupDuration = Check.notNull("backupDuration", backupDuration);
            return this;
        }

        /** How long a restore stays {@code InProgress} (default 20 s). */
        public Builder withRestoreDuration(Duration restoreDuration) {
            this.restoreDuration = Check.notNull("restoreDuration", restoreDuration);
            return this;
        }

        /**
         * Whether backups pass through Velero 1.18's backup queue first: {@code Queued} for 1 s, then
         * {@code ReadyToStart} for 1 s, then {@code InProgress} (default: no, as before 1.18: straight
         * to InProgress).
         */
        public Builder withQueuePhases(boolean queuePhases) {
            this.queuePhases = queuePhases;
            return this;
        }

        /** Installs it: from now on it acts before every request to the cluster. */
        public FakeVelero install() {
            FakeVelero fake = new FakeVelero(this);
            cluster.onEveryRequest(fake::reconcile);
            return fake;
        }
    }
}
