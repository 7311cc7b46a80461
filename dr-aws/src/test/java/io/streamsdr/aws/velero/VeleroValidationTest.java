package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryIam;
import io.streamsdr.testkit.aws.InMemoryS3;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bucket, user and region rules that neither the SDK nor moto fully enforces, refused before any call; messages asserted whole. */
class VeleroValidationTest {
    static final InMemoryS3 S3 = InMemoryS3.inRegion("eu-west-1");
    static final InMemoryIam IAM = InMemoryIam.create(VirtualClock.create());

    static VeleroAwsPrerequisites.Builder b() {
        return VeleroAwsPrerequisites.builder(S3, IAM);
    }

    @AfterEach
    void noCallWasMade() {
        assertThat(S3.calls() + IAM.calls()).isZero();
    }

    static final String BUCKET_RULE = "(3 to 63 lowercase letters, digits, '.' or '-'; begin and end with a letter or digit; no '..'; "
            + "not an IP address; not starting with 'xn--', 'sthree-' or 'amzn-s3-demo-'; not ending with '-s3alias', '--ol-s3', '.mrap', "
            + "'--x-s3' or '--table-s3')";

    static Stream<Arguments> invalidInputs() {
        String iamRule = "letters, digits or the characters + = , . @ _ - (the IAM rule)";
        return Stream.of(
                bucket("Bad_Bucket", "must contain only lowercase letters, digits, '.' and '-'"),
                bucket("ab", "must be 3 to 63 characters, was 2"),
                bucket("a".repeat(64), "must be 3 to 63 characters, was 64"),
                bucket("a..b", "must not contain two adjacent periods"),
                bucket("192.168.1.1", "must not be formatted as an IP address"),
                bucket("-bucket", "must begin and end with a letter or digit"),
                bucket("bucket-", "must begin and end with a letter or digit"),
                bucket("xn--bucket", "must not start with the reserved prefix 'xn--'"),
                bucket("sthree-bucket", "must not start with the reserved prefix 'sthree-'"),
                bucket("amzn-s3-demo-bucket", "must not start with the reserved prefix 'amzn-s3-demo-'"),
                bucket("bucket-s3alias", "must not end with the reserved suffix '-s3alias'"),
                bucket("bucket--ol-s3", "must not end with the reserved suffix '--ol-s3'"),
                bucket("bucket.mrap", "must not end with the reserved suffix '.mrap'"),
                bucket("bucket--x-s3", "must not end with the reserved suffix '--x-s3'"),
                bad("user with a space", () -> b().withUserName("bad user!"), "Invalid IAM user name 'bad user!': must be 1 to 64 " + iamRule),
                bad("user of 65 characters", () -> b().withUserName("u".repeat(65)),
                        "Invalid IAM user name '" + "u".repeat(65) + "': must be 1 to 64 " + iamRule),
                bad("policy of 129 characters", () -> b().withPolicyName("p".repeat(129)),
                        "Invalid IAM policy name '" + "p".repeat(129) + "': must be 1 to 128 " + iamRule),
                bad("region in capitals", () -> b().withRegion("EU-WEST-1"),
                        "Invalid region 'EU-WEST-1': must be an AWS region code such as 'eu-west-1'"),
                bad("no region", () -> b().withBucket("ok-bucket").withUserName("velero").withCredentialsFile(Path.of("x")).build(),
                        "Invalid region: must be given: call withRegion(\"eu-west-1\")"),
                bad("no bucket", () -> b().withRegion("eu-west-1").withUserName("velero").withCredentialsFile(Path.of("x")).build(),
                        "Invalid bucket: must be given: call withBucket(\"my-velero-backups\")"),
                bad("no user", () -> b().withRegion("eu-west-1").withBucket("ok-bucket").withCredentialsFile(Path.of("x")).build(),
                        "Invalid IAM user name: must be given: call withUserName(\"velero\")"),
                bad("no credentials file", () -> b().withRegion("eu-west-1").withBucket("ok-bucket").withUserName("velero").build(),
                        "Invalid credentials file: must be given: call withCredentialsFile(Path.of(\"velero-credentials\"))"),
                bad("credentials file is a directory", () -> b().withCredentialsFile(Path.of(".")),
                        "Invalid credentials file .: must be a file, not a directory"),
                bad("null S3 client", () -> VeleroAwsPrerequisites.builder(null, IAM), "Invalid S3 client: must not be null"),
                bad("null IAM client", () -> VeleroAwsPrerequisites.builder(S3, null), "Invalid IAM client: must not be null"),
                bad("result without a user ARN", () -> new VeleroAwsResult("b", true, null, true, "p", true, "AKIA1", true, Secret.of("s"),
                        Path.of("f")), "Invalid user ARN of Velero's AWS result: must not be null"),
                bad("result without a secret", () -> new VeleroAwsResult("b", true, "arn", true, "p", true, "AKIA1", true, null, Path.of("f")),
                        "Invalid secret access key of Velero's AWS result: must not be null"),
                bad("result with a blank key id", () -> new VeleroAwsResult("b", true, "arn", true, "p", true, " ", true, Secret.of("s"),
                        Path.of("f")), "Invalid access key id of Velero's AWS result: must not be blank"));
    }

    static Arguments bad(String what, ThrowingCallable call, String message) {
        return Arguments.of(what, call, message);
    }

    static Arguments bucket(String name, String rule) {
        return bad("bucket " + name, () -> b().withBucket(name), "Invalid bucket '" + name + "': " + rule + " " + BUCKET_RULE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    }

    @Test
    void validNamesPass() {
        assertThat(b().withBucket("streams.velero-backups-1").withUserName("velero+dr@example.com").withRegion("us-gov-west-1")).isNotNull();
    }
}
