package io.streamsdr.velero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The objects dr-velero writes and the fields it reads, checked against Velero's own CRD schemas
 * (copied in src/test/resources/velero-crds): a misspelt field would be silently pruned by a real
 * API server and accepted by fabric8's mock.
 */
class VeleroCrdContractTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(String plural) throws IOException {
        try (InputStream in = VeleroCrdContractTest.class.getResourceAsStream("/velero-crds/velero.io_" + plural + ".yaml")) {
            Map<String, Object> crd = YAML.readValue(in, Map.class);
            Map<String, Object> version = ((List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions")).get(0);
            Object subresources = version.get("subresources");
            assertThat(subresources == null ? Map.of() : (Map<String, Object>) subresources)
                    .as(plural + " has no status subresource: status is written and read on the main object").doesNotContainKey("status");
            return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
        }
    }

    /** Every key of {@code value} is a property of {@code schema}, with a compatible type; returns the violations. */
    @SuppressWarnings("unchecked")
    private static List<String> violations(String path, Object value, Map<String, Object> schema) {
        List<String> out = new ArrayList<>();
        String type = (String) schema.get("type");
        if (value instanceof Map<?, ?> m) {
            if (!"object".equals(type)) {
                out.add(path + ": schema type " + type + ", written an object");
                return out;
            }
            Map<String, Object> props = (Map<String, Object>) schema.get("properties");
            Map<String, Object> additional = schema.get("additionalProperties") instanceof Map ? (Map<String, Object>) schema.get("additionalProperties") : null;
            ((Map<String, Object>) m).forEach((k, v) -> {
                Map<String, Object> child = props != null ? (Map<String, Object>) props.get(k) : additional;
                if (child == null) {
                    out.add(path + "." + k + ": not in the CRD schema");
                } else {
                    out.addAll(violations(path + "." + k, v, child));
                }
            });
        } else if (value instanceof List<?> l) {
            if (!"array".equals(type)) {
                out.add(path + ": schema type " + type + ", written an array");
            } else {
                for (Object item : l) {
                    out.addAll(violations(path + "[]", item, (Map<String, Object>) schema.get("items")));
                }
            }
        } else if (value instanceof String && !"string".equals(type)) {
            out.add(path + ": schema type " + type + ", written a string");
        } else if (value instanceof Boolean && !"boolean".equals(type)) {
            out.add(path + ": schema type " + type + ", written a boolean");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String... path) {
        Map<String, Object> s = schema;
        for (String p : path) {
            s = (Map<String, Object>) ((Map<String, Object>) s.get("properties")).get(p);
            assertThat(s).as(String.join(".", path) + " in the CRD").isNotNull();
        }
        return s;
    }

    @Test
    void backupSpecMatchesTheCrd() throws IOException {
        Map<String, Object> schema = schema("backups");
        BackupRequest full = BackupRequest.ofNamespace("streams").withNamespace("streams-kafka").withTtl(Duration.ofDays(30))
                .withStorageLocation("default").withSnapshotVolumes(false).withDefaultVolumesToFsBackup(true).build();
        assertThat(violations("spec", full.spec(), property(schema, "spec"))).isEmpty();
        for (String[] read : new String[][] {{"status", "phase"}, {"status", "startTimestamp"}, {"status", "completionTimestamp"},
                {"status", "expiration"}, {"status", "errors"}, {"status", "warnings"}, {"status", "failureReason"},
                {"status", "validationErrors"}, {"status", "progress", "itemsBackedUp"}, {"status", "progress", "totalItems"},
                {"spec", "includedNamespaces"}, {"spec", "ttl"}, {"spec", "storageLocation"}}) {
            property(schema, read);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyBackupAndRestorePhaseOfTheCrdIsMapped() throws IOException {
        for (Object phase : (List<Object>) property(schema("backups"), "status", "phase").get("enum")) {
            assertThat(BackupPhase.of((String) phase)).as("backup phase " + phase).isNotEqualTo(BackupPhase.UNKNOWN);
        }
        for (Object phase : (List<Object>) property(schema("restores"), "status", "phase").get("enum")) {
            assertThat(RestorePhase.of((String) phase)).as("restore phase " + phase).isNotEqualTo(RestorePhase.UNKNOWN);
        }
        for (Object phase : (List<Object>) property(schema("schedules"), "status", "phase").get("enum")) {
            assertThat(SchedulePhase.of((String) phase)).as("schedule phase " + phase).isNotEqualTo(SchedulePhase.UNKNOWN);
        }
    }

    @Test
    void scheduleSpecMatchesTheCrd() throws IOException {
        Map<String, Object> schema = schema("schedules");
        ScheduleRequest full = ScheduleRequest.named("streams-daily").withSchedule("@daily")
                .withTemplate(BackupRequest.ofNamespace("streams").withNamespace("streams-kafka").withTtl(Duration.ofDays(7))
                        .withStorageLocation("default").withSnapshotVolumes(false).withDefaultVolumesToFsBackup(true)
                        .withLabel("team", "streams").build())
                .withLabel("owner", "dr").withPaused(true).withOwnerReferencesInBackup(true).build();
        assertThat(violations("spec", full.spec(), property(schema, "spec"))).isEmpty();
        assertThat(full.spec()).extractingByKey("template").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("snapshotVolumes", "defaultVolumesToFsBackup", "ttl", "storageLocation", "metadata");
        // A misspelt field would be reported: the check is not vacuous.
        assertThat(violations("spec", Map.of("template", Map.of("snapshotVolume", true)), property(schema, "spec")))
                .containsExactly("spec.template.snapshotVolume: not in the CRD schema");
        property(schema, "status", "lastBackup");
        property(schema, "status", "lastSkipped");
        property(schema, "status", "validationErrors");
    }

    @Test
    void restoreSpecMatchesTheCrd() throws IOException {
        Map<String, Object> schema = schema("restores");
        RestoreRequest full = RestoreRequest.fromSchedule("streams-daily").withNamespace("streams").withNamespaceMapping("streams", "streams-dr")
                .withExistingResourcePolicy(ExistingResourcePolicy.UPDATE).withRestorePVs(true).withPartiallyFailedBackupAllowed(true)
                .withResourceModifier("standby-scale-to-zero").build();
        assertThat(violations("spec", full.spec(null), property(schema, "spec"))).isEmpty();
        assertThat(violations("spec", RestoreRequest.fromBackup("b1").build().spec(null), property(schema, "spec"))).isEmpty();
        property(schema, "status", "progress", "itemsRestored");
        property(schema, "spec", "backupName");
    }
}
