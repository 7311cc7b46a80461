package io.streamsdr.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamsdr.core.Backoff;
import io.streamsdr.core.PollPolicy;
import io.streamsdr.core.Poller;
import io.streamsdr.core.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transactional sources and exactly-once MirrorMaker 2, including a SIGKILLed MM2 process. */
class ExactlyOnceTest {
    static final PollPolicy SLOW = new PollPolicy(Duration.ZERO, Backoff.fixed(Duration.ofMillis(250)), Duration.ofSeconds(150));
    static Clusters kafka;
    static KafkaCluster prod;
    static KafkaCluster backup;

    @BeforeAll
    static void clusters() {
        kafka = new Clusters("eos");
        prod = kafka.start("prod");
        backup = kafka.start("backup");
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** Transactions of 100 records, every fifth one aborted. */
    static int produceTransactionally(String prefix, int transactions, String... topics) {
        int committed = 0;
        try (KafkaProducer<byte[], byte[]> p = Clusters.producer(prod, "tx-" + prefix)) {
            p.initTransactions();
            for (int t = 0; t < transactions; t++) {
                p.beginTransaction();
                for (int i = 0; i < 100; i++) {
                    p.send(Clusters.record(topics[i % topics.length], prefix + "-" + t + "-" + i));
                }
                if (t % 5 == 4) {
                    p.abortTransaction();
                } else {
                    p.commitTransaction();
                    committed += 100;
                }
            }
        }
        return committed;
    }

    @Test
    void transactionalSourceDoneIsDetectedAndTheCopyIsExact() throws Exception {
        kafka.createTopics(prod, 2, "streams.tx");
        int committed = produceTransactionally("tx", 20, "streams.tx");
        MirrorConfig config = Clusters.testConfig(prod, backup).withTopics("streams\\.tx").build();
        try (Mirror mirror = Mirror.inProcess(config); MirrorMonitor monitor = MirrorMonitor.of(mirror)) {
            mirror.start(Poller.system());
            MirrorLag done = monitor.awaitDone(Poller.system(), SLOW, Duration.ofMillis(500));
            // markers and aborted records make the end offsets differ; "done" does not depend on them
            assertThat(done.partitions()).allSatisfy(p -> assertThat(p.nextToCopy()).isLessThan(p.sourceEnd()));
        }
        VerificationReport report = ZeroLossVerifier.between(prod, backup).withTopics("streams\\.tx").verify(Poller.system());
        assertThat(report.exact()).as(report.toString()).isTrue();
        assertThat(report.sourceRecords()).isEqualTo(committed).isEqualTo(1600);
    }

    @Test
    void exactlyOnceMirrorKilledWithoutCommitLosesAndDuplicatesNothing() throws Exception {
        kafka.createTopics(prod, 3, "streams.eos");
        MirrorConfig config = Clusters.testConfig(prod, backup).withTopics("streams\\.eos").withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .withTransactionTimeout(Duration.ofSeconds(5)).build();
        Path file = config.writeTo(Path.of("target", "kafka-it", "eos-" + ProcessHandle.current().pid() + ".properties"));
        Thread writer = new Thread(() -> Clusters.produce(prod, "eos", 30_000, "streams.eos"));
        // connect-mirror-maker.sh <file> --clusters backup, as a child JVM we can SIGKILL
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = file.resolveSibling("eos-mm2.log");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, "org.apache.kafka.connect.mirror.MirrorMaker", file.toString(),
                "--clusters", "backup")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (Mirror observer = Mirror.inProcess(config)) {
            writer.start();
            Poller.system().await(Wait.until("the child MM2 to copy part of the stream",
                    () -> observer.committedOffsets(Poller.system(), Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum())
                    .withSuccessWhen(n -> n > 2000), SLOW);
            child.destroyForcibly(); // SIGKILL: no graceful commit, an open transaction left behind
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
            writer.join();

            observer.start(Poller.system()); // a new MM2 on the same config resumes
            try (MirrorMonitor monitor = MirrorMonitor.of(observer)) {
                monitor.awaitDone(Poller.system(), SLOW, Duration.ofMillis(500));
            }
        } finally {
            child.destroyForcibly();
        }
        VerificationReport report = ZeroLossVerifier.between(prod, backup).withTopics("streams\\.eos").verify(Poller.system());
        assertThat(report.sourceRecords()).isEqualTo(30_000);
        assertThat(report.lost()).as(report.toString()).isZero();
        assertThat(report.duplicated()).as(report.toString()).isZero();
        assertThat(report.exact()).as(report.toString()).isTrue();
    }
}
