package io.streamsdr.aws.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Velero's AWS side without long-lived keys, made idempotent: the bucket as {@link VeleroAwsPrerequisites} makes it,
 * and an IAM role with the runbook's permissions ({@link VeleroAwsPrerequisites#policyDocument(String)}) that only
 * Velero's service account can assume, through IRSA or EKS Pod Identity ({@link VeleroRoleTrust}). Run
 * {@link #execute()} as often as you like; the chart's side is dr-helm's {@code VeleroAuth.irsa(roleArn)} or
 * {@code VeleroAuth.podIdentity()}.
 *
 * <pre>{@code
 * VeleroRoleResult r = VeleroAwsRole.builder(s3, iam)
 *     .withRegion("eu-west-1")
 *     .withBucket("streams-velero-backups")
 *     .withRoleName("streams-velero")
 *     .withServiceAccount("velero", "velero-server")
 *     .withTrust(VeleroRoleTrust.irsa("https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"))
 *     .build()
 *     .execute();
 * // VeleroInstall.aws()...withAuth(VeleroAuth.irsa(r.roleArn())).withServiceAccount("velero-server")
 * }</pre>
 *
 * <p>What {@link #execute()} does:
 * <ol>
 *   <li>the bucket: reused when we own it in the region, else created;</li>
 *   <li>IRSA: the cluster's OIDC provider must exist in IAM (read, never created: a guard rail says how);</li>
 *   <li>the role: created with the trust policy ({@link #trustPolicy(String)}) when missing; an existing role whose
 *       trust differs gets it replaced ({@code UpdateAssumeRolePolicy});</li>
 *   <li>the inline policy on the role, put when missing or different;</li>
 *   <li>Pod Identity: the association of the service account with the role, created, or pointed at the role when it
 *       names another ({@code UpdatePodIdentityAssociation}).</li>
 * </ol>
 * A call AWS refuses for a reason a guard rail knows is a {@link PreconditionFailedException}; any other failed call a
 * {@link CallFailedException} naming the call and the resource, the SDK exception as its cause.
 */
public final class VeleroAwsRole {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final S3Client s3;
    private final IamClient iam;
    private final String region;
    private final String bucket;
    private final String roleName;
    private final String policyName;
    private final String namespace;
    private final String serviceAccount;
    private final VeleroRoleTrust trust;

    private VeleroAwsRole(Builder b) {
        this.s3 = b.s3;
        this.iam = b.iam;
        this.region = b.region;
        this.bucket = b.bucket;
        this.roleName = b.roleName;
        this.policyName = b.policyName == null ? b.roleName : b.policyName;
        this.namespace = b.namespace;
        this.serviceAccount = b.serviceAccount;
        this.trust = b.trust;
    }

    /**
     * Starts the role's definition, reached through these clients.
     *
     * @throws InvalidConfigurationException when either client is null
     */
    public static Builder builder(S3Client s3, IamClient iam) {
        return new Builder(AwsRules.notNull("S3 client", s3), AwsRules.notNull("IAM client", iam));
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(s3, iam);
        b.region = region;
        b.bucket = bucket;
        b.roleName = roleName;
        b.policyName = policyName;
        b.namespace = namespace;
        b.serviceAccount = serviceAccount;
        b.trust = trust;
        return b;
    }

    /** The role's name. */
    public String roleName() {
        return roleName;
    }

    /** The service account the role is for, as Kubernetes names it in a token: {@code system:serviceaccount:<ns>:<name>}. */
    public String subject() {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    /** Who may assume the role. */
    public VeleroRoleTrust trust() {
        return trust;
    }

    /**
     * The trust policy the role gets: for IRSA, {@code sts:AssumeRoleWithWebIdentity} by the OIDC provider of
     * {@code account} with {@code <provider>:sub} = {@link #subject()} and {@code <provider>:aud} =
     * {@code sts.amazonaws.com}; for Pod Identity, {@code sts:AssumeRole} and {@code sts:TagSession} by
     * {@code pods.eks.amazonaws.com}.
     */
    public String trustPolicy(String account) {
        if (trust instanceof VeleroRoleTrust.Irsa irsa) {
            String p = irsa.provider;
            return """
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Federated": "arn:aws:iam::%s:oidc-provider/%s"},
                                "Action": "sts:AssumeRoleWithWebIdentity",
                                "Condition": {"StringEquals": {"%s:sub": "%s", "%s:aud": "sts.amazonaws.com"}}
                            }
                        ]
                    }
                    """.formatted(account, p, p, subject(), p);
        }
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "pods.eks.amazonaws.com"},
                            "Action": ["sts:AssumeRole", "sts:TagSession"]
                        }
                    ]
                }
                """;
    }

    /** What {@link #execute()} would make sure of, in words. Makes no call. */
    public List<String> preview() {
        return List.of(
                "S3 bucket '" + bucket + "' in " + region + ": reuse if we own it, else create it",
                (trust instanceof VeleroRoleTrust.Irsa irsa ? "IAM OIDC provider " + irsa.provider + ": must exist (read only)"
                        : "EKS cluster '" + trust.cluster().orElseThrow() + "': Pod Identity associations are made there"),
                "IAM role '" + roleName + "': reuse if it exists, else create it; its trust: " + trust + ", " + subject() + " only",
                "inline policy '" + policyName + "' on '" + roleName + "': the runbook's (EC2 snapshots, objects in arn:aws:s3:::" + bucket
                        + "/*, ListBucket on arn:aws:s3:::" + bucket + "), put if missing or different",
                trust instanceof VeleroRoleTrust.PodIdentity ? "Pod Identity association of " + namespace + "/" + serviceAccount + " with '"
                        + roleName + "': create it, or point it at the role" : "no access key, no credentials file");
    }

    /**
     * Makes sure of everything {@link #preview()} lists.
     *
     * @throws PreconditionFailedException when the bucket belongs to another account or lies in another region, when
     *         the OIDC provider is not in IAM (IRSA), or when the EKS cluster does not exist (Pod Identity)
     * @throws CallFailedException         when a call to S3, IAM or EKS fails for another reason
     */
    public VeleroRoleResult execute() {
        boolean bucketCreated = VeleroAwsPrerequisites.ensureBucket(s3, bucket, region);
        String account = null;
        if (trust instanceof VeleroRoleTrust.Irsa irsa) {
            String providerArn = findProvider(irsa.provider);
            account = providerArn.split(":")[4];
        }
        Role role;
        boolean roleCreated = false;
        boolean trustChanged = false;
        Optional<Role> existing = getRole();
        if (existing.isEmpty()) {
            String acct = account;
            String wanted = acct == null ? trustPolicy("") : trustPolicy(acct);
            try {
                role = iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(wanted)
                        .description("Velero's role (Streams DR), for " + subject())).role();
                roleCreated = true;
            } catch (IamException e) {
                if (!AwsErrors.hasCode(e, "EntityAlreadyExists")) {
                    throw AwsCalls.failed("CreateRole of IAM role '" + roleName + "'", e);
                }
                role = getRole().orElseThrow();
            } catch (SdkException e) {
                throw AwsCalls.failed("CreateRole of IAM role '" + roleName + "'", e);
            }
        } else {
            role = existing.get();
        }
        if (!roleCreated) {
            String wanted = trustPolicy(account == null ? role.arn().split(":")[4] : account);
            if (!sameJson(role.assumeRolePolicyDocument(), wanted)) {
                AwsCalls.run("UpdateAssumeRolePolicy of IAM role '" + roleName + "'",
                        () -> iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(wanted)));
                trustChanged = true;
            }
        }
        boolean policyChanged = ensurePolicy();
        Optional<String> association = Optional.empty();
        boolean associationChanged = false;
        if (trust instanceof VeleroRoleTrust.PodIdentity pi) {
            String[] done = PodIdentityAssociations.ensure(pi.eks, pi.cluster, namespace, serviceAccount, role.arn());
            association = Optional.of(done[0]);
            associationChanged = Boolean.parseBoolean(done[1]);
        }
        return new VeleroRoleResult(bucket, bucketCreated, role.arn(), roleCreated, trustChanged, policyChanged, association, associationChanged);
    }

    /**
     * A read-only check for a failover's preview: the role exists and its trust names the service account the
     * installation runs as ({@code namespace}/{@code serviceAccount}: pass the Helm release's namespace and
     * {@code VeleroInstall.serviceAccount()}). With IRSA the trust policy's {@code :sub} must be
     * {@code system:serviceaccount:<namespace>:<serviceAccount>}; with Pod Identity the role must trust
     * {@code pods.eks.amazonaws.com}.
     *
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label or the service account not a
     *         DNS-1123 subdomain
     */
    public Precondition trustPrecondition(String namespace, String serviceAccount) {
        checkServiceAccount(namespace, serviceAccount);
        String subject = "system:serviceaccount:" + namespace + ":" + serviceAccount;
        return Precondition.of("IAM role '" + roleName + "' trusts Velero's service account " + namespace + "/" + serviceAccount, () -> {
            Role role = getRole().orElseThrow(() -> new PreconditionFailedException("Velero's role exists",
                    "IAM role '" + roleName + "' does not exist", "create it: VeleroAwsRole...build().execute()"));
            JsonNode policy = JSON.readTree(decode(role.assumeRolePolicyDocument()));
            for (JsonNode st : policy.path("Statement")) {
                if (trust instanceof VeleroRoleTrust.PodIdentity) {
                    if ("pods.eks.amazonaws.com".equals(st.path("Principal").path("Service").asText())) {
                        return "role " + role.arn() + " trusts pods.eks.amazonaws.com (the association names " + namespace + "/" + serviceAccount + ")";
                    }
                    continue;
                }
                JsonNode equals = st.path("Condition").path("StringEquals");
                for (java.util.Iterator<String> it = equals.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (k.endsWith(":sub")) {
                        String sub = equals.get(k).asText();
                        if (sub.equals(subject)) {
                            return "role " + role.arn() + " trusts " + subject;
                        }
                        throw new PreconditionFailedException("Velero's role trusts its service account", "IAM role '" + roleName
                                + "' trusts " + sub + ", but Velero runs as " + subject + ": STS would refuse the pod's web identity token",
                                "use the same service account on both sides: VeleroAwsRole...withServiceAccount(\"" + namespace + "\", \""
                                        + serviceAccount + "\").build().execute() (or VeleroInstall...withServiceAccount(...) with the trusted one)");
                    }
                }
            }
            throw new PreconditionFailedException("Velero's role trusts its service account", "IAM role '" + roleName + "' has no "
                    + (trust instanceof VeleroRoleTrust.PodIdentity ? "trust of pods.eks.amazonaws.com" : "web-identity trust with a ':sub' condition"),
                    "run VeleroAwsRole...build().execute() to put its trust policy");
        });
    }

    private String findProvider(String provider) {
        List<String> arns = AwsCalls.call("ListOpenIDConnectProviders", () -> iam.listOpenIDConnectProviders().openIDConnectProviderList()
                .stream().map(p -> p.arn()).toList());
        for (String arn : arns) {
            if (arn.endsWith(":oidc-provider/" + provider)) {
                return arn;
            }
        }
        throw new PreconditionFailedException("IRSA needs the cluster's OIDC provider in IAM", "no IAM OIDC provider for " + provider
                + " (found " + arns.size() + " other" + (arns.size() == 1 ? "" : "s") + ")",
                "create it: eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve");
    }

    private Optional<Role> getRole() {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(roleName)).role());
        } catch (IamException e) {
            if (AwsErrors.hasCode(e, "NoSuchEntity")) {
                return Optional.empty();
            }
            throw AwsCalls.failed("GetRole of IAM role '" + roleName + "'", e);
        } catch (SdkException e) {
            throw AwsCalls.failed("GetRole of IAM role '" + roleName + "'", e);
        }
    }

    private boolean ensurePolicy() {
        String wanted = VeleroAwsPrerequisites.policyDocument(bucket);
        try {
            String current = iam.getRolePolicy(r -> r.roleName(roleName).policyName(policyName)).policyDocument();
            if (current != null && sameJson(current, wanted)) {
                return false;
            }
        } catch (IamException e) {
            if (!AwsErrors.hasCode(e, "NoSuchEntity")) {
                throw AwsCalls.failed("GetRolePolicy '" + policyName + "' of IAM role '" + roleName + "'", e);
            }
        } catch (SdkException e) {
            throw AwsCalls.failed("GetRolePolicy '" + policyName + "' of IAM role '" + roleName + "'", e);
        }
        AwsCalls.run("PutRolePolicy '" + policyName + "' of IAM role '" + roleName + "'",
                () -> iam.putRolePolicy(r -> r.roleName(roleName).policyName(policyName).policyDocument(wanted)));
        return true;
    }

    private static String decode(String doc) {
        return doc != null && doc.trim().startsWith("%") ? URLDecoder.decode(doc, StandardCharsets.UTF_8) : doc;
    }

    private static boolean sameJson(String current, String wanted) {
        try {
            return JSON.readTree(decode(current)).equals(JSON.readTree(wanted));
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkServiceAccount(String namespace, String serviceAccount) {
        AwsRules.notNull("namespace of Velero's service account", namespace);
        AwsRules.notNull("Velero's service account", serviceAccount);
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            throw new InvalidConfigurationException("namespace of Velero's service account '" + namespace + "'",
                    "must be a DNS-1123 label: 1 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
        if (serviceAccount.length() > 253 || !DNS_SUBDOMAIN.matcher(serviceAccount).matches()) {
            throw new InvalidConfigurationException("Velero's service account '" + serviceAccount + "'",
                    "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return "VeleroAwsRole[role=" + roleName + ", " + trust + ", " + subject() + ", bucket=" + bucket + ", region=" + region + "]";
    }

    /** Builds a {@link VeleroAwsRole}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final S3Client s3;
        private final IamClient iam;
        private String region;
        private String bucket;
        private String roleName;
        private String policyName;
        private String namespace = "velero";
        private String serviceAccount = "velero-server";
        private VeleroRoleTrust trust;

        private Builder(S3Client s3, IamClient iam) {
            this.s3 = s3;
            this.iam = iam;
        }

        /**
         * The region of the bucket. Required.
         *
         * @throws InvalidConfigurationException when not an AWS region code such as {@code eu-west-1}
         */
        public Builder withRegion(String region) {
            this.region = AwsRules.region("region", region);
            return this;
        }

        /**
         * The bucket. Required.
         *
         * @throws InvalidConfigurationException when it breaks S3's naming rule (see {@link VeleroAwsPrerequisites.Builder#withBucket})
         */
        public Builder withBucket(String bucket) {
            this.bucket = AwsRules.bucketName("bucket", bucket);
            return this;
        }

        /**
         * The role's name. Required.
         *
         * @throws InvalidConfigurationException when not 1 to 64 letters, digits or {@code + = , . @ _ -}
         */
        public Builder withRoleName(String roleName) {
            this.roleName = AwsRules.iamName("IAM role name", roleName, 64);
            return this;
        }

        /**
         * The inline policy's name; default the role's name.
         *
         * @throws InvalidConfigurationException when not 1 to 128 letters, digits or {@code + = , . @ _ -}
         */
        public Builder withPolicyName(String policyName) {
            this.policyName = AwsRules.iamName("IAM policy name", policyName, 128);
            return this;
        }

        /**
         * Velero's service account; default {@code velero}/{@code velero-server} (the chart's default for release
         * {@code velero}). The trust names exactly this one.
         *
         * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label or the name not a DNS-1123 subdomain
         */
        public Builder withServiceAccount(String namespace, String name) {
            checkServiceAccount(namespace, name);
            this.namespace = namespace;
            this.serviceAccount = name;
            return this;
        }

        /**
         * Who may assume the role. Required.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withTrust(VeleroRoleTrust trust) {
            this.trust = AwsRules.notNull("trust of Velero's role", trust);
            return this;
        }

        /**
         * The role's definition.
         *
         * @throws InvalidConfigurationException when the region, bucket, role name or trust is missing
         */
        public VeleroAwsRole build() {
            if (region == null) {
                throw new InvalidConfigurationException("region", "must be given: call withRegion(\"eu-west-1\")");
            }
            if (bucket == null) {
                throw new InvalidConfigurationException("bucket", "must be given: call withBucket(\"my-velero-backups\")");
            }
            if (roleName == null) {
                throw new InvalidConfigurationException("IAM role name", "must be given: call withRoleName(\"velero\")");
            }
            if (trust == null) {
                throw new InvalidConfigurationException("trust of Velero's role",
                        "must be given: call withTrust(VeleroRoleTrust.irsa(oidcIssuerUrl)) or withTrust(VeleroRoleTrust.podIdentity(eks, cluster))");
            }
            return new VeleroAwsRole(this);
        }
    }
}
