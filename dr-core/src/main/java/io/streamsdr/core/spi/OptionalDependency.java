package io.streamsdr.core.spi;

import io.streamsdr.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An artifact a feature needs that its module declares optional (so that users who do not use the
 * feature do not download it), and the class (or file) that proves it is on the class path. An entry
 * point checks its artifacts with {@link #require} before it starts anything, so a missing one fails
 * with its name, version and scope instead of a {@code NoClassDefFoundError}, or worse, an error deep
 * inside the third-party code whose real cause is buried:
 *
 * <pre>{@code
 * static final List<OptionalDependency> NEEDS = List.of(
 *         OptionalDependency.ofClass("org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client", "3.5.7"));
 *
 * static void requireDriver(ClassLoader loader) {   // first thing the feature does, before any connection
 *     OptionalDependency.require("the database checks", OptionalDependency.Scope.RUNTIME, "dr-aws declares it optional",
 *             NEEDS, loader);
 *     // without the driver: Invalid class path of the database checks: lacks org.mariadb.jdbc:mariadb-java-client
 *     // (class org.mariadb.jdbc.Driver not found): add org.mariadb.jdbc:mariadb-java-client:3.5.7 in runtime scope
 *     // (dr-aws declares it optional)
 * }
 * }</pre>
 *
 * Immutable.
 */
public final class OptionalDependency {

    /** The Maven scope a user adds an artifact in. */
    public enum Scope {
        /** The user's code calls the artifact's API. */
        COMPILE,
        /** Only the library calls it, at run time (a JDBC driver, a native library, a SASL module). */
        RUNTIME,
        /** A test fixture needs it: the user's tests only. */
        TEST;

        /** {@code compile}, {@code runtime} or {@code test}, as in a pom. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String probe;
    private final boolean resource;
    private final String artifact;
    private final String version;

    private OptionalDependency(String probe, boolean resource, String artifact, String version) {
        this.probe = Check.notBlank(resource ? "file of optional dependency" : "class of optional dependency", probe);
        this.resource = resource;
        this.artifact = Check.notBlank("artifact of optional dependency " + probe, artifact);
        this.version = Check.notBlank("version of optional dependency " + artifact, version);
        if (artifact.split(":", -1).length != 2) {
            throw new InvalidConfigurationException("artifact of optional dependency " + probe,
                    "must be groupId:artifactId (without the version), was '" + artifact + "'");
        }
    }

    /**
     * The artifact {@code artifact} ({@code groupId:artifactId}), in {@code version}, proven present by the
     * class {@code className}.
     *
     * @throws InvalidConfigurationException when a value is blank, or {@code artifact} is not {@code groupId:artifactId}
     */
    public static OptionalDependency ofClass(String className, String artifact, String version) {
        return new OptionalDependency(className, false, artifact, version);
    }

    /**
     * The artifact {@code artifact} ({@code groupId:artifactId}), in {@code version}, proven present by the
     * class-path file {@code resourceName} (for an artifact without classes, such as a jar of binaries).
     *
     * @throws InvalidConfigurationException when a value is blank, or {@code artifact} is not {@code groupId:artifactId}
     */
    public static OptionalDependency ofResource(String resourceName, String artifact, String version) {
        return new OptionalDependency(resourceName, true, artifact, version);
    }

    /** {@code groupId:artifactId}. */
    public String artifact() {
        return artifact;
    }

    /** The version the module was built and tested with. */
    public String version() {
        return version;
    }

    /** {@code groupId:artifactId:version}, as a user adds it. */
    public String coordinates() {
        return artifact + ":" + version;
    }

    /** The class (or class-path file) whose presence proves the artifact is there. */
    public String probe() {
        return probe;
    }

    /**
     * Whether the class (or file) is visible to {@code loader}; the class is not initialised.
     *
     * @throws InvalidConfigurationException when {@code loader} is null
     */
    public boolean isPresent(ClassLoader loader) {
        Check.notNull("class loader", loader);
        if (resource) {
            return loader.getResource(probe) != null;
        }
        try {
            Class.forName(probe, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Fails, naming every missing artifact with the class that is missing, and the coordinates and scope to
     * add, when one of {@code needs} is not visible to {@code loader}; returns quietly otherwise. The message:
     * {@code Invalid class path of <user>: lacks <artifact> (class <probe> not found)[, ...]: add
     * <groupId:artifactId:version>[, ...] in <scope> scope (<note>)}.
     *
     * @param user  what needs them, for the message ({@code "MockCluster"}, {@code "the database checks"})
     * @param scope the scope to add them in
     * @param note  why they are missing and anything else to know (which module declares them optional), not blank
     * @param needs the artifacts, in the order to name them
     * @param loader the class loader the feature will load them from
     * @throws InvalidConfigurationException when one or more are missing (field {@code class path of <user>}),
     *         or an argument is null or blank
     */
    public static void require(String user, Scope scope, String note, List<OptionalDependency> needs, ClassLoader loader) {
        Check.notBlank("user of optional dependencies", user);
        Check.notNull("scope of optional dependencies", scope);
        Check.notBlank("note on optional dependencies", note);
        Check.notNull("optional dependencies", needs);
        Check.notNull("class loader", loader);
        List<String> missing = new ArrayList<>();
        Set<String> add = new LinkedHashSet<>();
        for (OptionalDependency d : needs) {
            Check.notNull("optional dependency", d);
            if (!d.isPresent(loader)) {
                missing.add(d.artifact + " (" + (d.resource ? "file " : "class ") + d.probe + " not found)");
                add.add(d.coordinates());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationException("class path of " + user, "lacks " + String.join(", ", missing) + ": add "
                    + String.join(", ", add) + " in " + scope + " scope (" + note + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionalDependency d && d.probe.equals(probe) && d.resource == resource && d.artifact.equals(artifact)
                && d.version.equals(version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(probe, resource, artifact, version);
    }

    /** {@code groupId:artifactId:version (class <probe>)}. */
    @Override
    public String toString() {
        return coordinates() + " (" + (resource ? "file " : "class ") + probe + ")";
    }
}
