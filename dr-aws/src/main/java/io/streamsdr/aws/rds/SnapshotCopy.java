package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * A copy of a snapshot to another region, for disaster recovery when a whole region is lost.
 * Immutable; start it with {@link RdsDatabase#copySnapshot(String)}.
 *
 * <pre>{@code
 * RecoveryPoint copy = db.copySnapshot("streams-db-20260101120000")
 *     .toRegion("eu-central-1", rdsClientInFrankfurt)
 *     .withKmsKeyId("arn:aws:kms:eu-central-1:123456789012:key/...")   // required when the source is encrypted
 *     .build()
 *     .execute();
 * }</pre>
 *
 * <p>The source is named by its ARN (a cross-region copy needs it), the call goes through the
 * destination region's client, tags are copied, and the copy is awaited until available.
 */
public final class SnapshotCopy {
    private final RdsDatabase database;
    private final String snapshotId;
    private final String region;
    private final RdsClient destination;
    private final String targetSnapshotId;
    private final String kmsKeyId;

    private SnapshotCopy(Builder b) {
        this.database = b.database;
        this.snapshotId = b.snapshotId;
        this.region = b.region;
        this.destination = b.destination;
        this.targetSnapshotId = b.targetSnapshotId == null ? b.snapshotId : b.targetSnapshotId;
        this.kmsKeyId = b.kmsKeyId;
    }

    /** The id the copy gets in the destination region. */
    public String targetSnapshotId() {
        return targetSnapshotId;
    }

    /**
     * Copies the snapshot and waits until the copy is available in the destination region.
     *
     * @return the copy, as a recovery point
     * @throws InvalidConfigurationException when the source snapshot is encrypted and no KMS key id was given
     * @throws PreconditionFailedException   when the source snapshot is missing or not available, or the target id is taken
     * @throws TimedOutException             when the copy is not available within the poll policy's timeout
     * @throws TerminalStateException        when the copy fails
     */
    public RecoveryPoint execute() {
        DBSnapshot src;
        try {
            src = database.client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots().get(0);
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
            }
            throw e;
        }
        if (!"available".equals(src.status())) {
            throw new PreconditionFailedException("snapshot must be available", "RDS snapshot '" + snapshotId + "' is " + src.status(), null);
        }
        if (Boolean.TRUE.equals(src.encrypted()) && kmsKeyId == null) {
            throw new InvalidConfigurationException("KMS key id",
                    "must be given because snapshot '" + snapshotId + "' is encrypted: a cross-region copy is encrypted with a key of "
                            + region + "; call withKmsKeyId(\"arn:aws:kms:" + region + ":...\")");
        }
        String arn = src.dbSnapshotArn();
        String sourceRegion = regionOf(arn);
        try {
            destination.copyDBSnapshot(r -> {
                r.sourceDBSnapshotIdentifier(arn).targetDBSnapshotIdentifier(targetSnapshotId).copyTags(true).kmsKeyId(kmsKeyId);
                if (sourceRegion != null && !sourceRegion.equals(region)) {
                    r.sourceRegion(sourceRegion);
                }
            });
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotAlreadyExists", "DBSnapshotAlreadyExistsFault")) {
                throw new PreconditionFailedException("copy target must not exist",
                        "RDS snapshot '" + targetSnapshotId + "' already exists in " + region, "choose another id with withTargetSnapshotId(\"...\")");
            }
            throw e;
        }
        DBSnapshot copy = database.poller().await(RdsWaits.snapshotAvailable(destination, targetSnapshotId,
                database.transientErrorBudget(), database.clock()), database.pollPolicy()).value();
        RecoveryPoint p = database.toRecoveryPoint(copy);
        java.util.Map<String, String> attrs = new java.util.LinkedHashMap<>(p.attributes());
        attrs.put("region", region);
        attrs.put("copiedFrom", arn);
        return new RecoveryPoint(p.id(), p.target(), RecoveryPoint.Kind.MANUAL_SNAPSHOT, p.capturedAt(), null, attrs);
    }

    static String regionOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length > 4 && !parts[3].isEmpty() ? parts[3] : null;
    }

    @Override
    public String toString() {
        return "SnapshotCopy[" + snapshotId + " -> " + region + "/" + targetSnapshotId + "]";
    }

    /** Builds a {@link SnapshotCopy}. Not thread-safe. */
    public static final class Builder {
        private final RdsDatabase database;
        private final String snapshotId;
        private String region;
        private RdsClient destination;
        private String targetSnapshotId;
        private String kmsKeyId;

        Builder(RdsDatabase database, String snapshotId) {
            this.database = database;
            this.snapshotId = snapshotId;
        }

        /**
         * The destination region and a client configured for it. Required.
         *
         * @throws InvalidConfigurationException when the region is not an AWS region code such as {@code eu-west-1}, or
         *         the client is null
         */
        public Builder toRegion(String region, RdsClient destinationClient) {
            this.region = AwsRules.region("destination region", region);
            this.destination = AwsRules.notNull("destination RDS client", destinationClient);
            return this;
        }

        /**
         * The copy's id; default the source snapshot's id.
         *
         * @throws InvalidConfigurationException when it breaks AWS's DB snapshot identifier rule
         */
        public Builder withTargetSnapshotId(String targetSnapshotId) {
            this.targetSnapshotId = AwsRules.snapshotId("target snapshot id", targetSnapshotId);
            return this;
        }

        /**
         * The KMS key (id, ARN or alias) of the destination region to encrypt the copy with; required when the
         * source snapshot is encrypted.
         *
         * @throws InvalidConfigurationException when blank
         */
        public Builder withKmsKeyId(String kmsKeyId) {
            this.kmsKeyId = AwsRules.notBlank("KMS key id", kmsKeyId);
            return this;
        }

        /**
         * The copy.
         *
         * @throws InvalidConfigurationException when no destination was given with {@link #toRegion}
         */
        public SnapshotCopy build() {
            if (destination == null) {
                throw new InvalidConfigurationException("destination region", "must be given: call toRegion(\"eu-central-1\", client)");
            }
            return new SnapshotCopy(this);
        }
    }
}
