package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input is rejected by a builder, naming the field and the rule. No test here starts a
 * cluster: the bootstrap servers point at ports nothing listens on, so a rule checked by connecting
 * would hang or fail differently.
 */
class ConfigValidationTest {
    private static final KafkaCluster PROD = KafkaCluster.named("prod").withBootstrapServers("localhost:1").build();
    private static final KafkaCluster BACKUP = KafkaCluster.named("backup").withBootstrapServers("localhost:2").build();

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("alias with a dot", () -> KafkaCluster.named("prod.eu"), "cluster alias 'prod.eu'", "no '.'"),
                bad("alias with an arrow", () -> KafkaCluster.named("a->b"), "cluster alias 'a->b'", "letters, digits"),
                bad("empty alias", () -> KafkaCluster.named(""), "cluster alias ''", "1 to 63"),
                bad("null alias", () -> KafkaCluster.named(null), "cluster alias", "must not be null"),
                bad("no bootstrap servers", () -> KafkaCluster.named("p").build(), "bootstrap servers of cluster 'p'", "withBootstrapServers"),
                bad("blank bootstrap servers", () -> KafkaCluster.named("p").withBootstrapServers("  "), "bootstrap servers", "must not be blank"),
                bad("no port", () -> KafkaCluster.named("p").withBootstrapServers("broker1"), "entry 'broker1'", "must be host:port"),
                bad("port 0", () -> KafkaCluster.named("p").withBootstrapServers("broker1:0"), "entry 'broker1:0'", "from 1 to 65535, was 0"),
                bad("port 65536", () -> KafkaCluster.named("p").withBootstrapServers("b:65536"), "entry 'b:65536'", "from 1 to 65535, was 65536"),
                bad("port not a number", () -> KafkaCluster.named("p").withBootstrapServers("b:90x2"), "entry 'b:90x2'", "port must be a number"),
                bad("empty entry", () -> KafkaCluster.named("p").withBootstrapServers("a:1,,b:2"), "bootstrap servers of cluster 'p'", "without empty entries"),
                bad("empty host", () -> KafkaCluster.named("p").withBootstrapServers(":9092"), "entry ':9092'", "must be host:port"),
                bad("bad host", () -> KafkaCluster.named("p").withBootstrapServers("bro ker:9092"), "entry 'bro ker:9092'", "host name"),
                bad("URL instead of host:port", () -> KafkaCluster.named("p").withBootstrapServers("SASL_SSL://b:9096"), "entry 'SASL_SSL://b:9096'", "host name"),
                bad("blank SCRAM user", () -> KafkaCluster.named("p").withScram(" ", Secret.of("pw")), "SCRAM username of cluster 'p'", "blank"),
                bad("null SCRAM password", () -> KafkaCluster.named("p").withScram("u", null), "SCRAM password of cluster 'p'", "null"),
                bad("missing truststore", () -> KafkaCluster.named("p").withTruststore(Path.of("/nonexistent/truststore.jks"), null),
                        "truststore of cluster 'p' '/nonexistent/truststore.jks'", "existing, readable file"),
                bad("truststore is a directory", () -> KafkaCluster.named("p").withTruststore(Path.of("."), null), "truststore of cluster 'p'", "existing, readable file"),
                bad("same alias both sides", () -> MirrorConfig.from(PROD).to(KafkaCluster.named("prod").withBootstrapServers("h:3").build()),
                        "mirror target alias 'prod'", "must differ"),
                bad("cluster onto itself", () -> MirrorConfig.from(PROD).to(KafkaCluster.named("x").withBootstrapServers("localhost:1").build()),
                        "mirror target bootstrap servers", "replication loop"),
                bad("null target", () -> MirrorConfig.from(PROD).to(null), "mirror target cluster", "null"),
                bad("topic regex does not compile", () -> MirrorConfig.from(PROD).to(BACKUP).withTopics("streams.(*"), "mirrored topics 'streams.(*'", "valid Java regular expression"),
                bad("group regex does not compile", () -> MirrorConfig.from(PROD).to(BACKUP).withGroups("[a-"), "mirrored groups '[a-'", "valid Java regular expression"),
                bad("blank topic regex", () -> MirrorConfig.from(PROD).to(BACKUP).withTopics(""), "mirrored topics", "blank"),
                bad("replication factor 0", () -> MirrorConfig.from(PROD).to(BACKUP).withReplicationFactor(0), "replication factor", "at least 1, was 0"),
                bad("internal replication factor -1", () -> MirrorConfig.from(PROD).to(BACKUP).withInternalReplicationFactor(-1), "internal topics replication factor", "at least 1"),
                bad("tasks.max 0", () -> MirrorConfig.from(PROD).to(BACKUP).withTasksMax(0), "tasks.max", "at least 1"),
                bad("zero flush interval", () -> MirrorConfig.from(PROD).to(BACKUP).withOffsetFlushInterval(Duration.ZERO), "offset flush interval", "positive"),
                bad("negative transaction timeout", () -> MirrorConfig.from(PROD).to(BACKUP).withTransactionTimeout(Duration.ofSeconds(-1)), "transaction timeout", "positive"),
                bad("reverse flow enabled", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("backup->prod.enabled", "true"),
                        "property 'backup->prod.enabled'", "replication loop"),
                bad("other flow", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("prod->backup.enabled", "false"), "property 'prod->backup.enabled'", "must not configure flows"),
                bad("override of the policy", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("replication.policy.class", "x"),
                        "property 'replication.policy.class'", "must not be overridden"),
                bad("override of security", () -> MirrorConfig.from(PROD).to(BACKUP).withProperty("prod.sasl.jaas.config", "x"),
                        "property 'prod.sasl.jaas.config'", "must not be overridden"),
                bad("empty secret", () -> Secret.of(""), "secret", "must not be null or empty"),
                bad("failback onto the backup's alias", () -> KafkaFailback.of(Mirror.inProcess(MirrorConfig.from(PROD).to(BACKUP).build()))
                        .to(KafkaCluster.named("backup").withBootstrapServers("h:9").build()), "new production alias 'backup'", "must differ"),
                bad("failback onto the backup itself", () -> KafkaFailback.of(Mirror.inProcess(MirrorConfig.from(PROD).to(BACKUP).build()))
                        .to(KafkaCluster.named("prod2").withBootstrapServers("localhost:2").build()), "new production bootstrap servers", "replication loop"),
                bad("negative stable window", () -> KafkaFailback.of(Mirror.inProcess(MirrorConfig.from(PROD).to(BACKUP).build()))
                        .to(KafkaCluster.named("prod2").withBootstrapServers("h:9").build()).withStableWindow(Duration.ofSeconds(-1)), "stable window", "negative"),
                bad("Connect URL not http", () -> ConnectMirror.on(java.net.URI.create("ftp://connect:8083"), MirrorConfig.from(PROD).to(BACKUP).build()),
                        "Connect REST URL 'ftp://connect:8083'", "http:// or https://"),
                bad("null mirror", () -> MirrorMonitor.of(null), "mirror", "must not be null"),
                bad("negative max lag", () -> KafkaBackupTarget.watching(MirrorMonitor.of(Mirror.inProcess(MirrorConfig.from(PROD).to(BACKUP).build())))
                        .withMaxLag(Duration.ofMillis(-1)), "max lag", "negative"),
                bad("verifier topic regex", () -> ZeroLossVerifier.between(PROD, BACKUP).withTopics("("), "verified topics '('", "valid Java regular expression"));
    }

    private static Arguments bad(String name, ThrowingCallable call, String field, String rule) {
        return Arguments.of(name, call, field, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void rejectedInTheBuilderNamingFieldAndRule(String name, ThrowingCallable call, String field, String rule) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid ")
                .hasMessageContaining(field)
                .hasMessageContaining(rule);
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
}
