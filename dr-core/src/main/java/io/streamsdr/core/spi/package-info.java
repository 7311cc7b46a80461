/**
 * Extension points, and the helpers for writing them. Stable: changes follow semantic versioning.
 * <ul>
 *   <li>{@link io.streamsdr.core.spi.Sleeper}: where the library waits (real time, or simulated time in
 *       tests);</li>
 *   <li>{@link io.streamsdr.core.spi.Journal}, {@link io.streamsdr.core.spi.JournalRecord},
 *       {@link io.streamsdr.core.spi.StepRecord}: where a run records its progress so it can resume;</li>
 *   <li>{@link io.streamsdr.core.spi.Check} and {@link io.streamsdr.core.spi.Durations}: for those who write a
 *       provider or their own {@link io.streamsdr.core.BackupTarget}, the library's own builder checks
 *       (field and rule in every message) and duration format;</li>
 *   <li>{@link io.streamsdr.core.spi.OptionalDependency}: for a provider with optional artifacts, the check that
 *       names the missing class, the artifact with its version and the scope, before anything starts.</li>
 * </ul>
 * Only {@code io.streamsdr.core} and {@code io.streamsdr.core.spi} are API; {@code io.streamsdr.core.internal}
 * may change in any release, and no other module imports it (a build check enforces this).
 */
package io.streamsdr.core.spi;
