package io.streamsdr.javadoc.drextension;

import io.streamsdr.core.PlanReport;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunOptions;
import io.streamsdr.core.Step;
import io.streamsdr.testkit.DrAssertions;
import io.streamsdr.testkit.DrExtension;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// The Javadoc example of DrExtension, compiled and run (JavadocExamplesTest keeps the two identical).
// JAVADOC:io.streamsdr.testkit.DrExtension:start
@ExtendWith(DrExtension.class)
class FailoverTest {
    @Test
    void restoresWithinTheRto(VirtualClock clock) {
        RestorePlan plan = RestorePlan.builder("failover")
            .withStep(Step.named("rds-restore").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20))))   // 20 virtual minutes
            .build();
        PlanReport report = plan.execute(RunOptions.defaults().withTime(clock, clock));
        DrAssertions.assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45));
    }
}
// JAVADOC:io.streamsdr.testkit.DrExtension:end
