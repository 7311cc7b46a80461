package io.streamsdr.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.helm.internal.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Helm} through a {@code helm} executable (Helm 3.8 or later), for users who have one. Runs
 * it with {@link ProcessBuilder} and an argument list: no shell, so nothing in a value is ever
 * interpreted. Values go in an owner-only values file ({@code -f}, deleted afterwards); overrides
 * are passed as {@code --set-string key=value} with Helm's escapes for {@code \} and {@code ,};
 * secret values go only in the file, and are masked in anything Helm prints. Rollback is
 * {@code helm rollback}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Helm helm = HelmBinary.onPath().withKubeConfig(Path.of("/home/me/.kube/config"));
 * }</pre>
 */
public final class HelmBinary implements Helm {
    private static final Logger LOG = LoggerFactory.getLogger(HelmBinary.class);

    private final Path executable;
    private final Path kubeConfig;
    private final String kubeContext;
    private final Duration commandTimeout;

    private HelmBinary(Path executable, Path kubeConfig, String kubeContext, Duration commandTimeout) {
        this.executable = executable;
        this.kubeConfig = kubeConfig;
        this.kubeContext = kubeContext;
        this.commandTimeout = commandTimeout;
    }

    /** The {@code helm} found on the {@code PATH}, the default kubeconfig, 10 minutes per command. */
    public static HelmBinary onPath() {
        return new HelmBinary(Path.of("helm"), null, null, Duration.ofMinutes(10));
    }

    /**
     * The executable at {@code executable}.
     *
     * @throws InvalidConfigurationException when null
     */
    public static HelmBinary at(Path executable) {
        if (executable == null) {
            throw new InvalidConfigurationException("helm executable", "must not be null");
        }
        return new HelmBinary(executable, null, null, Duration.ofMinutes(10));
    }

    /**
     * A copy that uses this kubeconfig file ({@code --kubeconfig}).
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmBinary withKubeConfig(Path kubeConfig) {
        if (kubeConfig == null) {
            throw new InvalidConfigurationException("kubeconfig", "must not be null");
        }
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout);
    }

    /**
     * A copy that uses this kubeconfig context ({@code --kube-context}).
     *
     * @throws InvalidConfigurationException when blank or starting with '-'
     */
    public HelmBinary withKubeContext(String kubeContext) {
        if (kubeContext == null || kubeContext.isBlank() || kubeContext.startsWith("-")) {
            throw new InvalidConfigurationException("kube context '" + kubeContext + "'", "must be a non-blank name not starting with '-'");
        }
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout);
    }

    /**
     * A copy that stops a command after {@code commandTimeout} (default 10 minutes).
     *
     * @throws InvalidConfigurationException when null, zero or negative
     */
    public HelmBinary withCommandTimeout(Duration commandTimeout) {
        if (commandTimeout == null || commandTimeout.isZero() || commandTimeout.isNegative()) {
            throw new InvalidConfigurationException("command timeout", "must be positive, was " + commandTimeout);
        }
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout);
    }

    @Override
    public Map<String, Object> values(ReleaseRef release) {
        return Values.parse(run(List.of("get", "values", release.name(), "-n", release.namespace(), "-o", "json"), List.of(), release));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release, int revision) {
        checkRevision(revision);
        return Values.parse(run(List.of("get", "values", release.name(), "-n", release.namespace(), "--revision",
                Integer.toString(revision), "-o", "json"), List.of(), release));
    }

    @Override
    public HelmRelease install(InstallRequest request) {
        List<String> args = new ArrayList<>(List.of("install", request.release().name(), request.chart(), "-n", request.release().namespace()));
        if (request.createNamespace()) {
            args.add("--create-namespace");
        }
        return withValues(args, request, "install");
    }

    @Override
    public HelmRelease upgrade(UpgradeRequest request) {
        List<String> args = new ArrayList<>(List.of("upgrade", request.release().name(), request.chart(), "-n", request.release().namespace()));
        if (request.reuseValues()) {
            args.add("--reuse-values");
        }
        if (request.resetValues()) {
            args.add("--reset-values");
        }
        return withValues(args, request, "upgrade");
    }

    private HelmRelease withValues(List<String> args, ChartRequest request, String verb) {
        request.version().ifPresent(v -> {
            args.add("--version");
            args.add(v);
        });
        request.repository().ifPresent(r -> {
            args.add("--repo");
            args.add(r.toString());
        });
        if (request.disableOpenApiValidation()) {
            args.add("--disable-openapi-validation");
        }
        // The file holds the values and the secret values; overrides come after it as --set-string, so they win.
        Map<String, Object> revealed = request.revealedValues();
        Map<String, Object> file = request.values();
        for (String key : request.secretKeys()) {
            file = Values.with(file, key, Values.get(revealed, key));
        }
        Path valuesFile = Values.ownerOnlyFile(file);
        try {
            args.add("-f");
            args.add(valuesFile.toString());
            request.overrides().forEach((k, v) -> {
                args.add("--set-string");
                args.add(k + "=" + Values.escapeForSet(v));
            });
            args.add("-o");
            args.add("json");
            LOG.info("helm {} {} (chart {}, overrides {}, secret values {})", verb, request.release(), request.chart(),
                    request.overrides().keySet(), request.secretKeys());
            return release(run(args, request.secrets(), request.release()), request.release());
        } finally {
            Values.deleteQuietly(valuesFile);
        }
    }

    @Override
    public void uninstall(ReleaseRef release) {
        run(List.of("uninstall", release.name(), "-n", release.namespace()), List.of(), release);
    }

    @Override
    public List<HelmRevision> history(ReleaseRef release) {
        String out = run(List.of("history", release.name(), "-n", release.namespace(), "-o", "json"), List.of(), release);
        List<Map<String, Object>> rows = Values.readJson(out, new TypeReference<List<Map<String, Object>>>() { });
        List<HelmRevision> revisions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            revisions.add(new HelmRevision(((Number) r.get("revision")).intValue(), (String) r.get("status"), (String) r.get("chart"),
                    (String) r.get("app_version"), (String) r.get("description"), instant(r.get("updated"))));
        }
        return revisions;
    }

    /** Runs {@code helm rollback}; {@code chart} is not needed. */
    @Override
    public HelmRelease rollback(ReleaseRef release, int revision, String chart) {
        checkRevision(revision);
        run(List.of("rollback", release.name(), Integer.toString(revision), "-n", release.namespace()), List.of(), release);
        List<HelmRevision> h = history(release);
        HelmRevision last = h.get(h.size() - 1);
        return new HelmRelease(release, last.revision(), last.status(), last.chart());
    }

    static void checkRevision(int revision) {
        if (revision < 1) {
            throw new InvalidConfigurationException("revision", "must be 1 or more, was " + revision);
        }
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(o)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static HelmRelease release(String json, ReleaseRef ref) {
        Map<String, Object> r = Values.readJson(json, new TypeReference<Map<String, Object>>() { });
        Map<String, Object> info = r.get("info") instanceof Map ? (Map<String, Object>) r.get("info") : Map.of();
        Map<String, Object> chart = r.get("chart") instanceof Map ? (Map<String, Object>) r.get("chart") : Map.of();
        Map<String, Object> meta = chart.get("metadata") instanceof Map ? (Map<String, Object>) chart.get("metadata") : Map.of();
        String chartName = meta.get("name") == null ? null : meta.get("name") + "-" + meta.get("version");
        Object version = r.get("version");
        return new HelmRelease(ref, version instanceof Number n ? n.intValue() : 0, (String) info.get("status"), chartName);
    }

    /** The full command line: global flags, then {@code args}. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        if (kubeConfig != null) {
            command.add("--kubeconfig");
            command.add(kubeConfig.toString());
        }
        if (kubeContext != null) {
            command.add("--kube-context");
            command.add(kubeContext);
        }
        return command;
    }

    private String run(List<String> args, List<Secret> secrets, ReleaseRef release) {
        List<String> command = command(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new HelmException("cannot run " + executable + " (" + e.getMessage() + "); install Helm 3 or use HelmJava");
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new HelmException("helm " + args.get(0) + " on " + release + " did not finish within " + commandTimeout);
            }
            String stderr = err.join();
            if (process.exitValue() != 0) {
                throw new HelmException("helm " + args.get(0) + " on " + release + " failed with exit code " + process.exitValue()
                        + ": " + mask(stderr.strip(), secrets));
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HelmException("helm " + args.get(0) + " on " + release + " was interrupted");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mask(String text, List<Secret> secrets) {
        String masked = text;
        for (Secret s : secrets) {
            masked = masked.replace(s.reveal(), Secret.MASK);
        }
        return masked;
    }

    @Override
    public String toString() {
        return "HelmBinary[" + executable + (kubeConfig == null ? "" : ", kubeconfig " + kubeConfig)
                + (kubeContext == null ? "" : ", context " + kubeContext) + "]";
    }
}
