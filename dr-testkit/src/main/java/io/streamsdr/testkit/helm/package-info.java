/**
 * A fake {@link io.streamsdr.helm.Helm} that keeps releases, revisions and values in memory and,
 * given a Kubernetes client, applies installs and upgrades to the release's Deployment environment.
 * Needs dr-helm on the test classpath.
 */
package io.streamsdr.testkit.helm;
