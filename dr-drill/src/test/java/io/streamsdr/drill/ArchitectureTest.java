package io.streamsdr.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of issue 10 that a reviewer would otherwise check by hand, enforced on every build (this
 * module depends on every other, so it sees them all):
 * <ul>
 *   <li>only {@code io.streamsdr.core} and {@code io.streamsdr.core.spi} are dr-core's API: no other module's
 *       main code imports {@code io.streamsdr.core.internal}, and no module imports another one's
 *       {@code internal} package;</li>
 *   <li>no public or protected signature of an API package names an internal type;</li>
 *   <li>library code never reads the system's time or sleeps outside the sleeper SPI: time comes from
 *       the run (a step's context, an injected clock or poller). The few places that ARE the real
 *       time are listed below with the reason.</li>
 * </ul>
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("dr-core", "dr-aws", "dr-kafka", "dr-velero", "dr-helm", "dr-testkit",
            "dr-drill");
    private static final Map<String, String> INTERNAL_OF = Map.of(
            "dr-core", "io.streamsdr.core.internal",
            "dr-aws", "io.streamsdr.aws.internal",
            "dr-kafka", "io.streamsdr.kafka.internal",
            "dr-velero", "io.streamsdr.velero.internal",
            "dr-helm", "io.streamsdr.helm.internal");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    /** Reading the system's time or sleeping on it, in any of its spellings. */
    private static final Pattern REAL_TIME = Pattern.compile(
            "Clock\\.system(?:UTC|DefaultZone)?\\(|Instant\\.now\\(|(?:LocalDateTime|ZonedDateTime|OffsetDateTime|LocalDate|LocalTime)\\.now\\("
                    + "|System\\.currentTimeMillis\\(|System\\.nanoTime\\(|Thread\\.sleep\\(|TimeUnit\\.\\w+\\.sleep\\(");
    /** The files that are allowed to touch real time, and why. Everything else takes time from the run. */
    private static final Map<String, String> REAL_TIME_ALLOWED = Map.of(
            "dr-core/src/main/java/io/streamsdr/core/RunOptions.java", "RunOptions.defaults(): the system clock is the documented default",
            "dr-core/src/main/java/io/streamsdr/core/Poller.java", "Poller.system(): the real-time poller users pass outside a plan",
            "dr-core/src/main/java/io/streamsdr/core/spi/Sleeper.java", "Sleeper.system(): the one Thread.sleep of the library",
            "dr-testkit/src/main/java/io/streamsdr/testkit/ScaledClock.java", "the scaled clock IS real time, sped up",
            "dr-drill/src/main/java/io/streamsdr/drill/LocalDrill.java", "the drill's main program measures its own wall time",
            "dr-drill/src/main/java/io/streamsdr/drill/LocalStreams.java", "measures how long the real parts took to start");

    @Test
    void noModuleImportsAnotherModulesInternalPackage() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String module : MODULES) {
            for (Path file : javaFiles(ROOT.resolve(module).resolve("src/main/java"))) {
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    INTERNAL_OF.forEach((owner, internal) -> {
                        if (!owner.equals(module) && imported.startsWith(internal + ".")) {
                            offences.add(ROOT.relativize(file) + " imports " + imported);
                        }
                    });
                }
            }
        }
        assertThat(offences).as("internal packages are not API: use io.streamsdr.core / io.streamsdr.core.spi, or a helper of your own")
                .isEmpty();
    }

    @Test
    void libraryCodeTakesItsTimeFromTheRun() throws IOException {
        List<String> offences = new ArrayList<>();
        Set<String> allowedSeen = new TreeSet<>();
        for (String module : MODULES) {
            for (Path file : javaFiles(ROOT.resolve(module).resolve("src/main/java"))) {
                String rel = ROOT.relativize(file).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    String code = line.contains("//") ? line.substring(0, line.indexOf("//")) : line;
                    if (code.stripLeading().startsWith("*") || !REAL_TIME.matcher(code).find()) {
                        continue; // Javadoc and comments may talk about real time
                    }
                    if (REAL_TIME_ALLOWED.containsKey(rel)) {
                        allowedSeen.add(rel);
                    } else {
                        offences.add(rel + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(offences).as("library code must take time from the run: ctx.now()/ctx.poller() in a step, an injected Clock "
                + "or Poller outside one (Poller.system() for real time)").isEmpty();
        assertThat(allowedSeen).as("an allowed file that no longer touches real time should leave the list")
                .containsExactlyInAnyOrderElementsOf(REAL_TIME_ALLOWED.keySet());
    }

    @Test
    void noApiSignatureNamesAnInternalType() throws Exception {
        List<String> offences = new ArrayList<>();
        int checked = 0;
        for (String module : MODULES) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            for (Path file : files(classes, ".class")) {
                String name = classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.contains(".internal.") || name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (!isVisible(type)) {
                    continue;
                }
                checked++;
                List<Type> exposed = new ArrayList<>();
                if (type.getGenericSuperclass() != null) {
                    exposed.add(type.getGenericSuperclass());
                }
                exposed.addAll(List.of(type.getGenericInterfaces()));
                for (Field f : type.getDeclaredFields()) {
                    if (visible(f.getModifiers())) {
                        exposed.add(f.getGenericType());
                    }
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (visible(m.getModifiers()) && !m.isSynthetic()) {
                        exposed.add(m.getGenericReturnType());
                        addSignature(exposed, m);
                    }
                }
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (visible(c.getModifiers()) && !c.isSynthetic()) {
                        addSignature(exposed, c);
                    }
                }
                for (Type t : exposed) {
                    for (Class<?> named : classesIn(t)) {
                        if (named.getName().contains(".internal.")) {
                            offences.add(type.getName() + " exposes " + named.getName());
                        }
                    }
                }
            }
        }
        assertThat(checked).as("public types checked").isGreaterThan(100);
        assertThat(offences).as("no internal type in a public signature").isEmpty();
    }

    private static void addSignature(List<Type> exposed, Executable e) {
        exposed.addAll(List.of(e.getGenericParameterTypes()));
        exposed.addAll(List.of(e.getGenericExceptionTypes()));
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!visible(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static Set<Class<?>> classesIn(Type t) {
        Set<Class<?>> out = new java.util.HashSet<>();
        collect(t, out, new java.util.HashSet<>());
        return out;
    }

    private static void collect(Type t, Set<Class<?>> out, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, seen);
            }
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out, seen);
        } else if (t instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, out, seen));
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, out, seen);
            }
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        return files(dir, ".java");
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
