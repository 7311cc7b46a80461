package io.streamsdr.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strimzi's own KafkaMirrorMaker2 CRD (copied unchanged in src/test/resources/strimzi-crds, see NOTICE) as a
 * validator of the objects the library writes: what a real API server would refuse (a wrong type, a missing
 * required field, a value outside an enum, a pattern or a minimum) or silently prune (a field the schema does
 * not know), fabric8's mock accepts. Covers the OpenAPI subset the CRD uses; {@code oneOf} is checked as "at
 * least the required fields of one branch".
 */
final class StrimziCrd {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Object> SCHEMA = load();

    private StrimziCrd() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = StrimziCrd.class.getResourceAsStream("/strimzi-crds/048-Crd-kafkamirrormaker2.yaml")) {
            Map<String, Object> crd = YAML.readValue(in, new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> versions = (List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec")).get("versions");
            for (Map<String, Object> v : versions) {
                if ("v1".equals(v.get("name"))) {
                    return (Map<String, Object>) ((Map<String, Object>) v.get("schema")).get("openAPIV3Schema");
                }
            }
            throw new IllegalStateException("no v1 in the CRD");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(GenericKubernetesResource r) {
        Map<String, Object> m = JSON.convertValue(r, new TypeReference<Map<String, Object>>() { });
        return violations(m);
    }

    static List<String> violations(Map<String, Object> object) {
        List<String> out = new ArrayList<>();
        check("", object, SCHEMA, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void check(String path, Object value, Map<String, Object> schema, List<String> out) {
        if (value == null) {
            return;
        }
        String type = (String) schema.get("type");
        boolean intOrString = Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"));
        if (schema.get("anyOf") != null || intOrString) {
            return;
        }
        if (type != null && !typeMatches(type, value)) {
            out.add(path + ": schema type " + type + ", written " + value.getClass().getSimpleName() + " " + value);
            return;
        }
        if (schema.get("enum") instanceof List<?> values && !values.contains(value)) {
            out.add(path + ": '" + value + "' is not one of " + values);
        }
        if (schema.get("pattern") instanceof String p && value instanceof String s && !Pattern.compile(p).matcher(s).find()) {
            out.add(path + ": '" + s + "' does not match " + p);
        }
        if (schema.get("minimum") instanceof Number min && value instanceof Number n && n.doubleValue() < min.doubleValue()) {
            out.add(path + ": " + n + " is less than the minimum " + min);
        }
        if (value instanceof Map<?, ?> map) {
            if (schema.get("required") instanceof List<?> required) {
                for (Object f : required) {
                    if (!map.containsKey(f)) {
                        out.add(path + "." + f + ": required");
                    }
                }
            }
            if (schema.get("oneOf") instanceof List<?> branches) {
                boolean any = false;
                for (Object b : branches) {
                    List<Object> req = (List<Object>) ((Map<String, Object>) b).getOrDefault("required", List.of());
                    any |= map.keySet().containsAll(req);
                }
                if (!any) {
                    out.add(path + ": matches no oneOf branch");
                }
            }
            if (Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
                return;
            }
            Map<String, Object> props = (Map<String, Object>) schema.get("properties");
            Map<String, Object> additional = schema.get("additionalProperties") instanceof Map ? (Map<String, Object>) schema.get("additionalProperties") : null;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (path.isEmpty() && (k.equals("metadata") || k.equals("apiVersion") || k.equals("kind"))) {
                    continue;
                }
                Map<String, Object> child = props != null ? (Map<String, Object>) props.get(k) : additional;
                if (child == null) {
                    out.add(path + "." + k + ": not in the CRD schema (a real API server prunes it)");
                } else {
                    check(path + "." + k, e.getValue(), child, out);
                }
            }
        } else if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check(path + "[" + i + "]", list.get(i), (Map<String, Object>) items, out);
            }
        }
    }

    private static boolean typeMatches(String type, Object value) {
        return switch (type) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> true;
        };
    }
}
