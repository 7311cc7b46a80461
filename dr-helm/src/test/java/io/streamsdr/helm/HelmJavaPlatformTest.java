package io.streamsdr.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamsdr.core.InvalidConfigurationException;
import io.streamsdr.core.spi.OptionalDependency;
import org.junit.jupiter.api.Test;

/**
 * helm-java's native library comes in one jar per platform, which helm-java's pom adds only through
 * OS-activated Maven profiles (Gradle ignores them): without it, every command names the jar of this
 * platform before Helm runs (helm-java would otherwise download it from Maven Central).
 */
class HelmJavaPlatformTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void withoutThePlatformJarTheMessageNamesItsClassArtifactVersionAndScope() {
        OptionalDependency absent = OptionalDependency.ofClass("com.marcnuri.helm.jni.linux.amd64.NoSuchNativeLibrary",
                "com.marcnuri.helm-java:linux-amd64", HelmJava.HELM_JAVA_VERSION);
        assertThatThrownBy(() -> HelmJava.requirePlatformJar(absent, "Linux/amd64", loader)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid class path of HelmJava: lacks com.marcnuri.helm-java:linux-amd64 (class"
                        + " com.marcnuri.helm.jni.linux.amd64.NoSuchNativeLibrary not found): add com.marcnuri.helm-java:linux-amd64:0.0.21"
                        + " in runtime scope (helm-java's pom adds the jar of the platform only through Maven profiles activated by the OS,"
                        + " which Gradle and other tools ignore: add the one of the platform that runs Helm, here Linux/amd64; or use"
                        + " HelmBinary with a helm executable)");
    }

    @Test
    void eachPlatformMapsToItsJarAndClass() {
        assertThat(HelmJava.platformJar("Linux", "amd64")).hasToString(
                "com.marcnuri.helm-java:linux-amd64:0.0.21 (class com.marcnuri.helm.jni.linux.amd64.LinuxAmd64NativeLibrary)");
        assertThat(HelmJava.platformJar("Linux", "x86_64")).isEqualTo(HelmJava.platformJar("Linux", "amd64"));
        assertThat(HelmJava.platformJar("Linux", "aarch64")).hasToString(
                "com.marcnuri.helm-java:linux-arm64:0.0.21 (class com.marcnuri.helm.jni.linux.arm64.LinuxArm64NativeLibrary)");
        assertThat(HelmJava.platformJar("Mac OS X", "aarch64")).hasToString(
                "com.marcnuri.helm-java:darwin-arm64:0.0.21 (class com.marcnuri.helm.jni.darwin.arm64.DarwinArm64NativeLibrary)");
        assertThat(HelmJava.platformJar("Mac OS X", "x86_64")).hasToString(
                "com.marcnuri.helm-java:darwin-amd64:0.0.21 (class com.marcnuri.helm.jni.darwin.amd64.DarwinAmd64NativeLibrary)");
        assertThat(HelmJava.platformJar("Windows 11", "amd64")).hasToString(
                "com.marcnuri.helm-java:windows-amd64:0.0.21 (class com.marcnuri.helm.jni.windows.amd64.WindowsAmd64NativeLibrary)");
    }

    @Test
    void aPlatformWithoutANativeLibraryPointsToHelmBinary() {
        assertThatThrownBy(() -> HelmJava.requirePlatformJar("SunOS", "sparcv9", loader)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid platform of HelmJava: helm-java has no native library for SunOS/sparcv9 (it has linux-amd64, linux-arm64,"
                        + " darwin-amd64, darwin-arm64, windows-amd64): use HelmBinary with a helm executable");
    }

    @Test
    void onThisMachineMavenBroughtThePlatformJarOfTheBuildsVersion() throws Exception {
        OptionalDependency jar = HelmJava.platformJar(System.getProperty("os.name"), System.getProperty("os.arch"));
        HelmJava.requirePlatformJar(System.getProperty("os.name"), System.getProperty("os.arch"), loader);
        Class<?> nativeLibrary = Class.forName(jar.probe(), false, loader);
        assertThat(java.nio.file.Path.of(nativeLibrary.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName())
                .hasToString(jar.artifact().substring(jar.artifact().indexOf(':') + 1) + "-" + HelmJava.HELM_JAVA_VERSION + ".jar");
        assertThat(java.nio.file.Path.of(com.marcnuri.helm.Helm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName())
                .hasToString("helm-java-" + HelmJava.HELM_JAVA_VERSION + ".jar");
    }
}
