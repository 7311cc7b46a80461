package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
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

/** Bucket, user and region rules that neither the SDK nor moto fully enforces, refused before any call. */
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

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                bucket("Bad_Bucket", "only lowercase letters"), bucket("ab", "3 to 63 characters"), bucket("a".repeat(64), "3 to 63 characters"),
                bucket("a..b", "two adjacent periods"), bucket("192.168.1.1", "IP address"), bucket("-bucket", "begin and end with a letter or digit"),
                bucket("bucket-", "begin and end with a letter or digit"), bucket("xn--bucket", "reserved prefix 'xn--'"),
                bucket("sthree-bucket", "reserved prefix 'sthree-'"), bucket("amzn-s3-demo-bucket", "reserved prefix 'amzn-s3-demo-'"),
                bucket("bucket-s3alias", "reserved suffix '-s3alias'"), bucket("bucket--ol-s3", "reserved suffix '--ol-s3'"),
                bucket("bucket.mrap", "reserved suffix '.mrap'"), bucket("bucket--x-s3", "reserved suffix '--x-s3'"),
                Arguments.of("user with a space", (ThrowingCallable) () -> b().withUserName("bad user!"), "IAM user name 'bad user!'", "the IAM rule"),
                Arguments.of("user of 65 characters", (ThrowingCallable) () -> b().withUserName("u".repeat(65)), "IAM user name", "1 to 64"),
                Arguments.of("policy of 129 characters", (ThrowingCallable) () -> b().withPolicyName("p".repeat(129)), "IAM policy name", "1 to 128"),
                Arguments.of("region in capitals", (ThrowingCallable) () -> b().withRegion("EU-WEST-1"), "region 'EU-WEST-1'", "AWS region code"),
                Arguments.of("no region", (ThrowingCallable) () -> b().withBucket("ok-bucket").withUserName("velero")
                        .withCredentialsFile(Path.of("x")).build(), "region", "withRegion"),
                Arguments.of("no credentials file", (ThrowingCallable) () -> b().withRegion("eu-west-1").withBucket("ok-bucket").withUserName("velero")
                        .build(), "credentials file", "withCredentialsFile"),
                Arguments.of("credentials file is a directory", (ThrowingCallable) () -> b().withCredentialsFile(Path.of(".")),
                        "credentials file .", "not a directory"),
                Arguments.of("null S3 client", (ThrowingCallable) () -> VeleroAwsPrerequisites.builder(null, IAM), "S3 client", "must not be null"));
    }

    static Arguments bucket(String name, String rule) {
        return Arguments.of("bucket " + name, (ThrowingCallable) () -> b().withBucket(name), "bucket '" + name + "'", rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void isRefusedBeforeAnyCall(String what, ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call).isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("Invalid " + field)
                .hasMessageContaining(rule);
    }

    @Test
    void validNamesPass() {
        assertThat(b().withBucket("streams.velero-backups-1").withUserName("velero+dr@example.com").withRegion("us-gov-west-1")).isNotNull();
    }
}
