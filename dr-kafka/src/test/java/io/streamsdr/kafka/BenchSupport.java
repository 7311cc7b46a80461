package io.streamsdr.kafka;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/** Test helpers the benchmark (another package) uses. */
public final class BenchSupport {
    private BenchSupport() {
    }

    /** See {@link KafkaPair#deleteTree}. */
    public static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        KafkaPair.deleteTree(dir);
    }

    /** See {@link KafkaPair#awaitReady}. */
    public static void awaitReady(Admin admin, List<String> topics) {
        KafkaPair.awaitReady(admin, topics);
    }
}
