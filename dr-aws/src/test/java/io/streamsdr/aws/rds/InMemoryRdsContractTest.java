package io.streamsdr.aws.rds;

import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryRds;
import software.amazon.awssdk.services.rds.RdsClient;

/** The RDS contract against dr-testkit's in-memory RDS, on virtual time. */
class InMemoryRdsContractTest extends RdsContractTest {
    InMemoryRds rds;
    InMemoryRds other;

    @Override
    void resetBackend() {
        clock = VirtualClock.create();
        rds = InMemoryRds.create(clock);
        other = InMemoryRds.builder(clock).withRegion("us-east-1").build().linkRegion(rds);
    }

    @Override
    RdsClient client() {
        return rds;
    }

    @Override
    RdsClient otherRegionClient() {
        return other;
    }

    @Override
    String subnetGroup() {
        return "streams-private";
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
