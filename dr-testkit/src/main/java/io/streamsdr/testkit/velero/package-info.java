/**
 * A fake Velero controller over {@link io.streamsdr.testkit.k8s.MockCluster}: backups, schedules
 * and restores behave like Velero's on a {@link java.time.Clock} (dr-testkit's
 * {@link io.streamsdr.testkit.VirtualClock} in tests). Needs the fabric8 mock server and dr-velero
 * on the test classpath.
 */
package io.streamsdr.testkit.velero;
