package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryIam;
import io.streamsdr.testkit.aws.InMemoryS3;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

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
                .hasMessageContaining("bucket must be ours").hasMessageContaining("belongs to another account");
        assertThat(iam.calls()).isZero();
    }

    @Test
    void aBucketInAnotherRegionIsRefused() {
        s3.withOwnBucket(BUCKET, "us-west-2");

        assertThatThrownBy(() -> setup().execute()).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("exists in us-west-2, not in eu-west-1");
    }

    @Test
    void outsideUsEast1TheLocationConstraintIsSent() {
        setup().execute();

        assertThat(s3.buckets()).containsEntry(BUCKET, "eu-west-1");
        assertThat(s3.calls("CreateBucket")).isEqualTo(1);
    }
}
