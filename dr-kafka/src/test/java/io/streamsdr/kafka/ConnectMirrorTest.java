package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Poller;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MM2 as three connectors on a real in-process Kafka Connect worker, driven through its REST API. */
class ConnectMirrorTest {
    static Clusters kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;
    static Connect<?> connect;
    static URI rest;

    @BeforeAll
    static void clustersAndWorker() throws Exception {
        kafka = new Clusters("connect");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", backup.bootstrapServers());
        worker.put("group.id", "dr-connect");
        worker.put("config.storage.topic", "dr-connect-configs");
        worker.put("offset.storage.topic", "dr-connect-offsets");
        worker.put("status.storage.topic", "dr-connect-status");
        worker.put("config.storage.replication.factor", "1");
        worker.put("offset.storage.replication.factor", "1");
        worker.put("status.storage.replication.factor", "1");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("listeners", "http://localhost:" + port);
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "500");
        connect = new ConnectDistributed().startConnect(worker);
        rest = connect.rest().serverUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
        kafka.close();
    }

    @Test
    void mirrorsDataAndGroupsThroughTheRestApiAndStops() throws Exception {
        kafka.createTopics(prod, 3, "streams.a", "streams.b");
        Clusters.produce(prod, "c", 4000, "streams.a", "streams.b");
        Clusters.consumeToEnd(prod, "billing", "streams.a", "streams.b");
        ConnectMirror mirror = ConnectMirror.on(rest, Clusters.testConfig(prod, backup).build());
        assertThat(mirror.isRunning()).isFalse();
        mirror.start(Poller.system());
        try (MirrorMonitor monitor = MirrorMonitor.of(mirror)) {
            Poller.system().await(io.streamsdr.core.Wait.until("the source connector to run", mirror::isRunning)
                    .withSuccessWhen(Boolean::booleanValue), Clusters.FAST);
            monitor.awaitDone(Poller.system(), Clusters.FAST, Duration.ofMillis(500));
            monitor.awaitGroupsTranslated(Poller.system(), Clusters.FAST);
        }
        VerificationReport report = ZeroLossVerifier.between(prod, backup).verify(Poller.system());
        assertThat(report.exact()).as(report.toString()).isTrue();
        assertThat(report.sourceRecords()).isEqualTo(4000);
        assertThat(Clusters.groupOffsets(backup, "billing")).isEqualTo(Clusters.groupOffsets(prod, "billing"));
        assertThat(mirror.committedOffsets(Poller.system(), Duration.ofSeconds(5))).hasSize(6);

        mirror.stop(Poller.system());
        Poller.system().await(io.streamsdr.core.Wait.until("the source connector to stop", mirror::isRunning)
                .withSuccessWhen(running -> !running), Clusters.FAST);
        mirror.delete(Poller.system());

        // startAt: the source connector is created stopped, its offsets set through PATCH, then resumed.
        Clusters.produce(prod, "skipped", 300, "streams.a", "streams.b");
        java.util.Map<org.apache.kafka.common.TopicPartition, Long> ends = new java.util.HashMap<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", prod.bootstrapServers(),
                "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
            for (String t : new String[] {"streams.a", "streams.b"}) {
                c.partitionsFor(t).forEach(p -> ends.put(new org.apache.kafka.common.TopicPartition(t, p.partition()), 0L));
            }
            ends.putAll(c.endOffsets(ends.keySet()));
        }
        mirror.startAt(ends, Poller.system());
        Clusters.produce(prod, "after", 200, "streams.a", "streams.b");
        try (MirrorMonitor monitor = MirrorMonitor.of(mirror)) {
            monitor.awaitDone(Poller.system(), Clusters.FAST, Duration.ofMillis(500));
        }
        VerificationReport after = ZeroLossVerifier.between(prod, backup).verify(Poller.system());
        assertThat(after.lost()).as(after.toString()).isEqualTo(300); // skipped on purpose
        assertThat(after.duplicated()).isZero();
        assertThat(after.targetRecords()).isEqualTo(4200);
        mirror.stop(Poller.system());
    }
}
