package io.streamsdr.aws.rds;

import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The RDS contract against a real moto_server on a loopback port (started once per JVM, reset before
 * each test), through real SDK clients with retries off. moto has no RDS state transitions: every
 * instance and snapshot is available at once.
 */
@ExtendWith(MotoServerExtension.class)
class MotoRdsContractTest extends RdsContractTest {
    static MotoServer moto;
    static RdsClient eu;
    static RdsClient us;
    String subnetGroup;

    @BeforeAll
    static void clients(MotoServer server) {
        moto = server;
        eu = client(moto, "eu-west-1");
        us = client(moto, "us-east-1");
    }

    @AfterAll
    static void closeClients() {
        if (eu != null) {
            eu.close();
            us.close();
        }
    }

    static RdsClient client(MotoServer moto, String region) {
        return RdsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    void resetBackend() {
        // MotoServerExtension reset moto before this test
        clock = VirtualClock.startingAt(Instant.now());
        String xml = moto.query("ec2", "eu-west-1", "Action=DescribeSubnets&Version=2016-11-15");
        List<String> subnets = new ArrayList<>();
        Matcher m = Pattern.compile("<subnetId>(subnet-[0-9a-f]+)</subnetId>").matcher(xml);
        while (m.find() && subnets.size() < 2) {
            subnets.add(m.group(1));
        }
        subnetGroup = "streams-private";
        eu.createDBSubnetGroup(r -> r.dbSubnetGroupName(subnetGroup).dbSubnetGroupDescription("private subnets").subnetIds(subnets));
        eu.createDBParameterGroup(r -> r.dbParameterGroupName(parameterGroup()).dbParameterGroupFamily("mariadb10.11").description("streams"));
    }

    @Override
    RdsClient client() {
        return eu;
    }

    @Override
    RdsClient otherRegionClient() {
        return us;
    }

    @Override
    String subnetGroup() {
        return subnetGroup;
    }

    @Override
    String securityGroup() {
        return "sg-0123456789abcdef0";
    }

    @Override
    String parameterGroup() {
        return "streams-mariadb";
    }
}
