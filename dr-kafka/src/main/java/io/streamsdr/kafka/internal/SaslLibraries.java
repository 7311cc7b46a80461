package io.streamsdr.kafka.internal;

import io.streamsdr.core.InvalidConfigurationException;
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
        TreeSet<String> missing = new TreeSet<>();
        properties.forEach((k, v) -> {
            if ((k.endsWith("sasl.client.callback.handler.class") || k.endsWith("sasl.login.callback.handler.class"))
                    && v != null && v.startsWith("software.amazon.msk.")) {
                try {
                    Class.forName(v.trim(), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(v.trim());
                }
            }
        });
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationException("MSK IAM authentication of " + where,
                    "needs " + MSK_IAM_ARTIFACT + " on the class path (class " + String.join(", ", missing)
                            + " not found): add the dependency software.amazon.msk:aws-msk-iam-auth, version 2.4.0, to the application");
        }
    }
}
