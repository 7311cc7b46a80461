package io.streamsdr.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.streamsdr.core.InvalidConfigurationException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input is refused while building, naming the field and the rule, before any API call. */
class BadInputTest {
    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;
    private static Velero velero;

    @BeforeAll
    static void start() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory());
        velero = Velero.using(client);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    static Stream<Arguments> badInputs() {
        String long64 = "a".repeat(64);
        return Stream.of(
                bad("namespace with upper case", () -> BackupRequest.ofNamespace("Streams"), "namespace 'Streams'", "DNS-1123 label"),
                bad("namespace with underscore", () -> BackupRequest.ofNamespace("streams_prod"), "namespace 'streams_prod'", "DNS-1123 label"),
                bad("namespace starting with '-'", () -> BackupRequest.ofNamespace("-streams"), "namespace '-streams'", "DNS-1123 label"),
                bad("namespace ending with '-'", () -> BackupRequest.ofNamespace("streams-"), "namespace 'streams-'", "DNS-1123 label"),
                bad("namespace with a dot", () -> BackupRequest.ofNamespace("streams.prod"), "namespace 'streams.prod'", "DNS-1123 label"),
                bad("namespace of 64 characters", () -> BackupRequest.ofNamespace(long64), "namespace '" + long64 + "'", "1 to 63"),
                bad("empty namespace", () -> BackupRequest.ofNamespace(""), "namespace ''", "DNS-1123 label"),
                bad("null namespace", () -> BackupRequest.ofNamespace(null), "namespace", "must not be null"),
                bad("backup name with a space", () -> BackupRequest.ofNamespace("streams").withName("my backup"), "backup name 'my backup'", "DNS-1123 subdomain"),
                bad("backup name with upper case", () -> RestoreRequest.fromBackup("Nightly"), "backup name 'Nightly'", "DNS-1123 subdomain"),
                bad("backup name with '..'", () -> BackupRequest.ofNamespace("streams").withName("a..b"), "backup name 'a..b'", "DNS-1123 subdomain"),
                bad("backup name of 64 characters", () -> BackupRequest.ofNamespace("streams").withName(long64), "backup name", "at most 63"),
                bad("schedule name with '/'", () -> ScheduleRequest.named("daily/streams"), "schedule name 'daily/streams'", "DNS-1123 subdomain"),
                bad("restore from schedule with bad name", () -> RestoreRequest.fromSchedule("Daily"), "schedule name 'Daily'", "DNS-1123 subdomain"),
                bad("velero namespace", () -> velero.withNamespace("Velero"), "velero namespace 'Velero'", "DNS-1123 label"),
                bad("mapping target", () -> RestoreRequest.fromBackup("b").withNamespaceMapping("streams", "Streams-DR"),
                        "namespace mapping target 'Streams-DR'", "DNS-1123 label"),
                bad("two sources to one target", () -> RestoreRequest.fromBackup("b").withNamespaceMapping("a", "x").withNamespaceMapping("b", "x"),
                        "namespace mapping b -> x", "two namespaces to one"),
                bad("mapping source not restored", () -> RestoreRequest.fromBackup("b").withNamespace("streams").withNamespaceMapping("other", "x").build(),
                        "namespace mapping source 'other'", "included namespaces"),
                bad("cron with 6 fields", () -> ScheduleRequest.named("s").withSchedule("0 0 3 * * *"), "schedule '0 0 3 * * *'", "exactly 5 fields"),
                bad("cron minute out of range", () -> ScheduleRequest.named("s").withSchedule("61 3 * * *"), "schedule '61 3 * * *'", "above maximum (59)"),
                bad("cron day of week 7", () -> ScheduleRequest.named("s").withSchedule("0 3 * * 7"), "schedule '0 3 * * 7'", "above maximum (6)"),
                bad("cron unknown month name", () -> ScheduleRequest.named("s").withSchedule("0 3 * janvier *"), "schedule '0 3 * janvier *'", "failed to parse int"),
                bad("@every without unit", () -> ScheduleRequest.named("s").withSchedule("@every 30"), "schedule '@every 30'", "missing unit"),
                bad("@every in days", () -> ScheduleRequest.named("s").withSchedule("@every 1d"), "schedule '@every 1d'", "unknown unit"),
                bad("@every negative", () -> ScheduleRequest.named("s").withSchedule("@every -5m"), "schedule '@every -5m'", "positive duration"),
                bad("unknown time zone", () -> ScheduleRequest.named("s").withSchedule("CRON_TZ=Europe/Atlantis @daily"), "schedule", "bad location"),
                bad("schedule without expression", () -> ScheduleRequest.named("s").withTemplate(BackupRequest.ofNamespace("streams").build()).build(),
                        "schedule of 's'", "is required"),
                bad("zero TTL", () -> BackupRequest.ofNamespace("streams").withTtl(Duration.ZERO), "ttl", "must be positive"),
                bad("negative TTL", () -> BackupRequest.ofNamespace("streams").withTtl(Duration.ofHours(-1)), "ttl", "must be positive"),
                bad("sub-second TTL", () -> BackupRequest.ofNamespace("streams").withTtl(Duration.ofMillis(1500)), "ttl", "whole seconds"),
                bad("TTL over Go's limit", () -> BackupRequest.ofNamespace("streams").withTtl(Duration.ofDays(300 * 365)), "ttl", "at most 2500000h"),
                bad("TTL text in days", () -> BackupRequest.ofNamespace("streams").withTtl("30d"), "ttl '30d'", "Go duration"),
                bad("label value too long", () -> BackupRequest.ofNamespace("streams").withLabel("team", long64), "label value", "at most 63"),
                bad("label key with two slashes", () -> BackupRequest.ofNamespace("streams").withLabel("a/b/c", "x"), "label key", "label key"),
                bad("null existing resource policy", () -> RestoreRequest.fromBackup("b").withExistingResourcePolicy(null),
                        "existing resource policy", "must not be null"),
                bad("null client", () -> Velero.using(null), "kubernetes client", "must not be null"),
                bad("non-positive RPO objective", () -> velero.namespaceTarget("streams").withRpoObjective(Duration.ZERO), "rpo objective", "positive"),
                bad("bad restore step id", () -> velero.restoreStep("restore namespace", RestoreRequest.fromBackup("b").build()),
                        "step id 'restore namespace'", "must be 1 to 63"));
    }

    private static Arguments bad(String what, Executable call, String field, String rule) {
        return Arguments.of(what, call, field, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRefusedBeforeAnyApiCall(String what, Executable call, String field, String rule) {
        int before = server.getRequestCount();
        assertThatThrownBy(call::execute)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid " + field)
                .hasMessageContaining(rule);
        assertThat(server.getRequestCount()).as("requests to the API server").isEqualTo(before);
    }

    @Test
    void thereAreAtLeastTwentyBadInputs() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(20);
    }

    private static final BackupRequest STREAMS = BackupRequest.ofNamespace("streams").build();
    private static final RestoreRequest FROM_B1 = RestoreRequest.fromBackup("b1").build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** The rules of the provider contract (issue 10), each with its whole message. */
    static Stream<Arguments> contractRules() {
        String id52 = "b".repeat(52);
        return Stream.of(
                whole("backup without a poller", () -> velero.backup(STREAMS, null), "Invalid poller: must not be null"),
                whole("backup wait without a poller", () -> velero.awaitBackup("b1", null), "Invalid poller: must not be null"),
                whole("restore without a poller", () -> velero.restore(FROM_B1, null), "Invalid poller: must not be null"),
                whole("restore wait without a poller", () -> velero.awaitRestore("r1", null), "Invalid poller: must not be null"),
                whole("backup created without a clock", () -> velero.createBackup(STREAMS, null), "Invalid clock: must not be null"),
                whole("restore created without a clock", () -> velero.createRestore(FROM_B1, null), "Invalid clock: must not be null"),
                whole("backup created without a request", () -> velero.createBackup(null, CLOCK), "Invalid backup request: must not be null"),
                whole("restore created without a request", () -> velero.createRestore(null, CLOCK), "Invalid restore request: must not be null"),
                whole("restore checked without a request", () -> velero.checkRestore(null), "Invalid restore request: must not be null"),
                whole("schedule created without a request", () -> velero.createSchedule(null), "Invalid schedule request: must not be null"),
                whole("null poll policy", () -> velero.withPollPolicy(null), "Invalid poll policy: must not be null"),
                whole("backup step without a request", () -> velero.backupStep("nightly", null),
                        "Invalid backup request of step 'nightly': must not be null"),
                whole("restore step without a request", () -> velero.restoreStep("velero-restore", null),
                        "Invalid restore request of step 'velero-restore': must not be null"),
                whole("restore step with a bad id", () -> velero.restoreStep("restore namespace", FROM_B1),
                        "Invalid step id 'restore namespace': must be 1 to 63 characters, start with a letter or digit and contain only"
                                + " letters, digits, '.', '_' and '-'"),
                whole("backup step with an id its output cannot fit", () -> velero.backupStep(id52, STREAMS),
                        "Invalid step id '" + id52 + "': must be at most 51 characters, so that its output '" + id52
                                + ".backup.name' fits the 63-character limit of output names"),
                whole("backup name output with a bad id", () -> Velero.backupNameOutput("nightly backup"),
                        "Invalid step id 'nightly backup': must be 1 to 63 characters, start with a letter or digit and contain only"
                                + " letters, digits, '.', '_' and '-'"),
                whole("schedule without a template", () -> ScheduleRequest.named("streams-daily").withSchedule("@daily").build(),
                        "Invalid backup template of schedule 'streams-daily': is required: call"
                                + " withTemplate(BackupRequest.ofNamespace(\"streams\").build())"),
                whole("schedule with a null template", () -> ScheduleRequest.named("streams-daily").withTemplate(null),
                        "Invalid backup template of schedule 'streams-daily': must not be null: call"
                                + " withTemplate(BackupRequest.ofNamespace(\"streams\").build())"),
                whole("schedule whose template has a name", () -> ScheduleRequest.named("streams-daily")
                                .withTemplate(BackupRequest.ofNamespace("streams").withName("b1").build()),
                        "Invalid backup template of schedule 'streams-daily': must not have a name (it has 'b1'): Velero names each"
                                + " backup 'streams-daily-<yyyyMMddHHmmss>'; build the template without withName(...)"),
                whole("namespace target whose template has a name", () -> velero.namespaceTarget("streams")
                                .withBackupTemplate(BackupRequest.ofNamespace("streams").withName("b1").build()),
                        "Invalid backup template of namespace 'streams': must not have a name (it has 'b1'): each recovery point is"
                                + " a new backup named 'streams-<yyyyMMddHHmmss>'; build the template without withName(...)"),
                whole("namespace target whose template covers another namespace", () -> velero.namespaceTarget("streams")
                                .withBackupTemplate(BackupRequest.ofNamespace("other").build()),
                        "Invalid backup template: must back up exactly namespace 'streams'"));
    }

    private static Arguments whole(String what, Executable call, String message) {
        return Arguments.of(what, call, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractRules")
    void isRefusedWithItsWholeMessageBeforeAnyApiCall(String what, Executable call, String message) {
        int before = server.getRequestCount();
        assertThatThrownBy(call::execute).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
        assertThat(server.getRequestCount()).as("requests to the API server").isEqualTo(before);
    }
}
