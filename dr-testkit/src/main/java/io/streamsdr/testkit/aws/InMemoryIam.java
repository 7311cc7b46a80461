package io.streamsdr.testkit.aws;

import io.streamsdr.core.spi.Check;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.CreateUserResponse;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyResponse;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.GetUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.GetUserRequest;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.PutUserPolicyResponse;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * An in-memory IAM for the user, inline policy and access key calls of a Velero install, with IAM's
 * error codes ({@code EntityAlreadyExists}, {@code NoSuchEntity}, {@code LimitExceeded} for a third key,
 * {@code MalformedPolicyDocument}) and policy documents returned URL-encoded as IAM does. Other
 * operations throw {@link UnsupportedOperationException}. Counts calls, and fails the next ones on
 * demand ({@link #failNextCalls}). Thread-safe.
 */
public final class InMemoryIam implements IamClient {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");
    private final Clock clock;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> policies = new ConcurrentHashMap<>();
    private final Map<String, List<AccessKeyMetadata>> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private int failNext;
    private int nextKey = 1;

    private InMemoryIam(Clock clock) {
        this.clock = clock;
    }

    /**
     * An empty IAM on this clock (for creation dates).
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when {@code clock} is null
     */
    public static InMemoryIam create(Clock clock) {
        return new InMemoryIam(Check.notNull("clock of the in-memory IAM", clock));
    }

    /** Calls made to {@code operation} ({@code "CreateAccessKey"}, ...). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * The next {@code n} calls fail with HTTP 500 {@code ServiceFailure}, as IAM does now and then; they are counted.
     *
     * @return this fake
     */
    public synchronized InMemoryIam failNextCalls(int n) {
        this.failNext = n;
        return this;
    }

    /** Calls made in all. */
    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The access key ids of {@code userName}. */
    public synchronized List<String> accessKeyIds(String userName) {
        return keys.getOrDefault(userName, List.of()).stream().map(AccessKeyMetadata::accessKeyId).toList();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized CreateUserResponse createUser(CreateUserRequest r) {
        enter("CreateUser");
        if (r.userName() == null || !NAME.matcher(r.userName()).matches()) {
            throw err(IamException.builder(), 400, "ValidationError", "The specified value for userName is invalid.");
        }
        if (users.containsKey(r.userName())) {
            throw err(EntityAlreadyExistsException.builder(), 409, "EntityAlreadyExists", "User " + r.userName() + " already exists.");
        }
        User u = User.builder().userName(r.userName()).userId("AIDA" + Integer.toHexString(r.userName().hashCode()).toUpperCase())
                .arn("arn:aws:iam::" + InMemoryRds.ACCOUNT + ":user/" + r.userName()).path("/").createDate(clock.instant()).build();
        users.put(r.userName(), u);
        return CreateUserResponse.builder().user(u).build();
    }

    @Override
    public synchronized GetUserResponse getUser(GetUserRequest r) {
        enter("GetUser");
        return GetUserResponse.builder().user(user(r.userName())).build();
    }

    @Override
    public synchronized PutUserPolicyResponse putUserPolicy(PutUserPolicyRequest r) {
        enter("PutUserPolicy");
        user(r.userName());
        String doc = r.policyDocument();
        if (doc == null || !doc.trim().startsWith("{") || !doc.contains("\"Version\"") || !doc.contains("\"Statement\"")) {
            throw err(MalformedPolicyDocumentException.builder(), 400, "MalformedPolicyDocument", "Syntax errors in policy.");
        }
        policies.computeIfAbsent(r.userName(), k -> new LinkedHashMap<>()).put(r.policyName(), doc);
        return PutUserPolicyResponse.builder().build();
    }

    @Override
    public synchronized GetUserPolicyResponse getUserPolicy(GetUserPolicyRequest r) {
        enter("GetUserPolicy");
        user(r.userName());
        String doc = policies.getOrDefault(r.userName(), Map.of()).get(r.policyName());
        if (doc == null) {
            throw err(NoSuchEntityException.builder(), 404, "NoSuchEntity",
                    "The user policy with name " + r.policyName() + " cannot be found.");
        }
        return GetUserPolicyResponse.builder().userName(r.userName()).policyName(r.policyName())
                .policyDocument(URLEncoder.encode(doc, StandardCharsets.UTF_8).replace("+", "%20")).build();
    }

    @Override
    public synchronized ListAccessKeysResponse listAccessKeys(ListAccessKeysRequest r) {
        enter("ListAccessKeys");
        user(r.userName());
        return ListAccessKeysResponse.builder().accessKeyMetadata(new ArrayList<>(keys.getOrDefault(r.userName(), List.of())))
                .isTruncated(false).build();
    }

    @Override
    public synchronized CreateAccessKeyResponse createAccessKey(CreateAccessKeyRequest r) {
        enter("CreateAccessKey");
        user(r.userName());
        List<AccessKeyMetadata> list = keys.computeIfAbsent(r.userName(), k -> new ArrayList<>());
        if (list.size() >= 2) {
            throw err(LimitExceededException.builder(), 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
        }
        String id = String.format("AKIAFAKE%012d", nextKey++);
        String secret = "fakeSecret/" + Integer.toHexString(id.hashCode()) + "x".repeat(22);
        list.add(AccessKeyMetadata.builder().userName(r.userName()).accessKeyId(id).status(StatusType.ACTIVE).createDate(clock.instant()).build());
        return CreateAccessKeyResponse.builder().accessKey(AccessKey.builder().userName(r.userName()).accessKeyId(id).secretAccessKey(secret)
                .status(StatusType.ACTIVE).createDate(clock.instant()).build()).build();
    }

    @Override
    public synchronized DeleteAccessKeyResponse deleteAccessKey(DeleteAccessKeyRequest r) {
        enter("DeleteAccessKey");
        List<AccessKeyMetadata> list = keys.getOrDefault(r.userName(), new ArrayList<>());
        if (!list.removeIf(k -> k.accessKeyId().equals(r.accessKeyId()))) {
            throw err(NoSuchEntityException.builder(), 404, "NoSuchEntity", "The Access Key with id " + r.accessKeyId() + " cannot be found.");
        }
        return DeleteAccessKeyResponse.builder().build();
    }

    private User user(String name) {
        User u = name == null ? null : users.get(name);
        if (u == null) {
            throw err(NoSuchEntityException.builder(), 404, "NoSuchEntity", "The user with name " + name + " cannot be found.");
        }
        return u;
    }

    private synchronized void enter(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (failNext > 0) {
            failNext--;
            throw err(IamException.builder(), 500, "ServiceFailure", "We encountered an internal error. Please try again.");
        }
    }

    private static IamException err(IamException.Builder b, int status, String code, String message) {
        return (IamException) b.statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Iam").build()).build();
    }

    @Override
    public String toString() {
        return "InMemoryIam[" + users.keySet() + "]";
    }
}
