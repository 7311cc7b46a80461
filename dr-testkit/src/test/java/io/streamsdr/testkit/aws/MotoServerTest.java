package io.streamsdr.testkit.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class MotoServerTest {

    @Test
    void aMissingServerFailsOnCiWithTheInstallHint() {
        assertThatThrownBy(() -> MotoServer.requireInstalled(false, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("moto_server is not on the PATH: install it with  pip install 'moto[server]==5.2.1'  (the version dr-testkit is"
                        + " tested with; it is no Java dependency, so no pom names it) (CI is set, so this fails instead of skipping)");
    }

    @Test
    void aMissingServerSkipsElsewhereWithTheInstallHint() {
        assertThatThrownBy(() -> MotoServer.requireInstalled(false, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("moto_server is not on the PATH: install it with  pip install 'moto[server]==5.2.1'  (the version dr-testkit is"
                        + " tested with; it is no Java dependency, so no pom names it)");
        assertThatThrownBy(() -> MotoServer.requireInstalled(false, "false")).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void anInstalledServerPasses() {
        assertThatCode(() -> MotoServer.requireInstalled(true, "true")).doesNotThrowAnyException();
    }
}
