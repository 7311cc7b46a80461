package io.streamsdr.kafka;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.kafka.internal.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Kafka cluster as Streams DR talks to it: an alias, the bootstrap servers and, optionally,
 * SASL_SSL with SCRAM-SHA-512 credentials and a truststore. Immutable; build it with
 * {@link #named(String)}. Validated when built, before any connection is made.
 *
 * <pre>{@code
 * KafkaCluster production = KafkaCluster.named("prod")
 *     .withBootstrapServers("b-1.msk.example:9096,b-2.msk.example:9096")
 *     .withScram("streams", Secret.of(System.getenv("KAFKA_PASSWORD")))
 *     .withTruststore(Path.of("/etc/kafka/truststore.jks"), Secret.of(System.getenv("TRUSTSTORE_PASSWORD")))
 *     .build();
 * }</pre>
 *
 * <p>The alias is the cluster's role in MirrorMaker 2 ({@code prod}, {@code backup}): it prefixes
 * the cluster's settings in the MM2 configuration and names MM2's internal topics
 * ({@code mm2-offsets.prod.internal}). {@link #toString()} never shows a password.
 */
public final class KafkaCluster {
    /** The SASL mechanism the runbook uses (MSK's SCRAM). */
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    private final String alias;
    private final String bootstrapServers;
    private final String username;
    private final Secret password;
    private final Path truststore;
    private final Secret truststorePassword;

    private KafkaCluster(Builder b) {
        this.alias = b.alias;
        this.bootstrapServers = b.bootstrapServers;
        this.username = b.username;
        this.password = b.password;
        this.truststore = b.truststore;
        this.truststorePassword = b.truststorePassword;
    }

    /**
     * Starts describing the cluster with this alias.
     *
     * @throws InvalidConfigurationException when the alias is not 1 to 63 letters, digits, '_' or
     *         '-' starting with a letter or digit (no '.', which MM2 reads as a prefix separator)
     */
    public static Builder named(String alias) {
        return new Builder(Rules.alias("cluster alias", alias));
    }

    /** The alias: the cluster's role in MirrorMaker 2. */
    public String alias() {
        return alias;
    }

    /** The bootstrap servers, normalised: {@code host:port,host:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code PLAINTEXT}, {@code SSL} (a truststore only) or {@code SASL_SSL} (SCRAM credentials). */
    public String securityProtocol() {
        if (username != null) {
            return "SASL_SSL";
        }
        return truststore != null ? "SSL" : "PLAINTEXT";
    }

    /** The SCRAM user name, if the cluster uses SASL. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The SCRAM password, if the cluster uses SASL. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** The truststore, if any. */
    public Optional<Path> truststore() {
        return Optional.ofNullable(truststore);
    }

    /**
     * The secrets this description holds: the SCRAM password, the truststore password and the JAAS
     * line. The fragments of the providers that use the cluster carry them, so plans mask them.
     */
    public List<Secret> secrets() {
        return java.util.stream.Stream.of(password, truststorePassword, jaasConfig().orElse(null))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The JAAS line for SCRAM, a secret since it holds the password. */
    public Optional<Secret> jaasConfig() {
        if (username == null) {
            return Optional.empty();
        }
        return Optional.of(Secret.of("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + quote(username) + "\" password=\"" + quote(password.reveal()) + "\";"));
    }

    /**
     * The settings a Kafka client needs to reach this cluster ({@code bootstrap.servers} and the
     * security settings), sorted by key. <b>Holds passwords in clear</b>: hand it only to a Kafka
     * client, never to a log.
     */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(securityProperties());
        return p;
    }

    /** The security settings only (no bootstrap servers); empty for PLAINTEXT. Holds passwords in clear. */
    Map<String, String> securityProperties() {
        Map<String, String> p = new TreeMap<>();
        if (username == null && truststore == null) {
            return p;
        }
        p.put("security.protocol", securityProtocol());
        if (username != null) {
            p.put("sasl.mechanism", SCRAM_SHA_512);
            p.put("sasl.jaas.config", jaasConfig().orElseThrow().reveal());
        }
        if (truststore != null) {
            p.put("ssl.truststore.location", truststore.toString());
            if (truststorePassword != null) {
                p.put("ssl.truststore.password", truststorePassword.reveal());
            }
        }
        return p;
    }

    /**
     * The same cluster under another alias (failback describes a cluster in a new role).
     *
     * @throws InvalidConfigurationException when the alias breaks the rule of {@link #named(String)}
     */
    public KafkaCluster withAlias(String alias) {
        Builder b = toBuilder();
        b.alias = Rules.alias("cluster alias", alias);
        return b.build();
    }

    /** A builder holding this description, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Alias, servers and security, never a password. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KafkaCluster[").append(alias).append(", ").append(bootstrapServers)
                .append(", ").append(securityProtocol());
        if (username != null) {
            s.append(" ").append(SCRAM_SHA_512).append(" user '").append(username).append("' password ").append(Secret.MASK);
        }
        if (truststore != null) {
            s.append(", truststore ").append(truststore);
        }
        return s.append(']').toString();
    }

    /** Builds a {@link KafkaCluster}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private String alias;
        private String bootstrapServers;
        private String username;
        private Secret password;
        private Path truststore;
        private Secret truststorePassword;

        private Builder(String alias) {
            this.alias = alias;
        }

        private Builder(KafkaCluster from) {
            this.alias = from.alias;
            this.bootstrapServers = from.bootstrapServers;
            this.username = from.username;
            this.password = from.password;
            this.truststore = from.truststore;
            this.truststorePassword = from.truststorePassword;
        }

        /**
         * The bootstrap servers, {@code host:port} separated by commas.
         *
         * @throws InvalidConfigurationException when blank, when an entry is empty or not
         *         {@code host:port}, or when a port is not a number from 1 to 65535
         */
        public Builder withBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Rules.bootstrapServers("bootstrap servers of cluster '" + alias + "'", bootstrapServers);
            return this;
        }

        /**
         * SASL_SSL with SCRAM-SHA-512, as MSK uses it.
         *
         * @throws InvalidConfigurationException when the user name is blank or the password null
         */
        public Builder withScram(String username, Secret password) {
            this.username = Rules.notBlank("SCRAM username of cluster '" + alias + "'", username);
            this.password = Rules.notNull("SCRAM password of cluster '" + alias + "'", password);
            return this;
        }

        /**
         * The truststore that holds the brokers' CA; its password may be null (a PEM truststore).
         *
         * @throws InvalidConfigurationException when the path is null or is not a readable file
         */
        public Builder withTruststore(Path truststore, Secret truststorePassword) {
            String field = "truststore of cluster '" + alias + "'";
            Rules.notNull(field, truststore);
            if (!Files.isRegularFile(truststore) || !Files.isReadable(truststore)) {
                throw new InvalidConfigurationException(field + " '" + truststore + "'", "must be an existing, readable file");
            }
            this.truststore = truststore.toAbsolutePath().normalize();
            this.truststorePassword = truststorePassword;
            return this;
        }

        /**
         * The description.
         *
         * @throws InvalidConfigurationException when no bootstrap servers were given
         */
        public KafkaCluster build() {
            if (bootstrapServers == null) {
                throw new InvalidConfigurationException("bootstrap servers of cluster '" + alias + "'",
                        "are required: call withBootstrapServers(\"host:port\")");
            }
            return new KafkaCluster(this);
        }
    }
}
