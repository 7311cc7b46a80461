package io.streamsdr.aws.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Secret;
import io.streamsdr.core.spi.Check;
import java.nio.file.Path;

/**
 * What {@link VeleroAwsPrerequisites#execute()} found and did. Immutable; no component is null;
 * {@link #toString()} never shows the secret key.
 *
 * @param bucket           the bucket
 * @param bucketCreated    true when it was created now, false when we already owned it
 * @param userArn          the IAM user's ARN
 * @param userCreated      true when the user was created now
 * @param policyName       the inline policy's name
 * @param policyChanged    true when the policy was missing or different and was put
 * @param accessKeyId      the access key Velero uses (not secret)
 * @param accessKeyCreated true when a new key was created now, false when the one in the credentials file was reused
 * @param secretAccessKey  its secret, as a {@link Secret}
 * @param credentialsFile  the owner-only credentials file, in the runbook's INI format
 */
public record VeleroAwsResult(String bucket, boolean bucketCreated, String userArn, boolean userCreated, String policyName,
        boolean policyChanged, String accessKeyId, boolean accessKeyCreated, Secret secretAccessKey, Path credentialsFile) {

    /**
     * @throws InvalidConfigurationException when a text is null or blank, or the secret or the file null
     */
    public VeleroAwsResult {
        Check.notBlank("bucket of Velero's AWS result", bucket);
        Check.notBlank("user ARN of Velero's AWS result", userArn);
        Check.notBlank("policy name of Velero's AWS result", policyName);
        Check.notBlank("access key id of Velero's AWS result", accessKeyId);
        Check.notNull("secret access key of Velero's AWS result", secretAccessKey);
        Check.notNull("credentials file of Velero's AWS result", credentialsFile);
    }

    @Override
    public String toString() {
        return "VeleroAwsResult[bucket=" + bucket + (bucketCreated ? " (created)" : " (reused)") + ", user=" + userArn
                + (userCreated ? " (created)" : " (existed)") + ", policy=" + policyName + (policyChanged ? " (put)" : " (unchanged)")
                + ", accessKeyId=" + accessKeyId + (accessKeyCreated ? " (created)" : " (reused)") + ", secretAccessKey=" + secretAccessKey
                + ", credentialsFile=" + credentialsFile + "]";
    }
}
