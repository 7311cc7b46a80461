package io.streamsdr.javadoc.drresources;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.DrResources;
import io.streamsdr.testkit.k8s.MockCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// The Javadoc example of DrResources, compiled and run (JavadocExamplesTest keeps the two identical).
// JAVADOC:io.streamsdr.testkit.DrResources:start
@ExtendWith(DrExtension.class)
class FailoverTest {
    @Test
    void failsOver(DrResources resources) {
        MockCluster cluster = resources.register(MockCluster.start());   // closed after the test
        assertThat(cluster.client().namespaces().list().getItems()).isEmpty();
    }
}
// JAVADOC:io.streamsdr.testkit.DrResources:end
