package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import io.streamsdr.testkit.aws.MariaDbEngine;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The RDS contract against the in-memory RDS whose instances are real MariaDB servers (dr-testkit's
 * MariaDbEngine): the same states on virtual time, every create and restore a real server. After each test
 * the engine is closed and nothing it started still listens.
 */
class MariaDbRdsContractTest extends RdsContractTest {
    @TempDir
    Path dir;
    MariaDbEngine engine;
    InMemoryRds rds;
    InMemoryRds other;
    final List<InetSocketAddress> started = new ArrayList<>();

    @Override
    void resetBackend() {
        clock = VirtualClock.create();
        engine = MariaDbEngine.start(dir.resolve("engine"));
        rds = InMemoryRds.builder(clock).withEngine(engine).build();
        other = InMemoryRds.builder(clock).withRegion("us-east-1").withEngine(engine).build().linkRegion(rds);
    }

    @AfterEach
    void nothingListensAfterTheEngineClosed() {
        started.addAll(engine.listening().values());
        engine.close();
        for (InetSocketAddress a : started) {
            try (Socket s = new Socket()) {
                s.connect(a, 300);
                throw new AssertionError("still listening: " + a);
            } catch (java.io.IOException expected) {
                // closed, as it must be
            }
        }
        assertThat(dir.resolve("engine")).doesNotExist();
    }

    @Override
    RdsClient client() {
        return rds;
    }

    @Override
    RdsClient otherRegionClient() {
        return other;
    }

    @Override
    String subnetGroup() {
        return "streams-private";
    }

    @Override
    String securityGroup() {
        return "sg-0123456789abcdef0";
    }

    @Override
    String parameterGroup() {
        return "streams-mariadb";
    }
}
