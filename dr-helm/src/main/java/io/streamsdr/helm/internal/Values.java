package io.streamsdr.helm.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamsdr.core.InvalidConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Helm values: dotted keys, nested maps, YAML/JSON, and owner-only values files. */
public final class Values {
    /** A {@code --set} key: names joined by dots, each name letters, digits, '_' or '-'. List indexes are not accepted. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Values() {
    }

    /** Checks a dotted key. */
    public static String key(String field, String key) {
        if (key == null) {
            throw new InvalidConfigurationException(field, "must not be null");
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidConfigurationException(field + " '" + key + "'",
                    "must be names joined by dots, each of letters, digits, '_' or '-' (such as externalizedMariadb.host)");
        }
        return key;
    }

    /** A deep copy of {@code values} with {@code value} put at the dotted {@code key}, creating maps on the way. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> root = deepCopy(values);
        String[] parts = key.split("\\.");
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = m.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                m.put(parts[i], next);
            }
            m = (Map<String, Object>) next;
        }
        m.put(parts[parts.length - 1], value);
        return root;
    }

    /** The value at a dotted key, or null. */
    @SuppressWarnings("unchecked")
    public static Object get(Map<String, Object> values, String key) {
        Object o = values;
        for (String p : key.split("\\.")) {
            if (!(o instanceof Map)) {
                return null;
            }
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }

    /** A deep, mutable copy. */
    public static Map<String, Object> deepCopy(Map<String, Object> values) {
        if (values == null) {
            return new LinkedHashMap<>();
        }
        return JSON.convertValue(values, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** Parses YAML or JSON values; {@code null}, empty or a header-only text gives an empty map. */
    public static Map<String, Object> parse(String text) {
        if (text == null) {
            return new LinkedHashMap<>();
        }
        String t = text.strip();
        if (t.startsWith("USER-SUPPLIED VALUES:")) {
            t = t.substring("USER-SUPPLIED VALUES:".length()).strip();
        }
        if (t.isEmpty() || t.equals("null") || t.equals("{}")) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> m = YAML.readValue(t, new TypeReference<LinkedHashMap<String, Object>>() { });
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Helm values: not YAML or JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Values as JSON text. */
    public static String json(Object values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON text. */
    public static <T> T readJson(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Helm's JSON output (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Writes values to a new YAML file readable by its owner only (values may hold passwords and
     * credentials); delete it when done.
     */
    public static Path ownerOnlyFile(Map<String, Object> values) {
        try {
            Path file;
            try {
                file = Files.createTempFile("streams-dr-values-", ".yaml",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                file = Files.createTempFile("streams-dr-values-", ".yaml");
            }
            Files.writeString(file, YAML.writeValueAsString(values));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Helm values file", e);
        }
    }

    /** Deletes a file, ignoring failures. */
    public static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans up
            }
        }
    }

    /** Escapes a value for Helm's {@code --set}/{@code --set-string} parser (strvals): backslash and comma. */
    public static String escapeForSet(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == ',') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Flattens nested values to dotted keys (for messages and assertions). */
    @SuppressWarnings("unchecked")
    public static List<String> keys(Map<String, Object> values, String prefix) {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                out.addAll(keys((Map<String, Object>) m, key));
            } else {
                out.add(key);
            }
        });
        return out;
    }
}
