package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is rejected by a builder (or at the door of a method), before any connection,
 * with the whole message naming the field and the rule. No test here starts a cluster: the bootstrap
 * servers point at ports nothing listens on, so a rule checked by connecting would hang or fail
 * differently.
 */
class ConfigValidationTest {
    private static final KafkaCluster PROD = KafkaCluster.named("prod").withBootstrapServers("localhost:1").build();
    private static final KafkaCluster BACKUP = KafkaCluster.named("backup").withBootstrapServers("localhost:2").build();
    private static final KafkaCluster PROD2 = KafkaCluster.named("prod2").withBootstrapServers("h:9").build();
    private static final String ALIAS_RULE = "must be 1 to 63 letters, digits, '_' or '-', starting with a letter or digit"
            + " (MirrorMaker 2 uses it as a property prefix, so no '.' and no '->')";
    private static final String HOST_RULE = "must start with a host name or IP address (letters, digits, '.', '-'; IPv6 in brackets)";
    private static final KafkaCluster IAM_PROD = KafkaCluster.named("prod").withBootstrapServers("localhost:9098")
            .withAuth(MskIam.defaultCredentials()).build();
    private static final String ROLE_RULE = "must be an IAM role ARN such as arn:aws:iam::123456789012:role/streams-mm2"
            + " (a 12-digit account, 'role/', an optional path, a name of 1 to 64 letters, digits or +=,.@_-)";
    private static final String OVERRIDE_RULE = "is set from the cluster descriptions and the builder; it must not be overridden";

    private static Mirror forward() {
        return Mirror.inProcess(MirrorConfig.from(PROD).to(BACKUP).build());
    }

    private static KafkaFailback.Builder failback() {
        return KafkaFailback.of(forward()).to(PROD2);
    }

    /** Java's own words for a bad regular expression, as the rule quotes them. */
    private static String regexRule(String regex) {
        try {
            Pattern.compile(regex);
            throw new AssertionError(regex + " compiles");
        } catch (PatternSyntaxException e) {
            return "must be a valid Java regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
    }

    static Stream<Arguments> badInputs() {
        String longId = "a".repeat(42);
        return Stream.of(
                bad("alias with a dot", () -> KafkaCluster.named("prod.eu"), "cluster alias 'prod.eu'", ALIAS_RULE),
                bad("alias with an arrow", () -> KafkaCluster.named("a->b"), "cluster alias 'a->b'", ALIAS_RULE),
                bad("empty alias", () -> KafkaCluster.named(""), "cluster alias ''", ALIAS_RULE),
                bad("null alias", () -> KafkaCluster.named(null), "cluster alias", "must not be null"),
                bad("new alias with a dot", () -> PROD.withAlias("prod.2"), "cluster alias 'prod.2'", ALIAS_RULE),
                bad("no bootstrap servers", () -> KafkaCluster.named("p").build(), "bootstrap servers of cluster 'p'",
                        "are required: call withBootstrapServers(\"host:port\")"),
                bad("blank bootstrap servers", () -> KafkaCluster.named("p").withBootstrapServers("  "), "bootstrap servers of cluster 'p'",
                        "must not be blank"),
                bad("no port", () -> KafkaCluster.named("p").withBootstrapServers("broker1"), "bootstrap servers of cluster 'p' entry 'broker1'",
                        "must be host:port"),
                bad("port 0", () -> KafkaCluster.named("p").withBootstrapServers("broker1:0"), "bootstrap servers of cluster 'p' entry 'broker1:0'",
                        "port must be from 1 to 65535, was 0"),
                bad("port 65536", () -> KafkaCluster.named("p").withBootstrapServers("b:65536"), "bootstrap servers of cluster 'p' entry 'b:65536'",
                        "port must be from 1 to 65535, was 65536"),
                bad("port not a number", () -> KafkaCluster.named("p").withBootstrapServers("b:90x2"), "bootstrap servers of cluster 'p' entry 'b:90x2'",
                        "port must be a number from 1 to 65535"),
                bad("empty entry", () -> KafkaCluster.named("p").withBootstrapServers("a:1,,b:2"), "bootstrap servers of cluster 'p' 'a:1,,b:2'",
                        "must be a comma-separated list of host:port without empty entries"),
                bad("empty host", () -> KafkaCluster.named("p").withBootstrapServers(":9092"), "bootstrap servers of cluster 'p' entry ':9092'",
                        "must be host:port"),
                bad("bad host", () -> KafkaCluster.named("p").withBootstrapServers("bro ker:9092"),
                        "bootstrap servers of cluster 'p' entry 'bro ker:9092'", HOST_RULE),
                bad("URL instead of host:port", () -> KafkaCluster.named("p").withBootstrapServers("SASL_SSL://b:9096"),
                        "bootstrap servers of cluster 'p' entry 'SASL_SSL://b:9096'", HOST_RULE),
                bad("blank SCRAM user", () -> KafkaCluster.named("p").withScram(" ", Secret.of("pw")), "SCRAM username of cluster 'p'",
                        "must not be blank"),
                bad("null SCRAM password", () -> KafkaCluster.named("p").withScram("u", null), "SCRAM password of cluster 'p'", "must not be null"),
                bad("missing truststore", () -> KafkaCluster.named("p").withTruststore(Path.of("/nonexistent/truststore.jks"), null),
                        "truststore of cluster 'p' '/nonexistent/truststore.jks'", "must be an existing, readable file"),
                bad("truststore is a directory", () -> KafkaCluster.named("p").withTruststore(Path.of("."), null), "truststore of cluster 'p' '.'",
                        "must be an existing, readable file"),
                bad("same alias both sides", () -> MirrorConfig.from(PROD).to(KafkaCluster.named("prod").withBootstrapServers("h:3").build()),
                        "mirror target alias 'prod'", "must differ from the source alias"),
                bad("cluster onto itself", () -> MirrorConfig.from(PROD).to(KafkaCluster.named("x").withBootstrapServers("localhost:1").build()),
                        "mirror target bootstrap servers 'localhost:1'", "must differ from the source's: mirroring a cluster onto itself is a replication loop"),
                bad("null source", () -> MirrorConfig.from(null), "mirror source cluster", "must not be null"),
                bad("null target", () -> MirrorConfig.from(PROD).to(null), "mirror target cluster", "must not be null"),
                bad("re-pointed onto itself", () -> MirrorConfig.from(PROD).to(BACKUP).build().withClusters(BACKUP, BACKUP.withAlias("b2")),
                        "mirror target bootstrap servers 'localhost:2'", "must differ from the source's: mirroring a cluster onto itself is a replication loop"),
                bad("topic regex does not compile", () -> MirrorConfig.from(PROD).to(BACKUP).withTopics("streams.(*"), "mirrored topics 'streams.(*'",
                        regexRule("streams.(*")),
                bad("group regex does not compile", () -> MirrorConfig.from(PROD).to(BACKUP).withGroups("[a-"), "mirrored groups '[a-'", regexRule("[a-")),
                bad("blank topic regex", () -> MirrorConfig.from(PROD).to(BACKUP).withTopics(""), "mirrored topics", "must not be blank"),
                bad("replication factor 0", () -> MirrorConfig.from(PROD).to(BACKUP).withReplicationFactor(0), "replication factor",
                        "must be at least 1, was 0"),
                bad("internal replication factor -1", () -> MirrorConfig.from(PROD).to(BACKUP).withInternalReplicationFactor(-1),
                        "internal topics replication factor", "must be at least 1, was -1"),
                bad("tasks.max 0", () -> MirrorConfig.from(PROD).to(BACKUP).withTasksMax(0), "tasks.max", "must be at least 1, was 0"),
                bad("zero flush interval", () -> MirrorConfig.from(PROD).to(BACKUP).withOffsetFlushInterval(Duration.ZERO), "offset flush interval",
                        "must be positive, was 0s"),
                bad("negative transaction timeout", () -> MirrorConfig.from(PROD).to(BACKUP).withTransactionTimeout(Duration.ofSeconds(-1)),
                        "transaction timeout", "must be positive, was -1s"),
                bad("null delivery guarantee", () -> MirrorConfig.from(PROD).to(BACKUP).withDeliveryGuarantee(null), "delivery guarantee",
                        "must not be null"),
                bad("null heartbeats", () -> MirrorConfig.from(PROD).to(BACKUP).withHeartbeats(null), "heartbeats", "must not be null"),
                bad("reverse flow enabled", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("backup->prod.enabled", "true"),
                        "MirrorMaker 2 property 'backup->prod.enabled'", "must not configure the reverse flow backup->prod: both directions at once"
                                + " are a replication loop (fail back with KafkaFailback instead)"),
                bad("other flow", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("prod->backup.enabled", "false"),
                        "MirrorMaker 2 property 'prod->backup.enabled'", "must not configure flows; use withTopics/withGroups for prod->backup"),
                bad("override of the policy", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("replication.policy.class", "x"),
                        "MirrorMaker 2 property 'replication.policy.class'", OVERRIDE_RULE),
                bad("override of security", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("prod.sasl.jaas.config", "x"),
                        "MirrorMaker 2 property 'prod.sasl.jaas.config'", OVERRIDE_RULE),
                bad("no properties file", () -> MirrorConfig.from(PROD).to(BACKUP).build().writeTo(null), "MirrorMaker 2 properties file",
                        "must not be null"),
                bad("empty secret", () -> Secret.of(""), "secret", "must not be null or empty"),
                bad("null forward mirror", () -> KafkaFailback.of(null), "forward mirror", "must not be null"),
                bad("null new production", () -> KafkaFailback.of(forward()).to(null), "new production cluster", "must not be null"),
                bad("failback onto the backup's alias", () -> KafkaFailback.of(forward()).to(KafkaCluster.named("backup").withBootstrapServers("h:9").build()),
                        "new production alias 'backup'", "must differ from the backup's alias"),
                bad("failback onto the backup itself", () -> KafkaFailback.of(forward())
                        .to(KafkaCluster.named("prod2").withBootstrapServers("localhost:2").build()), "new production bootstrap servers",
                        "must differ from the backup's: failing back onto the backup itself is a replication loop"),
                bad("failback id too long", () -> failback().withId(longId), "failback id '" + longId + "'",
                        "must be 1 to 41 characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'"
                                + " (at most 41, so that its output '<id>.forward-start-offsets' stays within 63)"),
                bad("failback id with a space", () -> failback().withId("kafka eu"), "failback id 'kafka eu'",
                        "must be 1 to 41 characters, start with a letter or digit and contain only letters, digits, '.', '_' and '-'"
                                + " (at most 41, so that its output '<id>.forward-start-offsets' stays within 63)"),
                bad("null failback id", () -> failback().withId(null), "failback id", "must not be null"),
                bad("negative stable window", () -> failback().withStableWindow(Duration.ofSeconds(-1)), "stable window", "must not be negative, was -1s"),
                bad("null poll policy", () -> failback().withPollPolicy(null), "poll policy", "must not be null"),
                bad("null mirror factory", () -> failback().withMirrors(null), "mirror factory", "must not be null"),
                bad("null existing data policy", () -> failback().withExistingData(null), "existing data policy", "must not be null"),
                bad("null verification", () -> failback().withVerification(null), "verification", "must not be null"),
                bad("blank component name", () -> failback().withComponentName(" "), "component name", "must not be blank"),
                bad("null poller to stop all", () -> failback().build().mirrors().stopAll(null), "poller", "must not be null"),
                bad("Connect URL not http", () -> ConnectMirror.on(java.net.URI.create("ftp://connect:8083"), MirrorConfig.from(PROD).to(BACKUP).build()),
                        "Connect REST URL 'ftp://connect:8083'", "must be http:// or https://"),
                bad("zero Connect request timeout", () -> ConnectMirror.on(java.net.URI.create("http://connect:8083"), MirrorConfig.from(PROD).to(BACKUP)
                        .build()).withRequestTimeout(Duration.ZERO), "Connect request timeout", "must be positive, was 0s"),
                bad("null mirror", () -> MirrorMonitor.of(null), "mirror", "must not be null"),
                bad("no poller to measure lag", () -> MirrorMonitor.of(forward()).lag(null), "poller", "must not be null"),
                bad("no poller to read offsets", () -> forward().committedOffsets(null, Duration.ofSeconds(1)), "poller", "must not be null"),
                bad("zero timeout to read offsets", () -> forward().committedOffsets(Poller.system(), Duration.ZERO),
                        "timeout of reading committed offsets", "must be positive, was 0s"),
                bad("negative stable window to await", () -> MirrorMonitor.of(forward()).awaitDone(Poller.system(), Clusters.FAST,
                        Duration.ofMillis(-5)), "stable window", "must not be negative, was -5ms"),
                bad("negative max lag", () -> KafkaBackupTarget.watching(MirrorMonitor.of(forward())).withMaxLag(Duration.ofMillis(-1)), "max lag",
                        "must not be negative, was -1ms"),
                bad("no run context", () -> KafkaBackupTarget.watching(MirrorMonitor.of(forward())).build().protectionStatus(null), "run context",
                        "must not be null"),
                bad("verifier topic regex", () -> ZeroLossVerifier.between(PROD, BACKUP).withTopics("("), "verified topics '('", regexRule("(")),
                bad("no poller to verify", () -> ZeroLossVerifier.between(PROD, BACKUP).verify(null), "poller", "must not be null"),
                // MSK IAM (issue 13)
                bad("IAM role ARN of a user", () -> MskIam.builder().withRole("arn:aws:iam::123456789012:user/streams"),
                        "MSK IAM role ARN 'arn:aws:iam::123456789012:user/streams'", ROLE_RULE),
                bad("IAM role ARN with an 11-digit account", () -> MskIam.builder().withRole("arn:aws:iam::12345678901:role/r"),
                        "MSK IAM role ARN 'arn:aws:iam::12345678901:role/r'", ROLE_RULE),
                bad("IAM role name only", () -> MskIam.builder().withRole("streams-mm2"), "MSK IAM role ARN 'streams-mm2'", ROLE_RULE),
                bad("IAM session name of 65 characters", () -> MskIam.builder().withSessionName("s".repeat(65)),
                        "MSK IAM role session name '" + "s".repeat(65) + "'",
                        "must be 2 to 64 letters, digits or +=,.@_- (STS's rule for RoleSessionName), was 65 characters"),
                bad("IAM session name with a space", () -> MskIam.builder().withSessionName("streams dr"),
                        "MSK IAM role session name 'streams dr'",
                        "must be 2 to 64 letters, digits or +=,.@_- (STS's rule for RoleSessionName), was 10 characters"),
                bad("IAM session name without a role", () -> MskIam.builder().withSessionName("streams-dr").build(),
                        "MSK IAM role session name", "applies only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\")"
                                + " or remove withSessionName(...)"),
                bad("IAM role keys without a role", () -> MskIam.builder().withRoleCredentials(Secret.of("AKIA1"), Secret.of("s")).build(),
                        "MSK IAM role credentials", "apply only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\")"
                                + " or remove withRoleCredentials(...)"),
                bad("IAM STS region that is not one", () -> MskIam.builder().withStsRegion("Ireland"), "MSK IAM STS region 'Ireland'",
                        "must be an AWS region such as eu-west-1"),
                bad("IAM STS region without a role", () -> MskIam.builder().withStsRegion("eu-west-1").build(), "MSK IAM STS region",
                        "applies only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\") or remove withStsRegion(...)"),
                bad("IAM profile with a quote", () -> MskIam.builder().withProfile("prod\" x=\"y"), "MSK IAM profile 'prod\" x=\"y'",
                        "must be 1 to 128 letters, digits or +=,.@_/:- (no spaces or quotes, which would break the JAAS line)"),
                bad("IAM fallback with nothing to fall back from",
                        () -> MskIam.builder().withFallback(MskIam.CredentialFallback.DEFAULT_CHAIN).build(), "MSK IAM credential fallback",
                        "applies only to a role or a profile: without either the default chain is used already; remove withFallback(...)"),
                bad("IAM null mechanism", () -> MskIam.builder().withMechanism(null), "MSK IAM SASL mechanism", "must not be null"),
                bad("null auth", () -> KafkaCluster.named("prod").withAuth(null), "auth of cluster 'prod'", "must not be null"),
                bad("IAM on MSK's SCRAM port", () -> KafkaCluster.named("prod").withBootstrapServers("b-1.msk:9098,b-2.msk:9096")
                        .withAuth(MskIam.defaultCredentials()).build(), "bootstrap servers of cluster 'prod'",
                        "use port 9096, MSK's SASL/SCRAM listener, but the cluster authenticates with MSK IAM: use the IAM listener, port 9098"
                                + " (or withScram(...) for SCRAM)"),
                bad("SCRAM on MSK's public IAM port", () -> KafkaCluster.named("prod").withBootstrapServers("b-1.msk:9198")
                        .withScram("streams", Secret.of("pw")).build(), "bootstrap servers of cluster 'prod'",
                        "use port 9198, MSK's IAM listener, but the cluster authenticates with SCRAM: use the SCRAM listener, port 9196"
                                + " (or withAuth(MskIam...) for IAM)"),
                bad("ACL sync on under IAM", () -> MirrorConfig.from(IAM_PROD).to(BACKUP).withProperty("sync.topic.acls.enabled", "true"),
                        "MirrorMaker 2 property 'sync.topic.acls.enabled'", "must stay false: cluster 'prod' authenticates with MSK IAM, and Kafka"
                                + " ACLs do not apply to IAM identities (MSK authorizes them with IAM policies), so syncing ACLs fails or grants"
                                + " nothing; remove withProperty(\"sync.topic.acls.enabled\", ...)"),
                bad("fast reconnects under IAM", () -> MirrorConfig.from(BACKUP).to(IAM_PROD).withProperty("prod.consumer.reconnect.backoff.ms", "50"),
                        "MirrorMaker 2 property 'prod.consumer.reconnect.backoff.ms'", "must be at least 1000 ms, was 50: cluster 'prod'"
                                + " authenticates with MSK IAM, and MSK limits new IAM connections per broker (clients that reconnect faster"
                                + " fail with 'too many connects'); KafkaCluster already sets 1000 ms: remove"
                                + " withProperty(\"prod.consumer.reconnect.backoff.ms\", ...)"),
                bad("reconnect back-off that is not a number under IAM",
                        () -> MirrorConfig.from(IAM_PROD).to(BACKUP).withProperty("reconnect.backoff.ms", "1s"),
                        "MirrorMaker 2 property 'reconnect.backoff.ms'", "must be a number of milliseconds, was '1s'"));
    }

    private static Arguments bad(String name, ThrowingCallable call, String field, String rule) {
        return Arguments.of(name, call, field, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void rejectedNamingFieldAndRule(String name, ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid " + field + ": " + rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodServers")
    void acceptsAndNormalisesBootstrapLists(String given, String normalised) {
        assertThat(KafkaCluster.named("p").withBootstrapServers(given).build().bootstrapServers()).isEqualTo(normalised);
    }

    static Stream<Arguments> goodServers() {
        return Stream.of(
                Arguments.of("localhost:9092", "localhost:9092"),
                Arguments.of(" b-1.msk.eu-west-1.amazonaws.com:9096 , b-2.x:9096", "b-1.msk.eu-west-1.amazonaws.com:9096,b-2.x:9096"),
                Arguments.of("10.0.0.1:1,[::1]:65535", "10.0.0.1:1,[::1]:65535"));
    }

    @ParameterizedTest(name = "failback id {0}")
    @MethodSource("goodIds")
    void acceptsFailbackIdsUpToTheLimit(String id) {
        KafkaFailback f = failback().withId(id).build();
        assertThat(f.id()).isEqualTo(id);
        assertThat(f.forwardStartOffsets().name()).isEqualTo(id + ".forward-start-offsets").hasSizeLessThanOrEqualTo(63);
    }

    static Stream<String> goodIds() {
        return Stream.of("kafka", "kafka-eu", "kafka_us.2", "k".repeat(41));
    }
}
