package io.streamsdr.drill.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Proves, on every {@code ./mvnw verify}, that what the build made would be accepted by Maven Central:
 * for every library module a jar (with its Automatic-Module-Name), a sources jar and a Javadoc jar, and
 * a published (flattened) pom with the metadata Central requires; and a BOM that manages exactly the
 * library modules, at the project's version. Signing and deploying stay out of the build. Runs after
 * every module was packaged (failsafe, integration-test phase of the last module).
 */
class ReleaseArtifactsIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The modules users depend on; dr-drill is not one (it publishes nothing). */
    static final List<String> LIBRARIES = List.of("dr-core", "dr-aws", "dr-kafka", "dr-velero", "dr-helm", "dr-testkit");

    static List<String> libraries() {
        return LIBRARIES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void everyLibraryModuleHasItsJarSourcesJarJavadocJarAndACompletePom(String module) throws Exception {
        String version = projectVersion();
        Path target = ROOT.resolve(module).resolve("target");
        Path jar = target.resolve(module + "-" + version + ".jar");
        Path sources = target.resolve(module + "-" + version + "-sources.jar");
        Path javadoc = target.resolve(module + "-" + version + "-javadoc.jar");
        assertThat(jar).as("%s's jar (run ./mvnw -B verify: this check runs after every module was packaged)", module).isRegularFile();
        assertThat(sources).as("%s's sources jar", module).isRegularFile();
        assertThat(javadoc).as("%s's Javadoc jar", module).isRegularFile();

        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .as("%s's Automatic-Module-Name", module).isEqualTo("io.streamsdr." + module.substring("dr-".length()));
        }
        try (JarFile s = new JarFile(sources.toFile())) {
            assertThat(s.stream().map(e -> e.getName()).filter(n -> n.endsWith(".java")).count())
                    .as("Java sources in %s's sources jar", module).isPositive();
        }
        try (JarFile d = new JarFile(javadoc.toFile())) {
            assertThat(d.getEntry("index.html")).as("index.html in %s's Javadoc jar", module).isNotNull();
            assertThat(d.stream().map(e -> e.getName()).filter(n -> n.contains("/internal/")).toList())
                    .as("internal packages are not documented in %s", module).isEmpty();
        }

        Path published = target.resolve(".flattened-pom.xml");
        assertThat(published).as("%s's published pom (flatten-maven-plugin)", module).isRegularFile();
        List<String> missing = missingCentralMetadata(published);
        assertThat(missing).as("what Maven Central requires of %s's published pom", module).isEmpty();
        Document pom = parse(published);
        assertThat(text(pom, "/project/parent")).as("the published pom stands alone (no parent to resolve)").isEmpty();
        assertThat(Files.readString(published)).as("no property left unresolved in the published pom").doesNotContain("${");
    }

    @Test
    void theBomManagesExactlyTheLibraryModulesAtTheProjectsVersionAndNothingElse() throws Exception {
        Path bom = ROOT.resolve("dr-bom/pom.xml");
        Document d = parse(bom);
        assertThat(missingCentralMetadata(bom)).as("what Maven Central requires of the BOM").isEmpty();
        assertThat(text(d, "/project/version")).as("the BOM's version is the project's").isEqualTo(projectVersion());
        assertThat(text(d, "/project/packaging")).isEqualTo("pom");
        assertThat(text(d, "/project/parent")).as("the BOM has no parent: it must not manage Jackson, Kafka or the AWS SDK").isEmpty();
        NodeList deps = (NodeList) xpath().evaluate("/project/dependencyManagement/dependencies/dependency", d, XPathConstants.NODESET);
        List<String> managed = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            var n = deps.item(i);
            assertThat(xpath().evaluate("groupId", n)).isEqualTo("io.streamsdr");
            assertThat(xpath().evaluate("version", n)).isEqualTo("${project.version}");
            managed.add(xpath().evaluate("artifactId", n));
        }
        assertThat(managed).containsExactlyInAnyOrderElementsOf(LIBRARIES);
        assertThat(modulesOfTheBuild()).as("every library module of the build is in the BOM")
                .filteredOn(m -> !m.equals("dr-bom") && !m.equals("dr-drill")).containsExactlyInAnyOrderElementsOf(LIBRARIES);
    }

    @Test
    void theProjectIsLicensedAndSaysSo() throws Exception {
        assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
        assertThat(ROOT.resolve("NOTICE")).content().contains("Apache License, Version 2.0", "velero-crds");
        assertThat(text(parse(ROOT.resolve("pom.xml")), "/project/licenses/license/name")).isEqualTo("Apache License, Version 2.0");
    }

    /** The elements Central's rules name, missing from {@code pom}. */
    static List<String> missingCentralMetadata(Path pom) throws Exception {
        Document d = parse(pom);
        List<String> missing = new ArrayList<>();
        for (String path : List.of("/project/groupId", "/project/artifactId", "/project/version", "/project/name", "/project/description",
                "/project/url", "/project/licenses/license/name", "/project/licenses/license/url", "/project/developers/developer/name",
                "/project/scm/connection", "/project/scm/developerConnection", "/project/scm/url")) {
            if (text(d, path).isBlank()) {
                missing.add(path);
            }
        }
        return missing;
    }

    private static String projectVersion() throws Exception {
        return text(parse(ROOT.resolve("pom.xml")), "/project/version");
    }

    private static List<String> modulesOfTheBuild() throws Exception {
        NodeList modules = (NodeList) xpath().evaluate("/project/modules/module", parse(ROOT.resolve("pom.xml")), XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            out.add(modules.item(i).getTextContent().trim());
        }
        try (Stream<Path> dirs = Files.list(ROOT)) {
            assertThat(dirs.filter(p -> Files.isRegularFile(p.resolve("pom.xml"))).map(p -> p.getFileName().toString()).toList())
                    .as("every module directory is in the build").containsExactlyInAnyOrderElementsOf(out);
        }
        return out;
    }

    private static Document parse(Path file) throws IOException {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(file.toFile());
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Document d, String path) throws Exception {
        return xpath().evaluate(path, d).trim();
    }

    private static XPath xpath() {
        return XPathFactory.newInstance().newXPath();
    }
}
