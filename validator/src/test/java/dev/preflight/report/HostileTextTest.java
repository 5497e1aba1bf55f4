package dev.preflight.report;

import dev.preflight.engine.RunOutcome;
import dev.preflight.rule.RuleMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource names, messages, reasons and waivers are user-controlled (they come from templates and plans). Text
 * built to break each format goes through HTML, Markdown, JUnit and workflow commands and stays text.
 */
class HostileTextTest {
    static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> \"q\" 'a' & &amp; ]]> <![CDATA[x]]>"
            + " \u0000\u0001\u0007\u001b[31mred\u001b[0m \uFFFE \uD800 %0A %25 ,: \r\n::error::injected\n| a | b |"
            + " *bold* _it_ [link](https://evil.example) ![i](https://evil.example/i.png) @octo-org/team #1 `tick` $x$ </details>";
    static final String LONG = "n".repeat(10_000);

    private static RunOutcome outcome(String variant) {
        return ReportScenarios.hostile(variant.equals("long") ? HOSTILE + LONG : HOSTILE);
    }

    private static String render(Report r, RunOutcome o) throws Exception {
        StringWriter w = new StringWriter();
        r.write(o, w);
        return w.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "long"})
    void htmlShowsTheTextAndRunsOnlyItsOwnScript(String variant) throws Exception {
        String html = render(new HtmlReport(), outcome(variant));
        String lower = html.toLowerCase(Locale.ROOT);
        assertThat(count(lower, "<script")).as("only the report's own script element").isEqualTo(1);
        assertThat(lower).doesNotContainPattern("<[a-z]+(\\s+[a-z-]+(=\"[^\"]*\")?)*\\s+on[a-z]+=").doesNotContain("<img").doesNotContain("<![cdata[")
                .doesNotContain("\"q\"").doesNotContain("'a'").doesNotContain("]]>");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\u0007");
        // the only tags are the template's own
        Set<String> tags = tags(html, Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)"));
        assertThat(tags).isSubsetOf("html", "head", "meta", "link", "title", "style", "body", "header", "h1", "h2", "h3",
                "div", "span", "main", "section", "a", "table", "thead", "tbody", "tr", "th", "td", "br", "p", "ul", "li",
                "svg", "line", "g", "rect", "text", "circle", "path", "label", "select", "option", "button", "dl", "dt",
                "dd", "code", "footer", "script", "figure", "figcaption", "wbr");
        if (variant.equals("long")) {
            assertThat(html).contains(LONG);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "long"})
    void markdownKeepsItsStructure(String variant) throws Exception {
        // fixes are the rule pack's own Markdown and rendered as such; hostile metadata is what a Rego policy or a
        // cfn-lint rule brings: no fixes, so its title is escaped like any other input text
        RunOutcome o = outcome(variant);
        List<RuleMetadata> untrusted = o.rules().stream().map(m -> m.toBuilder().text(m.rationale(), null, null, null).build()).toList();
        String md = render(new MarkdownReport(), new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(),
                o.results(), o.coverage(), untrusted, o.failures(), o.faults()));
        Set<String> tags = tags(md, Pattern.compile("</?([a-zA-Z][a-zA-Z0-9]*)"));
        assertThat(tags).as("only the report's own HTML").isSubsetOf("details", "summary", "code", "br", "b", "a", "sub");
        assertThat(md).doesNotContain("](").doesNotContain("**bold").doesNotContain("`tick`").doesNotContain("@octo")
                .doesNotContain("\u0000").doesNotContain("\u001b").doesNotContain("\r");
        assertThat(md.lines()).as("no line a runner would read as a workflow command").noneMatch(l -> l.startsWith("::"));
        assertThat(md.length()).as("fits a GitHub comment").isLessThan(65_536);
        // every table row has as many cells as its header
        int header = -1;
        for (String line : md.split("\n", -1)) {
            if (!line.startsWith("|")) {
                header = -1;
                continue;
            }
            int pipes = count(line, "|");
            if (header < 0) {
                header = pipes;
            }
            assertThat(pipes).as(line.length() > 200 ? line.substring(0, 200) : line).isEqualTo(header);
        }
        assertThat(count(md, "<details>")).isEqualTo(count(md, "</details>"));
        // a reader sees the text (cut to a readable length), not markup
        assertThat(ReportParsers.markdownShown(md)).contains("<script>alert(1)</script>").contains("[link](https:");
        if (variant.equals("long")) {
            assertThat(md).doesNotContain(LONG);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "long"})
    void junitParsesAndKeepsTheNames(String variant) throws Exception {
        RunOutcome o = outcome(variant);
        String xml = render(new JUnitReport(false), o);
        Document doc = ReportParsers.xml(xml);
        NodeList cases = doc.getElementsByTagName("testcase");
        // 4 results (none not-applicable) + 1 unreadable input + 1 fault
        assertThat(cases.getLength()).isEqualTo(6);
        String name = o.results().get(0).subject().id();
        String legal = name.replaceAll("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uD800]", "")
                .replaceAll("[\\r\\n\\t]", " ");
        Element first = (Element) cases.item(0);
        assertThat(first.getAttribute("name")).isEqualTo("GD002 " + legal);
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo(o.results().get(0).message()
                .replaceAll("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uD800]", "").replaceAll("[\\r\\n\\t]", " "));
        assertThat(failure.getTextContent()).contains("<script>alert(1)</script>").contains("]]>");
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("6");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("2");
        assertThat(root.getAttribute("skipped")).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "long"})
    void workflowCommandsCannotBeInjected(String variant) throws Exception {
        RunOutcome o = outcome(variant);
        String out = render(new GithubReport(new RepositoryRoot(Path.of("/repo"), Path.of("/repo")), null), o);
        String[] lines = out.split("\n", -1);
        assertThat(lines[lines.length - 1]).isEmpty();
        List<ReportParsers.WorkflowCommand> commands = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            assertThat(line).doesNotContain("\r");
            if (i == lines.length - 2) {
                assertThat(line).startsWith("Preflight: ");
                continue;
            }
            ReportParsers.WorkflowCommand c = ReportParsers.workflowCommand(line);
            assertThat(c).as(line.length() > 200 ? line.substring(0, 200) : line).isNotNull();
            commands.add(c);
        }
        // unreadable input + fault first (errors), then FAIL + UNKNOWN (the waived one and the pass are not annotated)
        assertThat(commands).extracting(ReportParsers.WorkflowCommand::command)
                .containsExactly("error", "error", "error", "warning");
        String id = o.results().get(0).subject().id();
        String shown = id.replaceAll("[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]", "");
        ReportParsers.WorkflowCommand fail = commands.get(2);
        assertThat(fail.properties()).containsOnlyKeys("file", "line", "col", "title");
        assertThat(fail.properties().get("title")).isEqualTo("GD002 " + shown);
        assertThat(fail.properties().get("line")).isEqualTo("7");
        assertThat(fail.properties().get("file")).startsWith("infra/<script>").endsWith(".yaml");
        assertThat(fail.data()).startsWith(shown + ": message ");
        assertThat(fail.data()).contains("\r\n::error::injected\n| a | b |");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static Set<String> tags(String s, Pattern p) {
        Set<String> out = new HashSet<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
