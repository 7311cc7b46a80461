package io.streamsdr.testkit.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strategic merge patch, enough for the patches Helm's three-way merge sends: maps merge
 * recursively and {@code null} deletes a key; lists of objects that all have a {@code name} merge by
 * name (containers, env, volumes), with {@code $patch: delete} removing an element; other lists are
 * replaced. {@code $setElementOrder/...} and {@code $retainKeys} are ignored; any other
 * {@code $} directive is refused. Real merge keys other than {@code name} (such as
 * {@code containerPort}, {@code mountPath}) are not modelled.
 */
final class StrategicMergePatch {
    private StrategicMergePatch() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$setElementOrder/") || key.equals("$retainKeys")) {
                continue;
            }
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("unsupported strategic merge patch directive " + key);
            }
            if (value == null) {
                out.remove(key);
            } else if (value instanceof Map && out.get(key) instanceof Map) {
                out.put(key, apply((Map<String, Object>) out.get(key), (Map<String, Object>) value));
            } else if (value instanceof List<?> list && out.get(key) instanceof List<?> current && byName(list) && byName(current)) {
                out.put(key, mergeByName((List<Object>) current, (List<Object>) list));
            } else {
                out.put(key, stripDirectives(value));
            }
        }
        return out;
    }

    private static boolean byName(List<?> list) {
        return list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeByName(List<Object> current, List<Object> patch) {
        List<Object> out = new ArrayList<>(current);
        for (Object p : patch) {
            Map<String, Object> pm = (Map<String, Object>) p;
            Object name = pm.get("name");
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (name.equals(((Map<String, Object>) out.get(i)).get("name"))) {
                    at = i;
                }
            }
            if ("delete".equals(pm.get("$patch"))) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0) {
                out.set(at, apply((Map<String, Object>) out.get(at), pm));
            } else {
                out.add(stripDirectives(pm));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object stripDirectives(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (!k.startsWith("$")) {
                    out.put(k, stripDirectives(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(stripDirectives(v)));
            return out;
        }
        return value;
    }
}
