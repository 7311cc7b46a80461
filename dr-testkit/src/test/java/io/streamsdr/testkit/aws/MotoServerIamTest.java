package io.streamsdr.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MotoServer#startEnforcingIam()} on a real moto_server, without an SDK (dr-aws's RdsIamPolicyTest
 * signs real RDS calls with the users made here).
 */
class MotoServerIamTest {
    static MotoServer moto;

    @BeforeAll
    static void start() {
        MotoServer.requireInstalled(MotoServer.isInstalled(), System.getenv("CI"));
        moto = MotoServer.startEnforcingIam();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void anUnsignedCallIsRefusedWhileUsersAreMadeWithTheirKeys() {
        assertThat(moto.enforcesIam()).isTrue();
        assertThat(moto).hasToString("MotoServer[" + moto.endpoint() + ", IAM enforced]");
        assertThatThrownBy(() -> moto.query("rds", "eu-west-1", "Action=DescribeDBInstances&Version=2014-10-31"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rds query answered HTTP 403: ")
                .hasMessageContaining("<Code>InvalidClientTokenId</Code>");

        MotoServer.IamUser reader = moto.createUser("reader", MotoServer.ALLOW_ALL);

        assertThat(reader.name()).isEqualTo("reader");
        assertThat(reader.arn()).isEqualTo("arn:aws:iam::123456789012:user/reader");
        assertThat(reader.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
        assertThat(reader.secretAccessKey().reveal()).hasSize(40);
        assertThat(reader.toString()).doesNotContain(reader.secretAccessKey().reveal());
        assertThatThrownBy(() -> moto.query("rds", "eu-west-1", "Action=DescribeDBInstances&Version=2014-10-31"))
                .as("enforcement is back on after the user was made").hasMessageContaining("<Code>InvalidClientTokenId</Code>");
        assertThatThrownBy(() -> moto.createUser("reader", MotoServer.ALLOW_ALL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EntityAlreadyExists");
    }

    @Test
    void theJavadocExampleMakesUsersOnAServerOfItsOwn() {
        assertThatCode(() -> {
            // JAVADOC:io.streamsdr.testkit.aws.MotoServer:start
            try (MotoServer moto = MotoServer.startEnforcingIam()) {
                MotoServer.IamUser admin = moto.createUser("admin", MotoServer.ALLOW_ALL);
                MotoServer.IamUser snapshots = moto.createUser("snapshots", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":[\"rds:DescribeDBInstances\",\"rds:CreateDBSnapshot\"],\"Resource\":\"*\"}]}");
                // SDK clients with AwsBasicCredentials.create(snapshots.accessKeyId(), snapshots.secretAccessKey().reveal())
            }
            // JAVADOC:io.streamsdr.testkit.aws.MotoServer:end
        }).as("createUser fails when moto refuses the user or its policy").doesNotThrowAnyException();
    }

    @Test
    void theSharedServerEnforcesNothing() {
        MotoServer.requireInstalled(MotoServer.isInstalled(), System.getenv("CI"));
        assertThat(MotoServer.shared().enforcesIam()).isFalse();
        assertThat(MotoServer.shared().query("rds", "eu-west-1", "Action=DescribeDBInstances&Version=2014-10-31"))
                .contains("<DescribeDBInstancesResult>");
    }

    @Test
    void badUsersAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> moto.createUser("bad user!", MotoServer.ALLOW_ALL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IAM user name must be 1 to 64 letters, digits or +=,.@_-, was 'bad user!'");
        assertThatThrownBy(() -> moto.createUser("blank", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy document of IAM user 'blank' must not be blank");
    }
}
