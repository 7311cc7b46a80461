package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.StepOutput;
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
    private static final ReleaseRef R = ReleaseRef.named("streams").inNamespace("streams");

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad(() -> ReleaseRef.named("Streams"), "release name 'Streams'", "Helm's rule"),
                bad(() -> ReleaseRef.named("a".repeat(54)), "release name", "at most 53"),
                bad(() -> ReleaseRef.named("my_release"), "release name 'my_release'", "Helm's rule"),
                bad(() -> ReleaseRef.named("-rel"), "release name '-rel'", "Helm's rule"),
                bad(() -> ReleaseRef.named("streams").inNamespace("Streams"), "namespace 'Streams'", "DNS-1123 label"),
                bad(() -> ReleaseRef.named("streams").inNamespace("str.eams"), "namespace 'str.eams'", "DNS-1123 label"),
                bad(() -> UpgradeRequest.of(R, " "), "chart", "must not be null or blank"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a..b", "x"), "override key 'a..b'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("list[0].x", "x"), "override key 'list[0].x'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a=b", "x"), "override key 'a=b'", "names joined by dots"),
                bad(() -> UpgradeRequest.of(R, "c").withOverride("a", null), "override 'a'", "null value"),
                bad(() -> UpgradeRequest.of(R, "c").withVersion("1.0 beta"), "chart version '1.0 beta'", "no spaces"),
                bad(() -> UpgradeRequest.of(R, "c").withRepository(URI.create("file:///etc")), "chart repository", "http, https or oci"),
                bad(() -> VeleroInstall.aws().withBucket("My_Bucket"), "bucket 'My_Bucket'", "S3 bucket name"),
                bad(() -> VeleroInstall.aws().withBucket("ab"), "bucket 'ab'", "S3 bucket name"),
                bad(() -> VeleroInstall.aws().withRegion("Europe"), "region 'Europe'", "AWS region"),
                bad(() -> VeleroInstall.aws().withCredentials(Secret.of("just-a-key")), "credentials", "AWS credentials file"),
                bad(() -> VeleroInstall.aws().withBucket("b-1").withRegion("eu-west-1").build(), "credentials", "are required"),
                bad(() -> VeleroInstall.aws().withPluginImage("velero plugin"), "plugin image 'velero plugin'", "image reference"),
                bad(() -> HelmBinary.onPath().withCommandTimeout(Duration.ZERO), "command timeout", "must be positive"),
                bad(() -> HelmBinary.onPath().withKubeContext("--all"), "kube context '--all'", "not starting with '-'"),
                bad(() -> HelmJava.create().withKubeConfig((Path) null), "kubeconfig", "must not be null"),
                bad(() -> ReleaseUpgrade.of(new HelmBinaryStub(), R, "c").fragment("repoint"), "overrides of step 'repoint'", "at least one"),
                bad(() -> ReleaseUpgrade.of(new HelmBinaryStub(), R, "c").withOverride("a", "1").withOverride("a", "2"), "override 'a'", "given twice"),
                bad(() -> HelmBinary.onPath().values(R, 0), "revision", "1 or more"));
    }

    /** The rules of the provider contract (issue 10) and of the new builders, each with its whole message. */
    static Stream<Arguments> contractRules() {
        ReleaseUpgrade upgrade = ReleaseUpgrade.of(new HelmBinaryStub(), R, "./charts/streams");
        return Stream.of(
                bad(() -> ReleaseRef.named(null), "Invalid release name: must not be null"),
                bad(() -> ReleaseRef.named("Streams"), "Invalid release name 'Streams': must be at most 53 lower-case letters, digits, '-'"
                        + " or '.', starting and ending with a letter or digit (Helm's rule)"),
                bad(() -> ReleaseRef.named("streams").inNamespace("Streams"), "Invalid namespace 'Streams': must be a DNS-1123 label: 1 to"
                        + " 63 lower-case letters, digits or '-', starting and ending with a letter or digit"),
                bad(() -> ReleaseRef.named("streams").inNamespace(null), "Invalid namespace: must not be null"),
                bad(() -> UpgradeRequest.of(R, "c").withPreviousValues(null),
                        "Invalid previous values: must not be null: use PreviousValues.HELM_DEFAULT for Helm's default"),
                bad(() -> HelmJava.create().withKubeConfig(null), "Invalid kubeconfig: must not be null"),
                bad(() -> HelmJava.create().withKubeConfigContents(null), "Invalid kubeconfig contents: must not be null"),
                bad(() -> HelmJava.create().withOpenApiValidation(null), "Invalid OpenAPI validation: must not be null"),
                bad(() -> HelmBinary.onPath().withOpenApiValidation(null), "Invalid OpenAPI validation: must not be null"),
                bad(() -> HelmBinary.onPath().withKubeConfig(null), "Invalid kubeconfig: must not be null"),
                bad(() -> HelmBinary.at(null), "Invalid helm executable: must not be null"),
                bad(() -> upgrade.withOverride("db.password", (Secret) null), "Invalid override 'db.password': must not have a null value"),
                bad(() -> upgrade.withOverride("db.host", (StepOutput<String>) null), "Invalid override 'db.host': must not have a null value"),
                bad(() -> upgrade.withOverride("db.host", (String) null), "Invalid override 'db.host': must not have a null value"),
                bad(() -> upgrade.withOverride("db.password", Secret.of("x")).withOverride("db.password", "y"),
                        "Invalid override 'db.password': is given twice"),
                bad(() -> upgrade.withOverride("db..password", Secret.of("x")), "Invalid override key 'db..password': must be names joined"
                        + " by dots, each of letters, digits, '_' or '-' (such as externalizedMariadb.host)"),
                bad(() -> upgrade.fragment("repoint"), "Invalid overrides of step 'repoint': at least one is required: call"
                        + " withOverride(key, output), withOverride(key, value) or withOverride(key, secret)"),
                bad(() -> upgrade.withOverride("a", "1").fragment("helm repoint"), "Invalid step id 'helm repoint': must be 1 to 63"
                        + " characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'"),
                bad(() -> upgrade.withRolloutWait(null), "Invalid rollout: must not be null"),
                bad(() -> ReleaseUpgrade.of(null, R, "c"), "Invalid helm: must not be null"),
                bad(() -> ReleaseUpgrade.of(new HelmBinaryStub(), null, "c"), "Invalid release: must not be null"),
                bad(() -> Rollout.using(null), "Invalid kubernetes client: must not be null"),
                bad(() -> VeleroInstall.aws().build(), "Invalid bucket: is required: call withBucket(\"my-bucket\")"),
                bad(() -> VeleroInstall.aws().withBucket("b-1").build(), "Invalid region: is required: call withRegion(\"eu-west-1\")"),
                bad(() -> VeleroInstall.aws().withRelease(null), "Invalid release: must not be null"));
    }

    private static Arguments bad(Executable call, String message) {
        return Arguments.of(message, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractRules")
    void isRefusedWithItsWholeMessage(String message, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
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
