package io.streamsdr.drill.readme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's Java snippets as compilable sources, the way a newcomer would paste them into a test
 * class of their own. The README's conventions, which this class reads:
 * <ul>
 *   <li>each {@code ## } section that has Java snippets shows its imports once, in a block of {@code import}
 *       lines; every snippet of the section gets them;</li>
 *   <li>a snippet that declares a class is compiled as it is; a snippet of methods ({@code @Test void ...})
 *       is compiled inside a class; any other snippet is statements, compiled inside a method;</li>
 *   <li>the names a snippet uses but does not make are declared in it by a {@code // given: Type name; Type name}
 *       comment: the method's parameters for statements, fields (or, for a declaration with parentheses,
 *       methods) of the class for methods. A reader sees what to bring; the compiler checks the rest.</li>
 * </ul>
 */
final class ReadmeSnippets {
    private static final Pattern TYPE = Pattern.compile("^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern METHOD = Pattern.compile("^(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:public\\s+|private\\s+|static\\s+)*"
            + "(?:void|[A-Z]\\w*(?:<[^>]*>)?)\\s+\\w+\\s*\\([^)]*\\)\\s*(?:throws [\\w., ]+)?\\s*\\{", Pattern.MULTILINE);
    private static final Pattern GIVEN = Pattern.compile("^\\s*// given: (.+)$", Pattern.MULTILINE);

    /** One snippet as a Java source file. */
    record Source(String className, String section, int readmeLine, String text) {
    }

    private ReadmeSnippets() {
    }

    /** The README's Java snippets, in order, each as a compilation unit in package {@code pkg}. */
    static List<Source> sources(String readme, String pkg) {
        List<Source> out = new ArrayList<>();
        String section = "top";
        List<String> imports = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        Map<String, Integer> perSection = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
                imports = new ArrayList<>();
                continue;
            }
            if (!line.equals("```java")) {
                continue;
            }
            int start = i + 1;
            StringBuilder body = new StringBuilder();
            for (i = start; i < lines.size() && !lines.get(i).equals("```"); i++) {
                body.append(lines.get(i)).append('\n');
            }
            String code = body.toString();
            if (isImportBlock(code)) {
                code.lines().filter(l -> l.startsWith("import ")).forEach(imports::add);
                continue;
            }
            int n = perSection.merge(section, 1, Integer::sum);
            String name = "Readme" + camel(section) + (n == 1 ? "" : Integer.toString(n));
            out.add(toSource(pkg, section, start + 1, name, imports, code));
        }
        return out;
    }

    static boolean isImportBlock(String code) {
        List<String> meaningful = code.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("//")).toList();
        return !meaningful.isEmpty() && meaningful.stream().allMatch(l -> l.startsWith("import "));
    }

    private static Source toSource(String pkg, String section, int line, String name, List<String> imports, String code) {
        StringBuilder src = new StringBuilder("package ").append(pkg).append(";\n\n");
        imports.forEach(i -> src.append(i).append('\n'));
        src.append("\n// README.md line ").append(line).append(", section \"").append(section).append("\"\n");
        List<String> givens = givens(code);
        Matcher type = TYPE.matcher(code);
        if (type.find()) {
            src.append(code);
            return new Source(type.group(1), section, line, src.toString());
        }
        if (METHOD.matcher(code).find()) {
            src.append("class ").append(name).append(" {\n");
            for (String g : givens) {
                src.append("    ").append(g).append(g.contains("(") ? " {\n        throw new UnsupportedOperationException();\n    }\n" : ";\n");
            }
            src.append(indent(code)).append("}\n");
            return new Source(name, section, line, src.toString());
        }
        src.append("class ").append(name).append(" {\n    @SuppressWarnings(\"unused\")\n    void snippet(")
                .append(String.join(", ", givens)).append(") throws Exception {\n")
                .append(indent(indent(code))).append("    }\n}\n");
        return new Source(name, section, line, src.toString());
    }

    /** The declarations of the snippet's {@code // given:} lines, in order. */
    static List<String> givens(String code) {
        List<String> out = new ArrayList<>();
        Matcher m = GIVEN.matcher(code);
        while (m.find()) {
            for (String g : m.group(1).split(";")) {
                String decl = g.strip();
                if (!decl.isEmpty()) {
                    out.add(decl);
                }
            }
        }
        return out;
    }

    private static String indent(String code) {
        StringBuilder sb = new StringBuilder();
        code.lines().forEach(l -> sb.append(l.isEmpty() ? "" : "    " + l).append('\n'));
        return sb.toString();
    }

    private static String camel(String section) {
        StringBuilder sb = new StringBuilder();
        int words = 0;
        for (String w : section.replaceAll("[^A-Za-z0-9 ]", " ").split("\\s+")) {
            if (!w.isEmpty() && words++ < 3) {
                sb.append(w.substring(0, 1).toUpperCase(Locale.ROOT)).append(w.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return sb.length() == 0 ? "Top" : sb.toString();
    }
}
