package io.streamsdr.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.DrException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.TimedOutException;
import io.streamsdr.core.spi.Check;
import io.streamsdr.helm.internal.HelmOutput;
import io.streamsdr.helm.internal.Values;
import java.io.IOException;
import java.io.InputStream;
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
 * {@code helm rollback}. A failed command is a {@link CallFailedException} naming the command and the
 * release, whose cause holds Helm's exit code and standard error with every secret value masked; a
 * command that outlives {@link #withCommandTimeout the command timeout} is a {@link TimedOutException}.
 * Immutable and thread-safe; every {@code with*} returns a copy.
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
    private final OpenApiValidation openApiValidation;

    private HelmBinary(Path executable, Path kubeConfig, String kubeContext, Duration commandTimeout, OpenApiValidation openApiValidation) {
        this.executable = executable;
        this.kubeConfig = kubeConfig;
        this.kubeContext = kubeContext;
        this.commandTimeout = commandTimeout;
        this.openApiValidation = openApiValidation;
    }

    /**
     * The {@code helm} found on the {@code PATH}, the default kubeconfig, 10 minutes per command,
     * OpenAPI validation on.
     */
    public static HelmBinary onPath() {
        return at(Path.of("helm"));
    }

    /**
     * The executable at {@code executable}.
     *
     * @throws InvalidConfigurationException when null
     */
    public static HelmBinary at(Path executable) {
        return new HelmBinary(Check.notNull("helm executable", executable), null, null, Duration.ofMinutes(10), OpenApiValidation.ENABLED);
    }

    /**
     * A copy that uses this kubeconfig file ({@code --kubeconfig}).
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmBinary withKubeConfig(Path kubeConfig) {
        return new HelmBinary(executable, Check.notNull("kubeconfig", kubeConfig), kubeContext, commandTimeout, openApiValidation);
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
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout, openApiValidation);
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
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout, openApiValidation);
    }

    /**
     * A copy that validates (or not) every install and upgrade against the cluster's OpenAPI schema
     * ({@code --disable-openapi-validation} when {@link OpenApiValidation#DISABLED}).
     *
     * @throws InvalidConfigurationException when null
     */
    public HelmBinary withOpenApiValidation(OpenApiValidation openApiValidation) {
        return new HelmBinary(executable, kubeConfig, kubeContext, commandTimeout, Check.notNull("OpenAPI validation", openApiValidation));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release) {
        Check.notNull("release", release);
        String out = run(List.of("get", "values", release.name(), "-n", release.namespace(), "-o", "json"), List.of(), release);
        return read("get values", release, () -> Values.parse(out));
    }

    @Override
    public Map<String, Object> values(ReleaseRef release, int revision) {
        Check.notNull("release", release);
        checkRevision(revision);
        String out = run(List.of("get", "values", release.name(), "-n", release.namespace(), "--revision",
                Integer.toString(revision), "-o", "json"), List.of(), release);
        return read("get values", release, () -> Values.parse(out));
    }

    /** Reads what Helm printed; output it cannot read is a failed call, with no content in the message. */
    private static <T> T read(String verb, ReleaseRef release, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            throw new CallFailedException("read the output of helm " + verb + " of release " + release, e);
        }
    }

    @Override
    public HelmRelease install(InstallRequest request) {
        Check.notNull("install request", request);
        List<String> args = new ArrayList<>(List.of("install", request.release().name(), request.chart(), "-n", request.release().namespace()));
        if (request.createNamespace()) {
            args.add("--create-namespace");
        }
        return withValues(args, request, "install");
    }

    @Override
    public HelmRelease upgrade(UpgradeRequest request) {
        Check.notNull("upgrade request", request);
        List<String> args = new ArrayList<>(List.of("upgrade", request.release().name(), request.chart(), "-n", request.release().namespace()));
        switch (request.previousValues()) {
            case REUSE -> args.add("--reuse-values");
            case RESET -> args.add("--reset-values");
            case HELM_DEFAULT -> { }
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
        if (openApiValidation == OpenApiValidation.DISABLED) {
            args.add("--disable-openapi-validation");
        }
        // The file holds the values and the secret values; overrides come after it as --set-string, so they win.
        Map<String, Object> revealed = request.revealedValues();
        Map<String, Object> file = request.values();
        for (String key : request.secretKeys()) {
            file = Values.with(file, key, Values.get(revealed, key));
        }
        Path valuesFile;
        try {
            valuesFile = Values.ownerOnlyFile(file);
        } catch (RuntimeException e) {
            throw new CallFailedException("write the values file of helm " + verb + " of release " + request.release(), e);
        }
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
            String out = run(args, request.secrets(), request.release());
            return read(verb, request.release(), () -> release(out, request.release()));
        } finally {
            Values.deleteQuietly(valuesFile);
        }
    }

    @Override
    public void uninstall(ReleaseRef release) {
        Check.notNull("release", release);
        run(List.of("uninstall", release.name(), "-n", release.namespace()), List.of(), release);
    }

    @Override
    public List<HelmRevision> history(ReleaseRef release) {
        Check.notNull("release", release);
        String out = run(List.of("history", release.name(), "-n", release.namespace(), "-o", "json"), List.of(), release);
        return read("history", release, () -> {
            List<Map<String, Object>> rows = Values.readJson(out, new TypeReference<List<Map<String, Object>>>() { });
            List<HelmRevision> revisions = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                revisions.add(HelmRevision.of(((Number) r.get("revision")).intValue(), (String) r.get("status"), (String) r.get("chart"),
                        (String) r.get("app_version"), (String) r.get("description"), instant(r.get("updated"))));
            }
            return revisions;
        });
    }

    /** Runs {@code helm rollback}; {@code chart} is not needed. */
    @Override
    public HelmRelease rollback(ReleaseRef release, int revision, String chart) {
        Check.notNull("release", release);
        checkRevision(revision);
        run(List.of("rollback", release.name(), Integer.toString(revision), "-n", release.namespace()), List.of(), release);
        List<HelmRevision> h = history(release);
        HelmRevision last = h.get(h.size() - 1);
        return HelmRelease.of(release, last.revision(), last.status(), last.chart());
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
        return HelmRelease.of(ref, version instanceof Number n ? n.intValue() : 0, (String) info.get("status"), chartName);
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
        String call = "helm " + (args.get(0).equals("get") ? "get " + args.get(1) : args.get(0)) + " of release " + release;
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new CallFailedException(call + " (cannot run " + executable + ": install Helm 3.8 or later, or use HelmJava)", e);
        }
        try {
            process.getOutputStream().close();
            // Both streams are drained on their own threads, so the timeout holds even for a command that prints nothing.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TimedOutException(call, commandTimeout, 0, null);
            }
            String out = stdout.join();
            String stderr = err.join();
            if (process.exitValue() != 0) {
                throw new CallFailedException(call, new HelmOutput("exit code " + process.exitValue() + ": "
                        + HelmOutput.mask(stderr.strip(), secrets)));
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CallFailedException(call + " (interrupted: the command was stopped)", e);
        } catch (DrException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new CallFailedException(call, HelmOutput.safe(e, secrets));
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "HelmBinary[" + executable + (kubeConfig == null ? "" : ", kubeconfig " + kubeConfig)
                + (kubeContext == null ? "" : ", context " + kubeContext)
                + (openApiValidation == OpenApiValidation.DISABLED ? ", OpenAPI validation disabled" : "") + "]";
    }
}
