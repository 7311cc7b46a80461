package io.streamsdr.core.internal;

/**
 * HTML escaping, safe both in element text and in double- or single-quoted attribute values, in
 * HTML and in inline SVG (the output uses only the five entities XML also knows).
 */
final class Html {
    private Html() {
    }

    /**
     * Escapes {@code <}, {@code >}, {@code &}, {@code "} and {@code '}, and replaces control
     * characters other than tab, line feed and carriage return (which HTML and XML do not allow) and
     * unpaired surrogates with U+FFFD. {@code null} gives the empty string.
     */
    /**
     * {@link #escape} with a {@code <wbr/>} after each separator inside a token ({@code . / = , : ; _ - & ?}), so that
     * a long output or error wraps at a token boundary instead of in the middle of a word. {@code null} gives "".
     */
    static String breakable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 32);
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            if (BREAK_AFTER.indexOf(s.charAt(i)) >= 0 && i + 1 < s.length() && s.charAt(i + 1) != ' ') {
                sb.append(escape(s.substring(from, i + 1))).append("<wbr/>");
                from = i + 1;
            }
        }
        return sb.append(escape(s.substring(from))).toString();
    }

    /** The characters after which {@link #breakable} lets a long token wrap: separators of hosts, paths, ids and lists. */
    private static final String BREAK_AFTER = "./=,:;_-&?";

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\t', '\n', '\r' -> sb.append(c);
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff) {
                        sb.append('\ufffd');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append('\ufffd');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
