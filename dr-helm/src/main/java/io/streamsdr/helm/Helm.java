package io.streamsdr.helm;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import java.util.List;
import java.util.Map;

/**
 * Helm, as Streams DR uses it: read a release's values, install, upgrade, uninstall, history,
 * rollback. Two implementations: {@link HelmJava} runs Helm inside the JVM through helm-java (add
 * its platform jar, such as {@code com.marcnuri.helm-java:linux-amd64}, yourself), and
 * {@link HelmBinary} runs a {@code helm} executable you have. dr-testkit has a fake.
 *
 * <p>Values are nested maps as Helm's YAML holds them. Secret values (credentials) go in
 * {@link InstallRequest.Builder#withSecretValue} and reach Helm only through an owner-only values
 * file that is deleted afterwards; they never appear in arguments, logs or exceptions.
 *
 * <p>A failed Helm command is a {@link CallFailedException} naming the command and the release
 * ({@code "Call failed: helm upgrade of release streams/streams: ..."}), whose cause is what Helm
 * reported with every secret value masked. Configuration shared by every call (the cluster, OpenAPI
 * validation) is set once on the implementation, with {@code with*} copies.
 */
public interface Helm {

    /**
     * The user-supplied values of the release's current revision ({@code helm get values}).
     *
     * @throws CallFailedException when Helm fails (no such release, no access)
     */
    Map<String, Object> values(ReleaseRef release);

    /**
     * The user-supplied values of one revision ({@code helm get values --revision}).
     *
     * @throws InvalidConfigurationException when the revision is below 1
     * @throws CallFailedException           when Helm fails
     */
    Map<String, Object> values(ReleaseRef release, int revision);

    /**
     * Installs a chart.
     *
     * @throws CallFailedException when Helm fails
     */
    HelmRelease install(InstallRequest request);

    /**
     * Upgrades a release in one revision: the request's values and overrides are applied together.
     *
     * @throws CallFailedException when Helm fails
     */
    HelmRelease upgrade(UpgradeRequest request);

    /**
     * Uninstalls a release.
     *
     * @throws CallFailedException when Helm fails
     */
    void uninstall(ReleaseRef release);

    /**
     * The release's revisions, oldest first ({@code helm history}).
     *
     * @throws CallFailedException when Helm fails
     */
    List<HelmRevision> history(ReleaseRef release);

    /**
     * Returns the release to an earlier revision's values, as a new revision. {@link HelmBinary}
     * runs {@code helm rollback}; {@link HelmJava} (helm-java has no rollback) upgrades with that
     * revision's user-supplied values and {@code --reset-values}, a roll-forward with the same
     * effect on values but which re-renders the chart of {@code chart}.
     *
     * @param chart the chart to re-render with (used by roll-forward implementations)
     * @throws InvalidConfigurationException when the revision is below 1
     * @throws CallFailedException           when Helm fails
     */
    HelmRelease rollback(ReleaseRef release, int revision, String chart);
}
