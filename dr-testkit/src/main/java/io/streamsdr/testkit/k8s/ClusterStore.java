package io.streamsdr.testkit.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The objects stored in a {@link MockCluster}, read and written in-process (no HTTP, no watch
 * lag), for fakes that play a controller. Paths are API paths such as
 * {@code /api/v1/namespaces/streams/configmaps} or
 * {@code /apis/velero.io/v1/namespaces/velero/backups/b1}. Objects are JSON maps. Use it only from
 * a {@link MockCluster#onEveryRequest hook} or while holding {@link MockCluster#lock()}.
 */
public final class ClusterStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Function<RecordedRequest, MockResponse> dispatch;

    ClusterStore(Function<RecordedRequest, MockResponse> dispatch) {
        this.dispatch = dispatch;
    }

    /** The object at {@code path}, or null when there is none. */
    public Map<String, Object> get(String path) {
        MockResponse r = call(HttpMethod.GET, path, null);
        return r.code() == 200 ? parse(r) : null;
    }

    /** The items of the list at {@code path} (empty when none). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String path) {
        MockResponse r = call(HttpMethod.GET, path, null);
        if (r.code() != 200) {
            return List.of();
        }
        Object items = parse(r).get("items");
        return items instanceof List<?> l ? new ArrayList<>((List<Map<String, Object>>) l) : List.of();
    }

    /** Creates {@code object} in the collection at {@code path}; returns the HTTP status. */
    public int create(String path, Map<String, Object> object) {
        return call(HttpMethod.POST, path, object).code();
    }

    /** Replaces the object at {@code path} (the whole object, status included); returns the HTTP status. */
    public int update(String path, Map<String, Object> object) {
        return call(HttpMethod.PUT, path, object).code();
    }

    /** Deletes the object at {@code path}; returns the HTTP status. */
    public int delete(String path) {
        return call(HttpMethod.DELETE, path, null).code();
    }

    private MockResponse call(HttpMethod method, String path, Map<String, Object> body) {
        try {
            byte[] bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
            Headers headers = Headers.builder().add("Content-Type", "application/json").build();
            RecordedRequest request = new RecordedRequest(method.name() + " " + path + " HTTP/1.1", method, path, headers,
                    new Buffer(bytes));
            return dispatch.apply(request);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode " + path, e);
        }
    }

    private static Map<String, Object> parse(MockResponse r) {
        try {
            byte[] bytes = r.getBody() == null ? new byte[0] : r.getBody().getBytes();
            return MAPPER.readValue(new String(bytes, StandardCharsets.UTF_8), new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot decode a mock server response", e);
        }
    }

    /** A deep copy of a JSON map. */
    public static Map<String, Object> copy(Map<String, Object> object) {
        return MAPPER.convertValue(object, new TypeReference<Map<String, Object>>() { });
    }
}
