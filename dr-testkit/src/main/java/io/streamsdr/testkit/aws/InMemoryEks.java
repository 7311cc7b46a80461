package io.streamsdr.testkit.aws;

import io.streamsdr.core.spi.Check;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.CreatePodIdentityAssociationRequest;
import software.amazon.awssdk.services.eks.model.CreatePodIdentityAssociationResponse;
import software.amazon.awssdk.services.eks.model.DeletePodIdentityAssociationRequest;
import software.amazon.awssdk.services.eks.model.DeletePodIdentityAssociationResponse;
import software.amazon.awssdk.services.eks.model.DescribePodIdentityAssociationRequest;
import software.amazon.awssdk.services.eks.model.DescribePodIdentityAssociationResponse;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.InvalidParameterException;
import software.amazon.awssdk.services.eks.model.ListPodIdentityAssociationsRequest;
import software.amazon.awssdk.services.eks.model.ListPodIdentityAssociationsResponse;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociation;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;
import software.amazon.awssdk.services.eks.model.ResourceInUseException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eks.model.UpdatePodIdentityAssociationRequest;
import software.amazon.awssdk.services.eks.model.UpdatePodIdentityAssociationResponse;

/**
 * An in-memory EKS for Pod Identity associations, which moto does not serve: create, list (filtered by namespace
 * and service account, as EKS filters), describe, update (the role) and delete, in the clusters it was given,
 * with EKS's errors: {@code ResourceNotFoundException} for an unknown cluster or association,
 * {@code ResourceInUseException} for a second association of one service account, {@code InvalidParameterException}
 * for a role that is not an IAM role ARN. Other operations throw {@link UnsupportedOperationException}. Counts
 * calls. Thread-safe.
 */
public final class InMemoryEks implements EksClient {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");
    private final Clock clock;
    private final String account;
    private final String region;
    private final Set<String> clusters = new LinkedHashSet<>();
    private final Map<String, PodIdentityAssociation> associations = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private int next = 1;

    private InMemoryEks(Clock clock, String account, String region) {
        this.clock = clock;
        this.account = account;
        this.region = region;
    }

    /**
     * An EKS with these clusters, in account {@code 123456789012} and region {@code eu-west-1}.
     *
     * @throws io.streamsdr.core.InvalidConfigurationException when the clock is null or a cluster name blank
     */
    public static InMemoryEks withClusters(Clock clock, String... clusters) {
        InMemoryEks eks = new InMemoryEks(Check.notNull("clock", clock), "123456789012", "eu-west-1");
        for (String c : clusters) {
            eks.clusters.add(Check.notBlank("EKS cluster name", c));
        }
        return eks;
    }

    /** How many times an operation was called ({@code "CreatePodIdentityAssociation"}). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The associations now, in creation order. */
    public synchronized List<PodIdentityAssociation> associations() {
        return List.copyOf(associations.values());
    }

    @Override
    public String serviceName() {
        return "eks";
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized CreatePodIdentityAssociationResponse createPodIdentityAssociation(CreatePodIdentityAssociationRequest r) {
        enter("CreatePodIdentityAssociation");
        cluster(r.clusterName());
        role(r.roleArn());
        for (PodIdentityAssociation a : associations.values()) {
            if (a.clusterName().equals(r.clusterName()) && a.namespace().equals(r.namespace()) && a.serviceAccount().equals(r.serviceAccount())) {
                throw err(ResourceInUseException.builder(), 409, "ResourceInUseException", "Association already exists: " + a.associationId());
            }
        }
        String id = String.format("a-%017d", next++);
        PodIdentityAssociation a = PodIdentityAssociation.builder().associationId(id).clusterName(r.clusterName()).namespace(r.namespace())
                .serviceAccount(r.serviceAccount()).roleArn(r.roleArn()).createdAt(clock.instant()).modifiedAt(clock.instant())
                .associationArn("arn:aws:eks:" + region + ":" + account + ":podidentityassociation/" + r.clusterName() + "/" + id).build();
        associations.put(id, a);
        return CreatePodIdentityAssociationResponse.builder().association(a).build();
    }

    @Override
    public synchronized ListPodIdentityAssociationsResponse listPodIdentityAssociations(ListPodIdentityAssociationsRequest r) {
        enter("ListPodIdentityAssociations");
        cluster(r.clusterName());
        List<PodIdentityAssociationSummary> out = new ArrayList<>();
        for (PodIdentityAssociation a : associations.values()) {
            if (a.clusterName().equals(r.clusterName()) && (r.namespace() == null || r.namespace().equals(a.namespace()))
                    && (r.serviceAccount() == null || r.serviceAccount().equals(a.serviceAccount()))) {
                out.add(PodIdentityAssociationSummary.builder().associationId(a.associationId()).associationArn(a.associationArn())
                        .clusterName(a.clusterName()).namespace(a.namespace()).serviceAccount(a.serviceAccount()).build());
            }
        }
        return ListPodIdentityAssociationsResponse.builder().associations(out).build();
    }

    @Override
    public synchronized DescribePodIdentityAssociationResponse describePodIdentityAssociation(DescribePodIdentityAssociationRequest r) {
        enter("DescribePodIdentityAssociation");
        return DescribePodIdentityAssociationResponse.builder().association(association(r.clusterName(), r.associationId())).build();
    }

    @Override
    public synchronized UpdatePodIdentityAssociationResponse updatePodIdentityAssociation(UpdatePodIdentityAssociationRequest r) {
        enter("UpdatePodIdentityAssociation");
        PodIdentityAssociation a = association(r.clusterName(), r.associationId());
        role(r.roleArn());
        PodIdentityAssociation updated = a.toBuilder().roleArn(r.roleArn()).modifiedAt(clock.instant()).build();
        associations.put(a.associationId(), updated);
        return UpdatePodIdentityAssociationResponse.builder().association(updated).build();
    }

    @Override
    public synchronized DeletePodIdentityAssociationResponse deletePodIdentityAssociation(DeletePodIdentityAssociationRequest r) {
        enter("DeletePodIdentityAssociation");
        PodIdentityAssociation a = association(r.clusterName(), r.associationId());
        associations.remove(a.associationId());
        return DeletePodIdentityAssociationResponse.builder().association(a).build();
    }

    private void cluster(String name) {
        if (name == null || !clusters.contains(name)) {
            throw err(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException", "No cluster found for name: " + name + ".");
        }
    }

    private PodIdentityAssociation association(String cluster, String id) {
        cluster(cluster);
        PodIdentityAssociation a = associations.get(id);
        if (a == null || !a.clusterName().equals(cluster)) {
            throw err(ResourceNotFoundException.builder(), 404, "ResourceNotFoundException", "No Pod Identity Association found for id: " + id + ".");
        }
        return a;
    }

    private static void role(String arn) {
        if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
            throw err(InvalidParameterException.builder(), 400, "InvalidParameterException", "Role ARN " + arn + " is not a valid IAM role ARN.");
        }
    }

    private void enter(String operation) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    private static EksException err(EksException.Builder b, int status, String code, String message) {
        return (EksException) b.statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("EKS").build()).build();
    }

    @Override
    public String toString() {
        return "InMemoryEks[" + clusters + ", " + associations.size() + " Pod Identity associations]";
    }
}
