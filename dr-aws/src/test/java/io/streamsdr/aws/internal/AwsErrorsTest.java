package io.streamsdr.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.CallFailedException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.model.RdsException;

/** An error the SDK read without a code (moto's AccessDenied, an HTML 500 page) is sorted, not a NullPointerException. */
class AwsErrorsTest {

    static RdsException withoutCode(int status) {
        return (RdsException) RdsException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder().build()).build();
    }

    @Test
    void anErrorWithoutACodeIsSortedByItsStatus() {
        assertThat(AwsErrors.isThrottling(withoutCode(403))).isFalse();
        assertThat(AwsErrors.isTransient(withoutCode(403))).isFalse();
        assertThat(AwsErrors.isTransient(withoutCode(500))).isTrue();
        assertThat(AwsErrors.isThrottling(new CallFailedException("DescribeDBSnapshots", withoutCode(429)))).isTrue();
        assertThat(AwsErrors.hasCode(withoutCode(403), "AccessDenied")).isFalse();
        assertThat(AwsErrors.describe(withoutCode(403))).isEqualTo("HTTP 403");
    }

    @Test
    void aThrottlingCodeIsThrottling() {
        RdsException throttled = (RdsException) RdsException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build();
        assertThat(AwsErrors.isThrottling(throttled)).isTrue();
        assertThat(AwsErrors.describe(throttled)).isEqualTo("Throttling (HTTP 400): Rate exceeded");
    }
}
