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
 *
 * <p><b>IAM enforced.</b> {@link #startEnforcingIam()} starts a server of its own on which every AWS call
 * must be signed with the access key of an IAM user that {@link #createUser} made, and is allowed only
 * when that user's policy allows the action: moto's {@code INITIAL_NO_AUTH_ACTION_COUNT=0}. A refused call
 * fails with HTTP 403 {@code AccessDenied} "User: arn:aws:iam::123456789012:user/NAME is not authorized
 * to perform: rds:ACTION", an unknown key with {@code InvalidClientTokenId}. What moto checks: the action
 * names of Allow and Deny statements, wildcards included. What it does not: resource ARNs (it checks every
 * call against the resource {@code *}, so a statement scoped to ARNs allows nothing here) and conditions
 * (ignored: a statement with a condition applies as if it had none).
 *
 * <pre>{@code
 * try (MotoServer moto = MotoServer.startEnforcingIam()) {
 *     MotoServer.IamUser admin = moto.createUser("admin", MotoServer.ALLOW_ALL);
 *     MotoServer.IamUser snapshots = moto.createUser("snapshots", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
 *             + "\"Allow\",\"Action\":[\"rds:DescribeDBInstances\",\"rds:CreateDBSnapshot\"],\"Resource\":\"*\"}]}");
 *     // SDK clients with AwsBasicCredentials.create(snapshots.accessKeyId(), snapshots.secretAccessKey().reveal())
 * }
 * }</pre>
 */
public final class MotoServer implements AutoCloseable {
    /** How to install moto's server. */
    public static final String INSTALL_HINT = "moto_server is not on the PATH: install it with  pip install 'moto[server]==5.2.1'  (the"
            + " version dr-testkit is tested with; it is no Java dependency, so no pom names it)";
    /** A policy document that allows everything, for the user that sets up a test's fixtures. */
    public static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";
    private static final Pattern RUNNING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final boolean enforcesIam;
    private final List<String> output = new ArrayList<>();

    private MotoServer(Process process, int port, boolean enforcesIam) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.enforcesIam = enforcesIam;
    }

    /**
     * An IAM user on a server that {@linkplain #startEnforcingIam() enforces IAM}, with its access key.
     *
     * @param name            the user name
     * @param arn             {@code arn:aws:iam::123456789012:user/<name>}, as AccessDenied messages name it
     * @param accessKeyId     the access key id ({@code AKIA...})
     * @param secretAccessKey its secret, masked in {@code toString}
     */
    public record IamUser(String name, String arn, String accessKeyId, io.streamsdr.core.Secret secretAccessKey) {
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

    /**
     * Returns when moto_server is installed; otherwise fails with {@link #INSTALL_HINT} if the environment
     * variable {@code CI} is set, or skips the test with it. For a test that starts a server of its own
     * ({@link #startEnforcingIam()}) instead of the shared one.
     */
    public static void requireInstalled() {
        requireInstalled(isInstalled(), System.getenv("CI"));
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
        return start(false);
    }

    /**
     * Starts a new server of its own that enforces IAM from its first AWS call (moto's
     * {@code INITIAL_NO_AUTH_ACTION_COUNT=0}): make users with {@link #createUser}, sign with their keys.
     * {@link #reset()} deletes the users too. Close it when done; never share it with tests that expect
     * moto's usual anything-goes.
     *
     * @throws IllegalStateException when moto_server is not installed or does not start
     */
    public static MotoServer startEnforcingIam() {
        return start(true);
    }

    /** Whether this server enforces IAM ({@link #startEnforcingIam()}). */
    public boolean enforcesIam() {
        return enforcesIam;
    }

    /**
     * Creates an IAM user with {@code policyDocument} as its only (inline) policy, and an access key for it.
     * On a server that enforces IAM, the three IAM calls are made with enforcement lifted for their
     * duration (moto's {@code /moto-api/reset-auth}), so make no other call meanwhile.
     *
     * @throws IllegalArgumentException when the name is not 1 to 64 letters, digits or {@code +=,.@_-}, or the policy is blank
     * @throws IllegalStateException    when moto refuses (a malformed policy, a user that exists)
     */
    public synchronized IamUser createUser(String userName, String policyDocument) {
        if (userName == null || !USER_NAME.matcher(userName).matches()) {
            throw new IllegalArgumentException("IAM user name must be 1 to 64 letters, digits or +=,.@_-, was '" + userName + "'");
        }
        if (policyDocument == null || policyDocument.isBlank()) {
            throw new IllegalArgumentException("policy document of IAM user '" + userName + "' must not be blank");
        }
        if (enforcesIam) {
            authAfter("inf");
        }
        try {
            String user = query("iam", "us-east-1", "Action=CreateUser&Version=2010-05-08&UserName=" + form(userName));
            query("iam", "us-east-1", "Action=PutUserPolicy&Version=2010-05-08&UserName=" + form(userName) + "&PolicyName=policy&PolicyDocument="
                    + form(policyDocument));
            String key = query("iam", "us-east-1", "Action=CreateAccessKey&Version=2010-05-08&UserName=" + form(userName));
            return new IamUser(userName, element(user, "Arn"), element(key, "AccessKeyId"),
                    io.streamsdr.core.Secret.of(element(key, "SecretAccessKey")));
        } finally {
            if (enforcesIam) {
                authAfter("0");
            }
        }
    }

    private void authAfter(String unauthenticatedCalls) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/reset-auth").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "text/plain"); // as a form, moto reads no body and answers 500
            c.getOutputStream().write(unauthenticatedCalls.getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
            if (status != 200) {
                throw new IllegalStateException("moto reset-auth answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String form(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalStateException("moto's answer has no <" + name + ">: " + xml.replaceAll("<SecretAccessKey>[^<]*", "<SecretAccessKey>****"));
        }
        return m.group(1);
    }

    private static MotoServer start(boolean enforceIam) {
        String exe = executable();
        if (exe == null) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p0");
            if (enforceIam) {
                pb.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "0");
            }
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
        MotoServer server = new MotoServer(p, found, enforceIam);
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
        return "MotoServer[" + endpoint + (enforcesIam ? ", IAM enforced" : "") + "]";
    }
}
