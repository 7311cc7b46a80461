package io.streamsdr.testkit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * dr-testkit declares fabric8 optional: when an artifact is missing, {@link MockCluster#start()} names
 * the ones to add instead of failing inside fabric8 with "An error has occurred.".
 */
class MockClusterClasspathTest {

    @Test
    void aMissingClientIsNamedWithTheArtifactAndVersionToAdd() {
        Map<String, String> needs = new LinkedHashMap<>(MockCluster.REQUIRED_ARTIFACTS);
        needs.put("io.fabric8.kubernetes.client.impl.NoSuchKubernetesClientImpl", "io.fabric8:kubernetes-client");
        needs.remove("io.fabric8.kubernetes.client.impl.KubernetesClientImpl");

        assertThatThrownBy(() -> MockCluster.requireOnClasspath(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid test classpath of MockCluster: lacks io.fabric8:kubernetes-client (class"
                        + " io.fabric8.kubernetes.client.impl.NoSuchKubernetesClientImpl not found): add io.fabric8:kubernetes-client:"
                        + MockCluster.FABRIC8_VERSION + " as test dependencies (dr-testkit declares its Kubernetes fakes' dependencies"
                        + " optional; import io.fabric8:kubernetes-client-bom:" + MockCluster.FABRIC8_VERSION + " to align their versions)");
    }

    @Test
    void everyMissingArtifactIsNamedAtOnce() {
        Map<String, String> needs = new LinkedHashMap<>();
        needs.put("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer", "io.fabric8:kubernetes-server-mock");
        needs.put("io.fabric8.absent.One", "io.fabric8:kubernetes-client");
        needs.put("io.fabric8.absent.Two", "io.fabric8:kubernetes-httpclient-jdk");

        assertThatThrownBy(() -> MockCluster.requireOnClasspath(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid test classpath of MockCluster: lacks io.fabric8:kubernetes-client (class io.fabric8.absent.One"
                        + " not found), io.fabric8:kubernetes-httpclient-jdk (class io.fabric8.absent.Two not found): add"
                        + " io.fabric8:kubernetes-client:" + MockCluster.FABRIC8_VERSION + ", io.fabric8:kubernetes-httpclient-jdk:"
                        + MockCluster.FABRIC8_VERSION + " as test dependencies")
                .hasMessageNotContaining("kubernetes-server-mock");
    }

    @Test
    void theVersionNamedIsTheOneDrTestkitWasBuiltWith() {
        assertThat(MockCluster.FABRIC8_VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(io.fabric8.kubernetes.client.Version.clientVersion()).isEqualTo(MockCluster.FABRIC8_VERSION);
    }

    @Test
    void withEverythingPresentItStarts() {
        assertThatCode(() -> MockCluster.requireOnClasspath(MockCluster.REQUIRED_ARTIFACTS, getClass().getClassLoader()))
                .doesNotThrowAnyException();
        try (MockCluster cluster = MockCluster.start()) {
            assertThat(cluster.client().namespaces().list().getItems()).isEmpty();
        }
    }
}
