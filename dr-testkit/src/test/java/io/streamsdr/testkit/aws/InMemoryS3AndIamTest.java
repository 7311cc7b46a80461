package io.streamsdr.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.testkit.VirtualClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 and IAM fakes fail the next calls on demand, with the service's 500 error, and count them. */
class InMemoryS3AndIamTest {

    @Test
    void s3FailsTheNextCallsWithAnInternalErrorThenAnswersAgain() {
        InMemoryS3 s3 = InMemoryS3.inRegion("eu-west-1").withOwnBucket("b", "eu-west-1").failNextCalls(1);

        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("b"))).isInstanceOf(S3Exception.class).satisfies(e -> {
            assertThat(((S3Exception) e).statusCode()).isEqualTo(500);
            assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InternalError");
        });
        assertThat(s3.headBucket(r -> r.bucket("b")).bucketRegion()).isEqualTo("eu-west-1");
        assertThat(s3.calls("HeadBucket")).isEqualTo(2);
    }

    @Test
    void iamFailsTheNextCallsWithAServiceFailureThenAnswersAgain() {
        InMemoryIam iam = InMemoryIam.create(VirtualClock.create()).failNextCalls(2);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> iam.createUser(r -> r.userName("velero"))).isInstanceOf(IamException.class)
                    .satisfies(e -> assertThat(((IamException) e).awsErrorDetails().errorCode()).isEqualTo("ServiceFailure"));
        }
        assertThat(iam.createUser(r -> r.userName("velero")).user().arn()).isEqualTo("arn:aws:iam::123456789012:user/velero");
        assertThat(iam.calls("CreateUser")).isEqualTo(3);
    }
}
