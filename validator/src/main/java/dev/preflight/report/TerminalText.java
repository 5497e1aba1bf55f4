package dev.preflight.report;

/**
 * Text from the inputs (file names, logical ids, tags, messages) made safe for a terminal, a CI log and standard
 * error: control characters (C0, DEL, C1, and the bidirectional overrides that reorder what a reader sees) are
 * written as visible escapes ({@code \x1b}, {@code \n}, {@code \u202e}), so an input cannot move the cursor, set the
 * clipboard (OSC 52), colour the log or start a new line; and a line cannot begin with {@code ::}, which GitHub
 * Actions reads as a workflow command ({@code ::error ...}, {@code ::add-mask::}, {@code ::stop-commands::}).
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code s} with every control character escaped; null stays null. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String e = escapeOf(c);
            if (e != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (e != null) {
                    b.append(e);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * One line to print: control characters escaped, and a leading {@code ::} (after any spaces) written as
     * {@code \x3a:} so that no workflow command can start there.
     */
    public static String line(String s) {
        String e = escape(s);
        int i = 0;
        while (i < e.length() && (e.charAt(i) == ' ' || e.charAt(i) == '\t')) {
            i++;
        }
        if (e.startsWith("::", i)) {
            return e.substring(0, i) + "\\x3a" + e.substring(i + 1);
        }
        return e;
    }

    /** A file path that begins a line: escaped, and {@code ./} before a relative path that starts with {@code ::}. */
    public static String path(String p) {
        String e = escape(p);
        return e.startsWith("::") ? "./" + e : e;
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
            return String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
        }
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C) {
            return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }
}
