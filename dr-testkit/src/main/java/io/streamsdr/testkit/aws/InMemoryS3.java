package io.streamsdr.testkit.aws;

import io.streamsdr.core.spi.Check;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An in-memory S3 for the bucket calls of a Velero install: CreateBucket with S3's region rules
 * ({@code LocationConstraint} required outside us-east-1 and refused in it; {@code BucketAlreadyOwnedByYou}
 * outside us-east-1, 200 in it; {@code BucketAlreadyExists} for another account's bucket), HeadBucket
 * (404 when missing, 403 for another account's) and GetBucketLocation. Other operations throw
 * {@link UnsupportedOperationException}. Counts calls, and fails the next ones on demand
 * ({@link #failNextCalls}). Thread-safe.
 */
public final class InMemoryS3 implements S3Client {
    private final String region;
    private final Map<String, String> ours = new TreeMap<>();
    private final Map<String, String> foreign = new TreeMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private int failNext;

    private InMemoryS3(String region) {
        this.region = region;
    }

    /**
     * An S3 whose client is configured for {@code region}.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code region} is null or blank
     */
    public static InMemoryS3 inRegion(String region) {
        return new InMemoryS3(Check.notBlank("region of the in-memory S3", region));
    }

    /** Makes {@code bucket} exist in another account (a name taken by someone else). */
    public synchronized InMemoryS3 withForeignBucket(String bucket) {
        foreign.put(bucket, region);
        return this;
    }

    /** Makes {@code bucket} exist in this account, in {@code bucketRegion}. */
    public synchronized InMemoryS3 withOwnBucket(String bucket, String bucketRegion) {
        ours.put(bucket, bucketRegion);
        return this;
    }

    /** Our buckets and their regions. */
    public synchronized Map<String, String> buckets() {
        return Map.copyOf(ours);
    }

    /** Calls made to {@code operation} ({@code "CreateBucket"}, ...). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * The next {@code n} calls fail with HTTP 500 {@code InternalError}, as S3 does now and then; they are counted.
     *
     * @return this fake
     */
    public synchronized InMemoryS3 failNextCalls(int n) {
        this.failNext = n;
        return this;
    }

    /** Calls made in all. */
    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized CreateBucketResponse createBucket(CreateBucketRequest r) {
        enter("CreateBucket");
        String constraint = r.createBucketConfiguration() == null ? null : r.createBucketConfiguration().locationConstraintAsString();
        if ("us-east-1".equals(region)) {
            if (constraint != null && !constraint.isEmpty()) {
                throw err(S3Exception.builder(), 400, "InvalidLocationConstraint", "The specified location-constraint is not valid");
            }
        } else if (constraint == null || constraint.isEmpty()) {
            throw err(S3Exception.builder(), 400, "IllegalLocationConstraintException",
                    "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.");
        } else if (!constraint.equals(region)) {
            throw err(S3Exception.builder(), 400, "IllegalLocationConstraintException",
                    "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to.");
        }
        if (foreign.containsKey(r.bucket())) {
            throw err(BucketAlreadyExistsException.builder(), 409, "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the system.");
        }
        if (ours.containsKey(r.bucket())) {
            if ("us-east-1".equals(region)) {
                return CreateBucketResponse.builder().location("/" + r.bucket()).build();
            }
            throw err(BucketAlreadyOwnedByYouException.builder(), 409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.");
        }
        ours.put(r.bucket(), region);
        return CreateBucketResponse.builder().location("/" + r.bucket()).build();
    }

    @Override
    public synchronized HeadBucketResponse headBucket(HeadBucketRequest r) {
        enter("HeadBucket");
        if (foreign.containsKey(r.bucket())) {
            throw err(S3Exception.builder(), 403, "403 Forbidden", null);
        }
        String where = ours.get(r.bucket());
        if (where == null) {
            throw err(NoSuchBucketException.builder(), 404, "NoSuchBucket", null);
        }
        return HeadBucketResponse.builder().bucketRegion(where).build();
    }

    @Override
    public synchronized GetBucketLocationResponse getBucketLocation(GetBucketLocationRequest r) {
        enter("GetBucketLocation");
        String where = ours.get(r.bucket());
        if (where == null) {
            throw err(NoSuchBucketException.builder(), 404, "NoSuchBucket", "The specified bucket does not exist");
        }
        return GetBucketLocationResponse.builder().locationConstraint("us-east-1".equals(where) ? "" : where).build();
    }

    private synchronized void enter(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (failNext > 0) {
            failNext--;
            throw err(S3Exception.builder(), 500, "InternalError", "We encountered an internal error. Please try again.");
        }
    }

    private static S3Exception err(S3Exception.Builder b, int status, String code, String message) {
        return (S3Exception) b.statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build()).build();
    }

    @Override
    public String toString() {
        return "InMemoryS3[" + region + "]";
    }
}
