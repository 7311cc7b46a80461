package io.streamsdr.kafka;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.kafka.internal.Rules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How Streams DR's clients and MirrorMaker 2 authenticate to a {@link KafkaCluster}: not at all
 * ({@link #none()}), with SASL/SCRAM-SHA-512 ({@link #scram(String, Secret)}, MSK's SCRAM listener), or
 * with AWS IAM ({@link MskIam}, MSK's IAM listener). One value per cluster: a cluster has exactly one
 * way in, so {@link KafkaCluster.Builder#withAuth(KafkaAuth)} replaces what was there.
 *
 * <pre>{@code
 * KafkaCluster prod = KafkaCluster.named("prod")
 *     .withBootstrapServers("b-1.prod.kafka.eu-west-1.amazonaws.com:9098")
 *     .withAuth(MskIam.builder().withRole("arn:aws:iam::123456789012:role/streams-mm2").withStsRegion("eu-west-1").build())
 *     .build();
 * }</pre>
 *
 * Immutable; {@link #toString()} never shows a secret.
 */
public abstract sealed class KafkaAuth permits KafkaAuth.None, KafkaAuth.Scram, MskIam {

    KafkaAuth() {
    }

    /** No authentication: PLAINTEXT, or SSL when the cluster has a truststore. The default. */
    public static KafkaAuth none() {
        return None.INSTANCE;
    }

    /**
     * SASL_SSL with SCRAM-SHA-512, as MSK's SCRAM listener (port 9096) uses it.
     *
     * @throws InvalidConfigurationException when the user name is blank or the password null
     */
    public static KafkaAuth scram(String username, Secret password) {
        return new Scram(Rules.notBlank("SCRAM username", username), Rules.notNull("SCRAM password", password));
    }

    /** The SASL mechanism ({@code SCRAM-SHA-512}, {@code AWS_MSK_IAM}, {@code OAUTHBEARER}), empty without SASL. */
    public abstract Optional<String> saslMechanism();

    /** The secrets these settings hold: the SCRAM password and its JAAS line, MSK IAM's inline role keys and their JAAS line. */
    public abstract List<Secret> secrets();

    /** The JAAS line, if SASL is used; a {@link Secret}, since it may hold a password or keys. */
    public abstract Optional<Secret> jaasConfig();

    /** The client settings (without {@code security.protocol}), sorted; holds secrets in clear. */
    abstract Map<String, String> saslProperties();

    /** The field name used in messages for the cluster's auth ("SCRAM", "MSK IAM"). */
    abstract String describe();

    static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** No SASL. */
    static final class None extends KafkaAuth {
        static final None INSTANCE = new None();

        @Override
        public Optional<String> saslMechanism() {
            return Optional.empty();
        }

        @Override
        public List<Secret> secrets() {
            return List.of();
        }

        @Override
        public Optional<Secret> jaasConfig() {
            return Optional.empty();
        }

        @Override
        Map<String, String> saslProperties() {
            return Map.of();
        }

        @Override
        String describe() {
            return "no authentication";
        }

        @Override
        public String toString() {
            return "KafkaAuth[none]";
        }
    }

    /** SASL/SCRAM-SHA-512. */
    static final class Scram extends KafkaAuth {
        private final String username;
        private final Secret password;
        private final Secret jaas;

        Scram(String username, Secret password) {
            this.username = username;
            this.password = password;
            this.jaas = Secret.of("org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + quote(username) + "\" password=\"" + quote(password.reveal()) + "\";");
        }

        String username() {
            return username;
        }

        Secret password() {
            return password;
        }

        @Override
        public Optional<String> saslMechanism() {
            return Optional.of(KafkaCluster.SCRAM_SHA_512);
        }

        @Override
        public List<Secret> secrets() {
            return List.of(password, jaas);
        }

        @Override
        public Optional<Secret> jaasConfig() {
            return Optional.of(jaas);
        }

        @Override
        Map<String, String> saslProperties() {
            Map<String, String> p = new TreeMap<>();
            p.put("sasl.mechanism", KafkaCluster.SCRAM_SHA_512);
            p.put("sasl.jaas.config", jaas.reveal());
            return p;
        }

        @Override
        String describe() {
            return "SCRAM";
        }

        @Override
        public String toString() {
            return KafkaCluster.SCRAM_SHA_512 + " user '" + username + "' password " + Secret.MASK;
        }
    }
}
