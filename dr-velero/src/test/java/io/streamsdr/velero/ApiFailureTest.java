package io.streamsdr.velero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failing Kubernetes API reaches the caller as the library's {@link CallFailedException}, naming the
 * call and the object, with fabric8's exception kept whole as the cause; a name clash stays a guard rail.
 */
class ApiFailureTest {
    private static final String STATUS_500 = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,"
            + "\"message\":\"etcdserver: request timed out\"}";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private Velero velero;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        NamespacedKubernetesClient mockClient = server.createClient(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory());
        // fabric8 retries a 5xx answer with a real-time backoff: off, so the test takes no wall time.
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(mockClient.getConfiguration()).withRequestRetryBackoffLimit(0).build())
                .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory())
                .build().adapt(NamespacedKubernetesClient.class);
        mockClient.close();
        velero = Velero.using(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void aFailedReadNamesTheCallAndKeepsFabric8sException() {
        server.expect().get().withPath("/apis/velero.io/v1/namespaces/velero/backups/b1").andReturn(500, STATUS_500).always();

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> velero.findBackup("b1"));

        assertThat(thrown).isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: get Velero Backup 'b1' in namespace velero: ")
                .hasMessageContaining("etcdserver: request timed out");
        assertThat(((CallFailedException) thrown).call()).isEqualTo("get Velero Backup 'b1' in namespace velero");
        assertThat(thrown.getCause()).isInstanceOf(KubernetesClientException.class);
        assertThat(((KubernetesClientException) thrown.getCause()).getCode()).isEqualTo(500);
        assertThat(thrown.getMessage()).isEqualTo("Call failed: get Velero Backup 'b1' in namespace velero: " + thrown.getCause().getMessage());
    }

    @Test
    void aWaitStopsAtTheFailedCall() {
        server.expect().get().withPath("/apis/velero.io/v1/namespaces/velero/restores/r1").andReturn(500, STATUS_500).always();

        assertThatThrownBy(() -> velero.awaitRestore("r1", Poller.using(CLOCK, d -> { })))
                .isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: get Velero Restore 'r1' in namespace velero: ")
                .hasCauseInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aFailedListAndAFailedCreateNameTheirCalls() {
        server.expect().get().withPath("/apis/velero.io/v1/namespaces/velero/backups").andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,\"message\":\"backups.velero.io is forbidden\"}")
                .always();
        server.expect().post().withPath("/apis/velero.io/v1/namespaces/velero/schedules").andReturn(500, STATUS_500).always();

        assertThatThrownBy(() -> velero.backups()).isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: list Velero Backups in namespace velero: ")
                .hasMessageContaining("forbidden")
                .hasCauseInstanceOf(KubernetesClientException.class);
        assertThatThrownBy(() -> velero.createSchedule(ScheduleRequest.named("daily").withSchedule("@daily")
                .withTemplate(BackupRequest.ofNamespace("streams").build()).build()))
                .isInstanceOf(CallFailedException.class)
                .hasMessageStartingWith("Call failed: create Velero Schedule 'daily' in namespace velero: ")
                .hasCauseInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aNameThatIsTakenIsAGuardRailNotAFailedCall() {
        server.expect().post().withPath("/apis/velero.io/v1/namespaces/velero/backups").andReturn(409,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,\"reason\":\"AlreadyExists\"}").always();

        assertThatThrownBy(() -> velero.createBackup(BackupRequest.ofNamespace("streams").build(), CLOCK))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("Refused by guard rail 'Backup names are unique': Backup 'streams-20260101000000' already exists in namespace"
                        + " velero. To proceed anyway: choose another name with withName(...)");
    }
}
