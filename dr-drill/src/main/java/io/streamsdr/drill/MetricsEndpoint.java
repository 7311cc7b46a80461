package io.streamsdr.drill;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The drill's meters as Prometheus scrapes them: {@code GET /metrics} on a loopback port, answered with the
 * registry's text format, from one daemon thread. Never reachable from another host. Closed with the drill.
 */
final class MetricsEndpoint implements AutoCloseable {
    /** The content type of the Prometheus text format that {@code scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * Serves {@code registry} at {@code http://127.0.0.1:<port>/metrics}; port 0 takes any free one.
     *
     * @throws UncheckedIOException when the port cannot be bound (it is taken)
     */
    static MetricsEndpoint serve(PrometheusMeterRegistry registry, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "streams-dr-metrics");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(thread);
            server.createContext("/metrics", ex -> answer(ex, registry));
            server.start();
            return new MetricsEndpoint(server, thread);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serve the drill's meters on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange ex, PrometheusMeterRegistry registry) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "GET");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** Where a scraper finds the meters. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
