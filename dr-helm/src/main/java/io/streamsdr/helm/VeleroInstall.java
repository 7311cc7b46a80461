package io.streamsdr.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Precondition;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Secret;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runbook's Velero installation on AWS, a definition that gives an {@link InstallRequest} for any
 * {@link Helm} ({@link #request()}): the
 * vmware-tanzu {@code velero} chart with provider {@code aws}, the bucket and region for the backup
 * storage location and the volume snapshot location, the AWS plugin as an init container, and the
 * credentials file's content (from dr-aws, or {@code aws iam create-access-key}) as a
 * {@link Secret} that reaches Helm only in an owner-only values file, never in a log; or, without long-lived keys,
 * IRSA or EKS Pod Identity ({@link Builder#withAuth(VeleroAuth)}).
 *
 * <pre>{@code
 * VeleroInstall install = VeleroInstall.aws()
 *     .withBucket("streams-velero-backups")
 *     .withRegion("eu-west-1")
 *     .withCredentials(Secret.of("[default]\naws_access_key_id=...\naws_secret_access_key=...\n"))
 *     .build();
 * helm.install(install.request());
 * }</pre>
 *
 * <p>Defaults: release {@code velero} in namespace {@code velero} (created if missing), chart
 * {@value #DEFAULT_CHART_VERSION} (Velero 1.18), plugin {@value #DEFAULT_PLUGIN_IMAGE}, no node agent; all
 * overridable. Immutable; change a copy with {@link #toBuilder()}.
 */
public final class VeleroInstall {
    /** The chart repository. */
    public static final URI REPOSITORY = URI.create("https://vmware-tanzu.github.io/helm-charts");
    /** The chart version installed unless told otherwise (app version 1.18.1). */
    public static final String DEFAULT_CHART_VERSION = "12.1.0";
    /** The server's service account unless told otherwise: the chart's default name for release {@code velero}. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "velero-server";
    /** The AWS plugin image unless told otherwise. */
    public static final String DEFAULT_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.1";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?");

    private final ReleaseRef release;
    private final String chartVersion;
    private final String pluginImage;
    private final String bucket;
    private final String region;
    private final String prefix;
    private final VeleroAuth auth;
    private final String serviceAccount;
    private final boolean deployNodeAgent;

    private VeleroInstall(Builder b) {
        this.release = b.release;
        this.chartVersion = b.chartVersion;
        this.pluginImage = b.pluginImage;
        this.bucket = b.bucket;
        this.region = b.region;
        this.prefix = b.prefix;
        this.auth = b.auth;
        this.serviceAccount = b.serviceAccount;
        this.deployNodeAgent = b.deployNodeAgent;
    }

    /** Starts the AWS installation. */
    public static Builder aws() {
        return new Builder();
    }

    /** A builder holding everything this installation holds: change what you need and build a new one. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.release = release;
        b.chartVersion = chartVersion;
        b.pluginImage = pluginImage;
        b.bucket = bucket;
        b.region = region;
        b.prefix = prefix;
        b.auth = auth;
        b.serviceAccount = serviceAccount;
        b.deployNodeAgent = deployNodeAgent;
        return b;
    }

    /** The release (default {@code velero} in namespace {@code velero}). */
    public ReleaseRef release() {
        return release;
    }

    /** The chart version. */
    public String chartVersion() {
        return chartVersion;
    }

    /** The AWS plugin image. */
    public String pluginImage() {
        return pluginImage;
    }

    /** The S3 bucket of the backup storage location. */
    public String bucket() {
        return bucket;
    }

    /** The AWS region of the bucket and of volume snapshots. */
    public String region() {
        return region;
    }

    /** The prefix of Velero's objects in the bucket, if one was given. */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    /** The AWS credentials file's content, in access-keys mode ({@link VeleroAuth#accessKeys}). */
    public Optional<Secret> credentials() {
        return auth.credentials();
    }

    /** How Velero authenticates to AWS: access keys, IRSA or EKS Pod Identity. */
    public VeleroAuth auth() {
        return auth;
    }

    /** The server's service account (the name an IRSA trust policy or a Pod Identity association names); default
     * {@value #DEFAULT_SERVICE_ACCOUNT}, the chart's own default for release {@code velero}. */
    public String serviceAccount() {
        return serviceAccount;
    }

    /** Whether the node agent is deployed (file-system backups of volumes). */
    public boolean nodeAgent() {
        return deployNodeAgent;
    }

    /**
     * The install request for any {@link Helm}: the chart from {@link #REPOSITORY}, the values, and the
     * credentials as a secret value at {@code credentials.secretContents.cloud}; the namespace is
     * created if missing.
     */
    public InstallRequest request() {
        Map<String, Object> bsl = new LinkedHashMap<>();
        bsl.put("name", "default");
        bsl.put("provider", "aws");
        bsl.put("bucket", bucket);
        if (prefix != null) {
            bsl.put("prefix", prefix);
        }
        bsl.put("default", true);
        bsl.put("config", Map.of("region", region));
        Map<String, Object> vsl = new LinkedHashMap<>();
        vsl.put("name", "default");
        vsl.put("provider", "aws");
        vsl.put("config", Map.of("region", region));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("backupStorageLocation", List.of(bsl));
        configuration.put("volumeSnapshotLocation", List.of(vsl));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("initContainers", List.of(Map.of("name", "velero-plugin-for-aws", "image", pluginImage,
                "volumeMounts", List.of(Map.of("mountPath", "/target", "name", "plugins")))));
        values.put("configuration", configuration);
        values.put("credentials", Map.of("useSecret", auth.usesSecret()));
        if (!auth.usesSecret()) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("name", serviceAccount);
            auth.roleArn().ifPresent(arn -> server.put("annotations", Map.of(VeleroAuth.ROLE_ARN_ANNOTATION, arn)));
            values.put("serviceAccount", Map.of("server", server));
        }
        values.put("snapshotsEnabled", true);
        values.put("deployNodeAgent", deployNodeAgent);
        InstallRequest.Builder request = InstallRequest.of(release, "velero")
                .withRepository(REPOSITORY)
                .withVersion(chartVersion)
                .withValues(values)
                .withNamespaceCreated(true);
        auth.credentials().ifPresent(c -> request.withSecretValue("credentials.secretContents.cloud", c));
        return request.build();
    }

    /** The chart's full name for this release ({@code velero.fullname}): the release name when it holds "velero". */
    private String fullname() {
        return release.name().contains("velero") ? release.name() : release.name() + "-velero";
    }

    /**
     * The read-only checks to run before relying on this installation (add them to a step of a failover, whose
     * preview evaluates them):
     * <ol>
     *   <li>Velero's AWS credentials come from one place: a credentials Secret (key {@code cloud}) and an IRSA
     *       annotation on the server's service account are not both there (or about to be), since the file wins
     *       and the role would silently go unused;</li>
     *   <li>the default backup storage location is {@code Available} (Velero can reach the bucket with the
     *       identity it has).</li>
     * </ol>
     *
     * @throws InvalidConfigurationException when {@code client} is null
     */
    public List<Precondition> preflight(KubernetesClient client) {
        if (client == null) {
            throw new InvalidConfigurationException("Kubernetes client", "must not be null");
        }
        String ns = release.namespace();
        String secretName = fullname();
        String sa = auth.usesSecret() ? fullname() + "-server" : serviceAccount;
        Precondition oneSource = Precondition.of("Velero's AWS credentials come from one place (" + auth + ")", () -> {
            io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
            boolean file = auth.usesSecret() || (secret != null && secret.getData() != null && secret.getData().containsKey("cloud"));
            io.fabric8.kubernetes.api.model.ServiceAccount account = client.serviceAccounts().inNamespace(ns).withName(sa).get();
            String annotated = account == null || account.getMetadata().getAnnotations() == null ? null
                    : account.getMetadata().getAnnotations().get(VeleroAuth.ROLE_ARN_ANNOTATION);
            String role = auth.roleArn().orElse(annotated);
            if (file && role != null) {
                throw new PreconditionFailedException("Velero's AWS credentials come from one place",
                        (auth.usesSecret() ? "the install puts a credentials file in Secret " : "Secret ") + ns + "/" + secretName
                                + (auth.usesSecret() ? "" : " holds a credentials file (key 'cloud')") + " and service account " + ns + "/" + sa
                                + (auth.roleArn().isPresent() ? " gets " : " is annotated with ") + VeleroAuth.ROLE_ARN_ANNOTATION + "=" + role
                                + ": the AWS SDK in Velero reads the file first, so the role would never be used",
                        auth.usesSecret() ? "remove the annotation: kubectl -n " + ns + " annotate serviceaccount " + sa + " "
                                + VeleroAuth.ROLE_ARN_ANNOTATION + "-"
                                : "delete the Secret: kubectl -n " + ns + " delete secret " + secretName);
            }
            return auth.usesSecret() ? "the credentials file in Secret " + ns + "/" + secretName + " only"
                    : auth.roleArn().map(r -> "role " + r + " through service account " + ns + "/" + sa + ", no credentials file")
                            .orElse("EKS Pod Identity for service account " + ns + "/" + sa + ", no credentials file");
        });
        Precondition available = Precondition.of("Velero's default backup storage location in namespace " + ns + " is Available", () -> {
            List<GenericKubernetesResource> locations = client.genericKubernetesResources(BACKUP_STORAGE_LOCATIONS).inNamespace(ns).list().getItems();
            GenericKubernetesResource chosen = null;
            for (GenericKubernetesResource l : locations) {
                Object spec = l.getAdditionalProperties().get("spec");
                if ((spec instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("default"))) || (chosen == null && "default".equals(l.getMetadata().getName()))) {
                    chosen = l;
                }
            }
            if (chosen == null) {
                throw new PreconditionFailedException("Velero can reach its bucket", "no BackupStorageLocation in namespace " + ns,
                        "install Velero first (helm install " + release.name() + " ...)");
            }
            Object status = chosen.getAdditionalProperties().get("status");
            Map<?, ?> st = status instanceof Map<?, ?> m ? m : Map.of();
            Object phase = st.get("phase");
            if (!"Available".equals(phase)) {
                throw new PreconditionFailedException("Velero can reach its bucket", "BackupStorageLocation " + ns + "/" + chosen.getMetadata().getName()
                        + " is " + (phase == null ? "not validated yet" : phase) + (st.get("message") == null ? "" : ": " + st.get("message")),
                        "check the bucket, region and the identity Velero runs as (" + auth + "), then kubectl -n " + ns
                                + " get backupstoragelocations");
            }
            return "BackupStorageLocation " + ns + "/" + chosen.getMetadata().getName() + " is Available";
        });
        return List.of(oneSource, available);
    }

    private static final ResourceDefinitionContext BACKUP_STORAGE_LOCATIONS = new ResourceDefinitionContext.Builder().withGroup("velero.io")
            .withVersion("v1").withKind("BackupStorageLocation").withPlural("backupstoragelocations").withNamespaced(true).build();

    /** Where it installs and what it stores where; the credentials never show. */
    @Override
    public String toString() {
        return "VeleroInstall[" + release + ", chart " + chartVersion + ", bucket " + bucket + (prefix == null ? "" : "/" + prefix)
                + ", region " + region + ", " + (auth.usesSecret() ? "credentials " + Secret.MASK : auth + ", service account " + serviceAccount)
                + (deployNodeAgent ? ", node agent" : "") + "]";
    }

    /** Builds a {@link VeleroInstall}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private ReleaseRef release = ReleaseRef.named("velero").inNamespace("velero");
        private String chartVersion = DEFAULT_CHART_VERSION;
        private String pluginImage = DEFAULT_PLUGIN_IMAGE;
        private String bucket;
        private String region;
        private String prefix;
        private VeleroAuth auth;
        private String serviceAccount = DEFAULT_SERVICE_ACCOUNT;
        private boolean deployNodeAgent;

        private Builder() {
        }

        /**
         * The release and namespace (default {@code velero/velero}).
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withRelease(ReleaseRef release) {
            if (release == null) {
                throw new InvalidConfigurationException("release", "must not be null");
            }
            this.release = release;
            return this;
        }

        /**
         * The S3 bucket of the backup storage location. Required.
         *
         * @throws InvalidConfigurationException when it breaks S3's bucket naming rules (3 to 63
         *         lower-case letters, digits, '.' or '-', starting and ending with a letter or digit, no "..")
         */
        public Builder withBucket(String bucket) {
            if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
                throw new InvalidConfigurationException("bucket '" + bucket + "'",
                        "must be an S3 bucket name: 3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * The AWS region of the bucket and of volume snapshots. Required.
         *
         * @throws InvalidConfigurationException when not a region name such as {@code eu-west-1}
         */
        public Builder withRegion(String region) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new InvalidConfigurationException("region '" + region + "'", "must be an AWS region such as eu-west-1");
            }
            this.region = region;
            return this;
        }

        /**
         * A prefix for Velero's objects in the bucket.
         *
         * @throws InvalidConfigurationException when blank or starting or ending with '/'
         */
        public Builder withPrefix(String prefix) {
            if (prefix == null || prefix.isBlank() || prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new InvalidConfigurationException("prefix '" + prefix + "'", "must be non-blank and not start or end with '/'");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * The AWS credentials file's content ({@code [default]} with the access key id and secret). Required.
         *
         * @throws InvalidConfigurationException when null, or not a credentials file with
         *         {@code aws_access_key_id} and {@code aws_secret_access_key} (the message never shows it)
         */
        public Builder withCredentials(Secret credentials) {
            this.auth = VeleroAuth.accessKeys(credentials);
            return this;
        }

        /**
         * How Velero authenticates to AWS: {@link VeleroAuth#accessKeys} (what {@link #withCredentials} sets),
         * {@link VeleroAuth#irsa} or {@link VeleroAuth#podIdentity()}. One way: this replaces what was set.
         *
         * @throws InvalidConfigurationException when null
         */
        public Builder withAuth(VeleroAuth auth) {
            if (auth == null) {
                throw new InvalidConfigurationException("Velero auth", "must not be null");
            }
            this.auth = auth;
            return this;
        }

        /**
         * The server's service account; default {@value VeleroInstall#DEFAULT_SERVICE_ACCOUNT}. With IRSA it must be the one the role's trust policy
         * names, with Pod Identity the one the association names.
         *
         * @throws InvalidConfigurationException when not a DNS-1123 subdomain of at most 253 characters
         */
        public Builder withServiceAccount(String name) {
            if (name == null || name.length() > 253 || !SERVICE_ACCOUNT.matcher(name).matches()) {
                throw new InvalidConfigurationException("service account '" + name + "'",
                        "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
            }
            this.serviceAccount = name;
            return this;
        }

        /**
         * The chart version (default {@value VeleroInstall#DEFAULT_CHART_VERSION}).
         *
         * @throws InvalidConfigurationException when blank or containing whitespace
         */
        public Builder withChartVersion(String chartVersion) {
            if (chartVersion == null || chartVersion.isBlank() || chartVersion.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidConfigurationException("chart version '" + chartVersion + "'", "must be a non-blank version with no spaces");
            }
            this.chartVersion = chartVersion;
            return this;
        }

        /**
         * The AWS plugin image (default {@value VeleroInstall#DEFAULT_PLUGIN_IMAGE}); match it to the Velero version.
         *
         * @throws InvalidConfigurationException when not an image reference such as {@code velero/velero-plugin-for-aws:v1.13.1}
         */
        public Builder withPluginImage(String pluginImage) {
            if (pluginImage == null || !IMAGE.matcher(pluginImage).matches()) {
                throw new InvalidConfigurationException("plugin image '" + pluginImage + "'",
                        "must be an image reference such as velero/velero-plugin-for-aws:v1.13.1");
            }
            this.pluginImage = pluginImage;
            return this;
        }

        /** Whether to deploy the node agent, for file-system (kopia) backups of volumes (default: no). */
        public Builder withNodeAgent(boolean deployNodeAgent) {
            this.deployNodeAgent = deployNodeAgent;
            return this;
        }

        /**
         * The installation.
         *
         * @throws InvalidConfigurationException when the bucket, region or auth (credentials, IRSA or Pod Identity) are missing
         */
        public VeleroInstall build() {
            if (bucket == null) {
                throw new InvalidConfigurationException("bucket", "is required: call withBucket(\"my-bucket\")");
            }
            if (region == null) {
                throw new InvalidConfigurationException("region", "is required: call withRegion(\"eu-west-1\")");
            }
            if (auth == null) {
                throw new InvalidConfigurationException("credentials", "are required: call withCredentials(Secret.of(credentialsFile)), or"
                        + " withAuth(VeleroAuth.irsa(roleArn)) or withAuth(VeleroAuth.podIdentity()) for a keyless install");
            }
            return new VeleroInstall(this);
        }
    }
}
