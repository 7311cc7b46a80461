/**
 * Helm releases: read values, upgrade with overrides in one revision, install, uninstall,
 * history, rollback, and wait for the rollout.
 *
 * <p>{@link io.streamsdr.helm.Helm} has two implementations: {@link io.streamsdr.helm.HelmJava}
 * (helm-java, Helm inside the JVM; the platform jar is your optional dependency) and
 * {@link io.streamsdr.helm.HelmBinary} (a {@code helm} executable, no shell), both configured the same
 * way: a factory, then {@code with*} copies. The runbook's re-point is a plan fragment:
 * {@link io.streamsdr.helm.ReleaseUpgrade#fragment(String)}, which carries its secret values. Velero's
 * AWS installation: {@link io.streamsdr.helm.VeleroInstall}. Releases are named in the order Helm reads
 * them: {@code ReleaseRef.named("streams").inNamespace("streams")}.
 */
package io.streamsdr.helm;
