package dev.preflight.report;

import org.w3c.dom.Document;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Independent readers of what the reports write, as the consuming tools read it. */
final class ReportParsers {
    private ReportParsers() {
    }

    /** A workflow command line as the GitHub Actions runner splits it. */
    record WorkflowCommand(String command, Map<String, String> properties, String data) {
    }

    private static final Pattern COMMAND = Pattern.compile("^::([a-z-]+)(?: ([^:]*))?::(.*)$");

    static WorkflowCommand workflowCommand(String line) {
        Matcher m = COMMAND.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (m.group(2) != null && !m.group(2).isEmpty()) {
            for (String kv : m.group(2).split(",")) {
                int eq = kv.indexOf('=');
                props.put(kv.substring(0, eq), unescapeProperty(kv.substring(eq + 1)));
            }
        }
        return new WorkflowCommand(m.group(1), props, unescapeData(m.group(3)));
    }

    // the runner's own order: %0D, %0A, then %25 (and %3A, %2C for properties)
    static String unescapeData(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    static String unescapeProperty(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }

    static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new StringReader(text)));
    }

    /** Decodes the numeric character references MarkdownText writes, as a Markdown renderer shows them. */
    static String markdownShown(String s) {
        Matcher m = Pattern.compile("&#(\\d+);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(new String(Character.toChars(Integer.parseInt(m.group(1))))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String urlDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
