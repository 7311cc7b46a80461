package io.streamsdr.aws.javadoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.aws.velero.VeleroAwsRole;
import io.streamsdr.aws.velero.VeleroRoleResult;
import io.streamsdr.aws.velero.VeleroRoleTrust;
import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Javadoc example of {@code VeleroAwsRole}, run on moto_server (IAM roles and OIDC providers, which the in-memory
 * IAM does not serve). {@code JavadocExamplesTest} keeps the {@code // JAVADOC:} region identical to the example.
 */
@ExtendWith(MotoServerExtension.class)
class VeleroAwsRoleExampleTest {

    @Test
    void irsaRole(MotoServer moto) {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        try (IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
             S3Client s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).forcePathStyle(true).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            // the cluster's OIDC provider, as eksctl makes it
            iam.createOpenIDConnectProvider(r -> r.url("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE")
                    .clientIDList("sts.amazonaws.com").thumbprintList("9e99a48a9960b14926bb7f3b02e22da2b0ab7280"));
            // JAVADOC:io.streamsdr.aws.velero.VeleroAwsRole:start
            VeleroRoleResult r = VeleroAwsRole.builder(s3, iam)
                .withRegion("eu-west-1")
                .withBucket("streams-velero-backups")
                .withRoleName("streams-velero")
                .withServiceAccount("velero", "velero-server")
                .withTrust(VeleroRoleTrust.irsa("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"))
                .build()
                .execute();
            // VeleroInstall.aws()...withAuth(VeleroAuth.irsa(r.roleArn())).withServiceAccount("velero-server")
            // JAVADOC:io.streamsdr.aws.velero.VeleroAwsRole:end

            assertThat(r.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/streams-velero");
            assertThat(r.roleCreated()).isTrue();
            assertThat(iam.getRole(g -> g.roleName("streams-velero")).role().assumeRolePolicyDocument())
                    .contains("system%3Aserviceaccount%3Avelero%3Avelero-server");
        }
    }
}
