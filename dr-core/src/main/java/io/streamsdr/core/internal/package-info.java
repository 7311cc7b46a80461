/**
 * Implementation of the plan engine, journals and report renderers. Not API: anything here may
 * change in any release. No type from this package appears in a public signature.
 *
 * <p>A run ({@link io.streamsdr.core.internal.PlanRun}) is put together from parts with one job each:
 * {@code RunJournal} (restore from the journal, the serialized writes, the first failure wins),
 * {@code Coordinator} (scheduling, the event queue, cancellation), {@code StepRunner} and
 * {@code Watchdog} (one step's attempts, retries and timeout), {@code AttemptContext} (what a step's
 * action sees), {@code ReportBuilder} (critical path, RPO, objectives), sharing a {@code RunScope}.
 * The HTML pages are {@link io.streamsdr.core.internal.HtmlReport} and
 * {@link io.streamsdr.core.internal.DrillRender}, with the timeline drawn by {@code TimelineSvg} and the
 * stylesheet and script read from this package's resources by {@code PageAssets}.
 */
package io.streamsdr.core.internal;
