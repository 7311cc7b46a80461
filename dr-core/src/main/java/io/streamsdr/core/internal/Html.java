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
