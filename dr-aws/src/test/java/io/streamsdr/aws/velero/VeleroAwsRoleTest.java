package io.streamsdr.aws.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.core.CheckResult;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.testkit.VirtualClock;
import io.streamsdr.testkit.aws.InMemoryEks;
import io.streamsdr.testkit.aws.MotoServer;
import io.streamsdr.testkit.aws.MotoServerExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Velero's keyless role on moto_server (IAM roles, their trust and inline policies, OIDC providers, S3) and, for
 * the Pod Identity association that moto does not serve, dr-testkit's InMemoryEks.
 */
@ExtendWith(MotoServerExtension.class)
class VeleroAwsRoleTest {
    static final String ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    static final String PROVIDER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    static final ObjectMapper JSON = new ObjectMapper();
    static IamClient iam;
    static S3Client s3;

    @BeforeAll
    static void clients(MotoServer moto) {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).forcePathStyle(true).credentialsProvider(creds)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void close() {
        iam.close();
        s3.close();
    }

    @BeforeEach
    void provider() {
        // moto was reset before this test: the cluster's OIDC provider, as eksctl would have made it
        iam.createOpenIDConnectProvider(r -> r.url(ISSUER).clientIDList("sts.amazonaws.com").thumbprintList("9e99a48a9960b14926bb7f3b02e22da2b0ab7280"));
    }

    static VeleroAwsRole.Builder role() {
        return VeleroAwsRole.builder(s3, iam).withRegion("eu-west-1").withBucket("streams-velero-backups").withRoleName("streams-velero");
    }

    @Test
    void irsaMakesTheRoleTrustedByTheServiceAccountOnlyIdempotentlyAndFixesAChangedTrust() throws Exception {
        VeleroAwsRole irsa = role().withTrust(VeleroRoleTrust.irsa(ISSUER)).build();
        VeleroRoleResult first = irsa.execute();
        assertThat(first).isEqualTo(new VeleroRoleResult("streams-velero-backups", true, "arn:aws:iam::123456789012:role/streams-velero", true,
                false, true, java.util.Optional.empty(), false));
        String trust = URLDecoder.decode(iam.getRole(r -> r.roleName("streams-velero")).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(trust)).isEqualTo(JSON.readTree("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/%1$s"},
                  "Action": "sts:AssumeRoleWithWebIdentity",
                  "Condition": {"StringEquals": {"%1$s:sub": "system:serviceaccount:velero:velero-server", "%1$s:aud": "sts.amazonaws.com"}}}]}
                """.formatted(PROVIDER)));
        String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName("streams-velero").policyName("streams-velero")).policyDocument(),
                StandardCharsets.UTF_8);
        assertThat(JSON.readTree(policy)).isEqualTo(JSON.readTree(VeleroAwsPrerequisites.policyDocument("streams-velero-backups")));
        assertThat(iam.listUsers().users()).isEmpty(); // no user, no access key: nothing long-lived

        VeleroRoleResult again = irsa.execute();
        assertThat(again).isEqualTo(new VeleroRoleResult("streams-velero-backups", false, first.roleArn(), false, false, false,
                java.util.Optional.empty(), false));
        assertThat(irsa.trustPrecondition("velero", "velero-server").evaluate("preflight", Clock.systemUTC()).detail())
                .isEqualTo("role arn:aws:iam::123456789012:role/streams-velero trusts system:serviceaccount:velero:velero-server");

        // the chart runs Velero as another service account: the preview says so, read only
        CheckResult mismatch = irsa.trustPrecondition("velero", "velero").evaluate("preflight", Clock.systemUTC());
        assertThat(mismatch.passed()).isFalse();
        assertThat(mismatch.detail()).isEqualTo("Refused by guard rail 'Velero's role trusts its service account': IAM role 'streams-velero'"
                + " trusts system:serviceaccount:velero:velero-server, but Velero runs as system:serviceaccount:velero:velero: STS would refuse"
                + " the pod's web identity token. To proceed anyway: use the same service account on both sides: VeleroAwsRole"
                + "...withServiceAccount(\"velero\", \"velero\").build().execute() (or VeleroInstall...withServiceAccount(...) with the trusted one)");
        // executed for that service account, the trust is replaced, nothing else changes
        VeleroRoleResult moved = irsa.toBuilder().withServiceAccount("velero", "velero").build().execute();
        assertThat(moved.trustChanged()).isTrue();
        assertThat(moved.roleCreated() || moved.policyChanged() || moved.bucketCreated()).isFalse();
        assertThat(irsa.trustPrecondition("velero", "velero").evaluate("preflight", Clock.systemUTC()).passed()).isTrue();
    }

    @Test
    void irsaWithoutTheClustersOidcProviderIsRefusedBeforeAnyRoleIsMade() {
        VeleroAwsRole other = role().withRoleName("other-velero")
                .withTrust(VeleroRoleTrust.irsa("https://oidc.eks.eu-west-1.amazonaws.com/id/0THER/")).build();
        assertThatThrownBy(other::execute).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'IRSA needs the cluster's OIDC provider in IAM': no IAM OIDC provider for"
                        + " oidc.eks.eu-west-1.amazonaws.com/id/0THER (found 1 other). To proceed anyway: create it: eksctl utils"
                        + " associate-iam-oidc-provider --cluster <cluster> --approve");
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("other-velero"))).isInstanceOf(NoSuchEntityException.class);
        CheckResult absent = other.trustPrecondition("velero", "velero-server").evaluate("preflight", Clock.systemUTC());
        assertThat(absent.detail()).isEqualTo("Refused by guard rail 'Velero's role exists': IAM role 'other-velero' does not exist."
                + " To proceed anyway: create it: VeleroAwsRole...build().execute()");
    }

    @Test
    void podIdentityTrustsEksPodsAndKeepsOneAssociationPointedAtTheRole() {
        InMemoryEks eks = InMemoryEks.withClusters(VirtualClock.create(), "streams-eks");
        VeleroAwsRole pod = role().withTrust(VeleroRoleTrust.podIdentity(eks, "streams-eks")).build();
        VeleroRoleResult first = pod.execute();
        assertThat(first.roleCreated()).isTrue();
        assertThat(first.associationChanged()).isTrue();
        assertThat(eks.associations()).hasSize(1);
        assertThat(eks.associations().get(0).roleArn()).isEqualTo(first.roleArn());
        assertThat(eks.associations().get(0).serviceAccount()).isEqualTo("velero-server");
        assertThat(first.associationId()).contains(eks.associations().get(0).associationId());
        String trust = URLDecoder.decode(iam.getRole(r -> r.roleName("streams-velero")).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        assertThat(trust).contains("pods.eks.amazonaws.com").contains("sts:TagSession").doesNotContain("Federated");

        VeleroRoleResult again = pod.execute();
        assertThat(again.associationChanged()).isFalse();
        assertThat(eks.calls("CreatePodIdentityAssociation")).isEqualTo(1);
        // someone pointed the association at another role: the next run points it back
        eks.updatePodIdentityAssociation(r -> r.clusterName("streams-eks").associationId(first.associationId().orElseThrow())
                .roleArn("arn:aws:iam::123456789012:role/someone-else"));
        VeleroRoleResult fixed = pod.execute();
        assertThat(fixed.associationChanged()).isTrue();
        assertThat(eks.associations().get(0).roleArn()).isEqualTo(first.roleArn());
        assertThat(pod.trustPrecondition("velero", "velero-server").evaluate("p", Clock.systemUTC()).detail())
                .isEqualTo("role " + first.roleArn() + " trusts pods.eks.amazonaws.com (the association names velero/velero-server)");

        VeleroAwsRole lost = pod.toBuilder().withTrust(VeleroRoleTrust.podIdentity(eks, "other-eks")).build();
        assertThatThrownBy(lost::execute).isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'Pod Identity needs the EKS cluster': EKS cluster 'other-eks' was not found"
                        + " (ResourceNotFoundException). To proceed anyway: use the name aws eks list-clusters shows, in the EKS client's region");
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        InMemoryEks eks = InMemoryEks.withClusters(Clock.systemUTC(), "c");
        String issuerRule = "must be the cluster's https:// issuer, such as https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
                + " (aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer)";
        assertThatThrownBy(() -> VeleroRoleTrust.irsa("http://oidc.eks.eu-west-1.amazonaws.com/id/X")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid OIDC issuer URL 'http://oidc.eks.eu-west-1.amazonaws.com/id/X': " + issuerRule);
        assertThatThrownBy(() -> VeleroRoleTrust.irsa("oidc.eks.eu-west-1.amazonaws.com/id/X"))
                .hasMessage("Invalid OIDC issuer URL 'oidc.eks.eu-west-1.amazonaws.com/id/X': " + issuerRule);
        assertThatThrownBy(() -> VeleroRoleTrust.podIdentity(eks, "streams eks")).hasMessage("Invalid EKS cluster name 'streams eks': must be 1 to"
                + " 100 letters, digits, '-' or '_', starting with a letter or digit");
        assertThatThrownBy(() -> VeleroRoleTrust.podIdentity(null, "c")).hasMessage("Invalid EKS client: must not be null");
        assertThatThrownBy(() -> role().withServiceAccount("velero", "Velero_Server")).hasMessage("Invalid Velero's service account"
                + " 'Velero_Server': must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        assertThatThrownBy(() -> role().withServiceAccount("Velero", "velero")).hasMessage("Invalid namespace of Velero's service account"
                + " 'Velero': must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        assertThatThrownBy(() -> role().withRoleName("r".repeat(65))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid IAM role name '" + "r".repeat(65) + "'");
        assertThatThrownBy(() -> role().build()).hasMessage("Invalid trust of Velero's role: must be given: call"
                + " withTrust(VeleroRoleTrust.irsa(oidcIssuerUrl)) or withTrust(VeleroRoleTrust.podIdentity(eks, cluster))");
        assertThat(iam.listRoles().roles()).isEmpty();
    }
}
