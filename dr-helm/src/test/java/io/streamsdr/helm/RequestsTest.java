package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Secret;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The definitions of dr-helm: names in Helm's order, toBuilder copies, secret values hidden. */
class RequestsTest {
    private static final ReleaseRef STREAMS = ReleaseRef.named("streams").inNamespace("streams-prod");

    @Test
    void aReleaseIsNamedThenPlacedAsHelmReadsIt() {
        assertThat(STREAMS.name()).isEqualTo("streams");
        assertThat(STREAMS.namespace()).isEqualTo("streams-prod");
        assertThat(STREAMS).hasToString("streams-prod/streams")
                .isEqualTo(ReleaseRef.named("streams").inNamespace("streams-prod"))
                .hasSameHashCodeAs(ReleaseRef.named("streams").inNamespace("streams-prod"))
                .isNotEqualTo(ReleaseRef.named("streams-prod").inNamespace("streams"));
        assertThat(ReleaseRef.named("streams")).hasToString("release streams (no namespace yet: call inNamespace(...))");
    }

    @Test
    void upgradeToBuilderCopiesEveryFieldAndLeavesTheOriginalAlone() {
        Secret password = Secret.of("p4ss-upgrade");
        UpgradeRequest original = UpgradeRequest.of(STREAMS, "streams").withRepository(URI.create("https://charts.example.com"))
                .withVersion("1.2.3").withValues(Map.of("replicaCount", 3)).withOverride("a.b", "1").withOverride("c", "2")
                .withSecretValue("db.password", password).withPreviousValues(PreviousValues.REUSE).build();

        UpgradeRequest copy = original.toBuilder().withOverride("d", "3").build();

        assertThat(copy.release()).isEqualTo(STREAMS);
        assertThat(copy.chart()).isEqualTo("streams");
        assertThat(copy.repository()).contains(URI.create("https://charts.example.com"));
        assertThat(copy.version()).contains("1.2.3");
        assertThat(copy.values()).isEqualTo(Map.of("replicaCount", 3));
        assertThat(copy.overrides()).containsExactly(Map.entry("a.b", "1"), Map.entry("c", "2"), Map.entry("d", "3"));
        assertThat(copy.secrets()).containsExactly(password);
        assertThat(copy.previousValues()).isEqualTo(PreviousValues.REUSE);
        assertThat(copy.revealedValues()).isEqualTo(Map.of("replicaCount", 3, "a", Map.of("b", "1"), "c", "2", "d", "3",
                "db", Map.of("password", "p4ss-upgrade")));
        assertThat(original.overrides()).containsOnlyKeys("a.b", "c");
        assertThat(copy.toString()).contains("db.password", "previous values REUSE").doesNotContain("p4ss-upgrade");
        assertThat(UpgradeRequest.of(STREAMS, "streams").build().previousValues()).isEqualTo(PreviousValues.HELM_DEFAULT);
    }

    @Test
    void installToBuilderCopiesEveryField() {
        InstallRequest original = InstallRequest.of(STREAMS, "streams").withValues(Map.of("x", "y")).withNamespaceCreated(true).build();

        InstallRequest copy = original.toBuilder().withVersion("2.0.0").build();

        assertThat(copy.createNamespace()).isTrue();
        assertThat(copy.values()).isEqualTo(Map.of("x", "y"));
        assertThat(copy.version()).contains("2.0.0");
        assertThat(original.version()).isEmpty();
        assertThat(original.toBuilder().withNamespaceCreated(false).build().createNamespace()).isFalse();
    }

    @Test
    void veleroInstallIsADefinitionWhoseRequestCarriesTheCredentialsAsASecretValue() {
        Secret credentials = Secret.of("[default]\naws_access_key_id=AKIA1\naws_secret_access_key=topsecretkey\n");
        VeleroInstall install = VeleroInstall.aws().withBucket("streams-backups").withRegion("eu-west-1").withPrefix("prod")
                .withCredentials(credentials).build();

        VeleroInstall withNodeAgent = install.toBuilder().withNodeAgent(true).withChartVersion("12.2.0").build();

        assertThat(withNodeAgent.bucket()).isEqualTo("streams-backups");
        assertThat(withNodeAgent.region()).isEqualTo("eu-west-1");
        assertThat(withNodeAgent.prefix()).contains("prod");
        assertThat(withNodeAgent.credentials()).containsSame(credentials);
        assertThat(withNodeAgent.nodeAgent()).isTrue();
        assertThat(install.nodeAgent()).isFalse();
        assertThat(withNodeAgent.request().values()).containsEntry("deployNodeAgent", true);
        assertThat(withNodeAgent.request().version()).contains("12.2.0");
        InstallRequest request = install.request();
        assertThat(request.release()).isEqualTo(ReleaseRef.named("velero").inNamespace("velero"));
        assertThat(request.createNamespace()).isTrue();
        assertThat(request.secretKeys()).containsExactly("credentials.secretContents.cloud");
        assertThat(request.values().toString()).doesNotContain("topsecretkey");
        assertThat(request.values()).extractingByKey("configuration").asString().contains("prefix=prod", "bucket=streams-backups");
        assertThat(install.toString()).doesNotContain("topsecretkey").contains("bucket streams-backups/prod");
        assertThat(request.secrets()).isEqualTo(List.of(credentials));
    }
}
