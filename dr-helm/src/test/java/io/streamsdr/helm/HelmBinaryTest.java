package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.TimedOutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HelmBinary against a stand-in {@code helm} executable that records its arguments and answers as Helm 3 does. */
class HelmBinaryTest {
    private static final String SCRIPT = """
            #!/bin/sh
            dir=$(dirname "$0")
            : > "$dir/args"
            for a in "$@"; do printf '%s\\n' "$a" >> "$dir/args"; done
            prev=""
            for a in "$@"; do
              if [ "$prev" = "-f" ]; then stat -c %a "$a" > "$dir/mode"; cat "$a" > "$dir/values"; fi
              prev="$a"
            done
            if [ -f "$dir/fail" ]; then cat "$dir/values" >&2; echo "Error: UPGRADE FAILED: boom" >&2; exit 1; fi
            if [ -f "$dir/hang" ]; then exec sleep 30; fi
            case "$1" in
              get) echo '{"externalizedMariadb":{"host":"db-old"},"featureFlag":"on"}' ;;
              history) echo '[{"revision":1,"updated":"2026-01-01T00:00:00.123+00:00","status":"superseded","chart":"streams-1.0.0","app_version":"1.0","description":"Install complete"},{"revision":2,"updated":"2026-01-01T01:00:00+00:00","status":"deployed","chart":"streams-1.0.0","app_version":"1.0","description":"Upgrade complete"}]' ;;
              upgrade|install) echo '{"name":"streams","info":{"status":"deployed"},"chart":{"metadata":{"name":"streams","version":"1.0.0"}},"version":2,"namespace":"streams"}' ;;
              *) echo '' ;;
            esac
            """;

    @TempDir
    Path dir;
    private Path helmExe;
    private HelmBinary helm;
    private final ReleaseRef release = ReleaseRef.named("streams").inNamespace("streams");

    @BeforeEach
    void writeFakeHelm() throws IOException {
        helmExe = dir.resolve("helm");
        Files.writeString(helmExe, SCRIPT);
        Files.setPosixFilePermissions(helmExe, PosixFilePermissions.fromString("rwx------"));
        helm = HelmBinary.at(helmExe).withKubeConfig(Path.of("/tmp/kubeconfig")).withKubeContext("prod");
    }

    private List<String> args() throws IOException {
        return Files.readAllLines(dir.resolve("args"));
    }

    @Test
    void readsUserSuppliedValuesAsJson() throws IOException {
        Map<String, Object> values = helm.values(release);

        assertThat(values).containsEntry("featureFlag", "on").containsEntry("externalizedMariadb", Map.of("host", "db-old"));
        assertThat(args()).containsExactly("get", "values", "streams", "-n", "streams", "-o", "json",
                "--kubeconfig", "/tmp/kubeconfig", "--kube-context", "prod");
        helm.values(release, 1);
        assertThat(args()).containsSequence("--revision", "1");
    }

    @Test
    void upgradePassesValuesInAnOwnerOnlyFileAndOverridesAsEscapedSetString() throws IOException {
        UpgradeRequest request = UpgradeRequest.of(release, "./charts/streams")
                .withValues(Map.of("featureFlag", "on", "externalizedMariadb", Map.of("host", "db-old", "port", 3306)))
                .withOverride("externalizedMariadb.host", "db-new.eu-west-1.rds.amazonaws.com")
                .withOverride("externalizedKafka.bootstrapServers", "b-1:9092,b-2:9092")
                .withSecretValue("externalizedMariadb.password", Secret.of("p@ss,word"))
                .build();

        HelmRelease upgraded = helm.upgrade(request);

        assertThat(upgraded).isEqualTo(HelmRelease.of(release, 2, "deployed", "streams-1.0.0"));
        List<String> args = args();
        assertThat(args.subList(0, 5)).containsExactly("upgrade", "streams", "./charts/streams", "-n", "streams");
        assertThat(args).containsSequence("--set-string", "externalizedMariadb.host=db-new.eu-west-1.rds.amazonaws.com",
                "--set-string", "externalizedKafka.bootstrapServers=b-1:9092\\,b-2:9092");
        assertThat(String.join(" ", args)).doesNotContain("p@ss");
        assertThat(Files.readString(dir.resolve("mode")).strip()).isEqualTo("600");
        String values = Files.readString(dir.resolve("values"));
        assertThat(values).contains("featureFlag: \"on\"").contains("port: 3306").contains("password: \"p@ss,word\"");
        String file = args.get(args.indexOf("-f") + 1);
        assertThat(Path.of(file)).doesNotExist();
        assertThat(request.toString()).doesNotContain("p@ss").contains("externalizedMariadb.password");
    }

    @Test
    void failuresNameTheCommandAndMaskSecretsHelmPrints() throws IOException {
        Files.writeString(dir.resolve("fail"), "");
        UpgradeRequest request = UpgradeRequest.of(release, "./charts/streams")
                .withSecretValue("externalizedMariadb.password", Secret.of("hunter2-very-secret")).build();

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> helm.upgrade(request));

        assertThat(thrown).isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: helm upgrade of release streams/streams: exit code 1: ")
                .hasMessageContaining("UPGRADE FAILED: boom")
                .hasMessageContaining("password: \"****\"")
                .hasMessageNotContaining("hunter2");
        assertThat(((CallFailedException) thrown).call()).isEqualTo("helm upgrade of release streams/streams");
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).contains("exit code 1").doesNotContain("hunter2");
    }

    @Test
    void historyAndInstallAndRollbackUseHelmsJson() throws IOException {
        List<HelmRevision> history = helm.history(release);
        assertThat(history).extracting(HelmRevision::revision, HelmRevision::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "superseded"), org.assertj.core.groups.Tuple.tuple(2, "deployed"));
        assertThat(history.get(0).updated()).contains(java.time.Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(history.get(0).appVersion()).contains("1.0");

        helm.install(VeleroInstall.aws().withBucket("streams-backups").withRegion("eu-west-1")
                .withCredentials(Secret.of("[default]\naws_access_key_id=AKIA1\naws_secret_access_key=topsecretkey\n")).build().request());
        List<String> args = args();
        assertThat(args.subList(0, 5)).containsExactly("install", "velero", "velero", "-n", "velero");
        assertThat(args).contains("--create-namespace").containsSequence("--version", "12.1.0")
                .containsSequence("--repo", "https://vmware-tanzu.github.io/helm-charts");
        assertThat(String.join(" ", args)).doesNotContain("topsecretkey");
        assertThat(Files.readString(dir.resolve("values"))).contains("aws_secret_access_key=topsecretkey")
                .contains("provider: \"aws\"").contains("bucket: \"streams-backups\"").contains("region: \"eu-west-1\"")
                .contains("velero/velero-plugin-for-aws:v1.13.1").contains("mountPath: \"/target\"");

        helm.rollback(release, 1, "./charts/streams");
        assertThat(Files.readAllLines(dir.resolve("args"))).startsWith("history");
    }

    @Test
    void aMissingExecutableSaysWhatToDo() {
        Path missing = dir.resolve("no-helm");
        assertThatThrownBy(() -> HelmBinary.at(missing).values(release))
                .isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: helm get values of release streams/streams (cannot run " + missing
                        + ": install Helm 3.8 or later, or use HelmJava): ")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void previousValuesAndOpenApiValidationBecomeHelmsFlags() throws IOException {
        UpgradeRequest.Builder upgrade = UpgradeRequest.of(release, "./charts/streams").withOverride("a", "1");

        helm.upgrade(upgrade.build());
        assertThat(args()).doesNotContain("--reuse-values", "--reset-values", "--disable-openapi-validation");
        helm.upgrade(upgrade.withPreviousValues(PreviousValues.REUSE).build());
        assertThat(args()).contains("--reuse-values").doesNotContain("--reset-values");
        helm.withOpenApiValidation(OpenApiValidation.DISABLED).upgrade(upgrade.withPreviousValues(PreviousValues.RESET).build());
        assertThat(args()).contains("--reset-values", "--disable-openapi-validation").doesNotContain("--reuse-values");
        helm.withOpenApiValidation(OpenApiValidation.DISABLED).withOpenApiValidation(OpenApiValidation.ENABLED)
                .install(InstallRequest.of(release, "./charts/streams").withNamespaceCreated(false).build());
        assertThat(args()).doesNotContain("--disable-openapi-validation", "--create-namespace");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsStoppedAndTimesOut() throws IOException {
        Files.writeString(dir.resolve("hang"), "");

        assertThatThrownBy(() -> helm.withCommandTimeout(Duration.ofMillis(300)).history(release))
                .isInstanceOf(TimedOutException.class)
                .hasMessage("helm history of release streams/streams did not complete within 300ms");
    }
}
