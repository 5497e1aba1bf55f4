package dev.preflight.report;

import dev.preflight.coverage.ConsoleStatus;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The audit report: one self-contained HTML file (inline CSS and JS, no network) rendered with Pebble, which
 * escapes every value. A Content-Security-Policy allows only the report's own script (by hash), so even text that
 * slipped through escaping could not run. Sections: run facts, the predicted coverage figure, workloads with their
 * predicted console status, each failure with its fix and, for the network rules, the picture of each failing
 * workload's path to the data endpoint (hop by hop, the failing hop marked with its rule), all results filterable by rule, verdict and
 * severity, waivers, inputs and errors, and the rule catalogue.
 */
public final class HtmlReport implements Report {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    static final String CSS = resource("html-report.css");
    private static final String JS = resource("html-report.js");
    private static final PebbleTemplate TEMPLATE = compile();

    private final LocalDate today;

    public HtmlReport() {
        this(LocalDate.now(ZoneOffset.UTC));
    }

    HtmlReport(LocalDate today) {
        this.today = today;
    }

    @Override
    public String name() {
        return "html";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        TEMPLATE.evaluate(out, model(o));
        out.write('\n');
    }

    private static PebbleTemplate compile() {
        ClasspathLoader loader = new ClasspathLoader(HtmlReport.class.getClassLoader());
        loader.setPrefix("dev/preflight/report");
        PebbleEngine engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true)
                .defaultEscapingStrategy("html").strictVariables(true).cacheActive(false).build();
        return engine.getTemplate("html-report.peb");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Only the report's own script may run: its SHA-256 is the sole script source. */
    static String contentSecurityPolicy() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(JS.getBytes(StandardCharsets.UTF_8));
            return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-"
                    + Base64.getEncoder().encodeToString(d) + "'; base-uri 'none'; form-action 'none'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private Map<String, Object> model(RunOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("css", CSS);
        m.put("js", JS);
        m.put("csp", contentSecurityPolicy());
        Tally t = Tally.of(o);

        int loaded = 0;
        int resources = 0;
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (InputStatus s : o.inputs()) {
            if (s.format() != null && s.error() == null) {
                loaded++;
                resources += s.resources();
            }
            inputs.add(map("file", plain(s.file()), "format", s.format() == null ? "—" : s.format(), "resources", s.resources(),
                    "skipped", s.skipped() == null ? null : plain(s.skipped()), "error", s.error() == null ? null : plain(s.error())));
        }
        m.put("inputs", inputs);
        List<String> errors = new ArrayList<>();
        for (InputFailure f : o.failures()) {
            errors.add(plain(f.oneLine()));
        }
        for (String f : o.faults()) {
            errors.add(plain(f));
        }
        m.put("errors", errors);
        m.put("warnings", o.warnings().stream().map(HtmlReport::plain).toList());

        m.put("run", map("version", plain(o.toolVersion()), "started", STAMP.format(o.startedAt().withOffsetSameInstant(ZoneOffset.UTC)),
                "inputCount", loaded, "resources", resources, "ruleSet", ruleSet(o.rules()),
                "baseline", o.baseline() != null ? plain(o.baseline()) : null));
        m.put("tally", map("fail", t.count(Verdict.FAIL), "unknown", t.count(Verdict.UNKNOWN), "pass", t.count(Verdict.PASS),
                "na", t.count(Verdict.NOT_APPLICABLE), "waived", t.waived(), "existing", t.existing(),
                "errors", o.failures().size() + o.faults().size()));
        m.put("coverage", coverage(o.coverage()));

        Map<String, RuleMetadata> meta = new LinkedHashMap<>();
        for (RuleMetadata r : o.rules()) {
            meta.put(r.id(), r);
        }
        // the console status each workload's deciding rule causes: for the workload itself, and for the rule at all
        Map<String, ConsoleStatus> consequence = new java.util.HashMap<>();
        Map<String, ConsoleStatus> ruleConsequence = new java.util.HashMap<>();
        for (WorkloadCoverage w : o.coverage().workloads()) {
            for (String id : w.decidingRules()) {
                consequence.merge(w.workload().location().file() + "\u0000" + w.workload().id() + "\u0000" + id, w.status(),
                        (a, b) -> consequenceRank(a) <= consequenceRank(b) ? a : b);
                ruleConsequence.merge(id, w.status(), (a, b) -> consequenceRank(a) <= consequenceRank(b) ? a : b);
            }
        }
        PathPictures pictures = new PathPictures(o.results());
        List<Map<String, Object>> failures = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> waivers = new ArrayList<>();
        Set<String> ruleIds = new TreeSet<>(meta.keySet());
        for (RuleResult r : o.results()) {
            ruleIds.add(r.ruleId());
            String verdict = r.verdict().name();
            String state = o.baseline() != null && r.finding() ? (r.existing() ? "existing" : "new") : null;
            results.add(map("ruleId", plain(r.ruleId()), "verdict", verdict, "verdictLabel", verdictLabel(r.verdict()),
                    "severity", finding(r) ? r.severity().wireName() : "", "resource", plain(r.subject().id()), "type", plain(r.subject().type()),
                    "location", plain(r.subject().location().toString()), "message", plain(r.message()),
                    "reason", r.reason() == null ? null : plain(r.reason()), "waived", r.waived(), "baseline", state));
            if (r.verdict() == Verdict.FAIL) {
                List<Map<String, Object>> related = new ArrayList<>();
                for (RelatedLocation rel : r.related()) {
                    related.add(map("resource", plain(rel.resource()), "location", plain(rel.location().toString()),
                            "message", rel.message() == null ? null : plain(rel.message())));
                }
                RuleMetadata rm = meta.get(r.ruleId());
                ConsoleStatus caused = consequence.get(r.subject().location().file() + "\u0000" + r.subject().id() + "\u0000" + r.ruleId());
                if (caused == null) {
                    caused = ruleConsequence.get(r.ruleId());
                }
                failures.add(map("order", consequenceRank(caused) * 10 + severityRank(r.severity()),
                        "consequence", caused == null ? null : caused.label(),
                        "fixes", rm == null ? List.of() : fixes(rm),
                        "ruleId", plain(r.ruleId()), "title", rm == null ? "" : plain(rm.title()),
                        "severity", r.severity().wireName(), "resource", plain(r.subject().id()),
                        "location", plain(r.subject().location().toString()), "message", plain(r.message()),
                        "waived", r.waived(), "waiverReason", r.waived() ? plain(r.waiver().reason()) : null,
                        "baseline", state, "related", related, "pictures", pictures.of(r), "notDrawn", pictures.notDrawn(r)));
            }
            if (r.waived()) {
                waivers.add(map("ruleId", plain(r.ruleId()), "resource", plain(r.subject().id()), "verdict", verdict,
                        "reason", plain(r.waiver().reason()),
                        "expires", r.waiver().expires() == null ? "never" : r.waiver().expires().toString(),
                        "expired", r.waiver().expiredOn(today), "source", plain(r.waiver().source())));
            }
        }
        // by consequence (the console status the failure causes), then severity; stable: file order within
        failures.sort(java.util.Comparator.comparingInt(f -> (Integer) f.get("order")));
        m.put("failures", failures);
        m.put("results", results);
        m.put("waivers", waivers);
        m.put("filterRules", new ArrayList<>(ruleIds));
        m.put("verdicts", List.of("FAIL", "UNKNOWN", "PASS", "NOT_APPLICABLE"));
        m.put("severities", List.of(Severity.ERROR.wireName(), Severity.WARNING.wireName(), Severity.INFO.wireName()));

        List<Map<String, Object>> catalogue = new ArrayList<>();
        for (RuleMetadata r : o.rules()) {
            List<Map<String, Object>> fixes = fixes(r);
            String docs = r.documentationUrl();
            catalogue.add(map("id", plain(r.id()), "title", plain(r.title()), "severity", r.defaultSeverity().wireName(),
                    "rationale", r.rationale() == null ? "" : plain(r.rationale()),
                    "coverageIssue", r.coverageIssue() == null ? null : plain(r.coverageIssue()),
                    "docs", docs != null && (docs.startsWith("https://") || docs.startsWith("http://")) ? plain(docs) : null,
                    "tags", plain(String.join(", ", r.tags())), "fixes", fixes));
        }
        m.put("rules", catalogue);
        return m;
    }

    private static List<Map<String, Object>> fixes(RuleMetadata r) {
        List<Map<String, Object>> fixes = new ArrayList<>();
        for (String[] f : new String[][] {{"CloudFormation", r.fixCloudFormation()}, {"CDK", r.fixCdk()}, {"Terraform", r.fixTerraform()}}) {
            if (f[1] != null && !f[1].isBlank()) {
                fixes.add(map("dialect", f[0], "html", codeSpans(f[1])));
            }
        }
        return fixes;
    }

    /** Unhealthy first (the workload is not monitored), then excluded, unknown, and failures that decide no status. */
    private static int consequenceRank(ConsoleStatus s) {
        if (s == null) {
            return 4;
        }
        return switch (s) {
            case UNHEALTHY -> 0;
            case EXCLUDED -> 1;
            case UNKNOWN -> 2;
            case HEALTHY -> 3;
        };
    }

    private static int severityRank(Severity s) {
        return switch (s) {
            case ERROR -> 0;
            case WARNING -> 1;
            case INFO -> 2;
        };
    }

    private static Map<String, Object> coverage(CoverageReport c) {
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (WorkloadCoverage w : c.workloads()) {
            workloads.add(map("id", plain(w.workload().id()), "type", plain(w.workload().type()),
                    "location", plain(w.workload().location().toString()), "instances", plain(w.instances().describe()),
                    "status", w.status().label(), "issue", w.issueType() == null ? null : plain(w.issueType()),
                    "explanation", w.explanation() == null ? "" : plain(w.explanation()),
                    "rules", plain(String.join(", ", w.decidingRules()))));
        }
        CoverageStatistic st = c.statistic();
        String cls = !st.computed() ? "none" : st.low() == 100.0 ? "good" : "bad";
        String figure = !st.computed() ? null : st.percent() != null ? st.percent() + "%" : st.low() + "–" + st.high() + "%";
        return map("percent", st.percent() == null ? null : st.percent().toString(), "figure", figure, "cls", cls,
                "statement", plain(st.statement()), "basis", plain(st.basis()), "total", c.total(),
                "healthy", c.healthy(), "unhealthy", c.unhealthy(), "excluded", c.excluded(), "unknown", c.unknown(),
                "workloads", workloads, "assumptions", c.assumptions().stream().map(HtmlReport::plain).toList());
    }

    static Map<String, Object> diagram(PathDiagram d) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (PathDiagram.Node n : d.nodes()) {
            nodes.add(map("x", n.x(), "y", n.y(), "w", n.w(), "h", n.h(), "tx", n.tx(), "ty", n.ty(), "ty2", n.ty2(),
                    "label", plain(n.label()), "sub", plain(n.sub()), "title", plain(n.title()), "kind", n.kind()));
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (PathDiagram.Edge e : d.edges()) {
            edges.add(map("x1", e.x1(), "y1", e.y1(), "x2", e.x2(), "y2", e.y2(), "failing", e.failing()));
        }
        List<Map<String, Object>> crosses = new ArrayList<>();
        for (PathDiagram.Cross c : d.crosses()) {
            crosses.add(map("x", c.x(), "y", c.y()));
        }
        return map("width", d.width(), "height", d.height(), "nodes", nodes, "edges", edges, "crosses", crosses,
                "captionY", d.captionY(), "caption", plain(d.caption()));
    }

    private static String ruleSet(List<RuleMetadata> rules) {
        if (rules.isEmpty()) {
            return "no rules";
        }
        Set<String> ids = new LinkedHashSet<>();
        for (RuleMetadata r : rules) {
            ids.add(r.id());
        }
        List<String> list = new ArrayList<>(ids);
        return list.size() + (list.size() == 1 ? " rule (" : " rules (") + plain(list.get(0))
                + (list.size() > 1 ? "–" + plain(list.get(list.size() - 1)) : "") + ")";
    }

    /** Severity belongs to findings; a pass has none worth filtering by. */
    private static boolean finding(RuleResult r) {
        return r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN;
    }

    private static String verdictLabel(Verdict v) {
        return switch (v) {
            case FAIL -> "FAIL";
            case UNKNOWN -> "UNKNOWN";
            case PASS -> "PASS";
            case NOT_APPLICABLE -> "N/A";
        };
    }

    /** A fix text with `code` spans: escaped here (it is written raw), backtick spans become {@code <code>}. */
    static String codeSpans(String s) {
        StringBuilder sb = new StringBuilder();
        String[] parts = plain(s).split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean code = i % 2 == 1 && i < parts.length - 1;
            if (code) {
                sb.append("<code>").append(escape(parts[i])).append("</code>");
            } else {
                sb.append(i % 2 == 1 ? "`" : "").append(escape(parts[i]));
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Drops control characters (they render as nothing useful and trip some viewers); keeps tabs and line breaks. */
    static String plain(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(s.charAt(i - 1)));
            boolean drop = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0) || lone;
            if (drop && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (!drop && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
