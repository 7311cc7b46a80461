package io.streamsdr.velero.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads nested JSON maps as fabric8's generic resources hold them. */
public final class Json {
    private Json() {
    }

    /** The map at {@code path}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object o = root;
        for (String p : path) {
            if (!(o instanceof Map)) {
                return Map.of();
            }
            o = ((Map<String, Object>) o).get(p);
        }
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    /** The value at the last key of {@code path} within the map at the earlier keys. */
    public static Object value(Map<String, Object> root, String... path) {
        String[] parent = java.util.Arrays.copyOf(path, path.length - 1);
        return map(root, parent).get(path[path.length - 1]);
    }

    public static String string(Map<String, Object> root, String... path) {
        Object o = value(root, path);
        return o == null ? null : String.valueOf(o);
    }

    /** The text at {@code path}, or null when absent or empty. */
    public static String nonEmptyString(Map<String, Object> root, String... path) {
        String s = string(root, path);
        return s == null || s.isEmpty() ? null : s;
    }

    public static int integer(Map<String, Object> root, String... path) {
        Object o = value(root, path);
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String s && s.matches("-?[0-9]+")) {
            return Integer.parseInt(s);
        }
        return 0;
    }

    public static Integer optionalInteger(Map<String, Object> root, String... path) {
        Object o = value(root, path);
        return o instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    }

    public static Boolean bool(Map<String, Object> root, String... path) {
        Object o = value(root, path);
        return o instanceof Boolean b ? b : o instanceof String s ? Boolean.valueOf(s) : null;
    }

    public static Instant instant(Map<String, Object> root, String... path) {
        String s = string(root, path);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static List<String> strings(Map<String, Object> root, String... path) {
        Object o = value(root, path);
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object e : l) {
                if (e != null) {
                    out.add(String.valueOf(e));
                }
            }
        }
        return List.copyOf(out);
    }

    public static Map<String, String> stringMap(Map<String, Object> root, String... path) {
        Map<String, String> out = new LinkedHashMap<>();
        map(root, path).forEach((k, v) -> {
            if (v != null) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }
}
