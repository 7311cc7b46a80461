/**
 * The runnable local demo: a Streams failover plan on simulated services and a virtual clock
 * ({@link io.streamsdr.testkit.demo.LocalDemo}). Read it first to see the engine at work.
 */
package io.streamsdr.testkit.demo;
