package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;

/**
 * A chart to install as a release. Immutable; build it with {@link #of(ReleaseRef, String)}, change a
 * copy with {@link #toBuilder()}.
 *
 * <pre>{@code
 * InstallRequest request = InstallRequest.of(ReleaseRef.named("velero").inNamespace("velero"), "velero")
 *     .withRepository(URI.create("https://vmware-tanzu.github.io/helm-charts"))
 *     .withVersion("12.1.0")
 *     .withSecretValue("credentials.secretContents.cloud", credentials)
 *     .withNamespaceCreated(true)
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

    /** A builder holding everything this request holds: change what you need and build a new request. */
    public Builder toBuilder() {
        Builder b = new Builder(release(), chart()).copyFrom(this);
        b.createNamespace = createNamespace;
        return b;
    }

    /** Whether the namespace is created if missing ({@code --create-namespace}). */
    public boolean createNamespace() {
        return createNamespace;
    }

    /** Keys only: secret values never show. */
    @Override
    public String toString() {
        return "InstallRequest[" + describe("install") + (createNamespace ? ", namespace created if missing" : "") + "]";
    }

    /** Builds an {@link InstallRequest}. Not thread-safe; {@link #build()} copies. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private boolean createNamespace;

        private Builder(ReleaseRef release, String chart) {
            super(release, chart);
        }

        /** Whether the namespace is created if it is missing ({@code --create-namespace}; default: no). */
        public Builder withNamespaceCreated(boolean createNamespace) {
            this.createNamespace = createNamespace;
            return this;
        }

        /** The request. */
        public InstallRequest build() {
            return new InstallRequest(this);
        }
    }
}
