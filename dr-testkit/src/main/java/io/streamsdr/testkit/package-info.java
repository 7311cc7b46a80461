/**
 * Test support for Streams DR and for your own DR drills. Published as {@code io.streamsdr:dr-testkit};
 * use it in test scope.
 *
 * <ul>
 *   <li>{@link io.streamsdr.testkit.VirtualClock}: simulated time, a clock and a sleeper in one, so a
 *       40-minute restore runs in milliseconds.</li>
 *   <li>{@link io.streamsdr.testkit.ScaledClock}: simulated time running a fixed factor faster than
 *       real time, for drills that mix real parts (Kafka, Helm) with simulated ones on one clock.</li>
 *   <li>{@link io.streamsdr.testkit.FakeBackupTarget}: a backup target with latency on that clock,
 *       its own ids, computed RPO and health, scripted failures and call counts.</li>
 *   <li>{@link io.streamsdr.testkit.DrExtension}: JUnit 5 extension giving each test a fresh clock
 *       ({@link io.streamsdr.testkit.VirtualTime @VirtualTime} fields or parameters) and
 *       {@link io.streamsdr.testkit.DrResources} closed after the test.</li>
 *   <li>{@link io.streamsdr.testkit.DrAssertions}: AssertJ assertions for plan reports, their steps
 *       and protection statuses, with messages that show what the report holds.</li>
 *   <li>{@link io.streamsdr.testkit.RecordingPlanListener}: records every event of a run, in order,
 *       with the helpers a test asserts with (starts and ends in order, a step's events and progress,
 *       one line per event).</li>
 *   <li>{@link io.streamsdr.testkit.CrashingJournal}: a journal that makes the process "die" before or
 *       after a chosen write, to prove that a resumed run repeats no side effect.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(DrExtension.class)
 * class FailoverTest {
 *     @Test
 *     void failsOverWithinTheRto(VirtualClock clock) {
 *         FakeBackupTarget rds = FakeBackupTarget.named("rds").withClock(clock).withRecoveryPointLatency(Duration.ofMinutes(7));
 *         Failover failover = Installation.named("streams").protect(rds).build().failover("streams-failover")
 *             .restore(PlanFragment.of(Step.named("rds-restore").withAction(ctx -> ctx.sleep(Duration.ofMinutes(20)))))
 *             .repoint(PlanFragment.of(Step.named("helm-upgrade").withAction(ctx -> ctx.sleep(Duration.ofMinutes(2)))))
 *             .build();
 *         PlanReport report = failover.execute(RunOptions.defaults().withTime(clock, clock));
 *         DrAssertions.assertThat(report).succeeded().rtoAtMost(Duration.ofMinutes(45));
 *         DrAssertions.assertThat(report).step("rds-restore").ranOnce();
 *     }
 * }
 * }</pre>
 *
 * <p>The runnable Streams drill on embedded real parts is in the {@code dr-drill} module.
 */
package io.streamsdr.testkit;
