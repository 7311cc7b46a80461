package io.streamsdr.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.Wait;
import io.streamsdr.kafka.internal.Rules;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorHeartbeatConnector;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;

/**
 * A MirrorMaker 2 flow run as its three connectors (source, checkpoint, heartbeat) on an existing
 * Kafka Connect cluster, through the Connect REST API: the path for mirroring that outgrows one
 * process. The connector settings are the ones MM2's dedicated driver would give them (computed by
 * MM2's own {@link MirrorMakerConfig}), with byte-array converters so records arrive byte-identical.
 * Worker settings (offset flush interval, exactly-once support) belong to the Connect cluster.
 *
 * <p>Connector names: {@code <source>-<target>-mm2-source}, {@code -mm2-checkpoint}, {@code -mm2-heartbeat}.
 * {@link #stop(Poller)} stops them (KIP-875: config and offsets kept), {@link #start(Poller)} creates or
 * resumes them; while the Connect cluster rebalances (it answers 409) a call is sent again through the
 * given poller, for up to the request timeout. Error messages quote the REST answer with every
 * secret of the configuration masked.
 */
public final class ConnectMirror implements Mirror {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private final URI rest;
    private final MirrorConfig config;
    private final HttpClient http;
    private final Duration requestTimeout;

    private ConnectMirror(URI rest, MirrorConfig config, Duration requestTimeout) {
        this.rest = rest;
        this.config = config;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /**
     * The flow of {@code config} on the Connect cluster whose REST API is at {@code restUrl}.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when either is null, or the URL is not http(s)
     */
    public static ConnectMirror on(URI restUrl, MirrorConfig config) {
        Rules.notNull("Connect REST URL", restUrl);
        Rules.notNull("mirror config", config);
        if (!"http".equals(restUrl.getScheme()) && !"https".equals(restUrl.getScheme())) {
            throw new io.streamsdr.core.InvalidConfigurationException("Connect REST URL '" + restUrl + "'", "must be http:// or https://");
        }
        String s = restUrl.toString();
        return new ConnectMirror(URI.create(s.endsWith("/") ? s : s + "/"), config, Duration.ofSeconds(30));
    }

    /**
     * A copy whose REST calls time out after {@code timeout}; default 30 s.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when not positive
     */
    public ConnectMirror withRequestTimeout(Duration timeout) {
        return new ConnectMirror(rest, config, Rules.positive("Connect request timeout", timeout));
    }

    @Override
    public MirrorConfig config() {
        return config;
    }

    /** The three connector names. */
    public List<String> connectorNames() {
        return List.of(name("source"), name("checkpoint"), name("heartbeat"));
    }

    private String name(String kind) {
        return config.source().alias() + "-" + config.target().alias() + "-mm2-" + kind;
    }

    /** What each connector is given: MM2's own connector settings for this flow, byte-array converters. */
    Map<String, Map<String, String>> connectorConfigs() {
        MirrorMakerConfig mm2 = new MirrorMakerConfig(config.toProperties());
        SourceAndTarget flow = new SourceAndTarget(config.source().alias(), config.target().alias());
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Class<?>[] classes = {MirrorSourceConnector.class, MirrorCheckpointConnector.class, MirrorHeartbeatConnector.class};
        for (int i = 0; i < 3; i++) {
            Map<String, String> c = new HashMap<>(mm2.connectorBaseConfig(flow, classes[i]));
            c.remove("enabled");
            c.put("name", connectorNames().get(i));
            c.put("key.converter", BYTES);
            c.put("value.converter", BYTES);
            c.put("header.converter", BYTES);
            out.put(connectorNames().get(i), c);
        }
        return out;
    }

    @Override
    public void start(Poller poller) {
        Rules.notNull("poller", poller);
        connectorConfigs().forEach((name, c) -> {
            call("PUT", "connectors/" + enc(name) + "/config", JSON.valueToTree(c), poller, 200, 201);
            call("PUT", "connectors/" + enc(name) + "/resume", null, poller, 202, 200, 204);
        });
    }

    /**
     * Creates the source connector stopped, sets its offsets through the REST API (KIP-875), then
     * resumes it; the other two start as usual.
     *
     * @throws PreconditionFailedException when the source connector exists already (stop and
     *         {@link #delete(Poller) delete} it first)
     * @throws CallFailedException         when the Connect cluster refuses a call
     */
    @Override
    public void startAt(Map<TopicPartition, Long> nextOffsets, Poller poller) {
        Rules.notNull("offsets to start at", nextOffsets);
        Rules.notNull("poller", poller);
        Map<String, Map<String, String>> configs = connectorConfigs();
        String source = name("source");
        if (exists(source, poller)) {
            throw new PreconditionFailedException("a mirror's start offsets are set before it starts", "connector '" + source
                    + "' exists on Connect " + rest + "; setting where it starts would rewind or skip records", null);
        }
        ObjectNode create = JSON.createObjectNode();
        create.put("name", source);
        create.set("config", JSON.valueToTree(configs.get(source)));
        create.put("initial_state", "STOPPED");
        call("POST", "connectors", create, poller, 201);
        ArrayNode offsets = JSON.createArrayNode();
        nextOffsets.forEach((tp, next) -> {
            ObjectNode e = offsets.addObject();
            ObjectNode p = e.putObject("partition");
            p.put("cluster", config.source().alias());
            p.put("partition", tp.partition());
            p.put("topic", tp.topic());
            if (next > 0) {
                e.putObject("offset").put("offset", next - 1);
            } else {
                e.putNull("offset");
            }
        });
        ObjectNode patch = JSON.createObjectNode();
        patch.set("offsets", offsets);
        call("PATCH", "connectors/" + enc(source) + "/offsets", patch, poller, 200);
        start(poller);
    }

    /** Stops the three connectors (KIP-875: their config and offsets are kept); those that do not exist are skipped. */
    @Override
    public void stop(Poller poller) {
        Rules.notNull("poller", poller);
        for (String name : connectorNames()) {
            if (exists(name, poller)) {
                call("PUT", "connectors/" + enc(name) + "/stop", null, poller, 202, 204, 200);
            }
        }
    }

    /**
     * Deletes the three connectors (their offsets stay in the Connect cluster's offsets topic).
     *
     * @param poller what retries wait through
     * @throws CallFailedException when the Connect cluster refuses a call
     */
    public void delete(Poller poller) {
        Rules.notNull("poller", poller);
        for (String name : connectorNames()) {
            if (exists(name, poller)) {
                call("DELETE", "connectors/" + enc(name), null, poller, 204, 200);
            }
        }
    }

    /** Whether the source connector is RUNNING, from its status (one call, which a rebalance does not refuse). */
    @Override
    public boolean isRunning() {
        String path = "connectors/" + enc(name("source")) + "/status";
        HttpResponse<String> r = send("GET", path, null);
        if (r.statusCode() == 404) {
            return false; // absent, or created without a status yet
        }
        JsonNode status = body("GET", path, r, 200);
        return "RUNNING".equals(status.path("connector").path("state").asText());
    }

    @Override
    public Map<TopicPartition, Long> committedOffsets(Poller poller, Duration timeout) {
        Rules.notNull("poller", poller);
        Rules.positive("timeout of reading committed offsets", timeout);
        Map<TopicPartition, Long> out = new HashMap<>();
        String source = name("source");
        if (!exists(source, poller)) {
            return out;
        }
        JsonNode body = call("GET", "connectors/" + enc(source) + "/offsets", null, poller, 200);
        for (JsonNode e : body.path("offsets")) {
            JsonNode p = e.path("partition");
            JsonNode o = e.path("offset");
            if (config.source().alias().equals(p.path("cluster").asText()) && o.has("offset")) {
                out.put(new TopicPartition(p.path("topic").asText(), p.path("partition").asInt()), o.path("offset").asLong());
            }
        }
        return out;
    }

    /** Nothing to release: the connectors run on the Connect cluster and go on running (stop them with {@link #stop(Poller)}). */
    @Override
    public void close() {
        // the HTTP client holds no connection that needs closing
    }

    private boolean exists(String name, Poller poller) {
        return request("GET", "connectors/" + enc(name), null, poller).statusCode() == 200;
    }

    private JsonNode call(String method, String path, JsonNode body, Poller poller, int... ok) {
        return body(method, path, request(method, path, body, poller), ok);
    }

    /** The answer's JSON body when its status is one of {@code ok}; a {@link CallFailedException} with the (masked) answer otherwise. */
    private JsonNode body(String method, String path, HttpResponse<String> r, int... ok) {
        for (int code : ok) {
            if (r.statusCode() == code) {
                try {
                    return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
                } catch (IOException e) {
                    return JSON.createObjectNode();
                }
            }
        }
        throw new CallFailedException("Connect REST " + method + " " + rest.resolve(path),
                new IOException("answered " + r.statusCode() + ": " + mask(r.body())));
    }

    /**
     * Sends, and sends again through {@code poller} while the Connect cluster answers 409 (a rebalance
     * is in progress), for up to the request timeout.
     */
    private HttpResponse<String> request(String method, String path, JsonNode body, Poller poller) {
        return poller.await(Wait.<HttpResponse<String>>until("Connect REST " + method + " " + rest.resolve(path)
                                + " to be accepted (409: the Connect cluster is rebalancing)", () -> send(method, path, body))
                        .withSuccessWhen(r -> r.statusCode() != 409)
                        .withStateDescription(r -> "answered " + r.statusCode()),
                new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(250)), requestTimeout)).value().orElseThrow();
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        String call = "Connect REST " + method + " " + rest.resolve(path);
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(rest.resolve(path)).timeout(requestTimeout).header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailedException(call, new IOException(mask(e.getMessage()), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted during " + call);
        }
    }

    private String mask(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (Secret s : config.secrets()) {
            out = out.replace(s.reveal(), Secret.MASK);
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MirrorMaker 2 " + config.flow() + " on Connect " + rest;
    }
}
