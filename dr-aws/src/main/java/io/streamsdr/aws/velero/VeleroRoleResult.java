package io.streamsdr.aws.velero;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.Check;
import java.util.Optional;

/**
 * What {@link VeleroAwsRole#execute()} found and did. No secret: the role gives short-lived credentials to the pods.
 *
 * @param bucket             the bucket
 * @param bucketCreated      true when it was created now
 * @param roleArn            the role Velero runs as (the IRSA annotation's value)
 * @param roleCreated        true when the role was created now
 * @param trustChanged       true when an existing role's trust policy was different and was replaced
 * @param policyChanged      true when the inline permissions were missing or different and were put
 * @param associationId      the Pod Identity association, with Pod Identity
 * @param associationChanged true when the association was created now or pointed at another role and was updated
 */
public record VeleroRoleResult(String bucket, boolean bucketCreated, String roleArn, boolean roleCreated, boolean trustChanged,
        boolean policyChanged, Optional<String> associationId, boolean associationChanged) {

    /**
     * @throws InvalidConfigurationException when a text is blank or the association null
     */
    public VeleroRoleResult {
        Check.notBlank("bucket of Velero's role result", bucket);
        Check.notBlank("role ARN of Velero's role result", roleArn);
        Check.notNull("association of Velero's role result", associationId);
    }
}
