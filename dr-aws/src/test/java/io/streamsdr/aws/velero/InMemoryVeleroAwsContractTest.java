package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryIam;
import io.streamsdr.testkit.aws.InMemoryS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The Velero contract against dr-testkit's in-memory S3 and IAM, plus what only the fakes can stage. */
class InMemoryVeleroAwsContractTest extends VeleroAwsContractTest {
    InMemoryS3 s3;
    InMemoryS3 s3Us;
    InMemoryIam iam;

    @Override
    void resetBackend() {
        s3 = InMemoryS3.inRegion("eu-west-1");
        s3Us = InMemoryS3.inRegion("us-east-1");
        iam = InMemoryIam.create(VirtualClock.create());
    }

    @Override
    S3Client s3() {
        return s3;
    }

    @Override
    S3Client s3UsEast1() {
        return s3Us;
    }

    @Override
    IamClient iam() {
        return iam;
    }

    @Override
    boolean bucketExists(String bucket) {
        return s3.buckets().containsKey(bucket);
    }

    @Test
    void aBucketOfAnotherAccountIsRefused() {
        s3.withForeignBucket(BUCKET);

        assertThatThrownBy(() -> setup().execute()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'bucket must be ours': S3 bucket 'streams-velero-backups' exists and belongs to another "
                        + "account. To proceed anyway: choose another bucket name with withBucket(\"...\")");
        assertThat(iam.calls()).isZero();
    }

    @Test
    void aBucketInAnotherRegionIsRefused() {
        s3.withOwnBucket(BUCKET, "us-west-2");

        assertThatThrownBy(() -> setup().execute()).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'bucket must be in Velero's region': S3 bucket 'streams-velero-backups' exists in "
                        + "us-west-2, not in eu-west-1. To proceed anyway: use withRegion(\"us-west-2\") or another bucket");
    }

    @Test
    void aFailedS3CallIsACallFailedExceptionNamingTheCallAndTheBucket() {
        s3.failNextCalls(1);

        assertThatThrownBy(() -> setup().execute()).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: HeadBucket of S3 bucket 'streams-velero-backups': We encountered an internal error. Please try again. "
                        + "(Service: S3, Status Code: 500, Request ID: null)")
                .cause().isInstanceOf(S3Exception.class);
        assertThat(iam.calls()).isZero();
    }

    @Test
    void aFailedIamCallIsACallFailedExceptionNamingTheCallAndTheUser() {
        iam.failNextCalls(1);

        assertThatThrownBy(() -> setup().execute()).isInstanceOf(CallFailedException.class)
                .hasMessage("Call failed: GetUser of IAM user 'velero': We encountered an internal error. Please try again. "
                        + "(Service: Iam, Status Code: 500, Request ID: null)")
                .cause().isInstanceOf(IamException.class);
        assertThat(iam.calls("CreateUser")).isZero();
    }

    @Test
    void outsideUsEast1TheLocationConstraintIsSent() {
        setup().execute();

        assertThat(s3.buckets()).containsEntry(BUCKET, "eu-west-1");
        assertThat(s3.calls("CreateBucket")).isEqualTo(1);
    }
}
