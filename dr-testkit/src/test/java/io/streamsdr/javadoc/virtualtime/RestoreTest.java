package io.streamsdr.javadoc.virtualtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// The Javadoc example of VirtualTime, compiled and run (JavadocExamplesTest keeps the two identical).
// JAVADOC:io.streamsdr.testkit.VirtualTime:start
@ExtendWith(DrExtension.class)
class RestoreTest {
    @VirtualTime VirtualClock clock;

    @Test
    void startsAtTheDefaultInstant() {
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
    }
}
// JAVADOC:io.streamsdr.testkit.VirtualTime:end
