package io.streamsdr.helm;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.helm.internal.Names;

/**
 * A Helm release: its namespace and name. Immutable.
 *
 * @param namespace the namespace it is installed in
 * @param name      the release name
 */
public record ReleaseRef(String namespace, String name) {

    /**
     * @throws InvalidConfigurationException when the namespace is not a DNS-1123 label, or the name
     *         is not a valid Helm release name (at most 53 lower-case letters, digits, '-' or '.',
     *         starting and ending with a letter or digit)
     */
    public ReleaseRef {
        Names.namespace(namespace);
        Names.release(name);
    }

    /**
     * The release {@code name} in {@code namespace}.
     *
     * @throws InvalidConfigurationException as the constructor
     */
    public static ReleaseRef of(String namespace, String name) {
        return new ReleaseRef(namespace, name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
