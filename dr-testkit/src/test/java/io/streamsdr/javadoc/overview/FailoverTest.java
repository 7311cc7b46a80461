package io.streamsdr.javadoc.overview;

import io.streamsdr.core.Failover;
import io.streamsdr.core.Installation;
import io.streamsdr.core.PlanFragment;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.DrAssertions;
import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.FakeBackupTarget;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// The Javadoc example of the package io.streamsdr.testkit, compiled and run (JavadocExamplesTest keeps the two identical).
// JAVADOC:io.streamsdr.testkit.package-info:start
@ExtendWith(DrExtension.class)
class FailoverTest {
    @Test
    void failsOverWithinTheRto(VirtualClock clock) {
        FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(7));
        Failover failover = Installation.named("streams").protect(rds).build().failover("streams-failover")
            .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20)))))
            .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(2)))))
            .build();
        PlanReport report = failover.execute(RunOptions.defaults().withTime(clock, clock));
        DrAssertions.assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45));
        DrAssertions.assertThat(report).step("rds-restore").ranOnce();
    }
}
// JAVADOC:io.streamsdr.testkit.package-info:end
