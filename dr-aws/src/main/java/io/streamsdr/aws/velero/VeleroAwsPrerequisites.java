package io.streamsdr.aws.velero;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.Secret;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Velero's AWS prerequisites, made idempotent: run {@link #execute()} as often as you like.
 * Immutable; build it with {@link #builder(S3Client, IamClient)} from clients you configured.
 *
 * <pre>{@code
 * VeleroAwsResult r = VeleroAwsPrerequisites.builder(s3, iam)
 *     .withRegion("eu-west-1")
 *     .withBucket("streams-velero-backups")
 *     .withUserName("velero")
 *     .withCredentialsFile(credentials)                  // e.g. Path.of("velero-credentials")
 *     .build()
 *     .execute();
 * // helm install velero ... --set-file credentials.secretContents.cloud=velero-credentials
 * }</pre>
 *
 * <p>What {@link #execute()} does, as the runbook does by hand:
 * <ol>
 *   <li>the bucket: reused when we already own it (in the configured region), else created with a
 *       {@code LocationConstraint} of the region, omitted in us-east-1, where S3 refuses it;</li>
 *   <li>the IAM user: reused when it exists, else created;</li>
 *   <li>the inline policy named after the user ({@link #policyDocument()}: EC2 snapshot actions, S3 object
 *       actions on {@code arn:aws:s3:::<bucket>/*}, ListBucket on the bucket), put when missing or different;</li>
 *   <li>an access key, only when needed: the key in the credentials file is reused while IAM still lists it
 *       for the user (its secret cannot be read back from IAM); else a new one is created. IAM allows two keys
 *       per user: when both are taken and neither is in the file, it stops with a clear error instead of
 *       silently rotating one;</li>
 *   <li>the credentials file in the runbook's INI format ({@code [default]}, {@code aws_access_key_id},
 *       {@code aws_secret_access_key}), written atomically and readable by its owner only (rw-------).</li>
 * </ol>
 * Nothing is logged; the secret key appears only in the credentials file and in the result's {@link Secret}.
 *
 * <p>A call AWS refuses for a reason a guard rail knows is a {@link PreconditionFailedException}; any other
 * failed call to S3 or IAM, and a credentials file that cannot be read or written, is a
 * {@link CallFailedException} naming the call and the bucket, user or file, the original exception kept as
 * its cause (never the file's content).
 */
public final class VeleroAwsPrerequisites {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final S3Client s3;
    private final IamClient iam;
    private final String region;
    private final String bucket;
    private final String userName;
    private final String policyName;
    private final Path credentialsFile;

    private VeleroAwsPrerequisites(Builder b) {
        this.s3 = b.s3;
        this.iam = b.iam;
        this.region = b.region;
        this.bucket = b.bucket;
        this.userName = b.userName;
        this.policyName = b.policyName == null ? b.userName : b.policyName;
        this.credentialsFile = b.credentialsFile;
    }

    /**
     * Starts the prerequisites, reached through these clients.
     *
     * @throws InvalidConfigurationException when either client is null
     */
    public static Builder builder(S3Client s3, IamClient iam) {
        return new Builder(AwsRules.notNull("S3 client", s3), AwsRules.notNull("IAM client", iam));
    }

    /** A builder holding these settings, to derive other prerequisites from them. */
    public Builder toBuilder() {
        Builder b = new Builder(s3, iam);
        b.region = region;
        b.bucket = bucket;
        b.userName = userName;
        b.policyName = policyName;
        b.credentialsFile = credentialsFile;
        return b;
    }

    /** The region of the bucket. */
    public String region() {
        return region;
    }

    /** The bucket. */
    public String bucket() {
        return bucket;
    }

    /** The IAM user Velero runs as. */
    public String userName() {
        return userName;
    }

    /** The inline policy's name. */
    public String policyName() {
        return policyName;
    }

    /** Where Velero's credentials file goes. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** The runbook's policy for {@code bucket}, as the JSON document put on the user. */
    public static String policyDocument(String bucket) {
        return """
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "ec2:DescribeVolumes",
                                "ec2:DescribeSnapshots",
                                "ec2:CreateTags",
                                "ec2:CreateVolume",
                                "ec2:CreateSnapshot",
                                "ec2:DeleteSnapshot"
                            ],
                            "Resource": "*"
                        },
                        {
                            "Effect": "Allow",
                            "Action": [
                                "s3:GetObject",
                                "s3:DeleteObject",
                                "s3:PutObject",
                                "s3:AbortMultipartUpload",
                                "s3:ListMultipartUploadParts"
                            ],
                            "Resource": [
                                "arn:aws:s3:::%1$s/*"
                            ]
                        },
                        {
                            "Effect": "Allow",
                            "Action": [
                                "s3:ListBucket"
                            ],
                            "Resource": [
                                "arn:aws:s3:::%1$s"
                            ]
                        }
                    ]
                }
                """.formatted(bucket);
    }

    /** This setup's policy document. */
    public String policyDocument() {
        return policyDocument(bucket);
    }

    /** What {@link #execute()} would make sure of, in words. Makes no call. */
    public List<String> preview() {
        return List.of(
                "S3 bucket '" + bucket + "' in " + region + ": reuse if we own it, else create it"
                        + ("us-east-1".equals(region) ? " (no LocationConstraint in us-east-1)" : " with LocationConstraint " + region),
                "IAM user '" + userName + "': reuse if it exists, else create it",
                "inline policy '" + policyName + "' on '" + userName + "': the runbook's (EC2 snapshots, objects in arn:aws:s3:::" + bucket
                        + "/*, ListBucket on arn:aws:s3:::" + bucket + "), put if missing or different",
                "access key of '" + userName + "': reuse the one in " + credentialsFile + " if IAM still lists it, else create one"
                        + " (IAM allows two per user)",
                "credentials file " + credentialsFile + ": [default] aws_access_key_id / aws_secret_access_key, owner-only (rw-------)");
    }

    /**
     * Makes sure of everything {@link #preview()} lists.
     *
     * @throws PreconditionFailedException when the bucket belongs to another account or lies in another region, or
     *         the user already has two access keys and neither is in the credentials file
     * @throws CallFailedException        when a call to S3 or IAM fails for another reason, or the credentials file
     *         cannot be read or written
     */
    public VeleroAwsResult execute() {
        boolean bucketCreated = ensureBucket(s3, bucket, region);
        User user;
        boolean userCreated = false;
        try {
            user = iam.getUser(r -> r.userName(userName)).user();
        } catch (IamException e) {
            if (!AwsErrors.hasCode(e, "NoSuchEntity")) {
                throw AwsCalls.failed("GetUser of IAM user '" + userName + "'", e);
            }
            try {
                user = iam.createUser(r -> r.userName(userName)).user();
                userCreated = true;
            } catch (IamException again) {
                if (!AwsErrors.hasCode(again, "EntityAlreadyExists")) {
                    throw AwsCalls.failed("CreateUser of IAM user '" + userName + "'", again);
                }
                user = AwsCalls.call("GetUser of IAM user '" + userName + "'", () -> iam.getUser(r -> r.userName(userName)).user());
            } catch (SdkException again) {
                throw AwsCalls.failed("CreateUser of IAM user '" + userName + "'", again);
            }
        } catch (SdkException e) {
            throw AwsCalls.failed("GetUser of IAM user '" + userName + "'", e);
        }
        boolean policyChanged = ensurePolicy();
        Optional<Map.Entry<String, Secret>> fromFile = readCredentials();
        List<AccessKeyMetadata> keys = AwsCalls.call("ListAccessKeys of IAM user '" + userName + "'",
                () -> iam.listAccessKeys(r -> r.userName(userName)).accessKeyMetadata());
        String keyId;
        Secret secret;
        boolean keyCreated;
        if (fromFile.isPresent() && keys.stream().anyMatch(k -> k.accessKeyId().equals(fromFile.get().getKey())
                && !"Inactive".equals(k.statusAsString()))) {
            keyId = fromFile.get().getKey();
            secret = fromFile.get().getValue();
            keyCreated = false;
        } else {
            if (keys.size() >= 2) {
                throw new PreconditionFailedException("IAM allows two access keys per user",
                        "IAM user '" + userName + "' already has two access keys ("
                                + String.join(", ", keys.stream().map(AccessKeyMetadata::accessKeyId).toList()) + ") and neither is in "
                                + credentialsFile + ", so a third cannot be created and no key is rotated silently",
                        "delete an unused key with  aws iam delete-access-key --user-name " + userName + " --access-key-id <id>"
                                + "  (or put a key you still hold into " + credentialsFile + ")");
            }
            var created = AwsCalls.call("CreateAccessKey of IAM user '" + userName + "'",
                    () -> iam.createAccessKey(r -> r.userName(userName)).accessKey());
            keyId = created.accessKeyId();
            secret = Secret.of(created.secretAccessKey());
            keyCreated = true;
        }
        if (keyCreated || !isOwnerOnly(credentialsFile)) {
            writeCredentials(keyId, secret);
        }
        return new VeleroAwsResult(bucket, bucketCreated, user.arn(), userCreated, policyName, policyChanged, keyId, keyCreated, secret,
                credentialsFile);
    }

    /** The bucket, reused when we own it in {@code region}, else created; true when created now. Shared with {@link VeleroAwsRole}. */
    static boolean ensureBucket(S3Client s3, String bucket, String region) {
        try {
            HeadBucketResponse head = s3.headBucket(r -> r.bucket(bucket));
            String where = head.bucketRegion();
            if (where != null && !where.isEmpty() && !where.equals(region)) {
                throw new PreconditionFailedException("bucket must be in Velero's region",
                        "S3 bucket '" + bucket + "' exists in " + where + ", not in " + region, "use withRegion(\"" + where + "\") or another bucket");
            }
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new PreconditionFailedException("bucket must be ours", "S3 bucket '" + bucket + "' exists and belongs to another account",
                        "choose another bucket name with withBucket(\"...\")");
            }
            if (e.statusCode() == 301) {
                throw new PreconditionFailedException("bucket must be in Velero's region",
                        "S3 bucket '" + bucket + "' exists in another region than " + region, "use the bucket's region, or another bucket");
            }
            if (e.statusCode() != 404) {
                throw AwsCalls.failed("HeadBucket of S3 bucket '" + bucket + "'", e);
            }
        } catch (SdkException e) {
            throw AwsCalls.failed("HeadBucket of S3 bucket '" + bucket + "'", e);
        }
        try {
            if ("us-east-1".equals(region)) {
                s3.createBucket(r -> r.bucket(bucket));
            } else {
                s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
            }
            return true;
        } catch (S3Exception e) {
            if (AwsErrors.hasCode(e, "BucketAlreadyOwnedByYou")) {
                return false;
            }
            if (AwsErrors.hasCode(e, "BucketAlreadyExists")) {
                throw new PreconditionFailedException("bucket must be ours", "S3 bucket '" + bucket + "' exists and belongs to another account",
                        "choose another bucket name with withBucket(\"...\")");
            }
            throw AwsCalls.failed("CreateBucket of S3 bucket '" + bucket + "' in " + region, e);
        } catch (SdkException e) {
            throw AwsCalls.failed("CreateBucket of S3 bucket '" + bucket + "' in " + region, e);
        }
    }

    private boolean ensurePolicy() {
        String wanted = policyDocument();
        try {
            String current = iam.getUserPolicy(r -> r.userName(userName).policyName(policyName)).policyDocument();
            if (current != null && squash(URLDecoder.decode(current, StandardCharsets.UTF_8)).equals(squash(wanted))) {
                return false;
            }
        } catch (IamException e) {
            if (!AwsErrors.hasCode(e, "NoSuchEntity")) {
                throw AwsCalls.failed("GetUserPolicy '" + policyName + "' of IAM user '" + userName + "'", e);
            }
        } catch (SdkException e) {
            throw AwsCalls.failed("GetUserPolicy '" + policyName + "' of IAM user '" + userName + "'", e);
        }
        AwsCalls.run("PutUserPolicy '" + policyName + "' of IAM user '" + userName + "'",
                () -> iam.putUserPolicy(r -> r.userName(userName).policyName(policyName).policyDocument(wanted)));
        return true;
    }

    private static String squash(String json) {
        return json.replaceAll("\\s+", "");
    }

    private Optional<Map.Entry<String, Secret>> readCredentials() {
        if (!Files.isRegularFile(credentialsFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(credentialsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CallFailedException("read of Velero's credentials file " + credentialsFile, e);
        }
        String id = null;
        String secret = null;
        boolean inDefault = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("[")) {
                inDefault = line.equals("[default]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!inDefault || eq < 0) {
                continue;
            }
            String k = line.substring(0, eq).trim();
            String v = line.substring(eq + 1).trim();
            if (k.equals("aws_access_key_id")) {
                id = v;
            } else if (k.equals("aws_secret_access_key") && !v.isEmpty()) {
                secret = v;
            }
        }
        return id == null || secret == null ? Optional.empty() : Optional.of(Map.entry(id, Secret.of(secret)));
    }

    private void writeCredentials(String keyId, Secret secret) {
        String content = "[default]\naws_access_key_id=" + keyId + "\naws_secret_access_key=" + secret.reveal() + "\n";
        Path target = credentialsFile.toAbsolutePath();
        Path dir = target.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = posix ? Files.createTempFile(dir, ".velero-credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".velero-credentials", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(target, OWNER_ONLY);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            // the message names the file and the failure (an I/O exception holds paths, never the content written)
            throw new CallFailedException("write of Velero's credentials file " + target, e);
        }
    }

    private static boolean isOwnerOnly(Path file) {
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return true;
            }
            return Files.getPosixFilePermissions(file).equals(OWNER_ONLY);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "VeleroAwsPrerequisites[bucket=" + bucket + ", region=" + region + ", user=" + userName + ", credentialsFile=" + credentialsFile + "]";
    }

    /** Builds {@link VeleroAwsPrerequisites}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final S3Client s3;
        private final IamClient iam;
        private String region;
        private String bucket;
        private String userName;
        private String policyName;
        private Path credentialsFile;

        private Builder(S3Client s3, IamClient iam) {
            this.s3 = s3;
            this.iam = iam;
        }

        /**
         * The region of the bucket (and of Velero's backup and snapshot locations). Required.
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
         * @throws InvalidConfigurationException when it breaks S3's naming rule: 3 to 63 lowercase letters, digits, '.'
         *         or '-'; begin and end with a letter or digit; no '..'; not an IP address; not starting with 'xn--',
         *         'sthree-' or 'amzn-s3-demo-'; not ending with '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3'
         */
        public Builder withBucket(String bucket) {
            this.bucket = AwsRules.bucketName("bucket", bucket);
            return this;
        }

        /**
         * The IAM user Velero runs as. Required.
         *
         * @throws InvalidConfigurationException when not 1 to 64 letters, digits or {@code + = , . @ _ -}
         */
        public Builder withUserName(String userName) {
            this.userName = AwsRules.iamUserName("IAM user name", userName);
            return this;
        }

        /**
         * The inline policy's name; default the user name, as in the runbook.
         *
         * @throws InvalidConfigurationException when not 1 to 128 letters, digits or {@code + = , . @ _ -}
         */
        public Builder withPolicyName(String policyName) {
            this.policyName = AwsRules.iamName("IAM policy name", policyName, 128);
            return this;
        }

        /**
         * Where Velero's credentials file goes (and where an existing key is read from). Required.
         *
         * @throws InvalidConfigurationException when null or a directory
         */
        public Builder withCredentialsFile(Path credentialsFile) {
            AwsRules.notNull("credentials file", credentialsFile);
            if (Files.isDirectory(credentialsFile)) {
                throw new InvalidConfigurationException("credentials file " + credentialsFile, "must be a file, not a directory");
            }
            this.credentialsFile = credentialsFile;
            return this;
        }

        /**
         * The prerequisites.
         *
         * @throws InvalidConfigurationException when the region, bucket, user name or credentials file is missing
         */
        public VeleroAwsPrerequisites build() {
            if (region == null) {
                throw new InvalidConfigurationException("region", "must be given: call withRegion(\"eu-west-1\")");
            }
            if (bucket == null) {
                throw new InvalidConfigurationException("bucket", "must be given: call withBucket(\"my-velero-backups\")");
            }
            if (userName == null) {
                throw new InvalidConfigurationException("IAM user name", "must be given: call withUserName(\"velero\")");
            }
            if (credentialsFile == null) {
                throw new InvalidConfigurationException("credentials file", "must be given: call withCredentialsFile(Path.of(\"velero-credentials\"))");
            }
            return new VeleroAwsPrerequisites(this);
        }
    }
}
