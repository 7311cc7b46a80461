package io.streamsdr.aws.data;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.OptionalDependency;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and how to reach a MariaDB or MySQL database: host, port, database, user and the password as a
 * {@link Secret}. Immutable; {@code toString}, every message and every exception name
 * {@code host:port}, the database and the user, never the password (it travels in the driver's
 * properties, not in the JDBC URL).
 *
 * <pre>{@code
 * MariaDbConnection production = MariaDbConnection.to(db.endpoint().address(), db.endpoint().port())
 *         .database("streams").user("admin").password(password);      // e.g. Secret.of(System.getenv("DB_PASSWORD"))
 * String answer = production.answers();       // "SELECT 1 answered by MariaDB 11.4.5-MariaDB at ...:3306 (database streams) as 'admin'"
 * MariaDbConnection restored = production.withEndpoint(restoredHost, restoredPort);
 * }</pre>
 *
 * <p>Needs {@code org.mariadb.jdbc:mariadb-java-client:3.5.7} in runtime scope (dr-aws declares it optional); a
 * check without it names the artifact before any connection.
 */
public final class MariaDbConnection {
    /** The driver's artifact, named when it is missing. */
    public static final String DRIVER_ARTIFACT = "org.mariadb.jdbc:mariadb-java-client";
    static final String DRIVER_CLASS = "org.mariadb.jdbc.Driver";
    /** The driver, in the version dr-aws is built and tested with. */
    static final OptionalDependency DRIVER = OptionalDependency.ofClass(DRIVER_CLASS, DRIVER_ARTIFACT, "3.5.7");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Secret password;
    private final Duration timeout;

    private MariaDbConnection(String host, int port, String database, String user, Secret password, Duration timeout) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
    }

    /** The first part of a connection: where. */
    public static final class Endpoint {
        private final String host;
        private final int port;

        private Endpoint(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /**
         * The database, named as in {@code USE}.
         *
         * @throws InvalidConfigurationException when blank or not 1 to 64 letters, digits, '_' or '$'
         */
        public WithDatabase database(String database) {
            return new WithDatabase(this, name("database", database));
        }
    }

    /** The second part: which database. */
    public static final class WithDatabase {
        private final Endpoint endpoint;
        private final String database;

        private WithDatabase(Endpoint endpoint, String database) {
            this.endpoint = endpoint;
            this.database = database;
        }

        /**
         * The user.
         *
         * @throws InvalidConfigurationException when blank
         */
        public WithUser user(String user) {
            return new WithUser(this, Check.notBlank("user of MariaDB database '" + database + "'", user));
        }
    }

    /** The third part: who. */
    public static final class WithUser {
        private final WithDatabase db;
        private final String user;

        private WithUser(WithDatabase db, String user) {
            this.db = db;
            this.user = user;
        }

        /**
         * The password: the connection.
         *
         * @throws InvalidConfigurationException when null
         */
        public MariaDbConnection password(Secret password) {
            return new MariaDbConnection(db.endpoint.host, db.endpoint.port, db.database, user,
                    Check.notNull("password of MariaDB user '" + user + "'", password), Duration.ofSeconds(10));
        }
    }

    /**
     * Starts describing a connection to {@code host:port}.
     *
     * @throws InvalidConfigurationException when the host is blank or the port is not 1 to 65535
     */
    public static Endpoint to(String host, int port) {
        return new Endpoint(Check.notBlank("MariaDB host", host), port("MariaDB port", port));
    }

    private static int port(String field, int port) {
        if (port < 1 || port > 65_535) {
            throw new InvalidConfigurationException(field, "must be 1 to 65535, was " + port);
        }
        return port;
    }

    static String name(String what, String value) {
        Check.notBlank(what + " name", value);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidConfigurationException(what + " name '" + value + "'", "must be 1 to 64 letters, digits, '_' or '$'");
        }
        return value;
    }

    /**
     * The same database at another endpoint: the restored instance.
     *
     * @throws InvalidConfigurationException when the host is blank or the port is not 1 to 65535
     */
    public MariaDbConnection withEndpoint(String host, int port) {
        return new MariaDbConnection(Check.notBlank("MariaDB host", host), port("MariaDB port", port), database, user, password, timeout);
    }

    /**
     * A copy that gives up connecting, and waiting for an answer, after {@code timeout}; default 10 seconds.
     *
     * @throws InvalidConfigurationException when not positive
     */
    public MariaDbConnection withTimeout(Duration timeout) {
        return new MariaDbConnection(host, port, database, user, password, Check.positive("MariaDB timeout", timeout));
    }

    /** The host. */
    public String host() {
        return host;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** The database. */
    public String database() {
        return database;
    }

    /** The user. */
    public String user() {
        return user;
    }

    /** The password. */
    public Secret password() {
        return password;
    }

    /** {@code host:port}, as every message names the server. */
    public String address() {
        return host + ":" + port;
    }

    /**
     * Runs {@code SELECT 1} and {@code SELECT VERSION()} on the database: a real query, not a status.
     *
     * @return what answered, in words
     * @throws InvalidConfigurationException when the driver is not on the class path
     * @throws CallFailedException when it does not answer (wrong credentials, unreachable host, unknown database)
     */
    public String answers() {
        String call = "SELECT 1 on " + this;
        try (Connection c = open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1, VERSION()")) {
            r.next();
            if (r.getInt(1) != 1) {
                throw new CallFailedException(call, new SQLException("SELECT 1 answered " + r.getInt(1)));
            }
            return "SELECT 1 answered by MariaDB " + r.getString(2) + " at " + address() + " (database " + database + ") as '" + user + "'";
        } catch (SQLException e) {
            throw failed(call, e);
        }
    }

    /**
     * A new JDBC connection (the caller closes it).
     *
     * @throws InvalidConfigurationException when the driver is not on the class path (checked first, before any call)
     * @throws CallFailedException when the database refuses or cannot be reached
     */
    Connection open() {
        requireDriver(MariaDbConnection.class.getClassLoader());
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.reveal());
        p.setProperty("connectTimeout", String.valueOf(timeout.toMillis()));
        p.setProperty("socketTimeout", String.valueOf(timeout.toMillis()));
        try {
            return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/" + database, p);
        } catch (SQLException e) {
            throw failed("connect to " + this, e);
        }
    }

    /**
     * Fails, naming the artifact, when the MariaDB driver is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when it is missing
     */
    static void requireDriver(ClassLoader loader) {
        requireDriver(DRIVER, loader);
    }

    /**
     * Fails, naming the artifact, version and scope, when {@code driver} is not visible to {@code loader}.
     *
     * @throws InvalidConfigurationException when it is missing
     */
    static void requireDriver(OptionalDependency driver, ClassLoader loader) {
        OptionalDependency.require("the database checks", OptionalDependency.Scope.RUNTIME, "dr-aws declares the MariaDB JDBC driver optional",
                java.util.List.of(driver), loader);
    }

    /**
     * A failed call, its cause the driver's exception, or, when the driver's text holds the password
     * anywhere (message or causes), a copy of it with the password masked.
     */
    CallFailedException failed(String call, SQLException e) {
        return new CallFailedException(call, masked(e));
    }

    private Throwable masked(Throwable e) {
        String secret = password.reveal();
        boolean leaks = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!secret.isEmpty() && t.getMessage() != null && t.getMessage().contains(secret)) {
                leaks = true;
            }
        }
        if (!leaks) {
            return e;
        }
        SQLException copy = new SQLException(e.getMessage() == null ? null : e.getMessage().replace(secret, Secret.MASK),
                e instanceof SQLException s ? s.getSQLState() : null);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MariaDbConnection c && host.equals(c.host) && port == c.port && database.equals(c.database) && user.equals(c.user)
                && password.equals(c.password) && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user);
    }

    /** {@code MariaDB at host:port (database d) as 'user'}: never the password. */
    @Override
    public String toString() {
        return "MariaDB at " + address() + " (database " + database + ") as '" + user + "'";
    }
}
