package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;

/**
 * A chart to install as a release. Immutable; build it with {@link #of(ReleaseRef, String)}.
 *
 * <pre>{@code
 * InstallRequest request = InstallRequest.of(ReleaseRef.of("velero", "velero"), "velero")
 *     .withRepository(URI.create("https://vmware-tanzu.github.io/helm-charts"))
 *     .withVersion("12.1.0")
 *     .withSecretValue("credentials.secretContents.cloud", credentials)
 *     .withNamespaceCreated()
 *     .build();
 * }</pre>
 */
public final class InstallRequest extends ChartRequest {
    private final boolean createNamespace;

    private InstallRequest(Builder b) {
        super(b);
        this.createNamespace = b.createNamespace;
    }

    /**
     * Starts a request to install {@code chart} as {@code release}.
     *
     * @throws InvalidConfigurationException when the release is null or the chart blank
     */
    public static Builder of(ReleaseRef release, String chart) {
        return new Builder(release, chart);
    }

    /** Whether the namespace is created if missing ({@code --create-namespace}). */
    public boolean createNamespace() {
        return createNamespace;
    }

    /** Keys only: secret values never show. */
    @Override
    public String toString() {
        return "InstallRequest[" + describe("install") + "]";
    }

    /** Builds an {@link InstallRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private boolean createNamespace;

        private Builder(ReleaseRef release, String chart) {
            super(release, chart);
        }

        /** Creates the namespace if it is missing. */
        public Builder withNamespaceCreated() {
            this.createNamespace = true;
            return this;
        }

        /** The request. */
        public InstallRequest build() {
            return new InstallRequest(this);
        }
    }
}
