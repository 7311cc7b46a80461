package io.streamsdr.aws.rds;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.aws.internal.AwsRules;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.Poller;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.TerminalStateException;
import io.streamsdr.core.TimedOutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
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
 *     .execute(poller);                                        // waits until the copy is available (Poller.system(): real time)
 * }</pre>
 *
 * <p>The source is named by its ARN (a cross-region copy needs it), the call goes through the
 * destination region's client, tags are copied, and the copy is awaited through the given poller
 * (by the database's poll policy) until available.
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

    /** A builder holding this copy's settings. */
    public Builder toBuilder() {
        Builder b = new Builder(database, snapshotId);
        b.region = region;
        b.destination = destination;
        b.targetSnapshotId = targetSnapshotId;
        b.kmsKeyId = kmsKeyId;
        return b;
    }

    /** The id the copy gets in the destination region. */
    public String targetSnapshotId() {
        return targetSnapshotId;
    }

    /** The destination region. */
    public String region() {
        return region;
    }

    /**
     * Copies the snapshot and waits through {@code poller} until the copy is available in the destination region.
     *
     * @return the copy, as a recovery point
     * @throws InvalidConfigurationException when {@code poller} is null
     * @throws PreconditionFailedException   when the source snapshot is missing or not available, it is encrypted and
     *         no KMS key id was given, or the target id is taken
     * @throws TimedOutException             when the copy is not available within the poll policy's timeout
     * @throws TerminalStateException        when the copy fails
     * @throws CallFailedException           when a call to RDS fails for another reason
     */
    public RecoveryPoint execute(Poller poller) {
        AwsRules.notNull("poller", poller);
        String describeCall = "DescribeDBSnapshots of RDS snapshot '" + snapshotId + "'";
        List<DBSnapshot> found;
        try {
            found = database.client().describeDBSnapshots(r -> r.dbSnapshotIdentifier(snapshotId)).dbSnapshots();
        } catch (RdsException e) {
            if (AwsErrors.hasCode(e, "DBSnapshotNotFound", "DBSnapshotNotFoundFault")) {
                throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
            }
            throw AwsCalls.failed(describeCall, e);
        } catch (SdkException e) {
            throw AwsCalls.failed(describeCall, e);
        }
        if (found.isEmpty()) {
            throw new PreconditionFailedException("snapshot must exist", "RDS snapshot '" + snapshotId + "' was not found", null);
        }
        DBSnapshot src = found.get(0);
        if (!"available".equals(src.status())) {
            throw new PreconditionFailedException("snapshot must be available", "RDS snapshot '" + snapshotId + "' is " + src.status(), null);
        }
        if (Boolean.TRUE.equals(src.encrypted()) && kmsKeyId == null) {
            throw new PreconditionFailedException("an encrypted snapshot is copied with a key of the destination region",
                    "RDS snapshot '" + snapshotId + "' is encrypted and no KMS key of " + region + " was given",
                    "call withKmsKeyId(\"arn:aws:kms:" + region + ":...\")");
        }
        String arn = src.dbSnapshotArn();
        String sourceRegion = regionOf(arn);
        String copyCall = "CopyDBSnapshot of RDS snapshot '" + arn + "' to '" + targetSnapshotId + "' in " + region;
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
            throw AwsCalls.failed(copyCall, e);
        } catch (SdkException e) {
            throw AwsCalls.failed(copyCall, e);
        }
        DBSnapshot copy = RdsWaits.awaitSnapshot(poller, destination, targetSnapshotId, database.transientErrorBudget(), database.pollPolicy());
        RecoveryPoint p = database.toRecoveryPoint(copy, poller.clock().instant());
        Map<String, String> attrs = new LinkedHashMap<>(p.attributes());
        attrs.put("region", region);
        attrs.put("copiedFrom", arn);
        return RecoveryPoint.of(p.id(), p.target(), RecoveryPoint.Kind.MANUAL_SNAPSHOT, p.capturedAt(), attrs);
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

    /** Builds a {@link SnapshotCopy}. Not thread-safe; {@link #build()} copies. */
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
