/**
 * The Streams DR API: what every provider and every user meets in. Three layers, each built on the
 * one before; a provider module (dr-aws, dr-kafka, dr-velero, dr-helm) plugs into all three through
 * two types, {@link io.streamsdr.core.BackupTarget} and {@link io.streamsdr.core.PlanFragment}.
 *
 * <h2>1. The engine: plans, steps, the journal, reports</h2>
 * A {@link io.streamsdr.core.RestorePlan} is a graph of {@link io.streamsdr.core.Step steps}. Each step
 * has an id, the steps it {@code dependsOn}, the {@link io.streamsdr.core.StepOutput outputs} it
 * {@code publishes} and {@code consumes} (the restored endpoint feeds the Helm upgrade), a timeout, a
 * {@link io.streamsdr.core.RetryPolicy} with its {@link io.streamsdr.core.Backoff}, read-only
 * {@link io.streamsdr.core.Precondition preconditions}, and its {@link io.streamsdr.core.StepAction},
 * which gets a {@link io.streamsdr.core.StepContext} per attempt. A plan can be previewed
 * ({@link io.streamsdr.core.PlanPreview}: nothing runs), executed, or started and cancelled
 * ({@link io.streamsdr.core.PlanExecution}); {@link io.streamsdr.core.RunOptions} give the run its time,
 * journal, parallelism, {@link io.streamsdr.core.FailurePolicy}, jitter seed and
 * {@link io.streamsdr.core.PlanListener listeners}. Independent branches run in parallel, so the RTO is
 * the critical path. Every change is written to the {@link io.streamsdr.core.spi.Journal journal}
 * before it takes effect: a run that died resumes from it, repeats no step that finished, and tells a
 * step it interrupted that it is resuming, with the checkpoints that step saved. A run ends in a
 * {@link io.streamsdr.core.PlanReport} (per {@link io.streamsdr.core.StepReport step}: start, end,
 * attempts, outputs; the critical path, the RTO, the RPO each component achieved against the
 * {@link io.streamsdr.core.Objectives}, as {@link io.streamsdr.core.ObjectiveResult results}),
 * rendered as JSON, text or one self-contained HTML page. Values of type
 * {@link io.streamsdr.core.Secret} never reach a report, an event, a log line or an exception message.
 *
 * <h2>2. Waiting: one poller on the run's time</h2>
 * Every wait in the library goes through the {@link io.streamsdr.core.Poller}:
 * {@code poller.await(wait, policy)}. A {@link io.streamsdr.core.Wait} is a probe plus
 * {@link io.streamsdr.core.Acceptor acceptors} with three outcomes (success, terminal failure, keep
 * polling; the first that matches wins), so a {@code Failed} phase fails at once
 * ({@link io.streamsdr.core.TerminalStateException}) instead of waiting out the
 * {@link io.streamsdr.core.PollPolicy}'s timeout ({@link io.streamsdr.core.TimedOutException}). The
 * outcome is a {@link io.streamsdr.core.WaitResult}; each look that did not end the wait is a
 * {@link io.streamsdr.core.WaitProgress}. The poller runs on a {@link java.time.Clock} and a
 * {@link io.streamsdr.core.spi.Sleeper}, so tests run hours of cloud time in milliseconds (dr-testkit's
 * {@code VirtualClock}).
 *
 * <p><b>Time comes from the run.</b> A {@link io.streamsdr.core.RunContext} carries the run's clock and
 * poller, a place for progress, {@code protect(secret)} and whether the run was cancelled. Inside a step
 * it is the {@link io.streamsdr.core.StepContext}, whose poller also stops at the step's timeout and at
 * cancellation; outside a plan, make one with {@link io.streamsdr.core.RunContext#of(io.streamsdr.core.Poller)}. Library
 * code never reads the system's time or sleeps on its own: only {@link io.streamsdr.core.RunOptions#defaults()},
 * {@link io.streamsdr.core.Poller#system()}, {@link io.streamsdr.core.RunContext#system()} and
 * {@link io.streamsdr.core.spi.Sleeper#system()} touch real time.
 *
 * <h2>3. Composition: Installation, then Failover, then Drill</h2>
 * <ul>
 *   <li>An {@link io.streamsdr.core.Installation} is described once, as the components it is made of,
 *       each a {@link io.streamsdr.core.BackupTarget} (take a {@link io.streamsdr.core.RecoveryPoint},
 *       list them, report the {@link io.streamsdr.core.ProtectionStatus}; every method takes the
 *       {@link io.streamsdr.core.RunContext} of its run). {@code backupAll(options)} takes a recovery
 *       point of every component in parallel, each on a step of its own, and returns a
 *       {@link io.streamsdr.core.BackupSet}.</li>
 *   <li>A {@link io.streamsdr.core.Failover} is one plan composed in stages from fragments: the
 *       restores in parallel, then ONE re-point (the application pointed at everything restored, in one
 *       rollout), then what comes after. It can be previewed ({@link io.streamsdr.core.FailoverPreview}:
 *       preconditions checked read-only, the data a failover now would lose) and executed.</li>
 *   <li>A {@link io.streamsdr.core.Drill} runs a failover for real, then its post-restore checks, then,
 *       always, its teardown, and gives the evidence in one {@link io.streamsdr.core.DrillReport}
 *       (every check a {@link io.streamsdr.core.CheckResult}).</li>
 * </ul>
 * <b>The provider contract is the {@link io.streamsdr.core.PlanFragment}</b>: ordered steps, their
 * entries and exits, the outputs they publish and the secrets they handle. Every provider hands out its
 * plan work as fragments; step ids and outputs are scoped by the fragment's id ({@code <id>} or
 * {@code <id>.<name>}), so two instances of one provider share a plan; secrets travel inside the
 * fragment and register themselves with every plan built from it.
 *
 * <pre>{@code
 * Installation streams = Installation.named("streams")
 *     .protect(database).protect(kafka).protect(namespace)   // three BackupTargets
 *     .build();
 * BackupSet backups = streams.backupAll(options);
 *
 * Failover failover = streams.failover("streams-failover")
 *     .restore(veleroRestore, rdsRestore, kafkaRestore)      // the providers' fragments, in parallel
 *     .repoint(helmUpgrade)                                  // reads the restores' outputs
 *     .then(resumeMirroring)
 *     .withObjectives(Objectives.none().withRto(Duration.ofMinutes(45)))
 *     .build();
 *
 * DrillReport report = failover.drill()
 *     .verify("restored database answers", () -> "SELECT 1 returned " + selectOne())
 *     .teardownIfRan(rdsRestore, "delete the restored instance", () -> deleteRestored())
 *     .run(options);
 * }</pre>
 *
 * <h2>The verb table</h2>
 * Written down once, here; every public type follows it.
 * <table>
 *   <caption>Verbs</caption>
 *   <tr><th>kind</th><th>form</th><th>examples</th></tr>
 *   <tr><td>factory</td><td>a noun, static</td><td>{@code RestorePlan.builder("x")}, {@code Step.named("x")},
 *       {@code PlanFragment.builder("rds")}, {@code PlanFragment.of(step)}, {@code Installation.named("streams")},
 *       {@code Poller.using(clock, sleeper)}, {@code RunContext.of(poller)}, {@code Wait.until(what, probe)},
 *       {@code Journal.file(path)}, {@code RetryPolicy.attempts(3)}</td></tr>
 *   <tr><td>value</td><td>{@code with*}</td><td>{@code withTimeout(d)}, {@code withRetry(p)},
 *       {@code withJournal(j)}, {@code withSecret(s)}, {@code withObjectives(o)};
 *       {@code withFragment(f)} adds a fragment's steps and the secrets it carries</td></tr>
 *   <tr><td>change a copy</td><td>{@code toBuilder()}</td><td>{@code step.toBuilder().dependsOn("velero-restore").build()},
 *       {@code fragment.toBuilder().withSecret(s).build()}: definitions are immutable, a builder is not,
 *       and {@code build()} copies</td></tr>
 *   <tr><td>relation between steps</td><td>a verb of the graph</td><td>{@code dependsOn("a")},
 *       {@code publishes(OUT)}, {@code consumes(OUT)}; on a fragment, {@code dependsOn(otherFragment)} is a
 *       copy whose entries wait for the other's exits</td></tr>
 *   <tr><td>protection</td><td>{@code protect}</td><td>{@code Installation.named("streams").protect(database)} puts a
 *       component under protection (backed up by {@code backupAll}, its RPO measured);
 *       {@code ctx.protect(secret)} masks a secret everywhere from then on</td></tr>
 *   <tr><td>stage of a failover</td><td>a verb of the runbook</td><td>{@code restore(fragments...)} (in parallel),
 *       {@code repoint(fragment)} (once, after every restore), {@code then(fragments...)} (after everything
 *       before)</td></tr>
 *   <tr><td>part of a drill</td><td>a verb of the runbook</td><td>{@code verify(name, check)} (after the plan
 *       succeeded), {@code teardown(name, action)} (always, last registered first),
 *       {@code teardownIfRan(fragmentOrStepId, name, action)} (only when that step started)</td></tr>
 *   <tr><td>listener</td><td>{@code on*}</td><td>{@code onEvents(listener)}, {@code onProgress(listener)}</td></tr>
 *   <tr><td>terminal</td><td>stands alone</td><td>{@code build()}, {@code preview()}, {@code execute(options)},
 *       {@code start(options)}, {@code awaitCompletion()}, {@code await(wait, policy)},
 *       {@code backupAll(options)}, {@code run(options)}</td></tr>
 * </table>
 * No {@code set*}, no filler {@code and()}; one form per option, and an enum rather than paired
 * booleans ({@link io.streamsdr.core.FailurePolicy}). Time is {@link java.time.Duration} and
 * {@link java.time.Instant}, named for what it means ({@code timeout}, {@code pollInterval},
 * {@code maxPollInterval}), with a documented default. What may be absent is an
 * {@link java.util.Optional}: lookups by id ({@code plan.step(id)}, {@code report.step(id)},
 * {@code installation.target(name)}) and accessors such as {@code StepReport.error()}.
 *
 * <h2>Errors</h2>
 * Unchecked, one hierarchy under {@link io.streamsdr.core.DrException}: bad values fail in the builder,
 * before any remote call, naming the field and the rule
 * ({@link io.streamsdr.core.InvalidConfigurationException}); a guard rail refuses a destructive action
 * and says how to proceed anyway ({@link io.streamsdr.core.PreconditionFailedException}); a step failed
 * for good ({@link io.streamsdr.core.StepFailedException}); a wait ran out of time or reached a state
 * it cannot leave ({@link io.streamsdr.core.TimedOutException},
 * {@link io.streamsdr.core.TerminalStateException}); a call to a service or a file failed
 * ({@link io.streamsdr.core.CallFailedException}, the cause kept whole).
 *
 * <p>Only this package and {@link io.streamsdr.core.spi} are API; {@code io.streamsdr.core.internal}
 * may change in any release.
 */
package io.streamsdr.core;
