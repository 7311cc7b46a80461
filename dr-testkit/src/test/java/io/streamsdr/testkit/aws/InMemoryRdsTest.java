package io.streamsdr.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/** The fake's own behaviour: states over virtual time, AWS error codes, quota, throttling, call counts. */
class InMemoryRdsTest {
    final VirtualClock clock = VirtualClock.create();
    final InMemoryRds rds = InMemoryRds.builder(clock).withCreateDuration(Duration.ofMinutes(5)).withRestoreDuration(Duration.ofMinutes(12))
            .withManualSnapshotQuota(2).build();

    String status(String id) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0).dbInstanceStatus();
    }

    void create(String id) {
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id).engine("mariadb").engineVersion("10.11.8").backupRetentionPeriod(7));
    }

    static String code(Throwable e) {
        return ((RdsException) e).awsErrorDetails().errorCode();
    }

    @Test
    void anInstanceGoesCreatingThenBackingUpThenAvailable() {
        create("db");
        assertThat(status("db")).isEqualTo("creating");
        clock.advance(Duration.ofMinutes(5));
        assertThat(status("db")).isEqualTo("backing-up");
        clock.advance(Duration.ofMinutes(2));
        assertThat(status("db")).isEqualTo("available");
        assertThat(rds.describeDBInstances(r -> r.dbInstanceIdentifier("db")).dbInstances().get(0).latestRestorableTime()).isNotNull();
    }

    @Test
    void aRestoreTakesTheConfiguredMinutesAndLandsInTheDefaults() {
        create("db");
        clock.advance(Duration.ofMinutes(10));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("s"));
        clock.advance(Duration.ofMinutes(10));

        rds.restoreDBInstanceFromDBSnapshot(r -> r.dbInstanceIdentifier("dr").dbSnapshotIdentifier("s"));

        assertThat(rds.availableAt("dr")).isEqualTo(clock.instant().plus(Duration.ofMinutes(12)));
        clock.advance(Duration.ofMinutes(11));
        assertThat(status("dr")).isEqualTo("backing-up");
        clock.advance(Duration.ofMinutes(1));
        assertThat(status("dr")).isEqualTo("available");
        var dr = rds.describeDBInstances(r -> r.dbInstanceIdentifier("dr")).dbInstances().get(0);
        assertThat(dr.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("default");
        assertThat(dr.dbParameterGroups().get(0).dbParameterGroupName()).isEqualTo("default.mariadb10.11");
    }

    @Test
    void errorsCarryAwsCodes() {
        create("db");
        assertThatThrownBy(() -> create("db")).satisfies(e -> assertThat(code(e)).isEqualTo("DBInstanceAlreadyExists"));
        assertThatThrownBy(() -> status("nope")).satisfies(e -> assertThat(code(e)).isEqualTo("DBInstanceNotFound"));
        assertThatThrownBy(() -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("s")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidDBInstanceState"));
        assertThatThrownBy(() -> rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier("nope")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("DBSnapshotNotFound"));
        assertThatThrownBy(() -> create("bad--id")).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("db").backupRetentionPeriod(3)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidDBInstanceState"));
    }

    @Test
    void theManualSnapshotQuotaAndAutomatedSnapshotsRules() {
        create("db");
        clock.advance(Duration.ofMinutes(10));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("a"));
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("b"));

        assertThatThrownBy(() -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("c")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("SnapshotQuotaExceeded"));
        assertThatThrownBy(() -> rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("a")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("DBSnapshotAlreadyExists"));
        DBSnapshot automated = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("db").snapshotType("automated")).dbSnapshots().get(0);
        assertThat(automated.dbSnapshotIdentifier()).startsWith("rds:db-");
        assertThatThrownBy(() -> rds.deleteDBSnapshot(r -> r.dbSnapshotIdentifier(automated.dbSnapshotIdentifier())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidDBSnapshotState"));
    }

    @Test
    void throttlingAndFailuresOnDemandAndCallCounts() {
        create("db");
        rds.throttleNextCalls(1).failNextCalls(1);

        assertThatThrownBy(() -> status("db")).satisfies(e -> {
            assertThat(code(e)).isEqualTo("Throttling");
            assertThat(((RdsException) e).isThrottlingException()).isTrue();
        });
        assertThatThrownBy(() -> status("db")).satisfies(e -> assertThat(((RdsException) e).statusCode()).isEqualTo(500));
        assertThat(status("db")).isEqualTo("creating");
        assertThat(rds.calls("DescribeDBInstances")).isEqualTo(3);
        assertThat(rds.calls()).isEqualTo(4);
    }

    @Test
    void unusedOperationsAreUnsupported() {
        assertThatThrownBy(() -> rds.describeDBClusters()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anInstanceCreatedAvailableIsAvailableNowAsIfCreatedEarlier() {
        Instant now = clock.instant();

        DBInstance db = rds.createAvailableInstance(r -> r.dbInstanceIdentifier("db").engine("mariadb").backupRetentionPeriod(7));

        assertThat(db.dbInstanceStatus()).isEqualTo("available");
        assertThat(status("db")).isEqualTo("available");
        assertThat(rds.availableAt("db")).isEqualTo(now);
        assertThat(db.instanceCreateTime()).isEqualTo(now.minus(Duration.ofMinutes(7)));
        assertThat(db.latestRestorableTime()).isEqualTo(now);
        DBSnapshot automated = rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("db").snapshotType("automated")).dbSnapshots().get(0);
        assertThat(automated.status()).isEqualTo("available");
        assertThat(automated.snapshotCreateTime()).isEqualTo(now.minus(Duration.ofMinutes(2)));
        // setting it up was no RDS call: only the two describes above count
        assertThat(rds.callCounts()).isEqualTo(Map.of("DescribeDBInstances", 1, "DescribeDBSnapshots", 1));
        assertThat(clock.instant()).isEqualTo(now);
        rds.createDBSnapshot(r -> r.dbInstanceIdentifier("db").dbSnapshotIdentifier("s"));
    }

    @Test
    void theBuilderCanHoldAvailableInstancesFromTheStart() {
        InMemoryRds built = InMemoryRds.builder(clock)
                .withAvailableInstance(r -> r.dbInstanceIdentifier("a").backupRetentionPeriod(0))
                .withAvailableInstance(r -> r.dbInstanceIdentifier("b"))
                .build();

        assertThat(built.instanceIds()).containsExactly("a", "b");
        assertThat(built.describeDBInstances(r -> r.dbInstanceIdentifier("a")).dbInstances().get(0).dbInstanceStatus()).isEqualTo("available");
        assertThat(built.describeDBInstances(r -> r.dbInstanceIdentifier("a")).dbInstances().get(0).latestRestorableTime()).isNull();
        assertThat(built.snapshotIds()).containsExactly("rds:b-2025-12-31-23-58"); // a retention of 0 makes no automated snapshot
        assertThatThrownBy(() -> built.createAvailableInstance(r -> r.dbInstanceIdentifier("a")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("DBInstanceAlreadyExists"));
        assertThatThrownBy(() -> InMemoryRds.builder(clock).withAvailableInstance(r -> r.dbInstanceIdentifier("bad--id")).build())
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"));
    }

    @Test
    void badSettingsOfTheFakesAreRefusedNamingTheSetting() {
        InMemoryRds.Builder b = InMemoryRds.builder(clock);

        assertThatThrownBy(() -> InMemoryRds.builder(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid clock of the in-memory RDS: must not be null");
        assertThatThrownBy(() -> b.withRestoreDuration(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid restore duration of the in-memory RDS: must be positive, was 0s");
        assertThatThrownBy(() -> b.withCreateDuration(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid create duration of the in-memory RDS: must not be null");
        assertThatThrownBy(() -> b.withRegion(" ")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid region of the in-memory RDS: must not be blank");
        assertThatThrownBy(() -> b.withPageSize(0)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid page size of the in-memory RDS: must be at least 1, was 0");
        assertThatThrownBy(() -> b.withManualSnapshotQuota(-1)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid manual snapshot quota of the in-memory RDS: must not be negative, was -1");
        assertThatThrownBy(() -> b.withAvailableInstance(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid request of an available instance: must not be null");
        assertThatThrownBy(() -> InMemoryS3.inRegion(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid region of the in-memory S3: must not be null");
        assertThatThrownBy(() -> InMemoryIam.create(null)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid clock of the in-memory IAM: must not be null");
    }
}
