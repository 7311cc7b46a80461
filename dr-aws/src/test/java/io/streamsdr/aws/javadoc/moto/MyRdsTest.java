package io.streamsdr.aws.javadoc.moto;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

// The Javadoc example of MotoServerExtension, compiled and run (JavadocExamplesTest keeps the two identical).
// JAVADOC:io.streamsdr.testkit.aws.MotoServerExtension:start
@ExtendWith(MotoServerExtension.class)
class MyRdsTest {
    static RdsClient rds;

    @BeforeAll
    static void clients(MotoServer moto) {
        rds = RdsClient.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    }

    @Test
    void startsWithNoInstance() {
        assertThat(rds.describeDBInstances().dbInstances()).isEmpty();   // moto_server is reset before each test
    }
}
// JAVADOC:io.streamsdr.testkit.aws.MotoServerExtension:end
