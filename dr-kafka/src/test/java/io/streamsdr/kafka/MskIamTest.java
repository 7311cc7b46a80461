package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Secret;
import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorMakerConfig;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.msk.auth.iam.IAMClientCallbackHandler;
import software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler;
import software.amazon.msk.auth.iam.internals.AWSCredentialsCallback;

/**
 * MSK IAM up to the wire: no MSK exists here and no emulator speaks MSK's IAM SASL mechanism, so the
 * tests check what a client builds before it connects: the properties, as Kafka's own MirrorMakerConfig,
 * AdminClientConfig and JaasContext read them; the library's callback handler and login module, loaded and
 * configured with them; a real Kafka admin client made with them; and the handler assuming the role through
 * STS on moto_server, with the session name it was given and no fallback to another identity.
 */
@ExtendWith(MotoServerExtension.class)
class MskIamTest {
    static final String ROLE_A = "arn:aws:iam::123456789012:role/streams-mm2-source";
    static final String ROLE_B = "arn:aws:iam::123456789012:role/dr/streams-mm2-target";

    static KafkaCluster prod() {
        return KafkaCluster.named("prod").withBootstrapServers("b-1.prod.kafka.eu-west-1.amazonaws.com:9098,b-2.prod.kafka.eu-west-1.amazonaws.com:9098")
                .withAuth(MskIam.builder().withRole(ROLE_A).withStsRegion("eu-west-1").build()).build();
    }

    static KafkaCluster backup() {
        return KafkaCluster.named("backup").withBootstrapServers("b-1.dr.kafka.eu-central-1.amazonaws.com:9098")
                .withAuth(MskIam.builder().withRole(ROLE_B).withSessionName("mm2-target").withStsRegion("eu-central-1").build()).build();
    }

    @Test
    void rendersTheDocumentedPropertiesWithARolePerSideThatMirrorMakersOwnConfigRoutesToEachSide() {
        MirrorConfig config = MirrorConfig.from(prod()).to(backup()).build();
        Map<String, String> p = config.toProperties();

        String jaasA = "software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn=\"" + ROLE_A
                + "\" awsRoleSessionName=\"streams-dr\" awsStsRegion=\"eu-west-1\" awsAddDefaultProviders=\"false\";";
        String jaasB = "software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn=\"" + ROLE_B
                + "\" awsRoleSessionName=\"mm2-target\" awsStsRegion=\"eu-central-1\" awsAddDefaultProviders=\"false\";";
        assertThat(p).containsEntry("prod.security.protocol", "SASL_SSL").containsEntry("prod.sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("prod.sasl.jaas.config", jaasA)
                .containsEntry("prod.sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                .containsEntry("prod.reconnect.backoff.ms", "1000")
                .containsEntry("backup.sasl.jaas.config", jaasB).containsEntry("backup.reconnect.backoff.ms", "1000")
                .containsEntry("sync.topic.acls.enabled", "false");

        // MirrorMaker 2's own config: each side's clients get that side's role, the worker the target's.
        MirrorMakerConfig mm2 = new MirrorMakerConfig(p);
        SourceAndTarget flow = new SourceAndTarget("prod", "backup");
        Map<String, String> source = mm2.connectorBaseConfig(flow, MirrorSourceConnector.class);
        assertThat(source).containsEntry("source.cluster.sasl.jaas.config", jaasA).containsEntry("target.cluster.sasl.jaas.config", jaasB)
                .containsEntry("source.cluster.sasl.mechanism", "AWS_MSK_IAM").containsEntry("source.cluster.security.protocol", "SASL_SSL")
                .containsEntry("source.cluster.reconnect.backoff.ms", "1000");
        assertThat(mm2.connectorBaseConfig(flow, MirrorCheckpointConnector.class)).containsEntry("source.cluster.sasl.jaas.config", jaasA);
        assertThat(mm2.workerConfig(flow)).containsEntry("sasl.jaas.config", jaasB)
                .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        // a class-typed setting MM2 parses: the handler resolves on this class path
        Map<String, Object> admin = mm2.clientConfig("prod").adminConfig();
        assertThat(admin).containsEntry("sasl.client.callback.handler.class", IAMClientCallbackHandler.class);
        assertThat(((org.apache.kafka.common.config.types.Password) admin.get("sasl.jaas.config")).value()).isEqualTo(jaasA);
    }

    @Test
    void theCallbackHandlerAndLoginModuleResolveAndTakeTheOptionsAsKafkaParsesThem() throws Exception {
        AdminClientConfig admin = new AdminClientConfig(new HashMap<>(prod().clientProperties()));
        assertThat(admin.getClass(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS)).isEqualTo(IAMClientCallbackHandler.class);
        assertThat(AuthenticateCallbackHandler.class).isAssignableFrom(admin.getClass(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS));
        JaasContext jaas = JaasContext.loadClientContext(admin.values());
        assertThat(jaas.configurationEntries()).hasSize(1);
        AppConfigurationEntry entry = jaas.configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("software.amazon.msk.auth.iam.IAMLoginModule");
        assertThat(Class.forName(entry.getLoginModuleName())).isNotNull();
        assertThat(entry.getOptions()).isEqualTo(Map.of("awsRoleArn", ROLE_A, "awsRoleSessionName", "streams-dr",
                "awsStsRegion", "eu-west-1", "awsAddDefaultProviders", "false"));
        IAMClientCallbackHandler handler = new IAMClientCallbackHandler();
        handler.configure(admin.values(), "AWS_MSK_IAM", jaas.configurationEntries());
        handler.close();

        KafkaCluster oauth = KafkaCluster.named("prod").withBootstrapServers("b-1.prod:9098")
                .withAuth(MskIam.builder().withMechanism(MskIam.Mechanism.OAUTHBEARER).build()).build();
        assertThat(oauth.clientProperties()).containsEntry("sasl.mechanism", "OAUTHBEARER")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;")
                .containsEntry("sasl.login.callback.handler.class", "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler")
                .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler");
        AdminClientConfig oauthConfig = new AdminClientConfig(new HashMap<>(oauth.clientProperties()));
        assertThat(oauthConfig.getClass(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS)).isEqualTo(IAMOAuthBearerLoginCallbackHandler.class);
        assertThat(MskIam.defaultCredentials().jaasConfig().orElseThrow().reveal())
                .isEqualTo("software.amazon.msk.auth.iam.IAMLoginModule required;");
    }

    @Test
    void aRealKafkaAdminClientIsMadeWithIamUpToTheWire() {
        // loopback, port 9098, nothing listens: the client is made (SASL_SSL channel, IAM login module logged in), no broker is reached
        KafkaCluster local = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:9098")
                .withAuth(MskIam.builder().withRole(ROLE_A).withStsRegion("eu-west-1").build()).build();
        try (Admin admin = Admin.create(new HashMap<>(local.clientProperties()))) {
            assertThat(admin).isNotNull();
            admin.close(Duration.ZERO);
        }
    }

    @Test
    void theHandlerAssumesTheRoleThroughStsWithTheStaticSessionNameAndNeverFallsBackUnlessAsked(MotoServer moto) throws Exception {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String k : List.of("aws.endpointUrlSts", "aws.accessKeyId", "aws.secretAccessKey")) {
            saved.put(k, System.getProperty(k));
        }
        try {
            // the identity of the process (what IRSA or Pod Identity would give the pod): the default chain's system properties
            System.setProperty("aws.accessKeyId", "EXAMPLE-POD-IDENTITY-KEY-ID");
            System.setProperty("aws.secretAccessKey", "pod-identity-secret");
            System.setProperty("aws.endpointUrlSts", moto.endpoint().toString());

            AwsCredentials assumed = credentials(MskIam.builder().withRole(ROLE_A).withStsRegion("eu-west-1").build());
            assertThat(assumed).isInstanceOf(AwsSessionCredentials.class);
            assertThat(assumed.accessKeyId()).isNotEqualTo("EXAMPLE-POD-IDENTITY-KEY-ID");
            assertThat(callerArn(moto, assumed)).isEqualTo("arn:aws:sts::123456789012:assumed-role/streams-mm2-source/streams-dr");
            AwsCredentials named = credentials(MskIam.builder().withRole(ROLE_B).withSessionName("mm2-target").withStsRegion("eu-west-1").build());
            assertThat(callerArn(moto, named)).isEqualTo("arn:aws:sts::123456789012:assumed-role/streams-mm2-target/mm2-target");

            // STS unreachable: no fallback by default (the connection fails), the default chain only when asked
            System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:1");
            AWSCredentialsCallback failed = callback(MskIam.builder().withRole(ROLE_A).withStsRegion("eu-west-1").build());
            assertThat(failed.isSuccessful()).isFalse();
            assertThat(failed.getLoadingException()).isNotNull();
            AwsCredentials fallback = credentials(MskIam.builder().withRole(ROLE_A).withStsRegion("eu-west-1")
                    .withFallback(MskIam.CredentialFallback.DEFAULT_CHAIN).build());
            assertThat(fallback.accessKeyId()).isEqualTo("EXAMPLE-POD-IDENTITY-KEY-ID");
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    private static AWSCredentialsCallback callback(MskIam iam) throws Exception {
        KafkaCluster c = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:9098").withAuth(iam).build();
        AdminClientConfig config = new AdminClientConfig(new HashMap<>(c.clientProperties()));
        IAMClientCallbackHandler handler = new IAMClientCallbackHandler();
        try {
            handler.configure(config.values(), "AWS_MSK_IAM", JaasContext.loadClientContext(config.values()).configurationEntries());
            AWSCredentialsCallback cb = new AWSCredentialsCallback();
            handler.handle(new Callback[] {cb});
            return cb;
        } finally {
            handler.close();
        }
    }

    private static AwsCredentials credentials(MskIam iam) throws Exception {
        AWSCredentialsCallback cb = callback(iam);
        assertThat(cb.isSuccessful()).as(String.valueOf(cb.getLoadingException())).isTrue();
        return cb.getAwsCredentials();
    }

    private static String callerArn(MotoServer moto, AwsCredentials credentials) {
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(moto.endpoint().toString())).region(Region.EU_WEST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(credentials instanceof AwsSessionCredentials s ? s
                        : AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()))).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    @Test
    void withoutTheLibraryAClientOrAnInProcessMirrorSaysWhichArtifactToAddBeforeAnyConnection() {
        String message = "Invalid class path of MSK IAM authentication of Kafka cluster 'prod': lacks software.amazon.msk:aws-msk-iam-auth"
                + " (class software.amazon.msk.auth.iam.IAMClientCallbackHandler not found): add software.amazon.msk:aws-msk-iam-auth:2.4.0"
                + " in runtime scope (dr-kafka leaves it to the application: only MSK IAM authentication needs it)";
        KafkaCluster local = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:9098").withAuth(MskIam.defaultCredentials()).build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:1").build();
        Mirror mirror = Mirror.inProcess(MirrorConfig.from(local).to(backup).build());
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(new HidingMskIam(before));
        try {
            assertThatThrownBy(() -> mirror.start(Poller.system())).isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
            assertThat(mirror.isRunning()).isFalse();
            assertThatThrownBy(() -> ZeroLossVerifier.between(local, backup).verify(Poller.system()))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage(message.replace("Kafka cluster 'prod'", "Kafka at 127.0.0.1:9098"));
        } finally {
            t.setContextClassLoader(before);
        }
        // with the library visible, the same check passes
        io.streamsdr.kafka.internal.SaslLibraries.requireMskIam(local.clientProperties(), "Kafka cluster 'prod'");
        KafkaCluster oauth = local.toBuilder().withAuth(MskIam.builder().withMechanism(MskIam.Mechanism.OAUTHBEARER).build()).build();
        assertThatThrownBy(() -> io.streamsdr.kafka.internal.SaslLibraries.requireMskIam(oauth.clientProperties(), "Kafka cluster 'prod'",
                new HidingMskIam(MskIamTest.class.getClassLoader())))
                .hasMessage(message.replace("IAMClientCallbackHandler", "IAMOAuthBearerLoginCallbackHandler"));
    }

    @Test
    void anAbsentHandlerClassIsNamedWithTheArtifactVersionAndScopeAndTheVersionIsTheTestedOne() throws Exception {
        assertThatThrownBy(() -> io.streamsdr.kafka.internal.SaslLibraries.requireMskIam(
                Map.of("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.NoSuchCallbackHandler",
                        "security.protocol", "SASL_SSL"), "Kafka cluster 'prod'", getClass().getClassLoader()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of MSK IAM authentication of Kafka cluster 'prod': lacks software.amazon.msk:aws-msk-iam-auth"
                        + " (class software.amazon.msk.auth.iam.NoSuchCallbackHandler not found): add software.amazon.msk:aws-msk-iam-auth:2.4.0"
                        + " in runtime scope (dr-kafka leaves it to the application: only MSK IAM authentication needs it)");
        assertThat(java.nio.file.Path.of(software.amazon.msk.auth.iam.IAMClientCallbackHandler.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).getFileName()).hasToString("aws-msk-iam-auth-" + io.streamsdr.kafka.internal.SaslLibraries.MSK_IAM_VERSION
                + ".jar");
        assertThat(MskIam.ARTIFACT).isEqualTo("software.amazon.msk:aws-msk-iam-auth:" + io.streamsdr.kafka.internal.SaslLibraries.MSK_IAM_VERSION);
    }

    /** A class loader that cannot see aws-msk-iam-auth, as an application without the dependency. */
    static final class HidingMskIam extends ClassLoader {
        HidingMskIam(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("software.amazon.msk.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void inlineRoleKeysAreSecretsThatTravelInTheFailbacksFragmentsAndNeverShow(@TempDir Path dir) throws Exception {
        Secret keyId = Secret.of("EXAMPLE-INLINE-ROLE-KEY-ID");
        Secret secretKey = Secret.of("inline/role+secret=key/0123456789abcdefXYZ");
        MskIam iam = MskIam.builder().withRole(ROLE_A).withRoleCredentials(keyId, secretKey).withStsRegion("eu-west-1").build();
        KafkaCluster prod = KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:9098").withAuth(iam).build();
        KafkaCluster backup = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:19098").withAuth(MskIam.defaultCredentials()).build();
        KafkaCluster prod2 = KafkaCluster.named("prod2").withBootstrapServers("127.0.0.1:29098").withAuth(iam).build();

        assertThat(iam.jaasConfig().orElseThrow().reveal()).contains("awsRoleAccessKeyId=\"EXAMPLE-INLINE-ROLE-KEY-ID\"",
                "awsRoleSecretAccessKey=\"inline/role+secret=key/0123456789abcdefXYZ\"");
        assertThat(prod.secrets()).containsExactly(keyId, secretKey, iam.jaasConfig().orElseThrow());
        assertThat(backup.secrets()).isEmpty(); // no key: the JAAS line names a role only and stays readable in reports
        MirrorConfig forward = MirrorConfig.from(prod).to(backup).build();
        KafkaFailback failback = KafkaFailback.of(Mirror.inProcess(forward)).to(prod2).build();
        assertThat(failback.restoreSteps().secrets()).contains(keyId, secretKey, iam.jaasConfig().orElseThrow());
        assertThat(failback.resumeMirroringSteps().secrets()).contains(keyId, secretKey);

        String shown = iam + " " + prod + " " + forward + " " + failback + " " + failback.restoreSteps().steps();
        assertThat(shown).doesNotContain("EXAMPLE-INLINE-ROLE-KEY-ID").doesNotContain("0123456789abcdef").contains(Secret.MASK)
                .contains("AWS_MSK_IAM role " + ROLE_A + " session 'streams-dr' with inline role keys ****");
        Path file = forward.writeTo(dir.resolve("mm2.properties"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties read = new Properties();
        try (var in = Files.newInputStream(file)) {
            read.load(in);
        }
        assertThat(read.getProperty("prod.sasl.jaas.config")).isEqualTo(iam.jaasConfig().orElseThrow().reveal());
    }

    @Test
    void toBuilderKeepsEverySettingAndWithAuthReplacesScram() {
        MskIam iam = MskIam.builder().withRole(ROLE_B).withSessionName("s-1").withStsRegion("us-east-1").withProfile("tooling")
                .withFallback(MskIam.CredentialFallback.DEFAULT_CHAIN).withMechanism(MskIam.Mechanism.OAUTHBEARER).build();
        MskIam copy = iam.toBuilder().build();
        assertThat(copy.jaasConfig()).isEqualTo(iam.jaasConfig());
        assertThat(copy.toString()).isEqualTo(iam.toString())
                .isEqualTo("OAUTHBEARER profile 'tooling' role " + ROLE_B + " session 's-1' STS us-east-1, falls back to the default chain");
        assertThat(iam.jaasConfig().orElseThrow().reveal()).isEqualTo("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " awsProfileName=\"tooling\" awsRoleArn=\"" + ROLE_B + "\" awsRoleSessionName=\"s-1\" awsStsRegion=\"us-east-1\""
                + " awsAddDefaultProviders=\"true\";");

        KafkaCluster scram = KafkaCluster.named("prod").withBootstrapServers("b-1:9096").withScram("streams", Secret.of("pw")).build();
        KafkaCluster moved = scram.toBuilder().withBootstrapServers("b-1:9098").withAuth(iam).build();
        assertThat(moved.username()).isEmpty();
        assertThat(moved.password()).isEmpty();
        assertThat(moved.auth()).isSameAs(iam);
        assertThat(moved.clientProperties()).doesNotContainValue("pw").containsEntry("sasl.mechanism", "OAUTHBEARER");
        assertThat(moved.toString()).isEqualTo("KafkaCluster[prod, b-1:9098, SASL_SSL " + iam + "]");
        assertThat(scram.toString()).isEqualTo("KafkaCluster[prod, b-1:9096, SASL_SSL SCRAM-SHA-512 user 'streams' password ****]");
        assertThat(KafkaCluster.named("p").withBootstrapServers("h:9098").withAuth(KafkaAuth.none()).build().securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void theLintsApplyOnlyToTheSideThatUsesIamAndLetSafeValuesThrough() {
        KafkaCluster plain = KafkaCluster.named("backup").withBootstrapServers("127.0.0.1:9092").build();
        MirrorConfig ok = MirrorConfig.from(prod()).to(plain)
                .withProperty("sync.topic.acls.enabled", "false")
                .withProperty("prod.reconnect.backoff.ms", "2000")
                .withProperty("backup.reconnect.backoff.ms", "50") // backup does not use IAM
                .build();
        assertThat(ok.toProperties()).containsEntry("prod.reconnect.backoff.ms", "2000").containsEntry("backup.reconnect.backoff.ms", "50");
        assertThatThrownBy(() -> MirrorConfig.from(prod()).to(plain).withProperty("reconnect.backoff.ms", "999"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("Invalid MirrorMaker 2 property 'reconnect.backoff.ms':"
                        + " must be at least 1000 ms, was 999: cluster 'prod' authenticates with MSK IAM");
        // the failback's reverse config re-aims the properties: the lint holds for the new roles too
        MirrorConfig fromPlain = MirrorConfig.from(plain).to(KafkaCluster.named("prod").withBootstrapServers("127.0.0.1:1").build())
                .withProperty("prod.reconnect.backoff.ms", "100").build();
        assertThatThrownBy(() -> fromPlain.withClusters(plain, prod())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid MirrorMaker 2 property 'prod.reconnect.backoff.ms': must be at least 1000 ms, was 100");
    }
}
