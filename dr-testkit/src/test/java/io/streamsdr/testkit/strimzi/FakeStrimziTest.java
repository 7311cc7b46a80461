package io.streamsdr.testkit.strimzi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.streamsdr.core.Backoff;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import io.streamsdr.testkit.k8s.MockCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the fake operator refuses as Strimzi's does, reported as Strimzi reports it: Ready=False with reason
 * InvalidResourceException, for the resource's current generation, and no Connect worker started. (The fake
 * running real connectors is exercised end to end by dr-kafka's StrimziFailbackTest.)
 */
class FakeStrimziTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @SuppressWarnings("unchecked")
    void saslInAClustersConfigAndReservedConnectorKeysMakeTheResourceNotReady() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        try (MockCluster cluster = MockCluster.start(); FakeStrimzi strimzi = FakeStrimzi.install(cluster, clock)) {
            Map<String, Object> object = JSON.readValue("""
                    {"apiVersion":"kafka.strimzi.io/v1","kind":"KafkaMirrorMaker2","metadata":{"name":"bad","namespace":"kafka"},
                     "spec":{"replicas":1,"target":{"alias":"backup","bootstrapServers":"127.0.0.1:1","groupId":"g",
                       "configStorageTopic":"c","offsetStorageTopic":"o","statusStorageTopic":"s",
                       "config":{"sasl.mechanism":"PLAIN","ssl.endpoint.identification.algorithm":""}},
                     "mirrors":[{"source":{"alias":"prod","bootstrapServers":"127.0.0.1:2","config":{"security.protocol":"SSL"}},
                       "sourceConnector":{"tasksMax":1,"config":{"tasks.max":"4"}}}]}}""", new TypeReference<Map<String, Object>>() { });
            GenericKubernetesResource r = JSON.convertValue(object, GenericKubernetesResource.class);
            cluster.client().genericKubernetesResources(FakeStrimzi.KAFKA_MIRROR_MAKER_2).inNamespace("kafka").resource(r).create();

            Map<String, Object> status = Poller.system().await(Wait.until("the fake operator to report on 'bad'", () -> statusOf(cluster))
                    .withSuccessWhen(s -> s.containsKey("conditions")), new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(100)),
                            Duration.ofSeconds(30))).value().orElseThrow();
            assertThat(status).containsEntry("observedGeneration", 1);
            assertThat((List<Object>) status.get("conditions")).containsExactly(Map.of("type", "Ready", "status", "False",
                    "lastTransitionTime", "2026-12-01T10:00:00Z", "reason", "InvalidResourceException",
                    "message", "spec.target.config.sasl.mechanism cannot be set (prefix 'sasl.' is forbidden);"
                            + " spec.mirrors[0].source.config.security.protocol cannot be set (prefix 'security.' is forbidden);"
                            + " spec.mirrors[0].sourceConnector.config.tasks.max cannot be set"));
            assertThat(strimzi.workersStarted()).isZero();
            assertThat(strimzi.restUrl("kafka", "bad")).isEmpty();
        }
        assertThatThrownBy(() -> FakeStrimzi.install(null, clock)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid mock cluster: must not be null");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(MockCluster cluster) {
        GenericKubernetesResource r = cluster.client().genericKubernetesResources(FakeStrimzi.KAFKA_MIRROR_MAKER_2).inNamespace("kafka")
                .withName("bad").get();
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
