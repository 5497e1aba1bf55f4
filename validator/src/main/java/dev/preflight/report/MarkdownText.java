package dev.preflight.report;

/**
 * User-controlled text (resource names, messages, reasons) made inert in GitHub-flavoured Markdown and the HTML it
 * allows: characters that start inline syntax anywhere ({@code \ ` * _ [ ] < > | ~ & $ !}), and block syntax at the
 * start, become numeric character references, which render as the character itself but never as markup; an
 * {@code @} gets a zero-width space after it so a name like {@code @org/team} never notifies anyone; line breaks
 * and other control characters become spaces (a table row or a list item stays one line); very long text is cut
 * with an ellipsis. Callers put the text mid-line (after {@code "| "} or {@code "- "}), never at a line start.
 */
final class MarkdownText {
    static final int DEFAULT_LIMIT = 300;
    private static final String INLINE = "\\`*_[]<>|~&$!";
    private static final String LEADING = "#-+=.:>)";

    private MarkdownText() {
    }

    static String inline(String s) {
        return inline(s, DEFAULT_LIMIT);
    }

    static String inline(String s, int limit) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (shown++ == limit) {
                sb.append('…');
                break;
            }
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029
                    || (cp >= 0xD800 && cp <= 0xDFFF)) {
                sb.append(' ');
            } else if (INLINE.indexOf(cp) >= 0 || (shown == 1 && LEADING.indexOf(cp) >= 0)) {
                sb.append("&#").append(cp).append(';');
            } else if (cp == '@') {
                sb.append("@&#8203;");
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** A code span for an identifier: inert inside {@code <code>}, where GitHub also does not link mentions. */
    static String code(String s) {
        return "<code>" + inline(s) + "</code>";
    }
}
