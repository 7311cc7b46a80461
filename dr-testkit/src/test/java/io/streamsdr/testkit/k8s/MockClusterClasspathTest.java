package io.streamsdr.testkit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dr-testkit declares fabric8 optional: when an artifact is missing, {@link MockCluster#start()} names
 * the ones to add instead of failing inside fabric8 with "An error has occurred.".
 */
class MockClusterClasspathTest {
    private static final String V = MockCluster.FABRIC8_VERSION;

    @Test
    void aMissingClientIsNamedWithTheArtifactAndVersionToAdd() {
        List<OptionalDependency> needs = new ArrayList<>(MockCluster.REQUIRED_ARTIFACTS);
        needs.replaceAll(d -> d.artifact().equals("io.fabric8:kubernetes-client")
                ? OptionalDependency.ofClass("io.fabric8.kubernetes.client.impl.NoSuchKubernetesClientImpl", d.artifact(), d.version()) : d);

        assertThatThrownBy(() -> MockCluster.requireOnClasspath(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of MockCluster: lacks io.fabric8:kubernetes-client (class"
                        + " io.fabric8.kubernetes.client.impl.NoSuchKubernetesClientImpl not found): add io.fabric8:kubernetes-client:"
                        + V + " in test scope (dr-testkit declares its Kubernetes fakes' dependencies"
                        + " optional; import io.fabric8:kubernetes-client-bom:" + V + " to align their versions)");
    }

    @Test
    void everyMissingArtifactIsNamedAtOnce() {
        List<OptionalDependency> needs = List.of(
                OptionalDependency.ofClass("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer", "io.fabric8:kubernetes-server-mock", V),
                OptionalDependency.ofClass("io.fabric8.absent.One", "io.fabric8:kubernetes-client", V),
                OptionalDependency.ofClass("io.fabric8.absent.Two", "io.fabric8:kubernetes-httpclient-jdk", V));

        assertThatThrownBy(() -> MockCluster.requireOnClasspath(needs, getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of MockCluster: lacks io.fabric8:kubernetes-client (class io.fabric8.absent.One"
                        + " not found), io.fabric8:kubernetes-httpclient-jdk (class io.fabric8.absent.Two not found): add"
                        + " io.fabric8:kubernetes-client:" + V + ", io.fabric8:kubernetes-httpclient-jdk:" + V + " in test scope"
                        + " (dr-testkit declares its Kubernetes fakes' dependencies optional; import io.fabric8:kubernetes-client-bom:"
                        + V + " to align their versions)");
    }

    @Test
    void theVersionNamedIsTheOneDrTestkitWasBuiltWith() {
        assertThat(V).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(io.fabric8.kubernetes.client.Version.clientVersion()).isEqualTo(V);
        assertThat(MockCluster.REQUIRED_ARTIFACTS).extracting(OptionalDependency::version).containsOnly(V);
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
