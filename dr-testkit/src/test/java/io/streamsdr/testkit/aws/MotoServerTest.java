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
                .hasMessageContaining("pip install 'moto[server]'")
                .hasMessageContaining("CI is set");
    }

    @Test
    void aMissingServerSkipsElsewhereWithTheInstallHint() {
        assertThatThrownBy(() -> MotoServer.requireInstalled(false, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("pip install 'moto[server]'");
        assertThatThrownBy(() -> MotoServer.requireInstalled(false, "false")).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void anInstalledServerPasses() {
        assertThatCode(() -> MotoServer.requireInstalled(true, "true")).doesNotThrowAnyException();
    }
}
