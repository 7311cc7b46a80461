/**
 * Helm releases: read values, upgrade with overrides in one revision, install, uninstall,
 * history, rollback, and wait for the rollout.
 *
 * <p>{@link io.streamsdr.helm.Helm} has two implementations: {@link io.streamsdr.helm.HelmJava}
 * (helm-java, Helm inside the JVM; the platform jar is your optional dependency) and
 * {@link io.streamsdr.helm.HelmBinary} (a {@code helm} executable, no shell). The runbook's re-point
 * is a plan step: {@link io.streamsdr.helm.ReleaseUpgrade}. Velero's AWS installation:
 * {@link io.streamsdr.helm.VeleroInstall}.
 */
package io.streamsdr.helm;
