/**
 * The Streams DR API: what every provider meets in.
 *
 * <h2>The two ideas</h2>
 * <ul>
 *   <li>{@link io.streamsdr.core.BackupTarget}: one protected component that takes
 *       {@link io.streamsdr.core.RecoveryPoint recovery points} and reports its
 *       {@link io.streamsdr.core.ProtectionStatus protection status} (RPO, healthy or why not).</li>
 *   <li>{@link io.streamsdr.core.RestorePlan}: a graph of {@link io.streamsdr.core.Step steps} that can be
 *       previewed, run with independent branches in parallel, and resumed from a journal; a run gives a
 *       {@link io.streamsdr.core.PlanReport report}.</li>
 * </ul>
 * Every wait goes through the {@link io.streamsdr.core.Poller} on an injectable clock and
 * {@link io.streamsdr.core.spi.Sleeper sleeper}.
 *
 * <h2>The verb table</h2>
 * Written down once, here; every public type follows it.
 * <table>
 *   <caption>Verbs</caption>
 *   <tr><th>kind</th><th>form</th><th>examples</th></tr>
 *   <tr><td>factory</td><td>a noun, static</td><td>{@code RestorePlan.builder("x")}, {@code Step.named("x")},
 *       {@code Poller.using(clock, sleeper)}, {@code Journal.file(path)}, {@code RetryPolicy.attempts(3)}</td></tr>
 *   <tr><td>value</td><td>{@code with*}</td><td>{@code withTimeout(d)}, {@code withRetry(p)},
 *       {@code withJournal(j)}</td></tr>
 *   <tr><td>relation between steps</td><td>a verb of the graph</td><td>{@code dependsOn("a")},
 *       {@code publishes(OUT)}, {@code consumes(OUT)}</td></tr>
 *   <tr><td>listener</td><td>{@code on*}</td><td>{@code onEvents(listener)}, {@code onProgress(listener)}</td></tr>
 *   <tr><td>terminal</td><td>stands alone</td><td>{@code build()}, {@code preview()}, {@code execute()},
 *       {@code start()}, {@code awaitCompletion()}, {@code await(wait, policy)}</td></tr>
 * </table>
 * No {@code set*}, no filler {@code and()}. Time is {@link java.time.Duration} and
 * {@link java.time.Instant}, named for what it means ({@code timeout}, {@code pollInterval},
 * {@code maxPollInterval}), with a documented default.
 *
 * <h2>Errors</h2>
 * Unchecked, one hierarchy under {@link io.streamsdr.core.DrException}. Bad values fail in the
 * builder ({@link io.streamsdr.core.InvalidConfigurationException}), before any remote call, naming
 * the field and the rule.
 */
package io.streamsdr.core;
