package io.streamsdr.kafka;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.kafka.internal.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amazon MSK's IAM authentication (SASL_SSL on MSK's IAM listener, port 9098, or 9198 for public
 * access), as the {@code software.amazon.msk:aws-msk-iam-auth} library on the class path does it. The
 * properties it renders are the documented ones:
 *
 * <pre>
 * security.protocol=SASL_SSL
 * sasl.mechanism=AWS_MSK_IAM
 * sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn="..." awsRoleSessionName="streams-dr" awsStsRegion="eu-west-1" awsAddDefaultProviders="false";
 * sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler
 * reconnect.backoff.ms=1000
 * </pre>
 *
 * or the OAUTHBEARER variant ({@link Mechanism#OAUTHBEARER}). Where the credentials come from:
 * <ul>
 *   <li>{@link #defaultCredentials()}: the AWS SDK's default chain of the process (on EKS: the pod's IRSA or
 *       Pod Identity credentials; on EC2: the instance profile);</li>
 *   <li>{@link Builder#withRole(String)}: that chain's identity assumes the role through STS, with a
 *       <b>static session name</b> ({@value #DEFAULT_SESSION_NAME} unless told otherwise; the random names of
 *       EKS Pod Identity sessions break re-authentication), in {@link Builder#withStsRegion(String) a regional STS}
 *       when given;</li>
 *   <li>{@link Builder#withProfile(String)}: a profile of the AWS config files, alone or as the base of the role.</li>
 * </ul>
 * A role or profile that fails does <b>not</b> fall back to the default chain (another identity, with
 * other permissions) unless {@link Builder#withFallback(CredentialFallback) asked}.
 *
 * <p>The library is the user's (optional) dependency: a client or an in-process MirrorMaker 2 refuses to
 * start without it, naming {@value #ARTIFACT}, before any connection. MirrorMaker 2 on Kafka Connect or
 * on Strimzi needs it in the workers' image.
 *
 * <p>Each side of a mirror carries its own {@code MskIam}, so source and target assume their own roles
 * ({@code <alias>.sasl.jaas.config}). Immutable; {@link #toString()} never shows a secret.
 */
public final class MskIam extends KafkaAuth {
    /** The artifact that implements MSK IAM for Kafka clients, in the version this library is tested with. */
    public static final String ARTIFACT = io.streamsdr.kafka.internal.SaslLibraries.MSK_IAM_ARTIFACT;
    /** The role session name unless told otherwise: static, so that re-authentication keeps the same session. */
    public static final String DEFAULT_SESSION_NAME = "streams-dr";
    /** The login module of the AWS_MSK_IAM mechanism. */
    public static final String LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    /** The client callback handler of the AWS_MSK_IAM mechanism. */
    public static final String CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    /** The login and client callback handler of the OAUTHBEARER variant. */
    public static final String OAUTHBEARER_HANDLER = "software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler";
    /** The reconnect back-off IAM clients use (and the least the lints allow): MSK limits new IAM connections. */
    public static final int MIN_RECONNECT_BACKOFF_MS = 1000;

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:role(/[A-Za-z0-9+=,.@_-]+)*/[A-Za-z0-9+=,.@_-]{1,64}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9+=,.@_-]{2,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9+=,.@_/:-]{1,128}");

    /** The SASL mechanism MSK's IAM listener is reached with. */
    public enum Mechanism {
        /** {@code AWS_MSK_IAM} with {@code IAMLoginModule} and {@code IAMClientCallbackHandler}: the documented default. */
        AWS_MSK_IAM,
        /** {@code OAUTHBEARER} with {@code IAMOAuthBearerLoginCallbackHandler}: for clients that speak only standard mechanisms. */
        OAUTHBEARER
    }

    /** Whether a role or profile that cannot give credentials falls back to the AWS SDK's default chain. */
    public enum CredentialFallback {
        /** No fallback: a failed role or profile fails the connection (the default). */
        NONE,
        /** {@code awsAddDefaultProviders="true"}: try the default chain after the role or profile. */
        DEFAULT_CHAIN
    }

    private final Optional<String> role;
    private final String sessionName;
    private final Optional<String> stsRegion;
    private final Optional<String> profile;
    private final CredentialFallback fallback;
    private final Mechanism mechanism;
    private final Optional<Secret> roleAccessKeyId;
    private final Optional<Secret> roleSecretAccessKey;
    private final Secret jaas;

    private MskIam(Builder b) {
        this.role = Optional.ofNullable(b.role);
        this.sessionName = b.sessionName == null ? DEFAULT_SESSION_NAME : b.sessionName;
        this.stsRegion = Optional.ofNullable(b.stsRegion);
        this.profile = Optional.ofNullable(b.profile);
        this.fallback = b.fallback;
        this.mechanism = b.mechanism;
        this.roleAccessKeyId = Optional.ofNullable(b.accessKeyId);
        this.roleSecretAccessKey = Optional.ofNullable(b.secretAccessKey);
        this.jaas = Secret.of(renderJaas());
    }

    /** The default chain of the process, no role: on EKS the pod's own identity (IRSA or Pod Identity). */
    public static MskIam defaultCredentials() {
        return builder().build();
    }

    /** Starts MSK IAM settings; with nothing set, {@link #defaultCredentials()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to build a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The role assumed, if any. */
    public Optional<String> role() {
        return role;
    }

    /** The role session name (meaningful with a role): {@value #DEFAULT_SESSION_NAME} unless told otherwise. */
    public String sessionName() {
        return sessionName;
    }

    /** The region of the STS endpoint the role is assumed in, if given (else the library's global endpoint). */
    public Optional<String> stsRegion() {
        return stsRegion;
    }

    /** The AWS profile, if any. */
    public Optional<String> profile() {
        return profile;
    }

    /** Whether a failed role or profile falls back to the default chain. */
    public CredentialFallback fallback() {
        return fallback;
    }

    /** The SASL mechanism used. */
    public Mechanism mechanism() {
        return mechanism;
    }

    @Override
    public Optional<String> saslMechanism() {
        return Optional.of(mechanism.name());
    }

    /** The inline role keys and, when they are given, the JAAS line that holds them. */
    @Override
    public List<Secret> secrets() {
        List<Secret> s = new ArrayList<>();
        roleAccessKeyId.ifPresent(s::add);
        roleSecretAccessKey.ifPresent(s::add);
        if (!s.isEmpty()) {
            s.add(jaas);
        }
        return List.copyOf(s);
    }

    /** Whether the settings hold inline role keys (then the JAAS line is a secret). */
    public boolean hasInlineKeys() {
        return roleAccessKeyId.isPresent();
    }

    @Override
    public Optional<Secret> jaasConfig() {
        return Optional.of(jaas);
    }

    @Override
    Map<String, String> saslProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("sasl.mechanism", mechanism.name());
        p.put("sasl.jaas.config", jaas.reveal());
        if (mechanism == Mechanism.AWS_MSK_IAM) {
            p.put("sasl.client.callback.handler.class", CALLBACK_HANDLER);
        } else {
            p.put("sasl.login.callback.handler.class", OAUTHBEARER_HANDLER);
            p.put("sasl.client.callback.handler.class", OAUTHBEARER_HANDLER);
        }
        p.put("reconnect.backoff.ms", String.valueOf(MIN_RECONNECT_BACKOFF_MS));
        return p;
    }

    @Override
    String describe() {
        return "MSK IAM";
    }

    private String renderJaas() {
        StringBuilder s = new StringBuilder(mechanism == Mechanism.AWS_MSK_IAM ? LOGIN_MODULE
                : "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule").append(" required");
        profile.ifPresent(p -> s.append(" awsProfileName=\"").append(quote(p)).append('"'));
        role.ifPresent(r -> s.append(" awsRoleArn=\"").append(quote(r)).append("\" awsRoleSessionName=\"").append(quote(sessionName)).append('"'));
        roleAccessKeyId.ifPresent(k -> s.append(" awsRoleAccessKeyId=\"").append(quote(k.reveal())).append('"'));
        roleSecretAccessKey.ifPresent(k -> s.append(" awsRoleSecretAccessKey=\"").append(quote(k.reveal())).append('"'));
        stsRegion.ifPresent(r -> s.append(" awsStsRegion=\"").append(r).append('"'));
        if (role.isPresent() || profile.isPresent()) {
            s.append(" awsAddDefaultProviders=\"").append(fallback == CredentialFallback.DEFAULT_CHAIN).append('"');
        }
        return s.append(';').toString();
    }

    /** Mechanism, role, session, region, profile; never a key. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(mechanism.name());
        if (role.isEmpty() && profile.isEmpty()) {
            s.append(" default credentials");
        }
        profile.ifPresent(p -> s.append(" profile '").append(p).append('\''));
        role.ifPresent(r -> s.append(" role ").append(r).append(" session '").append(sessionName).append('\''));
        if (hasInlineKeys()) {
            s.append(" with inline role keys ").append(Secret.MASK);
        }
        stsRegion.ifPresent(r -> s.append(" STS ").append(r));
        if (fallback == CredentialFallback.DEFAULT_CHAIN) {
            s.append(", falls back to the default chain");
        }
        return s.toString();
    }

    /** Builds {@link MskIam}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private String role;
        private String sessionName;
        private String stsRegion;
        private String profile;
        private CredentialFallback fallback = CredentialFallback.NONE;
        private Mechanism mechanism = Mechanism.AWS_MSK_IAM;
        private Secret accessKeyId;
        private Secret secretAccessKey;

        private Builder() {
        }

        private Builder(MskIam from) {
            this.role = from.role.orElse(null);
            this.sessionName = from.sessionName.equals(DEFAULT_SESSION_NAME) ? null : from.sessionName;
            this.stsRegion = from.stsRegion.orElse(null);
            this.profile = from.profile.orElse(null);
            this.fallback = from.fallback;
            this.mechanism = from.mechanism;
            this.accessKeyId = from.roleAccessKeyId.orElse(null);
            this.secretAccessKey = from.roleSecretAccessKey.orElse(null);
        }

        /**
         * The IAM role to assume ({@code awsRoleArn}).
         *
         * @throws InvalidConfigurationException when it is not an IAM role ARN such as
         *         {@code arn:aws:iam::123456789012:role/streams-mm2} (a 12-digit account, {@code role/}, an optional
         *         path, a name of 1 to 64 letters, digits or {@code +=,.@_-})
         */
        public Builder withRole(String roleArn) {
            Rules.notNull("MSK IAM role ARN", roleArn);
            if (!ROLE_ARN.matcher(roleArn).matches()) {
                throw new InvalidConfigurationException("MSK IAM role ARN '" + roleArn + "'",
                        "must be an IAM role ARN such as arn:aws:iam::123456789012:role/streams-mm2"
                                + " (a 12-digit account, 'role/', an optional path, a name of 1 to 64 letters, digits or +=,.@_-)");
            }
            this.role = roleArn;
            return this;
        }

        /**
         * The role session name ({@code awsRoleSessionName}); default {@value MskIam#DEFAULT_SESSION_NAME}. Keep it
         * static: a random one per connection (as EKS Pod Identity makes them) breaks re-authentication.
         *
         * @throws InvalidConfigurationException when not 2 to 64 letters, digits or {@code +=,.@_-} (STS's rule)
         */
        public Builder withSessionName(String sessionName) {
            Rules.notNull("MSK IAM role session name", sessionName);
            if (!SESSION.matcher(sessionName).matches()) {
                throw new InvalidConfigurationException("MSK IAM role session name '" + sessionName + "'",
                        "must be 2 to 64 letters, digits or +=,.@_- (STS's rule for RoleSessionName), was " + sessionName.length()
                                + " characters");
            }
            this.sessionName = sessionName;
            return this;
        }

        /**
         * The region whose STS endpoint assumes the role ({@code awsStsRegion}); without it the library uses
         * the global endpoint. Give the cluster's region: regional STS is the one AWS recommends.
         *
         * @throws InvalidConfigurationException when not an AWS region such as {@code eu-west-1}
         */
        public Builder withStsRegion(String region) {
            Rules.notNull("MSK IAM STS region", region);
            if (!REGION.matcher(region).matches()) {
                throw new InvalidConfigurationException("MSK IAM STS region '" + region + "'", "must be an AWS region such as eu-west-1");
            }
            this.stsRegion = region;
            return this;
        }

        /**
         * A profile of the AWS config and credentials files ({@code awsProfileName}).
         *
         * @throws InvalidConfigurationException when not 1 to 128 letters, digits or {@code +=,.@_/:-}
         *         (no spaces or quotes, which would break the JAAS line)
         */
        public Builder withProfile(String profile) {
            Rules.notNull("MSK IAM profile", profile);
            if (!PROFILE.matcher(profile).matches()) {
                throw new InvalidConfigurationException("MSK IAM profile '" + profile + "'",
                        "must be 1 to 128 letters, digits or +=,.@_/:- (no spaces or quotes, which would break the JAAS line)");
            }
            this.profile = profile;
            return this;
        }

        /**
         * Whether a role or profile that cannot give credentials falls back to the default chain
         * ({@code awsAddDefaultProviders}); default {@link CredentialFallback#NONE}, so a broken role never
         * silently connects as another identity.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withFallback(CredentialFallback fallback) {
            this.fallback = Rules.notNull("MSK IAM credential fallback", fallback);
            return this;
        }

        /**
         * The SASL mechanism; default {@link Mechanism#AWS_MSK_IAM}.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withMechanism(Mechanism mechanism) {
            this.mechanism = Rules.notNull("MSK IAM SASL mechanism", mechanism);
            return this;
        }

        /**
         * Long-lived keys of the identity that assumes the role ({@code awsRoleAccessKeyId},
         * {@code awsRoleSecretAccessKey}), for a host without an instance or pod identity. They are
         * {@link Secret}s: the cluster's {@link KafkaCluster#secrets()} and the fragments built from it carry
         * them (and the JAAS line that holds them), so plans mask them. Prefer a pod identity.
         *
         * @throws InvalidConfigurationException when either is null
         */
        public Builder withRoleCredentials(Secret accessKeyId, Secret secretAccessKey) {
            this.accessKeyId = Rules.notNull("MSK IAM role access key id", accessKeyId);
            this.secretAccessKey = Rules.notNull("MSK IAM role secret access key", secretAccessKey);
            return this;
        }

        /**
         * The settings.
         *
         * @throws InvalidConfigurationException when a session name, inline role keys or an STS region are given
         *         without a role, or a fallback to the default chain without a role or a profile (they would do nothing)
         */
        public MskIam build() {
            if (role == null) {
                if (sessionName != null) {
                    throw new InvalidConfigurationException("MSK IAM role session name",
                            "applies only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\") or remove withSessionName(...)");
                }
                if (accessKeyId != null) {
                    throw new InvalidConfigurationException("MSK IAM role credentials",
                            "apply only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\") or remove withRoleCredentials(...)");
                }
                if (stsRegion != null) {
                    throw new InvalidConfigurationException("MSK IAM STS region",
                            "applies only to an assumed role: add withRole(\"arn:aws:iam::<account>:role/<name>\") or remove withStsRegion(...)");
                }
                if (profile == null && fallback == CredentialFallback.DEFAULT_CHAIN) {
                    throw new InvalidConfigurationException("MSK IAM credential fallback",
                            "applies only to a role or a profile: without either the default chain is used already; remove withFallback(...)");
                }
            }
            return new MskIam(this);
        }
    }
}
