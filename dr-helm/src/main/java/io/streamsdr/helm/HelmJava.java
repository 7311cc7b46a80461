package io.streamsdr.helm;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DrException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.OptionalDependency;
import io.streamsdr.helm.internal.HelmOutput;
import io.streamsdr.helm.internal.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Helm} run inside the JVM by helm-java ({@code com.marcnuri.helm-java:helm-java}), which
 * embeds Helm 3.21 as a native library. Add the platform jar for your machine yourself (for
 * example {@code com.marcnuri.helm-java:linux-amd64:0.0.21}, 98 MB, in runtime scope) when your build tool is not
 * Maven: helm-java's pom brings it only through OS-activated Maven profiles. Every command checks first that it
 * is there, and names the jar of this platform when it is not.
 * A Go panic in the library would end the JVM: run it where that is acceptable (tests in their own
 * fork).
 *
 * <p>Values, overrides and secret values all reach Helm in one owner-only values file (deleted
 * afterwards): helm-java's {@code set()} goes through Helm's {@code --set} parser, where a comma
 * in a value would split it. Rollback: helm-java has none, so {@link #rollback} is a roll-forward:
 * an upgrade with the earlier revision's user-supplied values and {@code --reset-values}, which
 * makes a new revision with those values. A failed command is a {@link CallFailedException} naming
 * the command and the release, whose cause is Helm's error with every secret value masked. Immutable
 * and thread-safe; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * Helm helm = HelmJava.create().withKubeConfig(Path.of(System.getProperty("user.home"), ".kube", "config"));
 * }</pre>
 */
public final class HelmJava implements Helm {
    private static final Logger LOG = LoggerFactory.getLogger(HelmJava.class);
    private static final int TIMEOUT_SECONDS = 300;

    private final Path kubeConfig;
    private final Secret kubeConfigContents;
    private final OpenApiValidation openApiValidation;

    private HelmJava(Path kubeConfig, Secret kubeConfigContents, OpenApiValidation openApiValidation) {
        this.kubeConfig = kubeConfig;
        this.kubeConfigContents = kubeConfigContents;
        this.openApiValidation = openApiValidation;
    }

    /**
     * Helm on the cluster of the default kubeconfig ({@code $KUBECONFIG}, else {@code ~/.kube/config}),
     * with OpenAPI validation on, as the {@code helm} command would run.
     */
    public static HelmJava create() {
        return new HelmJava(null, null, OpenApiValidation.ENABLED);
    }

    /**
     * A copy on the cluster of this kubeconfig file (instead of the default one or of kubeconfig contents).
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmJava withKubeConfig(Path kubeConfig) {
        return new HelmJava(Check.notNull("kubeconfig", kubeConfig), null, openApiValidation);
    }

    /**
     * A copy on the cluster of this kubeconfig content (it holds credentials, hence a {@link Secret},
     * masked in every error), instead of a kubeconfig file.
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmJava withKubeConfigContents(Secret kubeConfigContents) {
        return new HelmJava(null, Check.notNull("kubeconfig contents", kubeConfigContents), openApiValidation);
    }

    /**
     * A copy that validates (or not) every install and upgrade, including {@link #rollback}'s
     * roll-forward, against the cluster's OpenAPI schema. {@link OpenApiValidation#DISABLED} for API
     * servers without an OpenAPI document, such as dr-testkit's Helm-capable mock.
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmJava withOpenApiValidation(OpenApiValidation openApiValidation) {
        return new HelmJava(kubeConfig, kubeConfigContents, Check.notNull("OpenAPI validation", openApiValidation));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release) {
        Check.notNull("release", release);
        return call("get values", release, List.of(), () -> Values.parse(kube(com.marcnuri.helm.Helm.get(release.name()).values()
                .withNamespace(release.namespace())).call()));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release, int revision) {
        Check.notNull("release", release);
        HelmBinary.checkRevision(revision);
        return call("get values --revision " + revision, release, List.of(), () -> Values.parse(kube(com.marcnuri.helm.Helm.get(release.name())
                .values().withNamespace(release.namespace()).withRevision(revision)).call()));
    }

    private com.marcnuri.helm.GetCommand.GetValuesSubcommand kube(com.marcnuri.helm.GetCommand.GetValuesSubcommand c) {
        return kubeConfig != null ? c.withKubeConfig(kubeConfig) : kubeConfigContents != null ? c.withKubeConfigContents(kubeConfigContents.reveal()) : c;
    }

    @Override
    public HelmRelease install(InstallRequest request) {
        Check.notNull("install request", request);
        Path values = valuesFile(request, "install");
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
            if (openApiValidation == OpenApiValidation.DISABLED) {
                c.disableOpenApiValidation();
            }
            if (kubeConfig != null) {
                c.withKubeConfig(kubeConfig);
            } else if (kubeConfigContents != null) {
                c.withKubeConfigContents(kubeConfigContents.reveal());
            }
            c.withTimeout(TIMEOUT_SECONDS);
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
        Check.notNull("upgrade request", request);
        Path values = valuesFile(request, "upgrade");
        Path repoConfig = null;
        try {
            com.marcnuri.helm.UpgradeCommand c = com.marcnuri.helm.Helm.upgrade(chartOf(request))
                    .withName(request.release().name()).withNamespace(request.release().namespace()).withValuesFile(values);
            request.version().ifPresent(c::withVersion);
            if (request.repository().isPresent()) {
                repoConfig = addRepository(request);
                c.withRepositoryConfig(repoConfig);
            }
            switch (request.previousValues()) {
                case REUSE -> c.reuseValues();
                case RESET -> c.resetValues();
                case HELM_DEFAULT -> { }
                }
            if (openApiValidation == OpenApiValidation.DISABLED) {
                c.disableOpenApiValidation();
            }
            if (kubeConfig != null) {
                c.withKubeConfig(kubeConfig);
            } else if (kubeConfigContents != null) {
                c.withKubeConfigContents(kubeConfigContents.reveal());
            }
            c.withTimeout(TIMEOUT_SECONDS);
            LOG.info("helm upgrade {} (chart {}, overrides {}, secret values {})", request.release(), request.chart(),
                    request.overrides().keySet(), request.secretKeys());
            com.marcnuri.helm.UpgradeCommand command = c;
            return call("upgrade", request.release(), request.secrets(), () -> release(request.release(), command.call()));
        } finally {
            Values.deleteQuietly(values);
            Values.deleteQuietly(repoConfig);
        }
    }

    private static Path valuesFile(ChartRequest request, String verb) {
        try {
            return Values.ownerOnlyFile(request.revealedValues());
        } catch (RuntimeException e) {
            throw new CallFailedException("write the values file of helm " + verb + " of release " + request.release(), e);
        }
    }

    private static String chartOf(ChartRequest request) {
        return request.repository().isPresent() ? "streams-dr-repo/" + request.chart() : request.chart();
    }

    private Path addRepository(ChartRequest request) {
        try {
            Path config = Files.createTempFile("streams-dr-repositories-", ".yaml");
            call("repo add " + request.repository().orElseThrow(), request.release(), List.of(), () -> com.marcnuri.helm.Helm.repo().add()
                    .withRepositoryConfig(config).withName("streams-dr-repo").withUrl(request.repository().orElseThrow()).call());
            return config;
        } catch (IOException e) {
            throw new CallFailedException("create a Helm repository file for release " + request.release(), e);
        }
    }

    @Override
    public void uninstall(ReleaseRef release) {
        Check.notNull("release", release);
        com.marcnuri.helm.UninstallCommand c = com.marcnuri.helm.Helm.uninstall(release.name()).withNamespace(release.namespace());
        com.marcnuri.helm.UninstallCommand command = kubeConfig != null ? c.withKubeConfig(kubeConfig)
                : kubeConfigContents != null ? c.withKubeConfigContents(kubeConfigContents.reveal()) : c;
        call("uninstall", release, List.of(), command::call);
    }

    @Override
    public List<HelmRevision> history(ReleaseRef release) {
        Check.notNull("release", release);
        com.marcnuri.helm.HistoryCommand c = com.marcnuri.helm.Helm.history(release.name()).withNamespace(release.namespace());
        com.marcnuri.helm.HistoryCommand command = kubeConfig != null ? c.withKubeConfig(kubeConfig)
                : kubeConfigContents != null ? c.withKubeConfigContents(kubeConfigContents.reveal()) : c;
        return call("history", release, List.of(), () -> {
            List<HelmRevision> out = new ArrayList<>();
            for (com.marcnuri.helm.ReleaseHistory h : command.call()) {
                out.add(HelmRevision.of(h.getRevision(), h.getStatus(), h.getChart(), h.getAppVersion(), h.getDescription(),
                        h.getUpdated() == null ? null : h.getUpdated().toInstant()));
            }
            out.sort(Comparator.comparingInt(HelmRevision::revision));
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
        return upgrade(UpgradeRequest.of(release, chart).withValues(old).withPreviousValues(PreviousValues.RESET).build());
    }

    private static HelmRelease release(ReleaseRef ref, com.marcnuri.helm.Release r) {
        int revision;
        try {
            revision = Integer.parseInt(r.getRevision());
        } catch (NumberFormatException e) {
            revision = 0;
        }
        return HelmRelease.of(ref, revision, r.getStatus(), r.getChart());
    }

    /** Runs a helm-java command; its failure becomes a CallFailedException with every secret masked. */
    private <T> T call(String verb, ReleaseRef release, List<Secret> secrets, Supplier<T> call) {
        requirePlatformJar(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), HelmJava.class.getClassLoader());
        try {
            return call.get();
        } catch (DrException e) {
            throw e;
        } catch (RuntimeException e) {
            List<Secret> masked = new ArrayList<>(secrets);
            if (kubeConfigContents != null) {
                masked.add(kubeConfigContents);
            }
            throw new CallFailedException("helm " + verb + " of release " + release, HelmOutput.safe(e, masked));
        }
    }

    /** The helm-java version dr-helm is built and tested with; its platform jars have the same one. */
    static final String HELM_JAVA_VERSION = "0.0.21";

    /**
     * The platform jar of helm-java for a JVM's {@code os.name} and {@code os.arch}: {@code linux-amd64},
     * {@code linux-arm64}, {@code darwin-amd64}, {@code darwin-arm64} or {@code windows-amd64}.
     *
     * @throws InvalidConfigurationException when helm-java has none for that platform
     */
    static OptionalDependency platformJar(String osName, String osArch) {
        String name = osName.toLowerCase(java.util.Locale.ROOT);
        String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") || name.startsWith("darwin") ? "darwin"
                : name.startsWith("windows") ? "windows" : null;
        String arch = switch (osArch.toLowerCase(java.util.Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        if (os == null || arch == null || (os.equals("windows") && arch.equals("arm64"))) {
            throw new InvalidConfigurationException("platform of HelmJava", "helm-java has no native library for " + osName + "/" + osArch
                    + " (it has linux-amd64, linux-arm64, darwin-amd64, darwin-arm64, windows-amd64): use HelmBinary with a helm executable");
        }
        String type = Character.toUpperCase(os.charAt(0)) + os.substring(1) + Character.toUpperCase(arch.charAt(0)) + arch.substring(1);
        return OptionalDependency.ofClass("com.marcnuri.helm.jni." + os + "." + arch + "." + type + "NativeLibrary",
                "com.marcnuri.helm-java:" + os + "-" + arch, HELM_JAVA_VERSION);
    }

    /**
     * Fails, naming the platform jar to add, when helm-java's native library for this platform is not
     * visible to {@code loader}: helm-java would otherwise download it from Maven Central while running
     * the first command (or fail offline with "No NativeLibrary implementation found").
     *
     * @throws InvalidConfigurationException when it is missing, or the platform has none
     */
    static void requirePlatformJar(String osName, String osArch, ClassLoader loader) {
        requirePlatformJar(platformJar(osName, osArch), osName + "/" + osArch, loader);
    }

    /**
     * {@link #requirePlatformJar(String, String, ClassLoader)} for a given jar.
     *
     * @throws InvalidConfigurationException when it is missing
     */
    static void requirePlatformJar(OptionalDependency jar, String platform, ClassLoader loader) {
        OptionalDependency.require("HelmJava", OptionalDependency.Scope.RUNTIME, "helm-java's pom adds the jar of the platform only"
                + " through Maven profiles activated by the OS, which Gradle and other tools ignore: add the one of the platform that runs"
                + " Helm, here " + platform + "; or use HelmBinary with a helm executable", List.of(jar), loader);
    }

    /** Where it connects; kubeconfig contents never show. */
    @Override
    public String toString() {
        return "HelmJava[" + (kubeConfig != null ? "kubeconfig " + kubeConfig : kubeConfigContents != null ? "kubeconfig contents "
                + Secret.MASK : "default kubeconfig") + (openApiValidation == OpenApiValidation.DISABLED ? ", OpenAPI validation disabled" : "")
                + "]";
    }
}
