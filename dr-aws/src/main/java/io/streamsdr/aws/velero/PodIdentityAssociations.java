package io.streamsdr.aws.velero;

import io.streamsdr.aws.internal.AwsCalls;
import io.streamsdr.aws.internal.AwsErrors;
import io.streamsdr.core.PreconditionFailedException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.PodIdentityAssociationSummary;

/** EKS Pod Identity associations, in a class of their own so that dr-aws loads without the optional EKS module. */
final class PodIdentityAssociations {
    private PodIdentityAssociations() {
    }

    /** The association of the service account with the role: {id, "true" when created or changed now}. */
    static String[] ensure(EksClient eks, String cluster, String namespace, String serviceAccount, String roleArn) {
        String where = "of " + namespace + "/" + serviceAccount + " in EKS cluster '" + cluster + "'";
        List<PodIdentityAssociationSummary> found;
        try {
            found = eks.listPodIdentityAssociations(r -> r.clusterName(cluster).namespace(namespace).serviceAccount(serviceAccount)).associations();
        } catch (EksException e) {
            if (AwsErrors.hasCode(e, "ResourceNotFoundException")) {
                throw new PreconditionFailedException("Pod Identity needs the EKS cluster", "EKS cluster '" + cluster + "' was not found (ResourceNotFoundException)",
                        "use the name aws eks list-clusters shows, in the EKS client's region");
            }
            throw AwsCalls.failed("ListPodIdentityAssociations " + where, e);
        } catch (SdkException e) {
            throw AwsCalls.failed("ListPodIdentityAssociations " + where, e);
        }
        if (found.isEmpty()) {
            String id = AwsCalls.call("CreatePodIdentityAssociation " + where, () -> eks.createPodIdentityAssociation(r -> r.clusterName(cluster)
                    .namespace(namespace).serviceAccount(serviceAccount).roleArn(roleArn)).association().associationId());
            return new String[] {id, "true"};
        }
        String id = found.get(0).associationId();
        String current = AwsCalls.call("DescribePodIdentityAssociation " + id + " " + where,
                () -> eks.describePodIdentityAssociation(r -> r.clusterName(cluster).associationId(id)).association().roleArn());
        if (roleArn.equals(current)) {
            return new String[] {id, "false"};
        }
        AwsCalls.run("UpdatePodIdentityAssociation " + id + " " + where,
                () -> eks.updatePodIdentityAssociation(r -> r.clusterName(cluster).associationId(id).roleArn(roleArn)));
        return new String[] {id, "true"};
    }
}
