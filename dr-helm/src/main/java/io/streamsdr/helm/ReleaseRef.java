package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.helm.internal.Names;

/**
 * A Helm release: its name and the namespace it is installed in. Immutable. Built in the order
 * {@code helm upgrade NAME -n NAMESPACE} reads, each part named, so the two cannot be swapped:
 *
 * <pre>{@code
 * ReleaseRef streams = ReleaseRef.named("streams").inNamespace("streams-prod");
 * }</pre>
 */
public final class ReleaseRef {
    private final String name;
    private final String namespace;

    private ReleaseRef(String name, String namespace) {
        this.name = name;
        this.namespace = namespace;
    }

    /**
     * Starts a reference to the release {@code name}; say where it is with
     * {@link ReleaseName#inNamespace(String)}.
     *
     * @throws InvalidConfigurationException when the name is not a valid Helm release name (at most 53
     *         lower-case letters, digits, '-' or '.', starting and ending with a letter or digit)
     */
    public static ReleaseName named(String name) {
        return new ReleaseName(Names.release(name));
    }

    /** The release name. */
    public String name() {
        return name;
    }

    /** The namespace it is installed in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseRef r && r.name.equals(name) && r.namespace.equals(namespace);
    }

    @Override
    public int hashCode() {
        return namespace.hashCode() * 31 + name.hashCode();
    }

    /** {@code namespace/name}, as kubectl writes objects. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    /** A release name waiting for its namespace: {@code ReleaseRef.named("streams").inNamespace("streams")}. */
    public static final class ReleaseName {
        private final String name;

        private ReleaseName(String name) {
            this.name = name;
        }

        /**
         * The release, installed in {@code namespace}.
         *
         * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label
         */
        public ReleaseRef inNamespace(String namespace) {
            return new ReleaseRef(name, Names.namespace(namespace));
        }

        /** The name, and that the namespace is still to come. */
        @Override
        public String toString() {
            return "release " + name + " (no namespace yet: call inNamespace(...))";
        }
    }
}
