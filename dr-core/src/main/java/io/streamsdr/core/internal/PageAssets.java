package io.streamsdr.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The report pages' stylesheet and script, kept as resources next to this class
 * ({@code report.css}, {@code drill.css}, {@code report.js}) so that they read as CSS and JavaScript,
 * and inlined into every page, which stays one self-contained file. Read once, on first use.
 *
 * <p>None of them may contain {@code <} or {@code &}: the page must stay well-formed XML (and a
 * stylesheet or script cannot end its element early). The script is progressive enhancement only:
 * it links each step's bar and table row (hovering one highlights both, a click pins the highlight,
 * {@code #step=<id>} in the address pins that step on load) and, once it ran, sets
 * {@code data-ready="true"} and {@code data-linked-steps} (steps having both a bar and a row) on
 * {@code <html>}, so a browser test can tell that it ran and found the page's parts. It fetches nothing.
 */
final class PageAssets {
    /** The plan report's stylesheet; a drill page uses it too. */
    static final String REPORT_CSS = read("report.css");
    /** What a drill page adds to {@link #REPORT_CSS}. */
    static final String DRILL_CSS = read("drill.css");
    /** The one script of every page, appended just before {@code </body>}. */
    static final String SCRIPT = read("report.js");

    private PageAssets() {
    }

    private static String read(String name) {
        String text;
        try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from dr-core's jar, next to " + PageAssets.class.getName());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name + " from dr-core's jar", e);
        }
        if (text.indexOf('<') >= 0 || text.indexOf('&') >= 0) {
            throw new IllegalStateException("resource " + name + " contains '<' or '&': the report page would not be well-formed XML");
        }
        return text;
    }
}
