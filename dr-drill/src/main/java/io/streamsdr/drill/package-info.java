/**
 * The Streams failover drill on embedded real parts: the recipe that composes the providers, and the
 * runnable local drill (README command 1).
 */
package io.streamsdr.drill;
