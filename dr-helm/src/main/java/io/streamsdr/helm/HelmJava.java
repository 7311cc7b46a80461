package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.helm.internal.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Helm} run inside the JVM by helm-java ({@code com.marcnuri.helm-java:helm-java}), which
 * embeds Helm 3.21 as a native library. Add the platform jar for your machine yourself (for
 * example {@code com.marcnuri.helm-java:linux-amd64}, 98 MB); Streams DR does not force it on you.
 * A Go panic in the library would end the JVM: run it where that is acceptable (tests in their own
 * fork).
 *
 * <p>Values, overrides and secret values all reach Helm in one owner-only values file (deleted
 * afterwards): helm-java's {@code set()} goes through Helm's {@code --set} parser, where a comma
 * in a value would split it. Rollback: helm-java has none, so {@link #rollback} is a roll-forward:
 * an upgrade with the earlier revision's user-supplied values and {@code --reset-values}, which
 * makes a new revision with those values. Immutable and thread-safe.
 *
 * <pre>{@code
 * Helm helm = HelmJava.withKubeConfig(Path.of(System.getProperty("user.home"), ".kube", "config"));
 * }</pre>
 */
public final class HelmJava implements Helm {
    private static final Logger LOG = LoggerFactory.getLogger(HelmJava.class);

    private final Path kubeConfig;
    private final Secret kubeConfigContents;
    private final int timeoutSeconds;
    private final boolean disableOpenApiValidation;

    private HelmJava(Path kubeConfig, Secret kubeConfigContents, int timeoutSeconds, boolean disableOpenApiValidation) {
        this.kubeConfig = kubeConfig;
        this.kubeConfigContents = kubeConfigContents;
        this.timeoutSeconds = timeoutSeconds;
        this.disableOpenApiValidation = disableOpenApiValidation;
    }

    /**
     * A copy that skips Helm's OpenAPI validation on every install and upgrade (including
     * {@link #rollback}'s roll-forward), for API servers without an OpenAPI document such as
     * dr-testkit's Helm-capable mock.
     */
    public HelmJava withOpenApiValidationDisabled() {
        return new HelmJava(kubeConfig, kubeConfigContents, timeoutSeconds, true);
    }

    /**
     * Helm on the cluster of this kubeconfig file.
     *
     * @throws InvalidConfigurationException when null
     */
    public static HelmJava withKubeConfig(Path kubeConfig) {
        if (kubeConfig == null) {
            throw new InvalidConfigurationException("kubeconfig", "must not be null");
        }
        return new HelmJava(kubeConfig, null, 300, false);
    }

    /**
     * Helm on the cluster of this kubeconfig content (it holds credentials, hence a {@link Secret}).
     *
     * @throws InvalidConfigurationException when null
     */
    public static HelmJava withKubeConfigContents(Secret kubeConfigContents) {
        if (kubeConfigContents == null) {
            throw new InvalidConfigurationException("kubeconfig contents", "must not be null");
        }
        return new HelmJava(null, kubeConfigContents, 300, false);
    }

    @Override
    public Map<String, Object> values(ReleaseRef release) {
        return call("get values", release, List.of(), () -> Values.parse(kube(com.marcnuri.helm.Helm.get(release.name()).values()
                .withNamespace(release.namespace())).call()));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release, int revision) {
        HelmBinary.checkRevision(revision);
        return call("get values", release, List.of(), () -> Values.parse(kube(com.marcnuri.helm.Helm.get(release.name()).values()
                .withNamespace(release.namespace()).withRevision(revision)).call()));
    }

    private com.marcnuri.helm.GetCommand.GetValuesSubcommand kube(com.marcnuri.helm.GetCommand.GetValuesSubcommand c) {
        return kubeConfig != null ? c.withKubeConfig(kubeConfig) : c.withKubeConfigContents(kubeConfigContents.reveal());
    }

    @Override
    public HelmRelease install(InstallRequest request) {
        Path values = Values.ownerOnlyFile(request.revealedValues());
        Path repoConfig = null;
        try {
            com.marcnuri.helm.InstallCommand c = com.marcnuri.helm.Helm.install(chartOf(request))
                    .withName(request.release().name()).withNamespace(request.release().namespace()).withValuesFile(values);
            request.version().ifPresent(c::withVersion);
            if (request.repository().isPresent()) {
                repoConfig = addRepository(request);
                c.withRepositoryConfig(repoConfig);
            }
            if (request.createNamespace()) {
                c.createNamespace();
            }
            if (request.disableOpenApiValidation() || disableOpenApiValidation) {
                c.disableOpenApiValidation();
            }
            c = kubeConfig != null ? c.withKubeConfig(kubeConfig) : c.withKubeConfigContents(kubeConfigContents.reveal());
            c.withTimeout(timeoutSeconds);
            LOG.info("helm install {} (chart {}, overrides {}, secret values {})", request.release(), request.chart(),
                    request.overrides().keySet(), request.secretKeys());
            com.marcnuri.helm.InstallCommand command = c;
            return call("install", request.release(), request.secrets(), () -> release(request.release(), command.call()));
        } finally {
            Values.deleteQuietly(values);
            Values.deleteQuietly(repoConfig);
        }
    }

    @Override
    public HelmRelease upgrade(UpgradeRequest request) {
        Path values = Values.ownerOnlyFile(request.revealedValues());
        Path repoConfig = null;
        try {
            com.marcnuri.helm.UpgradeCommand c = com.marcnuri.helm.Helm.upgrade(chartOf(request))
                    .withName(request.release().name()).withNamespace(request.release().namespace()).withValuesFile(values);
            request.version().ifPresent(c::withVersion);
            if (request.repository().isPresent()) {
                repoConfig = addRepository(request);
                c.withRepositoryConfig(repoConfig);
            }
            if (request.reuseValues()) {
                c.reuseValues();
            }
            if (request.resetValues()) {
                c.resetValues();
            }
            if (request.disableOpenApiValidation() || disableOpenApiValidation) {
                c.disableOpenApiValidation();
            }
            c = kubeConfig != null ? c.withKubeConfig(kubeConfig) : c.withKubeConfigContents(kubeConfigContents.reveal());
            c.withTimeout(timeoutSeconds);
            LOG.info("helm upgrade {} (chart {}, overrides {}, secret values {})", request.release(), request.chart(),
                    request.overrides().keySet(), request.secretKeys());
            com.marcnuri.helm.UpgradeCommand command = c;
            return call("upgrade", request.release(), request.secrets(), () -> release(request.release(), command.call()));
        } finally {
            Values.deleteQuietly(values);
            Values.deleteQuietly(repoConfig);
        }
    }

    private static String chartOf(ChartRequest request) {
        return request.repository().isPresent() ? "streams-dr-repo/" + request.chart() : request.chart();
    }

    private Path addRepository(ChartRequest request) {
        try {
            Path config = Files.createTempFile("streams-dr-repositories-", ".yaml");
            com.marcnuri.helm.Helm.repo().add().withRepositoryConfig(config).withName("streams-dr-repo")
                    .withUrl(request.repository().orElseThrow()).call();
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void uninstall(ReleaseRef release) {
        com.marcnuri.helm.UninstallCommand c = com.marcnuri.helm.Helm.uninstall(release.name()).withNamespace(release.namespace());
        com.marcnuri.helm.UninstallCommand command = kubeConfig != null ? c.withKubeConfig(kubeConfig)
                : c.withKubeConfigContents(kubeConfigContents.reveal());
        call("uninstall", release, List.of(), command::call);
    }

    @Override
    public List<HelmRevision> history(ReleaseRef release) {
        com.marcnuri.helm.HistoryCommand c = com.marcnuri.helm.Helm.history(release.name()).withNamespace(release.namespace());
        com.marcnuri.helm.HistoryCommand command = kubeConfig != null ? c.withKubeConfig(kubeConfig)
                : c.withKubeConfigContents(kubeConfigContents.reveal());
        return call("history", release, List.of(), () -> {
            List<HelmRevision> out = new ArrayList<>();
            for (com.marcnuri.helm.ReleaseHistory h : command.call()) {
                out.add(new HelmRevision(h.getRevision(), h.getStatus(), h.getChart(), h.getAppVersion(), h.getDescription(),
                        h.getUpdated() == null ? null : h.getUpdated().toInstant()));
            }
            out.sort(java.util.Comparator.comparingInt(HelmRevision::revision));
            return out;
        });
    }

    /**
     * A roll-forward (helm-java has no rollback): upgrades {@code chart} with revision
     * {@code revision}'s user-supplied values and {@code --reset-values}, making a new revision.
     */
    @Override
    public HelmRelease rollback(ReleaseRef release, int revision, String chart) {
        Map<String, Object> old = values(release, revision);
        return upgrade(UpgradeRequest.of(release, chart).withValues(old).withResetValues().build());
    }

    private static HelmRelease release(ReleaseRef ref, com.marcnuri.helm.Release r) {
        int revision;
        try {
            revision = Integer.parseInt(r.getRevision());
        } catch (NumberFormatException e) {
            revision = 0;
        }
        return new HelmRelease(ref, revision, r.getStatus(), r.getChart());
    }

    private <T> T call(String verb, ReleaseRef release, List<Secret> secrets, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            List<Secret> masked = new ArrayList<>(secrets);
            if (kubeConfigContents != null) {
                masked.add(kubeConfigContents);
            }
            throw new HelmException("helm " + verb + " on " + release + " failed: " + HelmBinary.mask(String.valueOf(e.getMessage()), masked));
        }
    }

    @Override
    public String toString() {
        return "HelmJava[" + (kubeConfig != null ? "kubeconfig " + kubeConfig : "kubeconfig contents " + Secret.MASK) + "]";
    }
}
