package io.streamsdr.aws.velero;

import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The Velero contract against a real moto_server on loopback (path-style S3, retries off). */
@ExtendWith(MotoServerExtension.class)
class MotoVeleroAwsContractTest extends VeleroAwsContractTest {
    static MotoServer moto;
    static S3Client eu;
    static S3Client us;
    static IamClient iamClient;

    @BeforeAll
    static void clients(MotoServer server) {
        moto = server;
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        eu = s3(creds, "eu-west-1");
        us = s3(creds, "us-east-1");
        iamClient = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    static S3Client s3(StaticCredentialsProvider creds, String region) {
        return S3Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region)).forcePathStyle(true).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void closeClients() {
        if (eu != null) {
            eu.close();
            us.close();
            iamClient.close();
        }
    }

    @Override
    void resetBackend() {
        // MotoServerExtension reset moto before this test
    }

    @Override
    S3Client s3() {
        return eu;
    }

    @Override
    S3Client s3UsEast1() {
        return us;
    }

    @Override
    IamClient iam() {
        return iamClient;
    }

    @Override
    boolean bucketExists(String bucket) {
        try {
            eu.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            return false;
        }
    }
}
