package io.streamsdr.testkit.aws;

import io.streamsdr.core.Acceptor;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code moto_server} (Python moto, the AWS mock) on a free loopback port: started with
 * {@code -H 127.0.0.1 -p0}, its port read from the "Running on" line it prints on stderr, ready once
 * {@code /moto-api/data.json} answers 200. One per test JVM through {@link #shared()}, stopped when the
 * JVM exits; {@link #reset()} clears every service's state between tests.
 *
 * <p>When {@code moto_server} is not on the PATH, {@link #sharedOrSkip()} skips the test with an install
 * hint, or fails with it when the environment variable {@code CI} is set.
 */
public final class MotoServer implements AutoCloseable {
    /** How to install moto's server. */
    public static final String INSTALL_HINT = "moto_server is not on the PATH: install it with  pip install 'moto[server]'  (tested with moto 5.2.1)";
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final List<String> output = new ArrayList<>();

    private MotoServer(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /** Whether {@code moto_server} is on the PATH. */
    public static boolean isInstalled() {
        return executable() != null;
    }

    /** The server shared by this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            MotoServer s = start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "moto-server-stop"));
            shared = s;
        }
        return shared;
    }

    /**
     * {@link #shared()}, or, when moto_server is missing: a failure with {@link #INSTALL_HINT} if the
     * environment variable {@code CI} is set, a skipped test with it otherwise.
     */
    public static MotoServer sharedOrSkip() {
        requireInstalled(isInstalled(), System.getenv("CI"));
        return shared();
    }

    /** Whether the value of the environment variable {@code CI} says this is a CI run. */
    static boolean isCi(String ci) {
        return ci != null && !ci.isEmpty() && !"false".equalsIgnoreCase(ci);
    }

    /** Fails (CI set) or skips (otherwise) with the install hint when moto_server is not installed. */
    static void requireInstalled(boolean installed, String ci) {
        if (installed) {
            return;
        }
        if (isCi(ci)) {
            throw new IllegalStateException(INSTALL_HINT + " (CI is set, so this fails instead of skipping)");
        }
        Assumptions.abort(INSTALL_HINT);
    }

    /** Starts a new server; close it when done. */
    public static MotoServer start() {
        String exe = executable();
        if (exe == null) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p0");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + exe + ": " + e.getMessage(), e);
        }
        BlockingQueue<Integer> port = new ArrayBlockingQueue<>(1);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        if (lines.size() < 200) {
                            lines.add(line);
                        }
                    }
                    Matcher m = RUNNING.matcher(line);
                    if (m.find()) {
                        port.offer(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "moto-server-stderr");
        reader.setDaemon(true);
        reader.start();
        Integer found;
        try {
            found = port.poll(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
        if (found == null) {
            p.destroy();
            synchronized (lines) {
                throw new IllegalStateException("moto_server printed no 'Running on http://127.0.0.1:<port>' line within 60 s; it said: " + lines);
            }
        }
        MotoServer server = new MotoServer(p, found);
        server.awaitReady();
        return server;
    }

    /** The endpoint to give SDK clients ({@code endpointOverride}). */
    public URI endpoint() {
        return endpoint;
    }

    /** Clears the state of every service ({@code POST /moto-api/reset}). */
    public void reset() {
        int status = request("POST", "/moto-api/reset");
        if (status != 200) {
            throw new IllegalStateException("moto reset answered HTTP " + status);
        }
    }

    /**
     * Sends a raw AWS query API request (form-encoded, unsigned; moto reads the service and region from
     * the Authorization header) and returns the response body. For fixtures the SDK modules on the
     * classpath cannot make (EC2 subnets, say).
     */
    public String query(String service, String region, String formBody) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
            c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/" + region + "/" + service
                    + "/aws4_request, SignedHeaders=host, Signature=0");
            c.getOutputStream().write(formBody.getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            byte[] body = (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
            if (status >= 400) {
                throw new IllegalStateException(service + " query answered HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        Wait<Integer> ready = Wait.<Integer>until("moto_server at " + endpoint + " to answer", () -> request("GET", "/moto-api/data.json"))
                .withAcceptor(Acceptor.successWhen(s -> s == 200))
                .withAcceptor(Acceptor.retryOnError(e -> e instanceof UncheckedIOException));
        Poller.system().await(ready, new PollPolicy(Duration.ZERO, Backoff.exponential(Duration.ofMillis(50), 1.5, Duration.ofMillis(500)),
                Duration.ofSeconds(30)));
    }

    private int request(String method, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if ("POST".equals(method)) {
                c.setDoOutput(true);
                c.getOutputStream().close();
            }
            int status = c.getResponseCode();
            (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, "moto_server");
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint + "]";
    }
}
