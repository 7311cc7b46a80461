package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PreconditionFailedException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/** One contract for Velero's AWS prerequisites, run against the in-memory fakes and against moto_server. */
abstract class VeleroAwsContractTest {
    static final String BUCKET = "streams-velero-backups";

    @TempDir
    Path dir;

    /** An S3 client of eu-west-1. */
    abstract S3Client s3();

    /** An S3 client of us-east-1. */
    abstract S3Client s3UsEast1();

    abstract IamClient iam();

    abstract void resetBackend();

    /** Whether the bucket exists and is ours. */
    abstract boolean bucketExists(String bucket);

    @BeforeEach
    void setUp() {
        resetBackend();
    }

    VeleroAwsPrerequisites setup(S3Client s3, String region, String bucket) {
        return VeleroAwsPrerequisites.builder(s3, iam()).withRegion(region).withBucket(bucket).withUserName("velero")
                .withCredentialsFile(dir.resolve("velero-credentials")).build();
    }

    VeleroAwsPrerequisites setup() {
        return setup(s3(), "eu-west-1", BUCKET);
    }

    @Test
    void theFirstRunCreatesEverythingAndWritesAnOwnerOnlyCredentialsFile() throws IOException {
        VeleroAwsResult r = setup().execute();

        assertThat(r.bucketCreated()).isTrue();
        assertThat(r.userCreated()).isTrue();
        assertThat(r.userArn()).endsWith(":user/velero");
        assertThat(r.policyChanged()).isTrue();
        assertThat(r.accessKeyCreated()).isTrue();
        assertThat(bucketExists(BUCKET)).isTrue();
        Path file = dir.resolve("velero-credentials");
        assertThat(Files.readString(file)).isEqualTo("[default]\naws_access_key_id=" + r.accessKeyId() + "\naws_secret_access_key="
                + r.secretAccessKey().reveal() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String policy = URLDecoder.decode(iam().getUserPolicy(p -> p.userName("velero").policyName("velero")).policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).isEqualTo(VeleroAwsPrerequisites.policyDocument(BUCKET));
        assertThat(policy).contains("\"arn:aws:s3:::" + BUCKET + "/*\"").contains("\"arn:aws:s3:::" + BUCKET + "\"").contains("ec2:CreateSnapshot");
    }

    @Test
    void aSecondRunReusesEverythingAndCreatesNoKey() {
        VeleroAwsResult first = setup().execute();

        VeleroAwsResult second = setup().execute();

        assertThat(second.bucketCreated()).isFalse();
        assertThat(second.userCreated()).isFalse();
        assertThat(second.policyChanged()).isFalse();
        assertThat(second.accessKeyCreated()).isFalse();
        assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(second.secretAccessKey()).isEqualTo(first.secretAccessKey());
        assertThat(iam().listAccessKeys(r -> r.userName("velero")).accessKeyMetadata()).hasSize(1);
    }

    @Test
    void aPolicyChangedByHandIsPutBack() {
        setup().execute();
        iam().putUserPolicy(r -> r.userName("velero").policyName("velero")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));

        VeleroAwsResult again = setup().execute();

        assertThat(again.policyChanged()).isTrue();
        String policy = URLDecoder.decode(iam().getUserPolicy(p -> p.userName("velero").policyName("velero")).policyDocument(), StandardCharsets.UTF_8);
        assertThat(policy).isEqualTo(VeleroAwsPrerequisites.policyDocument(BUCKET));
    }

    @Test
    void aLostCredentialsFileGetsASecondKey() throws IOException {
        VeleroAwsResult first = setup().execute();
        Files.delete(dir.resolve("velero-credentials"));

        VeleroAwsResult second = setup().execute();

        assertThat(second.accessKeyCreated()).isTrue();
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(iam().listAccessKeys(r -> r.userName("velero")).accessKeyMetadata()).hasSize(2);
    }

    @Test
    void aThirdKeyIsAClearErrorNotASilentRotation() throws IOException {
        setup().execute();
        Files.delete(dir.resolve("velero-credentials"));
        VeleroAwsResult second = setup().execute();
        Files.delete(dir.resolve("velero-credentials"));

        java.util.List<String> keys = iam().listAccessKeys(r -> r.userName("velero")).accessKeyMetadata().stream()
                .map(k -> k.accessKeyId()).toList();
        Path file = dir.resolve("velero-credentials");

        assertThatThrownBy(() -> setup().execute())
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'IAM allows two access keys per user': IAM user 'velero' already has two access keys ("
                        + String.join(", ", keys) + ") and neither is in " + file + ", so a third cannot be created and no key is rotated "
                        + "silently. To proceed anyway: delete an unused key with  aws iam delete-access-key --user-name velero "
                        + "--access-key-id <id>  (or put a key you still hold into " + file + ")")
                .hasMessageNotContaining(second.secretAccessKey().reveal());
        assertThat(iam().listAccessKeys(r -> r.userName("velero")).accessKeyMetadata()).hasSize(2);
        assertThat(dir.resolve("velero-credentials")).doesNotExist();
    }

    @Test
    void inUsEast1TheBucketIsCreatedWithoutLocationConstraint() {
        VeleroAwsResult r = setup(s3UsEast1(), "us-east-1", "streams-velero-us").execute();

        assertThat(r.bucketCreated()).isTrue();
        assertThat(setup(s3UsEast1(), "us-east-1", "streams-velero-us").execute().bucketCreated()).isFalse();
    }

    @Test
    void theSecretNeverShowsInToString() {
        VeleroAwsResult r = setup().execute();

        assertThat(r.toString()).doesNotContain(r.secretAccessKey().reveal()).contains("Secret[****]").contains(r.accessKeyId());
        assertThat(setup().toString()).doesNotContain(r.secretAccessKey().reveal());
    }

    @Test
    void aCredentialsFileThatCannotBeWrittenIsACallFailedExceptionThatNamesTheFileNotTheSecret() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path file = notADirectory.resolve("velero-credentials");
        VeleroAwsPrerequisites prerequisites = setup().toBuilder().withCredentialsFile(file).build();

        assertThatThrownBy(prerequisites::execute).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: write of Velero's credentials file " + file + ": " + notADirectory)
                .satisfies(e -> assertThat(((CallFailedException) e).call()).isEqualTo("write of Velero's credentials file " + file))
                .cause().isInstanceOf(IOException.class);
        assertThat(iam().listAccessKeys(r -> r.userName("velero")).accessKeyMetadata()).hasSize(1);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        VeleroAwsPrerequisites original = setup();

        VeleroAwsPrerequisites copy = original.toBuilder().build();
        VeleroAwsPrerequisites otherBucket = original.toBuilder().withBucket("streams-velero-other").build();

        assertThat(copy.toString()).isEqualTo(original.toString());
        assertThat(copy.preview()).isEqualTo(original.preview());
        assertThat(otherBucket.bucket()).isEqualTo("streams-velero-other");
        assertThat(otherBucket.userName()).isEqualTo("velero");
        assertThat(otherBucket.policyName()).isEqualTo("velero");
        assertThat(otherBucket.region()).isEqualTo("eu-west-1");
        assertThat(otherBucket.credentialsFile()).isEqualTo(dir.resolve("velero-credentials"));
        assertThat(original.bucket()).isEqualTo(BUCKET);
    }

    @Test
    void aLooseCredentialsFileIsMadeOwnerOnlyAgain() throws IOException {
        setup().execute();
        Path file = dir.resolve("velero-credentials");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        setup().execute();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
