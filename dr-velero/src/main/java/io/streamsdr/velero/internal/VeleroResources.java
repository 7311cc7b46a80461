package io.streamsdr.velero.internal;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Velero's resources as fabric8 addresses them, with no discovery round trip and no CRD class on the
 * classpath. Velero's CRDs have no status subresource: status is written and read on the main object.
 */
public final class VeleroResources {
    public static final String API_VERSION = "velero.io/v1";
    public static final String SCHEDULE_NAME_LABEL = "velero.io/schedule-name";
    public static final String STORAGE_LOCATION_LABEL = "velero.io/storage-location";

    public static final ResourceDefinitionContext BACKUPS = context("Backup", "backups");
    public static final ResourceDefinitionContext SCHEDULES = context("Schedule", "schedules");
    public static final ResourceDefinitionContext RESTORES = context("Restore", "restores");

    private VeleroResources() {
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("velero.io").withVersion("v1").withKind(kind).withPlural(plural).withNamespaced(true).build();
    }
}
