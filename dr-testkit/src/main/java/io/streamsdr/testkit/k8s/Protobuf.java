package io.streamsdr.testkit.k8s;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of Kubernetes' protobuf encoding to read what Helm's release storage sends: the
 * {@code k8s\0} envelope ({@code runtime.Unknown}), a {@code v1.Secret}, and the kind of any
 * envelope (a {@code DeleteOptions} is then answered as an empty JSON body). A hand-written wire
 * reader (varint, length-delimited, skip), so no protobuf library is needed.
 */
final class Protobuf {
    static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private final byte[] buf;
    private int pos;
    private final int end;

    private Protobuf(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** The decoded envelope: apiVersion, kind and the raw object bytes. */
    record Envelope(String apiVersion, String kind, byte[] raw) {
    }

    static boolean isEnvelope(byte[] body) {
        if (body.length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static Envelope envelope(byte[] body) {
        Protobuf r = new Protobuf(body, 4, body.length);
        String apiVersion = null;
        String kind = null;
        byte[] raw = new byte[0];
        while (r.more()) {
            int tag = (int) r.varint();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                Protobuf tm = r.sub();
                while (tm.more()) {
                    int t = (int) tm.varint();
                    if ((t >>> 3) == 1 && (t & 7) == 2) {
                        apiVersion = tm.string();
                    } else if ((t >>> 3) == 2 && (t & 7) == 2) {
                        kind = tm.string();
                    } else {
                        tm.skip(t & 7);
                    }
                }
            } else if (field == 2 && (tag & 7) == 2) {
                raw = r.bytes();
            } else {
                r.skip(tag & 7);
            }
        }
        return new Envelope(apiVersion, kind, raw);
    }

    /** A {@code v1.Secret} as the JSON map the API would hold. */
    static Map<String, Object> secret(byte[] raw) {
        Protobuf r = new Protobuf(raw, 0, raw.length);
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Object> stringData = new LinkedHashMap<>();
        while (r.more()) {
            int tag = (int) r.varint();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == 2) {
                secret.put("metadata", objectMeta(r.sub()));
            } else if (field == 2 && wire == 2) {
                Protobuf e = r.sub();
                String key = null;
                byte[] value = new byte[0];
                while (e.more()) {
                    int t = (int) e.varint();
                    if ((t >>> 3) == 1 && (t & 7) == 2) {
                        key = e.string();
                    } else if ((t >>> 3) == 2 && (t & 7) == 2) {
                        value = e.bytes();
                    } else {
                        e.skip(t & 7);
                    }
                }
                data.put(key, Base64.getEncoder().encodeToString(value));
            } else if (field == 3 && wire == 2) {
                secret.put("type", r.string());
            } else if (field == 4 && wire == 2) {
                Map.Entry<String, String> e = r.sub().stringEntry();
                stringData.put(e.getKey(), e.getValue());
            } else if (field == 5 && wire == 0) {
                secret.put("immutable", r.varint() != 0);
            } else {
                r.skip(wire);
            }
        }
        if (!data.isEmpty()) {
            secret.put("data", data);
        }
        if (!stringData.isEmpty()) {
            secret.put("stringData", stringData);
        }
        return secret;
    }

    private static Map<String, Object> objectMeta(Protobuf r) {
        Map<String, Object> meta = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> annotations = new LinkedHashMap<>();
        List<String> finalizers = new ArrayList<>();
        while (r.more()) {
            int tag = (int) r.varint();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (wire == 2 && field == 1) {
                meta.put("name", r.string());
            } else if (wire == 2 && field == 2) {
                meta.put("generateName", r.string());
            } else if (wire == 2 && field == 3) {
                meta.put("namespace", r.string());
            } else if (wire == 2 && field == 5) {
                meta.put("uid", r.string());
            } else if (wire == 2 && field == 6) {
                meta.put("resourceVersion", r.string());
            } else if (wire == 2 && field == 11) {
                Map.Entry<String, String> e = r.sub().stringEntry();
                labels.put(e.getKey(), e.getValue());
            } else if (wire == 2 && field == 12) {
                Map.Entry<String, String> e = r.sub().stringEntry();
                annotations.put(e.getKey(), e.getValue());
            } else if (wire == 2 && field == 14) {
                finalizers.add(r.string());
            } else {
                r.skip(wire);
            }
        }
        meta.values().removeIf(v -> v instanceof String s && s.isEmpty());
        if (!labels.isEmpty()) {
            meta.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            meta.put("annotations", annotations);
        }
        if (!finalizers.isEmpty()) {
            meta.put("finalizers", finalizers);
        }
        return meta;
    }

    private Map.Entry<String, String> stringEntry() {
        String key = "";
        String value = "";
        while (more()) {
            int t = (int) varint();
            if ((t >>> 3) == 1 && (t & 7) == 2) {
                key = string();
            } else if ((t >>> 3) == 2 && (t & 7) == 2) {
                value = string();
            } else {
                skip(t & 7);
            }
        }
        return Map.entry(key, value);
    }

    private boolean more() {
        return pos < end;
    }

    private long varint() {
        long result = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varint too long");
            }
        }
    }

    private int length() {
        long len = varint();
        if (len < 0 || pos + len > end) {
            throw new IllegalArgumentException("bad length " + len);
        }
        return (int) len;
    }

    private Protobuf sub() {
        int len = length();
        Protobuf p = new Protobuf(buf, pos, pos + len);
        pos += len;
        return p;
    }

    private byte[] bytes() {
        int len = length();
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    private String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    private void skip(int wire) {
        switch (wire) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> {
                int n = length(); // not "pos += length()": that would add to the position before the length was read
                pos += n;
            }
            case 5 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wire);
        }
    }
}
