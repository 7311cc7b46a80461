package io.streamsdr.kafka.internal;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The SASL classes a client configuration names must be loadable before a client is made: Kafka would
 * otherwise fail deep inside its config parsing ("Class ... cannot be found") or, for a JAAS login module,
 * only when it first connects. MSK IAM's classes come from an optional artifact, which the message names.
 */
public final class SaslLibraries {
    /** The artifact that holds {@code software.amazon.msk.auth.iam}. */
    public static final String MSK_IAM_ARTIFACT = "software.amazon.msk:aws-msk-iam-auth:2.4.0";
    /** {@link #MSK_IAM_ARTIFACT} without its version. */
    static final String MSK_IAM_GROUP_ARTIFACT = "software.amazon.msk:aws-msk-iam-auth";
    /** The version dr-kafka is tested with. */
    public static final String MSK_IAM_VERSION = "2.4.0";

    private SaslLibraries() {
    }

    /**
     * Checks every {@code *sasl.client.callback.handler.class} and {@code *sasl.login.callback.handler.class}
     * of {@code properties} (plain or prefixed by a cluster alias) that names an MSK IAM class, on the
     * class loader Kafka would use (the thread's context class loader, else Kafka's own).
     *
     * @param where the cluster, for the message ("Kafka cluster 'prod'")
     * @throws InvalidConfigurationException when one cannot be loaded, naming the artifact to add
     */
    public static void requireMskIam(Map<String, String> properties, String where) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        requireMskIam(properties, where, context != null ? context : org.apache.kafka.common.utils.Utils.class.getClassLoader());
    }

    /** {@link #requireMskIam(Map, String)} on a given class loader. */
    public static void requireMskIam(Map<String, String> properties, String where, ClassLoader loader) {
        TreeSet<String> classes = new TreeSet<>();
        properties.forEach((k, v) -> {
            if ((k.endsWith("sasl.client.callback.handler.class") || k.endsWith("sasl.login.callback.handler.class"))
                    && v != null && v.startsWith("software.amazon.msk.")) {
                classes.add(v.trim());
            }
        });
        List<OptionalDependency> needs = new ArrayList<>();
        classes.forEach(c -> needs.add(OptionalDependency.ofClass(c, MSK_IAM_GROUP_ARTIFACT, MSK_IAM_VERSION)));
        OptionalDependency.require("MSK IAM authentication of " + where, OptionalDependency.Scope.RUNTIME,
                "dr-kafka leaves it to the application: only MSK IAM authentication needs it", needs, loader);
    }
}
