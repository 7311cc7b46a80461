package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Velero's server authenticates to AWS, one value per installation: long-lived access keys in a
 * credentials Secret (the runbook), IRSA (the service account annotated with a role that trusts the cluster's
 * OIDC provider), or EKS Pod Identity (an association of the service account with a role, made on the EKS side).
 * dr-aws makes the role and its trust ({@code VeleroAwsRole}); this value says what the chart is given:
 *
 * <table>
 * <caption>Chart values per mode</caption>
 * <tr><th>mode</th><th>{@code credentials.useSecret}</th><th>{@code credentials.secretContents.cloud}</th>
 *     <th>{@code serviceAccount.server}</th></tr>
 * <tr><td>{@link #accessKeys(Secret)}</td><td>true</td><td>the credentials file (a secret value)</td><td>chart default</td></tr>
 * <tr><td>{@link #irsa(String)}</td><td>false</td><td>none</td><td>{@code name}, {@code annotations."eks.amazonaws.com/role-arn"}</td></tr>
 * <tr><td>{@link #podIdentity()}</td><td>false</td><td>none</td><td>{@code name}</td></tr>
 * </table>
 */
public abstract sealed class VeleroAuth permits VeleroAuth.AccessKeys, VeleroAuth.Irsa, VeleroAuth.PodIdentity {
    /** The annotation IRSA reads on a service account. */
    public static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role(/[A-Za-z0-9+=,.@_-]+)*/[A-Za-z0-9+=,.@_-]{1,64}");

    VeleroAuth() {
    }

    /**
     * The runbook's long-lived access keys: the AWS credentials file's content, which reaches Helm only as a secret
     * value.
     *
     * @throws InvalidConfigurationException when null, or not a credentials file with {@code aws_access_key_id} and
     *         {@code aws_secret_access_key} (the message never shows it)
     */
    public static VeleroAuth accessKeys(Secret credentialsFile) {
        if (credentialsFile == null) {
            throw new InvalidConfigurationException("credentials", "must not be null");
        }
        String c = credentialsFile.reveal();
        if (!c.contains("aws_access_key_id") || !c.contains("aws_secret_access_key") || !c.contains("[")) {
            throw new InvalidConfigurationException("credentials",
                    "must be an AWS credentials file: a [profile] line, aws_access_key_id=... and aws_secret_access_key=...");
        }
        return new AccessKeys(credentialsFile);
    }

    /**
     * IRSA: the server's service account is annotated with {@code roleArn}, whose trust policy must name the
     * cluster's OIDC provider and {@code system:serviceaccount:<namespace>:<service account>}.
     *
     * @throws InvalidConfigurationException when not an IAM role ARN such as {@code arn:aws:iam::123456789012:role/velero}
     */
    public static VeleroAuth irsa(String roleArn) {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new InvalidConfigurationException("IRSA role ARN '" + roleArn + "'", "must be an IAM role ARN such as arn:aws:iam::123456789012:role/velero");
        }
        return new Irsa(roleArn);
    }

    /** EKS Pod Identity: no Secret, no annotation; the association of the service account with a role lives in EKS. */
    public static VeleroAuth podIdentity() {
        return PodIdentity.INSTANCE;
    }

    /** The credentials file, in access-keys mode. */
    public Optional<Secret> credentials() {
        return Optional.empty();
    }

    /** The role annotated on the service account, in IRSA mode. */
    public Optional<String> roleArn() {
        return Optional.empty();
    }

    /** Whether the chart mounts a credentials Secret ({@code credentials.useSecret}). */
    public abstract boolean usesSecret();

    /** Long-lived keys in a Secret. */
    static final class AccessKeys extends VeleroAuth {
        private final Secret credentials;

        AccessKeys(Secret credentials) {
            this.credentials = credentials;
        }

        @Override
        public Optional<Secret> credentials() {
            return Optional.of(credentials);
        }

        @Override
        public boolean usesSecret() {
            return true;
        }

        @Override
        public String toString() {
            return "access keys " + Secret.MASK;
        }
    }

    /** IRSA. */
    static final class Irsa extends VeleroAuth {
        private final String roleArn;

        Irsa(String roleArn) {
            this.roleArn = roleArn;
        }

        @Override
        public Optional<String> roleArn() {
            return Optional.of(roleArn);
        }

        @Override
        public boolean usesSecret() {
            return false;
        }

        @Override
        public String toString() {
            return "IRSA " + roleArn;
        }
    }

    /** EKS Pod Identity. */
    static final class PodIdentity extends VeleroAuth {
        static final PodIdentity INSTANCE = new PodIdentity();

        @Override
        public boolean usesSecret() {
            return false;
        }

        @Override
        public String toString() {
            return "EKS Pod Identity";
        }
    }
}
