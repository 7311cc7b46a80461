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
 * One Kafka cluster as Streams DR talks to it: an alias, the bootstrap servers, how it authenticates
 * ({@link KafkaAuth}: none, SASL/SCRAM-SHA-512, or MSK IAM) and, optionally, a truststore. Immutable;
 * build it with {@link #named(String)}. Validated when built, before any connection is made.
 *
 * <pre>{@code
 * KafkaCluster production = KafkaCluster.named("prod")
 *     .withBootstrapServers("b-1.msk.example:9096,b-2.msk.example:9096")
 *     .withScram("streams", kafkaPassword)                  // e.g. Secret.of(System.getenv("KAFKA_PASSWORD"))
 *     .withTruststore(truststore, truststorePassword)       // e.g. Path.of("/etc/kafka/truststore.jks")
 *     .build();
 * }</pre>
 *
 * MSK with IAM: {@code .withAuth(MskIam.builder().withRole("arn:aws:iam::123456789012:role/streams-mm2").build())}
 * on the IAM listener ({@code :9098}); see {@link MskIam}.
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
    private final KafkaAuth auth;
    private final Path truststore;
    private final Secret truststorePassword;

    private KafkaCluster(Builder b) {
        this.alias = b.alias;
        this.bootstrapServers = b.bootstrapServers;
        this.auth = b.auth;
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

    /** {@code PLAINTEXT}, {@code SSL} (a truststore only) or {@code SASL_SSL} (SCRAM or MSK IAM). */
    public String securityProtocol() {
        if (auth.saslMechanism().isPresent()) {
            return "SASL_SSL";
        }
        return truststore != null ? "SSL" : "PLAINTEXT";
    }

    /** How the cluster authenticates: {@link KafkaAuth#none()}, SCRAM, or {@link MskIam}. */
    public KafkaAuth auth() {
        return auth;
    }

    /** The SCRAM user name, if the cluster uses SCRAM. */
    public Optional<String> username() {
        return auth instanceof KafkaAuth.Scram s ? Optional.of(s.username()) : Optional.empty();
    }

    /** The SCRAM password, if the cluster uses SCRAM. */
    public Optional<Secret> password() {
        return auth instanceof KafkaAuth.Scram s ? Optional.of(s.password()) : Optional.empty();
    }

    /** The truststore's password, if any (a PEM truststore has none). */
    Optional<Secret> truststorePassword() {
        return Optional.ofNullable(truststorePassword);
    }

    /** The truststore, if any. */
    public Optional<Path> truststore() {
        return Optional.ofNullable(truststore);
    }

    /**
     * The secrets this description holds: the SCRAM password and JAAS line, MSK IAM's inline role keys and
     * the JAAS line that holds them, the truststore password. The fragments of the providers that use the
     * cluster carry them, so plans mask them.
     */
    public List<Secret> secrets() {
        List<Secret> s = new java.util.ArrayList<>(auth.secrets());
        if (truststorePassword != null) {
            s.add(truststorePassword);
        }
        return List.copyOf(s);
    }

    /** The JAAS line when the cluster uses SASL, a secret since it may hold a password or keys. */
    public Optional<Secret> jaasConfig() {
        return auth.jaasConfig();
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

    /**
     * The security settings only (no bootstrap servers); empty for PLAINTEXT. Holds passwords in clear. With
     * MSK IAM also {@code reconnect.backoff.ms=1000} (MSK limits new IAM connections per broker).
     */
    Map<String, String> securityProperties() {
        Map<String, String> p = new TreeMap<>();
        if (auth.saslMechanism().isEmpty() && truststore == null) {
            return p;
        }
        p.put("security.protocol", securityProtocol());
        p.putAll(auth.saslProperties());
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

    /** Alias, servers and security, never a password. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KafkaCluster[").append(alias).append(", ").append(bootstrapServers)
                .append(", ").append(securityProtocol());
        if (auth.saslMechanism().isPresent()) {
            s.append(" ").append(auth);
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
        private KafkaAuth auth = KafkaAuth.none();
        private Path truststore;
        private Secret truststorePassword;

        private Builder(String alias) {
            this.alias = alias;
        }

        private Builder(KafkaCluster from) {
            this.alias = from.alias;
            this.bootstrapServers = from.bootstrapServers;
            this.auth = from.auth;
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
         * SASL_SSL with SCRAM-SHA-512, as MSK's SCRAM listener uses it: short for
         * {@code withAuth(KafkaAuth.scram(username, password))}, and like it replaces any other auth.
         *
         * @throws InvalidConfigurationException when the user name is blank or the password null
         */
        public Builder withScram(String username, Secret password) {
            Rules.notBlank("SCRAM username of cluster '" + alias + "'", username);
            Rules.notNull("SCRAM password of cluster '" + alias + "'", password);
            this.auth = KafkaAuth.scram(username, password);
            return this;
        }

        /**
         * How the cluster authenticates: {@link KafkaAuth#none()} (the default), {@link KafkaAuth#scram} or
         * {@link MskIam}. A cluster has one way in: this replaces what {@code withScram} or an earlier
         * {@code withAuth} set.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withAuth(KafkaAuth auth) {
            this.auth = Rules.notNull("auth of cluster '" + alias + "'", auth);
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
         * @throws InvalidConfigurationException when no bootstrap servers were given; when the cluster uses MSK IAM
         *         on a port of MSK's SCRAM listener (9096, 9196), or SCRAM on a port of MSK's IAM listener (9098, 9198)
         */
        public KafkaCluster build() {
            if (bootstrapServers == null) {
                throw new InvalidConfigurationException("bootstrap servers of cluster '" + alias + "'",
                        "are required: call withBootstrapServers(\"host:port\")");
            }
            checkMskPorts();
            return new KafkaCluster(this);
        }

        /** MSK listens for SCRAM on 9096 (9196 public) and for IAM on 9098 (9198 public): the wrong one never authenticates. */
        private void checkMskPorts() {
            for (String entry : bootstrapServers.split(",")) {
                int port = Integer.parseInt(entry.substring(entry.lastIndexOf(':') + 1));
                if (auth instanceof MskIam && (port == 9096 || port == 9196)) {
                    throw new InvalidConfigurationException("bootstrap servers of cluster '" + alias + "'",
                            "use port " + port + ", MSK's SASL/SCRAM listener, but the cluster authenticates with MSK IAM: use the IAM listener, port "
                                    + (port == 9096 ? 9098 : 9198) + " (or withScram(...) for SCRAM)");
                }
                if (auth instanceof KafkaAuth.Scram && (port == 9098 || port == 9198)) {
                    throw new InvalidConfigurationException("bootstrap servers of cluster '" + alias + "'",
                            "use port " + port + ", MSK's IAM listener, but the cluster authenticates with SCRAM: use the SCRAM listener, port "
                                    + (port == 9098 ? 9096 : 9196) + " (or withAuth(MskIam...) for IAM)");
                }
            }
        }
    }
}
