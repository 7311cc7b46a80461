package io.streamsdr.aws.velero;

import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.InvalidConfigurationException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Who may assume Velero's IAM role, one value: the pods of a service account through the cluster's OIDC provider
 * (IRSA, {@link #irsa(String)}), or EKS Pod Identity ({@link #podIdentity(EksClient, String)}), which also makes
 * the association of the service account with the role.
 */
public abstract sealed class VeleroRoleTrust permits VeleroRoleTrust.Irsa, VeleroRoleTrust.PodIdentity {
    private static final Pattern CLUSTER = Pattern.compile("[0-9A-Za-z][A-Za-z0-9_-]{0,99}");

    VeleroRoleTrust() {
    }

    /**
     * IRSA: a web-identity trust for the cluster's OIDC provider ({@code aws eks describe-cluster --query
     * cluster.identity.oidc.issuer}), scoped to the service account and to the audience {@code sts.amazonaws.com}.
     * The provider must exist in IAM ({@code eksctl utils associate-iam-oidc-provider}).
     *
     * @throws InvalidConfigurationException when not an {@code https://} URL with a host and no query or fragment
     */
    public static VeleroRoleTrust irsa(String oidcIssuerUrl) {
        AwsRules.notNull("OIDC issuer URL", oidcIssuerUrl);
        URI uri;
        try {
            uri = URI.create(oidcIssuerUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                || uri.getUserInfo() != null) {
            throw new InvalidConfigurationException("OIDC issuer URL '" + oidcIssuerUrl + "'",
                    "must be the cluster's https:// issuer, such as https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
                            + " (aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer)");
        }
        String hostPath = uri.getHost() + (uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", ""));
        return new Irsa(hostPath);
    }

    /**
     * EKS Pod Identity: the role trusts {@code pods.eks.amazonaws.com} ({@code sts:AssumeRole}, {@code sts:TagSession}),
     * and an association of the service account with the role is made in {@code cluster} through {@code eks}.
     *
     * @throws InvalidConfigurationException when the client is null or the cluster name is not 1 to 100 letters,
     *         digits, '-' or '_' starting with a letter or digit
     */
    public static VeleroRoleTrust podIdentity(EksClient eks, String cluster) {
        AwsRules.notNull("EKS client", eks);
        AwsRules.notNull("EKS cluster name", cluster);
        if (!CLUSTER.matcher(cluster).matches()) {
            throw new InvalidConfigurationException("EKS cluster name '" + cluster + "'",
                    "must be 1 to 100 letters, digits, '-' or '_', starting with a letter or digit");
        }
        return new PodIdentity(eks, cluster);
    }

    /** The OIDC provider as IAM names it ({@code oidc.eks.<region>.amazonaws.com/id/<id>}), with IRSA. */
    public Optional<String> oidcProvider() {
        return Optional.empty();
    }

    /** The EKS cluster, with Pod Identity. */
    public Optional<String> cluster() {
        return Optional.empty();
    }

    /** IRSA. */
    static final class Irsa extends VeleroRoleTrust {
        final String provider;

        Irsa(String provider) {
            this.provider = provider;
        }

        @Override
        public Optional<String> oidcProvider() {
            return Optional.of(provider);
        }

        @Override
        public String toString() {
            return "IRSA through OIDC provider " + provider;
        }
    }

    /** EKS Pod Identity. */
    static final class PodIdentity extends VeleroRoleTrust {
        final EksClient eks;
        final String cluster;

        PodIdentity(EksClient eks, String cluster) {
            this.eks = eks;
            this.cluster = cluster;
        }

        @Override
        public Optional<String> cluster() {
            return Optional.of(cluster);
        }

        @Override
        public String toString() {
            return "EKS Pod Identity in cluster " + cluster;
        }
    }
}
