/**
 * Extension points of the plan engine: where it sleeps ({@link io.streamsdr.core.spi.Sleeper}) and where
 * it records its progress ({@link io.streamsdr.core.spi.Journal}). Stable: changes follow semantic versioning.
 */
package io.streamsdr.core.spi;
