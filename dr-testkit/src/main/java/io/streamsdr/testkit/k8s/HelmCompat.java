package io.streamsdr.testkit.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What fabric8's CRUD mock lacks for real Helm (client-go) to run against it: static discovery
 * ({@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/g/v}), 404 for
 * {@code /openapi/*} (so use Helm's disable-OpenAPI-validation), a JSON Content-Type on every
 * answer, typed list kinds ({@code SecretList}, not {@code List}), protobuf {@code Secret} and
 * {@code DeleteOptions} request bodies decoded (Helm's release storage sends them), other protobuf
 * bodies refused with 415, and strategic-merge patches applied (the CRUD mock answers them 415).
 */
final class HelmCompat implements MockCluster.RequestFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** group/version → resources as {plural, Kind, namespaced}. */
    private static final Map<String, List<String[]>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("v1", List.<String[]>of(r("configmaps", "ConfigMap", true), r("secrets", "Secret", true), r("services", "Service", true),
                r("serviceaccounts", "ServiceAccount", true), r("pods", "Pod", true), r("persistentvolumeclaims", "PersistentVolumeClaim", true),
                r("events", "Event", true), r("endpoints", "Endpoints", true), r("namespaces", "Namespace", false),
                r("persistentvolumes", "PersistentVolume", false), r("nodes", "Node", false)));
        RESOURCES.put("apps/v1", List.<String[]>of(r("deployments", "Deployment", true), r("statefulsets", "StatefulSet", true),
                r("daemonsets", "DaemonSet", true), r("replicasets", "ReplicaSet", true)));
        RESOURCES.put("batch/v1", List.<String[]>of(r("jobs", "Job", true), r("cronjobs", "CronJob", true)));
        RESOURCES.put("rbac.authorization.k8s.io/v1", List.<String[]>of(r("roles", "Role", true), r("rolebindings", "RoleBinding", true),
                r("clusterroles", "ClusterRole", false), r("clusterrolebindings", "ClusterRoleBinding", false)));
        RESOURCES.put("networking.k8s.io/v1", List.<String[]>of(r("ingresses", "Ingress", true), r("networkpolicies", "NetworkPolicy", true)));
        RESOURCES.put("policy/v1", List.<String[]>of(r("poddisruptionbudgets", "PodDisruptionBudget", true)));
        RESOURCES.put("autoscaling/v2", List.<String[]>of(r("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)));
        RESOURCES.put("apiextensions.k8s.io/v1", List.<String[]>of(r("customresourcedefinitions", "CustomResourceDefinition", false)));
        RESOURCES.put("velero.io/v1", List.<String[]>of(r("backups", "Backup", true), r("schedules", "Schedule", true),
                r("restores", "Restore", true), r("backupstoragelocations", "BackupStorageLocation", true),
                r("volumesnapshotlocations", "VolumeSnapshotLocation", true)));
    }

    private static String[] r(String plural, String kind, boolean namespaced) {
        return new String[] {plural, kind, Boolean.toString(namespaced)};
    }

    @Override
    public MockResponse filter(RecordedRequest request, ClusterStore store, Function<RecordedRequest, MockResponse> next) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        MockResponse discovery = discovery(request.method(), bare);
        if (discovery != null) {
            return discovery;
        }
        String contentType = request.getHeader("Content-Type");
        RecordedRequest forwarded = request;
        if (contentType != null && contentType.contains("protobuf")) {
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
            if (!Protobuf.isEnvelope(body)) {
                return json(415, status(415, "UnsupportedMediaType", "protobuf body without the k8s envelope"));
            }
            Protobuf.Envelope envelope = Protobuf.envelope(body);
            byte[] json;
            if ("Secret".equals(envelope.kind())) {
                json = write(Protobuf.secret(envelope.raw()));
            } else if ("DeleteOptions".equals(envelope.kind())) {
                json = new byte[0];
            } else {
                return json(415, status(415, "UnsupportedMediaType", "the Helm-capable mock decodes only Secret and DeleteOptions"
                        + " protobuf bodies, not " + envelope.kind()));
            }
            forwarded = rebuild(request, request.method(), path, json);
        } else if (request.method() == HttpMethod.PATCH && contentType != null && contentType.contains("strategic-merge-patch")) {
            return strategicMerge(request, path, next);
        }
        return fix(next.apply(forwarded), request, bare);
    }

    private MockResponse strategicMerge(RecordedRequest request, String path, Function<RecordedRequest, MockResponse> next) {
        Map<String, Object> patch = read(request.getBody() == null ? new byte[0] : request.getBody().getBytes());
        MockResponse current = next.apply(rebuild(request, HttpMethod.GET, path, new byte[0]));
        if (current.code() != 200) {
            return fix(current, request, path);
        }
        Map<String, Object> merged;
        try {
            merged = StrategicMergePatch.apply(read(current.getBody().getBytes()), patch);
        } catch (IllegalArgumentException e) {
            return json(422, status(422, "Invalid", e.getMessage()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) merged.get("metadata");
        if (meta != null) {
            meta.remove("resourceVersion");
        }
        return fix(next.apply(rebuild(request, HttpMethod.PUT, path, write(merged))), request, path);
    }

    private static RecordedRequest rebuild(RecordedRequest original, HttpMethod method, String path, byte[] body) {
        Headers headers = original.getHeaders().newBuilder().set("Content-Type", "application/json").removeAll("Content-Length").build();
        return new RecordedRequest(method.name() + " " + path + " HTTP/1.1", method, path, headers, new Buffer(body));
    }

    /** Sets the JSON content type and gives lists their typed kind. */
    private MockResponse fix(MockResponse response, RecordedRequest request, String bare) {
        response.setHeader("Content-Type", "application/json");
        if (request.method() == HttpMethod.GET && response.code() == 200 && !request.getPath().contains("watch=")
                && response.getBody() != null) {
            byte[] body = response.getBody().getBytes();
            if (body.length > 0 && new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8).contains("\"List\"")) {
                Map<String, Object> list = read(body);
                String[] gvr = resourceOf(bare);
                if ("List".equals(list.get("kind")) && gvr != null) {
                    list.put("kind", gvr[1] + "List");
                    list.put("apiVersion", gvr[0]);
                    response.setBody(new Buffer(write(list)));
                }
            }
        }
        return response;
    }

    /** {groupVersion, Kind} of a collection path, or null. */
    private static String[] resourceOf(String path) {
        String[] p = path.split("/");
        String gv;
        int i;
        if (p.length > 2 && p[1].equals("api")) {
            gv = p[2];
            i = 3;
        } else if (p.length > 3 && p[1].equals("apis")) {
            gv = p[2] + "/" + p[3];
            i = 4;
        } else {
            return null;
        }
        if (p.length > i + 1 && p[i].equals("namespaces")) {
            i += 2;
        }
        if (p.length != i + 1) {
            return null;
        }
        for (String[] r : RESOURCES.getOrDefault(gv, List.of())) {
            if (r[0].equals(p[i])) {
                return new String[] {gv, r[1]};
            }
        }
        return null;
    }

    private MockResponse discovery(HttpMethod method, String path) {
        if (method != HttpMethod.GET) {
            return null;
        }
        if (path.startsWith("/openapi")) {
            return json(404, status(404, "NotFound", "this mock serves no OpenAPI document: disable Helm's OpenAPI validation"));
        }
        switch (path) {
            case "/version" -> {
                return json(200, Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.0", "gitCommit", "mock", "gitTreeState", "clean",
                        "buildDate", "2026-01-01T00:00:00Z", "goVersion", "go1.22.0", "compiler", "gc", "platform", "linux/amd64"));
            }
            case "/api" -> {
                return json(200, Map.of("kind", "APIVersions", "versions", List.of("v1"),
                        "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1"))));
            }
            case "/apis" -> {
                List<Map<String, Object>> groups = new ArrayList<>();
                RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> groups.add(group(gv)));
                return json(200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
            }
            default -> {
                String gv = path.startsWith("/api/") ? path.substring(5) : path.startsWith("/apis/") ? path.substring(6) : null;
                if (gv != null && RESOURCES.containsKey(gv)) {
                    List<Map<String, Object>> resources = new ArrayList<>();
                    for (String[] r : RESOURCES.get(gv)) {
                        resources.add(Map.of("name", r[0], "singularName", r[1].toLowerCase(java.util.Locale.ROOT),
                                "namespaced", Boolean.parseBoolean(r[2]), "kind", r[1],
                                "verbs", List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")));
                    }
                    return json(200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", gv, "resources", resources));
                }
                if (gv != null && !gv.contains("/") && RESOURCES.keySet().stream().anyMatch(k -> k.startsWith(gv + "/"))) {
                    String full = RESOURCES.keySet().stream().filter(k -> k.startsWith(gv + "/")).findFirst().orElseThrow();
                    Map<String, Object> g = new LinkedHashMap<>(group(full));
                    g.put("kind", "APIGroup");
                    g.put("apiVersion", "v1");
                    return json(200, g);
                }
                return null;
            }
        }
    }

    private static Map<String, Object> group(String gv) {
        String[] parts = gv.split("/");
        Map<String, Object> version = Map.of("groupVersion", gv, "version", parts[1]);
        return Map.of("name", parts[0], "versions", List.of(version), "preferredVersion", version);
    }

    private static Map<String, Object> status(int code, String reason, String message) {
        return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "message", message, "reason", reason, "code", code);
    }

    private static MockResponse json(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(new Buffer(write(body)));
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> read(byte[] body) {
        try {
            return body.length == 0 ? new LinkedHashMap<>() : JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }
}
