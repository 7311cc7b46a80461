/**
 * Test support for Streams DR and for your own DR drills: {@link io.streamsdr.testkit.VirtualClock}
 * (simulated time), fakes that behave like the real services, a JUnit 5 extension and AssertJ
 * assertions for reports. Published as {@code io.streamsdr:dr-testkit}; use it in test scope.
 */
package io.streamsdr.testkit;
