package io.streamsdr.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionalDependencyTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void presentClassesAndFilesPassQuietly() {
        OptionalDependency junit = OptionalDependency.ofClass("org.junit.jupiter.api.Test", "org.junit.jupiter:junit-jupiter-api", "5.14.4");
        OptionalDependency file = OptionalDependency.ofResource("org/junit/jupiter/api/Test.class", "org.junit.jupiter:junit-jupiter-api",
                "5.14.4");
        assertThat(junit.isPresent(loader)).isTrue();
        assertThat(file.isPresent(loader)).isTrue();
        OptionalDependency.require("a test", OptionalDependency.Scope.TEST, "a note", List.of(junit, file), loader);
        assertThat(junit.coordinates()).isEqualTo("org.junit.jupiter:junit-jupiter-api:5.14.4");
        assertThat(junit).hasToString("org.junit.jupiter:junit-jupiter-api:5.14.4 (class org.junit.jupiter.api.Test)");
    }

    @Test
    void everyMissingOneIsNamedOnceWithItsVersionAndScope() {
        List<OptionalDependency> needs = List.of(
                OptionalDependency.ofClass("org.junit.jupiter.api.Test", "org.junit.jupiter:junit-jupiter-api", "5.14.4"),
                OptionalDependency.ofClass("com.example.absent.One", "com.example:one", "1.0"),
                OptionalDependency.ofClass("com.example.absent.OneMore", "com.example:one", "1.0"),
                OptionalDependency.ofResource("com/example/absent/binary", "com.example:binaries", "2.1"));
        assertThatThrownBy(() -> OptionalDependency.require("the widget", OptionalDependency.Scope.RUNTIME, "dr-x declares them optional",
                needs, loader)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of the widget: lacks com.example:one (class com.example.absent.One not found),"
                        + " com.example:one (class com.example.absent.OneMore not found), com.example:binaries (file"
                        + " com/example/absent/binary not found): add com.example:one:1.0, com.example:binaries:2.1 in runtime scope"
                        + " (dr-x declares them optional)");
    }

    @Test
    void badDeclarationsFailNamingTheField() {
        assertThatThrownBy(() -> OptionalDependency.ofClass("a.B", "com.example:one:1.0", "1.0"))
                .hasMessage("Invalid artifact of optional dependency a.B: must be groupId:artifactId (without the version),"
                        + " was 'com.example:one:1.0'");
        assertThatThrownBy(() -> OptionalDependency.ofClass("a.B", "com.example:one", " "))
                .hasMessage("Invalid version of optional dependency com.example:one: must not be blank");
        assertThatThrownBy(() -> OptionalDependency.require("x", OptionalDependency.Scope.TEST, "n", List.of(), null))
                .hasMessage("Invalid class loader: must not be null");
        assertThatThrownBy(() -> OptionalDependency.require("x", OptionalDependency.Scope.TEST, "n", java.util.Arrays.asList((OptionalDependency) null),
                loader)).isInstanceOf(InvalidConfigurationException.class).hasMessage("Invalid optional dependency: must not be null");
    }
}
