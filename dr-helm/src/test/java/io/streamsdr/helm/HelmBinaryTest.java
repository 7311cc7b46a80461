package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    private final ReleaseRef release = ReleaseRef.of("streams", "streams");

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

        assertThat(upgraded).isEqualTo(new HelmRelease(release, 2, "deployed", "streams-1.0.0"));
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

        assertThatThrownBy(() -> helm.upgrade(request))
                .isInstanceOf(HelmException.class)
                .hasMessageContaining("helm upgrade on streams/streams failed with exit code 1")
                .hasMessageContaining("UPGRADE FAILED: boom")
                .hasMessageContaining("password: \"****\"")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void historyAndInstallAndRollbackUseHelmsJson() throws IOException {
        List<HelmRevision> history = helm.history(release);
        assertThat(history).extracting(HelmRevision::revision, HelmRevision::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "superseded"), org.assertj.core.groups.Tuple.tuple(2, "deployed"));
        assertThat(history.get(0).updated()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:00.123Z"));

        helm.install(VeleroInstall.aws().withBucket("streams-backups").withRegion("eu-west-1")
                .withCredentials(Secret.of("[default]\naws_access_key_id=AKIA1\naws_secret_access_key=topsecretkey\n")).build());
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
        assertThatThrownBy(() -> HelmBinary.at(dir.resolve("no-helm")).values(release))
                .isInstanceOf(HelmException.class).hasMessageContaining("install Helm 3 or use HelmJava");
    }
}
