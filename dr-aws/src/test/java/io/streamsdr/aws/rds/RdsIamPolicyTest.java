package io.streamsdr.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PlanReport;
import io.streamsdr.core.Poller;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RestorePlan;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.RunOptions;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The least-privilege IAM policy of the RDS side, per operation, on a real moto_server that enforces IAM
 * ({@link MotoServer#startEnforcingIam()}): an IAM user whose policy holds exactly the actions of
 * {@link #POLICIES} for one operation runs that operation through the library, and the same user is
 * refused, as a {@link CallFailedException} naming the call, for an operation outside its policy.
 * docs/aws.md's table and policy document are checked against {@link #POLICIES}.
 *
 * <p>moto checks action names only: every call is checked against the resource {@code *}, conditions are
 * ignored, and an action that one API call implies on AWS (rds:AddTagsToResource when a create call
 * carries tags) is not asked for. So these policies use {@code "Resource": "*"}; what narrowing to ARNs
 * leaves working, only a real account shows.
 */
class RdsIamPolicyTest {
    /** Operation → the RDS actions its user gets: the table of docs/aws.md, in its order. */
    static final Map<String, List<String>> POLICIES = new LinkedHashMap<>();

    static {
        POLICIES.put("protection status and recovery points", List.of("rds:DescribeDBInstances", "rds:DescribeDBSnapshots"));
        POLICIES.put("snapshot", List.of("rds:DescribeDBInstances", "rds:CreateDBSnapshot", "rds:DescribeDBSnapshots", "rds:AddTagsToResource"));
        POLICIES.put("enable automated backups", List.of("rds:DescribeDBInstances", "rds:ModifyDBInstance"));
        POLICIES.put("restore from snapshot", List.of("rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "rds:RestoreDBInstanceFromDBSnapshot", "rds:AddTagsToResource"));
        POLICIES.put("point-in-time restore", List.of("rds:DescribeDBInstances", "rds:DescribeDBSnapshots",
                "rds:RestoreDBInstanceToPointInTime", "rds:AddTagsToResource"));
        POLICIES.put("pruning", List.of("rds:DescribeDBSnapshots", "rds:DeleteDBSnapshot"));
        POLICIES.put("cross-region copy", List.of("rds:DescribeDBSnapshots", "rds:CopyDBSnapshot", "rds:AddTagsToResource"));
    }

    static final String SOURCE = "streams-db";
    static MotoServer moto;
    static RdsClient adminEu;
    static int users;
    VirtualClock clock;

    @BeforeAll
    static void startMoto() {
        MotoServer.requireInstalled();
        moto = MotoServer.startEnforcingIam();
        MotoServer.IamUser admin = moto.createUser("admin", MotoServer.ALLOW_ALL);
        adminEu = client(admin, "eu-west-1");
        adminEu.createDBInstance(r -> r.dbInstanceIdentifier(SOURCE).engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1").backupRetentionPeriod(7));
    }

    @AfterAll
    static void stopMoto() {
        if (adminEu != null) {
            adminEu.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void time() {
        clock = VirtualClock.startingAt(Instant.now());
    }

    static RdsClient client(MotoServer.IamUser user, String region) {
        return RdsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(user.accessKeyId(),
                        user.secretAccessKey().reveal())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A new user whose policy is exactly the operation's actions, on every resource (moto checks no ARNs). */
    static MotoServer.IamUser userFor(String operation) {
        List<String> actions = POLICIES.get(operation);
        return moto.createUser("op-" + (++users), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\""
                + String.join("\",\"", actions) + "\"],\"Resource\":\"*\"}]}");
    }

    static RdsDatabase database(RdsClient client, String instanceId) {
        return RdsDatabase.builder(client, instanceId).withSnapshotTags(Map.of("owner", "dr-tests")).build();
    }

    Poller poller() {
        return Poller.using(clock, clock);
    }

    RunOptions options() {
        return RunOptions.defaults().withTime(clock, clock);
    }

    static void refused(ThrowingCallable call, MotoServer.IamUser user, String action, String callName) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CallFailedException.class, e -> {
            assertThat(e.call()).isEqualTo(callName);
            assertThat(e.getMessage()).startsWith("Call failed: " + callName + ": ");
            assertThat(e.getCause()).isInstanceOfSatisfying(RdsException.class, c -> {
                assertThat(c.statusCode()).isEqualTo(403);
                // moto answers in the <Errors><Error> form, which SDK v2's query protocol does not parse (code and message
                // stay empty); AWS's own answer has them. The body says who was refused what.
                assertThat(c.awsErrorDetails().rawResponse().asUtf8String()).contains("<Code>AccessDenied</Code>")
                        .contains("<Message>User: " + user.arn() + " is not authorized to perform: " + action + "</Message>");
            });
        });
    }

    @Test
    void protectionStatusAndRecoveryPoints() {
        MotoServer.IamUser user = userFor("protection status and recovery points");
        String snapshot = "status-snap";
        adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier(SOURCE).dbSnapshotIdentifier(snapshot));
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, SOURCE);

            ProtectionStatus status = db.protectionStatus(RunContext.of(poller()));
            List<RecoveryPoint> points = db.recoveryPoints(RunContext.of(poller()));

            assertThat(status.healthy()).as(String.valueOf(status.reason())).isTrue();
            assertThat(points).extracting(RecoveryPoint::id).contains(snapshot);
            refused(() -> db.takeSnapshot("not-allowed", poller()), user, "rds:CreateDBSnapshot",
                    "CreateDBSnapshot 'not-allowed' of RDS instance 'streams-db'");
        }
    }

    @Test
    void snapshot() {
        MotoServer.IamUser user = userFor("snapshot");
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, SOURCE);

            RecoveryPoint point = db.takeRecoveryPoint(RunContext.of(poller()));

            assertThat(adminEu.describeDBSnapshots(r -> r.dbSnapshotIdentifier(point.id())).dbSnapshots().get(0).status()).isEqualTo("available");
            refused(() -> db.enableAutomatedBackups(14, poller()), user, "rds:ModifyDBInstance",
                    "ModifyDBInstance (backup retention 14 days) of RDS instance 'streams-db'");
        }
    }

    @Test
    void enableAutomatedBackups() {
        adminEu.createDBInstance(r -> r.dbInstanceIdentifier("backups-db").engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1").backupRetentionPeriod(0));
        MotoServer.IamUser user = userFor("enable automated backups");
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, "backups-db");

            db.enableAutomatedBackups(7, poller());

            assertThat(adminEu.describeDBInstances(r -> r.dbInstanceIdentifier("backups-db")).dbInstances().get(0).backupRetentionPeriod())
                    .isEqualTo(7);
            refused(() -> db.pruning(PrunePolicy.keepLast(1)).execute(clock), user, "rds:DescribeDBSnapshots",
                    "DescribeDBSnapshots of RDS instance 'backups-db'");
        }
    }

    @Test
    void restoreFromSnapshot() {
        adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier(SOURCE).dbSnapshotIdentifier("restore-src"));
        MotoServer.IamUser user = userFor("restore from snapshot");
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, SOURCE);
            RdsRestore restore = db.restoreFromSnapshot("restore-src").toInstance("restored-from-snap").withTags(Map.of("owner", "dr")).build();

            PlanReport report = RestorePlan.builder("restore").withFragment(restore.fragment()).build().execute(options()).throwIfFailed();

            assertThat(report.step(restore.id()).orElseThrow().outputs()).containsKey(restore.endpointAddress().name());
            assertThat(adminEu.describeDBInstances(r -> r.dbInstanceIdentifier("restored-from-snap")).dbInstances()).hasSize(1);
            refused(() -> db.takeSnapshot("not-allowed", poller()), user, "rds:CreateDBSnapshot",
                    "CreateDBSnapshot 'not-allowed' of RDS instance 'streams-db'");
        }
    }

    @Test
    void pointInTimeRestore() {
        MotoServer.IamUser user = userFor("point-in-time restore");
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, SOURCE);
            RdsRestore restore = db.restoreToLatestRestorableTime().toInstance("restored-pitr").withId("pitr").withTags(Map.of("owner", "dr"))
                    .build();

            RestorePlan.builder("pitr").withFragment(restore.fragment()).build().execute(options()).throwIfFailed();

            assertThat(adminEu.describeDBInstances(r -> r.dbInstanceIdentifier("restored-pitr")).dbInstances()).hasSize(1);
            refused(() -> db.takeSnapshot("not-allowed", poller()), user, "rds:CreateDBSnapshot",
                    "CreateDBSnapshot 'not-allowed' of RDS instance 'streams-db'");
        }
    }

    @Test
    void pruning() {
        adminEu.createDBInstance(r -> r.dbInstanceIdentifier("prune-db").engine("mariadb").engineVersion("10.11.8").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1").backupRetentionPeriod(7));
        for (String id : List.of("prune-a", "prune-b", "prune-c")) {
            adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier("prune-db").dbSnapshotIdentifier(id));
        }
        MotoServer.IamUser user = userFor("pruning");
        try (RdsClient rds = client(user, "eu-west-1")) {
            RdsDatabase db = database(rds, "prune-db");

            List<RecoveryPoint> deleted = db.pruning(PrunePolicy.keepLast(1)).execute(clock);

            assertThat(deleted).hasSize(2);
            assertThat(adminEu.describeDBSnapshots(r -> r.dbInstanceIdentifier("prune-db").snapshotType("manual")).dbSnapshots()).hasSize(1);
            refused(() -> db.takeSnapshot("not-allowed", poller()), user, "rds:DescribeDBInstances", "DescribeDBInstances of RDS instance 'prune-db'");
        }
    }

    @Test
    void crossRegionCopy() {
        adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier(SOURCE).dbSnapshotIdentifier("copy-src"));
        MotoServer.IamUser user = userFor("cross-region copy");
        try (RdsClient eu = client(user, "eu-west-1"); RdsClient us = client(user, "us-east-1")) {
            RdsDatabase db = database(eu, SOURCE);

            RecoveryPoint copy = db.copySnapshot("copy-src").toRegion("us-east-1", us).withTargetSnapshotId("copy-dr").build().execute(poller());

            assertThat(copy.id()).isEqualTo("copy-dr");
            assertThat(us.describeDBSnapshots(r -> r.dbSnapshotIdentifier("copy-dr")).dbSnapshots().get(0).status()).isEqualTo("available");
            refused(() -> db.enableAutomatedBackups(14, poller()), user, "rds:DescribeDBInstances",
                    "DescribeDBInstances of RDS instance 'streams-db'");
        }
    }

    /** One operation of the table, on fresh resources named with {@code u}: returns when it succeeded. */
    interface Operation {
        void run(RdsClient eu, RdsClient us, String u);
    }

    Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("protection status and recovery points", (eu, us, u) -> {
            RdsDatabase db = database(eu, SOURCE);
            ProtectionStatus status = db.protectionStatus(RunContext.of(poller()));
            if (!status.healthy()) {
                throw new AssertionError("unhealthy: " + status.reason().orElse(""));
            }
            db.recoveryPoints(RunContext.of(poller()));
        });
        ops.put("snapshot", (eu, us, u) -> database(eu, SOURCE).takeSnapshot("snap-" + u, poller()));
        ops.put("enable automated backups", (eu, us, u) -> {
            adminEu.createDBInstance(r -> r.dbInstanceIdentifier("bk-" + u).engine("mariadb").engineVersion("10.11.8")
                    .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1")
                    .backupRetentionPeriod(0));
            database(eu, "bk-" + u).enableAutomatedBackups(7, poller());
        });
        ops.put("restore from snapshot", (eu, us, u) -> RestorePlan.builder("restore").withFragment(database(eu, SOURCE)
                .restoreFromSnapshot("fixture-snap").toInstance("rs-" + u).withTags(Map.of("owner", "dr")).build().fragment())
                .build().execute(options()).throwIfFailed());
        ops.put("point-in-time restore", (eu, us, u) -> RestorePlan.builder("pitr").withFragment(database(eu, SOURCE)
                .restoreToLatestRestorableTime().toInstance("pitr-" + u).withTags(Map.of("owner", "dr")).build().fragment())
                .build().execute(options()).throwIfFailed());
        ops.put("pruning", (eu, us, u) -> {
            adminEu.createDBInstance(r -> r.dbInstanceIdentifier("pr-" + u).engine("mariadb").engineVersion("10.11.8")
                    .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin").masterUserPassword("not-a-secret-1")
                    .backupRetentionPeriod(7));
            adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier("pr-" + u).dbSnapshotIdentifier("pr-" + u + "-a"));
            adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier("pr-" + u).dbSnapshotIdentifier("pr-" + u + "-b"));
            List<RecoveryPoint> deleted = database(eu, "pr-" + u).pruning(PrunePolicy.keepLast(1)).execute(clock);
            if (deleted.size() != 1) {
                throw new AssertionError("pruned " + deleted);
            }
        });
        ops.put("cross-region copy", (eu, us, u) -> database(eu, SOURCE).copySnapshot("fixture-snap").toRegion("us-east-1", us)
                .withTargetSnapshotId("cp-" + u).build().execute(poller()));
        return ops;
    }

    /**
     * Least privilege: for every row, a user with the row's actions but one fails the operation, refused that
     * one action. rds:AddTagsToResource is the exception: moto does not ask for it (AWS does, for tags on create).
     */
    @Test
    void everyActionOfARowIsNeeded() {
        if (!adminEuHas("fixture-snap")) {
            adminEu.createDBSnapshot(r -> r.dbInstanceIdentifier(SOURCE).dbSnapshotIdentifier("fixture-snap"));
        }
        Map<String, Operation> ops = operations();
        assertThat(ops.keySet()).containsExactlyElementsOf(POLICIES.keySet());
        int n = 0;
        for (Map.Entry<String, List<String>> row : POLICIES.entrySet()) {
            for (String missing : row.getValue()) {
                if (missing.equals("rds:AddTagsToResource")) {
                    continue;
                }
                List<String> actions = row.getValue().stream().filter(a -> !a.equals(missing)).toList();
                MotoServer.IamUser user = moto.createUser("less-" + (++n), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":[\"" + String.join("\",\"", actions) + "\"],\"Resource\":\"*\"}]}");
                String u = "l" + n;
                try (RdsClient eu = client(user, "eu-west-1"); RdsClient us = client(user, "us-east-1")) {
                    assertThatThrownBy(() -> ops.get(row.getKey()).run(eu, us, u))
                            .as("%s without %s", row.getKey(), missing)
                            .satisfies(e -> assertThat(refusedFor(e, missing)).as("%s without %s failed with %s", row.getKey(), missing, e)
                                    .isTrue());
                }
            }
        }
        assertThat(n).isEqualTo(17);
        // and with the whole row, each operation runs
        int m = 0;
        for (Map.Entry<String, Operation> op : ops.entrySet()) {
            MotoServer.IamUser user = userFor(op.getKey());
            try (RdsClient eu = client(user, "eu-west-1"); RdsClient us = client(user, "us-east-1")) {
                op.getValue().run(eu, us, "f" + (++m));
            }
        }
    }

    private static boolean adminEuHas(String snapshotId) {
        return adminEu.describeDBSnapshots(r -> r.dbInstanceIdentifier(SOURCE)).dbSnapshots().stream()
                .anyMatch(x -> x.dbSnapshotIdentifier().equals(snapshotId));
    }

    /** Whether {@code e} (or a cause) is AWS refusing {@code action}, or an unhealthy status naming its call. */
    static boolean refusedFor(Throwable e, String action) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RdsException r && r.statusCode() == 403 && r.awsErrorDetails() != null && r.awsErrorDetails().rawResponse() != null
                    && r.awsErrorDetails().rawResponse().asUtf8String().contains("is not authorized to perform: " + action + "<")) {
                return true;
            }
            if (t instanceof AssertionError && String.valueOf(t.getMessage()).contains("Call failed: " + action.substring("rds:".length()))) {
                return true;
            }
        }
        return false;
    }

    /** What moto does not check, shown: a statement narrowed to ARNs allows nothing, and a condition is ignored. */
    @Test
    void motoChecksNoResourceArnsAndNoConditions() {
        MotoServer.IamUser scoped = moto.createUser("scoped", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"rds:DescribeDBInstances\",\"Resource\":\"arn:aws:rds:eu-west-1:123456789012:db:*\"}]}");
        MotoServer.IamUser conditioned = moto.createUser("conditioned", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"rds:DescribeDBInstances\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:RequestedRegion\":\"us-east-1\"}}}]}");
        try (RdsClient a = client(scoped, "eu-west-1"); RdsClient b = client(conditioned, "eu-west-1")) {
            assertThatThrownBy(a::describeDBInstances).isInstanceOfSatisfying(RdsException.class, e -> assertThat(
                    e.awsErrorDetails().rawResponse().asUtf8String()).contains("<Code>AccessDenied</Code>"));
            // on AWS the condition is false for a call to eu-west-1; moto allows it
            assertThat(b.describeDBInstances().dbInstances()).extracting(d -> d.dbInstanceIdentifier()).contains(SOURCE);
        }
    }

    /** docs/aws.md's table and policy document say what {@link #POLICIES} proves. */
    @Test
    void theDocumentedTableAndPolicyAreTheTestedOnes() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "aws.md"));
        String section = doc.substring(doc.indexOf("## Least-privilege IAM policy of the RDS side"), doc.indexOf("## Testing with dr-testkit"));
        Map<String, List<String>> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| ([a-z][a-z -]+?) \\(.*?\\) \\| (.+) \\|$").matcher(section);
        while (row.find()) {
            table.put(row.group(1), Pattern.compile("`(rds:[A-Za-z]+)`").matcher(row.group(2)).results().map(r -> r.group(1)).toList());
        }
        assertThat(table).containsExactlyEntriesOf(POLICIES);
        String json = section.substring(section.indexOf("```json"), section.indexOf("```", section.indexOf("```json") + 7));
        TreeSet<String> documented = Pattern.compile("\"(rds:[A-Za-z]+)\"").matcher(json).results().map(r -> r.group(1))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        TreeSet<String> union = new TreeSet<>();
        POLICIES.values().forEach(union::addAll);
        assertThat(documented).containsExactlyElementsOf(union);
        assertThat(json).contains("\"Resource\": \"*\"");
    }
}
