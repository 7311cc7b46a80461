package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad inputs to dr-helm, refused while building, naming the field and the rule. */
class HelmBadInputTest {
    private static final ReleaseRef R = ReleaseRef.of("streams", "streams");

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad(() -> ReleaseRef.of("streams", "Streams"), "release name 'Streams'", "Helm's rule"),
                bad(() -> ReleaseRef.of("streams", "a".repeat(54)), "release name", "at most 53"),
                bad(() -> ReleaseRef.of("streams", "my_release"), "release name 'my_release'", "Helm's rule"),
                bad(() -> ReleaseRef.of("streams", "-rel"), "release name '-rel'", "Helm's rule"),
                bad(() -> ReleaseRef.of("Streams", "streams"), "namespace 'Streams'", "DNS-1123 label"),
                bad(() -> ReleaseRef.of("str.eams", "streams"), "namespace 'str.eams'", "DNS-1123 label"),
                bad(() -> UpgradeRequest.of(R, " "), "chart", "must not be null or blank"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a..b", "x"), "override key 'a..b'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("list[0].x", "x"), "override key 'list[0].x'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a=b", "x"), "override key 'a=b'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a", null), "override 'a'", "null value"),
                bad(() -> UpgradeRequest.of(R, "c").withVersion("1.0 beta"), "chart version '1.0 beta'", "no spaces"),
                bad(() -> UpgradeRequest.of(R, "c").withRepository(URI.create("file:///etc")), "chart repository", "http, https or oci"),
                bad(() -> UpgradeRequest.of(R, "c").withReusedValues().withResetValues().build(), "values mode", "exclude each other"),
                bad(() -> VeleroInstall.aws().withBucket("My_Bucket"), "bucket 'My_Bucket'", "S3 bucket name"),
                bad(() -> VeleroInstall.aws().withBucket("ab"), "bucket 'ab'", "S3 bucket name"),
                bad(() -> VeleroInstall.aws().withRegion("Europe"), "region 'Europe'", "AWS region"),
                bad(() -> VeleroInstall.aws().withCredentials(Secret.of("just-a-key")), "credentials", "AWS credentials file"),
                bad(() -> VeleroInstall.aws().withBucket("b-1").withRegion("eu-west-1").build(), "credentials", "are required"),
                bad(() -> VeleroInstall.aws().withPluginImage("velero plugin"), "plugin image 'velero plugin'", "image reference"),
                bad(() -> HelmBinary.onPath().withCommandTimeout(Duration.ZERO), "command timeout", "must be positive"),
                bad(() -> HelmBinary.onPath().withKubeContext("--all"), "kube context '--all'", "not starting with '-'"),
                bad(() -> HelmJava.withKubeConfig((Path) null), "kubeconfig", "must not be null"),
                bad(() -> ReleaseUpgrade.of(new HelmBinaryStub(), R, "c").step("repoint"), "overrides of step 'repoint'", "at least one"),
                bad(() -> ReleaseUpgrade.of(new HelmBinaryStub(), R, "c").withOverride("a", "1").withOverride("a", "2"), "override 'a'", "given twice"),
                bad(() -> HelmBinary.onPath().values(R, 0), "revision", "1 or more"));
    }

    private static Arguments bad(Executable call, String field, String rule) {
        return Arguments.of(field, call, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefused(String field, Executable call, String rule) {
        assertThatThrownBy(call::execute).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid " + field).hasMessageContaining(rule);
    }

    /** A Helm that must never be called. */
    static final class HelmBinaryStub implements Helm {
        @Override
        public java.util.Map<String, Object> values(ReleaseRef release) {
            throw new AssertionError("called");
        }

        @Override
        public java.util.Map<String, Object> values(ReleaseRef release, int revision) {
            throw new AssertionError("called");
        }

        @Override
        public HelmRelease install(InstallRequest request) {
            throw new AssertionError("called");
        }

        @Override
        public HelmRelease upgrade(UpgradeRequest request) {
            throw new AssertionError("called");
        }

        @Override
        public void uninstall(ReleaseRef release) {
            throw new AssertionError("called");
        }

        @Override
        public java.util.List<HelmRevision> history(ReleaseRef release) {
            throw new AssertionError("called");
        }

        @Override
        public HelmRelease rollback(ReleaseRef release, int revision, String chart) {
            throw new AssertionError("called");
        }
    }
}
