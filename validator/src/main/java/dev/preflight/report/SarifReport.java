package dev.preflight.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.coverage.ConsoleStatus;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.Fingerprint;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import java.io.IOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Findings (FAIL, and UNKNOWN as warnings with
 * {@code properties.verdict}) are results; passes and not-applicable evaluations are only counted in the run's
 * properties. Paths are relative to the repository root ({@code %SRCROOT%}); {@code partialFingerprints} hold
 * {@link Fingerprint} so an alert survives moved lines; waived results carry a suppression with the reason.
 * A file-level result (GD011, GD013 on an input) gets {@code region.startLine 1}: code scanning drops or cannot
 * place a result without a region. {@code security-severity} (GitHub's 0-10 score: 9+ critical, 7+ high, 4+ medium)
 * follows what the rule's failures do to the predicted coverage of this run, see {@link #securitySeverity}.
 * cfn-lint's rules are template-correctness checks, not security ones: they carry no {@code security} tag.
 */
public final class SarifReport implements Report {
    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SRCROOT = "%SRCROOT%";
    static final String FINGERPRINT_KEY = "preflight/v1";
    static final String INFORMATION_URI = "https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html";

    private final RepositoryRoot root;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public SarifReport(RepositoryRoot root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "sarif";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        ObjectNode log = mapper.createObjectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Preflight");
        driver.put("version", o.toolVersion());
        // the tool's own page is its README in the repository it is run from; the prerequisites it checks are AWS's
        driver.put("informationUri", INFORMATION_URI);
        Map<String, Integer> ruleIndex = new HashMap<>();
        ArrayNode rules = driver.putArray("rules");
        Map<String, ConsoleStatus> consequence = consequences(o);
        for (RuleMetadata m : o.rules()) {
            ruleIndex.put(m.id(), rules.size());
            rules.add(rule(m, consequence.get(m.id())));
        }

        run.putObject("originalUriBaseIds").putObject(SRCROOT).put("uri", root.rootUri());

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", !o.incomplete());
        invocation.put("startTimeUtc", o.startedAt().toInstant().toString());
        ArrayNode notes = mapper.createArrayNode();
        for (InputFailure f : o.failures()) {
            ObjectNode n = notes.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", f.oneLine());
            n.putArray("locations").addObject().set("physicalLocation",
                    physical(new SourceLocation(f.file(), Math.max(f.line(), 0), Math.max(f.column(), 0))));
        }
        for (String f : o.faults()) {
            ObjectNode n = notes.addObject();
            n.put("level", "error");
            n.putObject("message").put("text", f);
        }
        for (String w : o.warnings()) {
            ObjectNode n = notes.addObject();
            n.put("level", "warning");
            n.putObject("message").put("text", w);
        }
        for (InputStatus s : o.inputs()) {
            if (s.skipped() != null) {
                ObjectNode n = notes.addObject();
                n.put("level", "note");
                n.putObject("message").put("text", s.file() + ": skipped: " + s.skipped());
            }
        }
        if (!notes.isEmpty()) {
            invocation.set("toolExecutionNotifications", notes);
        }

        ArrayNode results = run.putArray("results");
        Map<String, Map<Verdict, Integer>> perRule = new LinkedHashMap<>();
        for (RuleMetadata m : o.rules()) {
            perRule.put(m.id(), new EnumMap<>(Verdict.class));
        }
        Map<Verdict, Integer> totals = new EnumMap<>(Verdict.class);
        for (RuleResult r : o.results()) {
            perRule.computeIfAbsent(r.ruleId(), k -> new EnumMap<>(Verdict.class)).merge(r.verdict(), 1, Integer::sum);
            totals.merge(r.verdict(), 1, Integer::sum);
            if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN) {
                results.add(result(r, ruleIndex.get(r.ruleId()), o.baseline() != null));
            }
        }

        ObjectNode props = run.putObject("properties");
        props.put("passCount", totals.getOrDefault(Verdict.PASS, 0));
        props.put("failCount", totals.getOrDefault(Verdict.FAIL, 0));
        props.put("unknownCount", totals.getOrDefault(Verdict.UNKNOWN, 0));
        props.put("notApplicableCount", totals.getOrDefault(Verdict.NOT_APPLICABLE, 0));
        ObjectNode counts = props.putObject("ruleCounts");
        perRule.forEach((id, c) -> {
            ObjectNode n = counts.putObject(id);
            for (Verdict v : Verdict.values()) {
                n.put(v.name(), c.getOrDefault(v, 0));
            }
        });
        ObjectNode coverage = props.putObject("coverage");
        CoverageStatistic st = o.coverage().statistic();
        if (st.percent() == null) {
            coverage.putNull("percent");
        } else {
            coverage.put("percent", st.percent());
        }
        if (st.computed()) {
            coverage.putObject("percentRange").put("low", st.low()).put("high", st.high());
        } else {
            coverage.putNull("percentRange");
        }
        coverage.put("notComputed", st.notComputed());
        coverage.put("statement", st.statement());
        coverage.put("basis", st.basis());
        if (st.instances() == null) {
            coverage.putNull("instances");
        } else {
            coverage.putObject("instances").put("low", st.instances().low()).put("high", st.instances().high());
        }
        if (st.healthy() == null) {
            coverage.putNull("healthyInstances");
        } else {
            coverage.putObject("healthyInstances").put("low", st.healthy().low()).put("high", st.healthy().high());
        }
        ArrayNode perWorkload = coverage.putArray("workloadInstances");
        for (WorkloadCoverage w : o.coverage().workloads()) {
            perWorkload.addObject().put("resource", w.workload().id()).put("file", w.workload().location().file())
                    .put("status", w.status().label()).put("instances", w.instances().display())
                    .put("basis", w.instances().describe());
        }
        coverage.put("workloads", o.coverage().total());
        coverage.put("healthy", o.coverage().healthy());
        coverage.put("unhealthy", o.coverage().unhealthy());
        coverage.put("excluded", o.coverage().excluded());
        coverage.put("unknown", o.coverage().unknown());

        mapper.writeValue(out, log);
        out.write('\n');
    }

    /** For each rule, the worst predicted console status among the workloads it decides in this run. */
    static Map<String, ConsoleStatus> consequences(RunOutcome o) {
        Map<String, ConsoleStatus> worst = new HashMap<>();
        for (WorkloadCoverage w : o.coverage().workloads()) {
            for (String id : w.decidingRules()) {
                worst.merge(id, w.status(), (a, b) -> rank(a) >= rank(b) ? a : b);
            }
        }
        return worst;
    }

    private static int rank(ConsoleStatus s) {
        return switch (s) {
            case UNHEALTHY -> 3;
            case EXCLUDED -> 2;
            case UNKNOWN -> 1;
            case HEALTHY -> 0;
        };
    }

    /**
     * The score by consequence: a rule whose failure makes workloads of this run Unhealthy (not monitored, and the
     * console says so days later) 9.0; one that excludes them from monitoring (GD007's unintended exclusion) 7.5;
     * one that leaves their status unknown 5.0; a rule that decides no workload's status here scores by its
     * severity: error 7.0 (it would stop coverage where it applies), warning 4.0, info 1.0.
     */
    static String securitySeverity(RuleMetadata m, ConsoleStatus consequence) {
        if (consequence != null) {
            switch (consequence) {
                case UNHEALTHY -> { return "9.0"; }
                case EXCLUDED -> { return "7.5"; }
                case UNKNOWN -> { return "5.0"; }
                default -> { }
            }
        }
        return switch (m.defaultSeverity()) {
            case ERROR -> "7.0";
            case WARNING -> "4.0";
            case INFO -> "1.0";
        };
    }

    private ObjectNode rule(RuleMetadata m, ConsoleStatus consequence) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", m.id());
        n.put("name", identifier(m.title()));
        n.putObject("shortDescription").put("text", m.title());
        n.putObject("fullDescription").put("text", m.rationale() == null || m.rationale().isBlank() ? m.title() : m.rationale());
        if (m.documentationUrl() != null && !m.documentationUrl().isBlank()) {
            n.put("helpUri", m.documentationUrl());
        }
        ObjectNode help = n.putObject("help");
        help.put("text", helpText(m, false));
        help.put("markdown", helpText(m, true));
        n.putObject("defaultConfiguration").put("level", level(m.defaultSeverity()));
        ObjectNode props = n.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        boolean security = !m.tags().contains("cfn-lint");
        if (security) {
            tags.add("security");
        }
        for (String t : m.tags()) {
            if (!t.equals("security")) {
                tags.add(t);
            }
        }
        if (security) {
            // GitHub code scanning ranks security alerts by this score
            props.put("security-severity", securitySeverity(m, consequence));
        }
        props.put("precision", "high");
        if (m.coverageIssue() != null) {
            props.put("coverageIssue", m.coverageIssue());
        }
        return n;
    }

    private static String helpText(RuleMetadata m, boolean markdown) {
        StringBuilder sb = new StringBuilder();
        sb.append(markdown ? "**" + m.title() + "**" : m.title()).append("\n\n");
        if (m.rationale() != null) {
            sb.append(m.rationale()).append("\n\n");
        }
        if (m.coverageIssue() != null) {
            sb.append("Prevents the GuardDuty coverage issue: ").append(m.coverageIssue()).append("\n\n");
        }
        fix(sb, "CloudFormation", m.fixCloudFormation(), markdown);
        fix(sb, "CDK", m.fixCdk(), markdown);
        fix(sb, "Terraform", m.fixTerraform(), markdown);
        return sb.toString().strip();
    }

    private static void fix(StringBuilder sb, String dialect, String fix, boolean markdown) {
        if (fix != null && !fix.isBlank()) {
            sb.append(markdown ? "**Fix (" + dialect + "):** " : "Fix (" + dialect + "): ").append(fix).append("\n\n");
        }
    }

    private ObjectNode result(RuleResult r, Integer index, boolean baselineActive) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ruleId", r.ruleId());
        if (index != null) {
            n.put("ruleIndex", index);
        }
        boolean unknown = r.verdict() == Verdict.UNKNOWN;
        n.put("level", unknown ? "warning" : level(r.severity()));
        String text = r.message();
        if (unknown && r.reason() != null && !text.contains(r.reason())) {
            text = text + " (unknown: " + r.reason() + ")";
        }
        StringBuilder message = new StringBuilder(brackets(text));
        if (!r.related().isEmpty()) {
            // code scanning shows related locations only when the message links them: [text](id)
            message.append(" Related: ");
            for (int i = 0; i < r.related().size(); i++) {
                message.append(i == 0 ? "" : ", ").append('[').append(brackets(r.related().get(i).resource())).append("](")
                        .append(i + 1).append(')');
            }
            message.append('.');
        }
        n.putObject("message").put("text", message.toString());

        ObjectNode loc = n.putArray("locations").addObject();
        loc.set("physicalLocation", physical(r.subject().location()));
        ObjectNode logical = loc.putArray("logicalLocations").addObject();
        logical.put("name", r.subject().id());
        logical.put("kind", "resource");
        if (r.subject().constructPath() != null) {
            logical.put("fullyQualifiedName", r.subject().constructPath());
        }

        if (!r.related().isEmpty()) {
            ArrayNode rel = n.putArray("relatedLocations");
            int id = 1;
            for (RelatedLocation l : r.related()) {
                ObjectNode x = rel.addObject();
                x.put("id", id++);
                x.set("physicalLocation", physical(l.location()));
                x.putObject("message").put("text", l.resource() + (l.message() == null ? "" : ": " + l.message()));
            }
        }
        n.putObject("partialFingerprints").put(FINGERPRINT_KEY, Fingerprint.of(r));
        if (baselineActive && r.finding()) {
            n.put("baselineState", r.existing() ? "unchanged" : "new");
        }
        if (r.waived()) {
            ObjectNode s = n.putArray("suppressions").addObject();
            s.put("kind", r.waiver().source().startsWith("Metadata of ") ? "inSource" : "external");
            s.put("status", "accepted");
            s.put("justification", r.waiver().reason()
                    + (r.waiver().expires() == null ? "" : " (expires " + r.waiver().expires() + ")"));
            s.putObject("properties").put("source", r.waiver().source());
        }
        ObjectNode props = n.putObject("properties");
        props.put("verdict", r.verdict().name());
        props.put("severity", r.severity().wireName());
        if (r.reason() != null) {
            props.put("reason", r.reason());
        }
        props.put("resource", r.subject().id());
        props.put("resourceType", r.subject().type());
        return n;
    }

    private ObjectNode physical(SourceLocation l) {
        ObjectNode p = mapper.createObjectNode();
        ObjectNode art = p.putObject("artifactLocation");
        art.put("uri", root.uri(l.file()));
        if (root.relative(l.file()) != null) {
            art.put("uriBaseId", SRCROOT);
        }
        ObjectNode region = p.putObject("region");
        // a finding on the whole file is placed on its first line
        region.put("startLine", l.line() > 0 ? l.line() : 1);
        if (l.line() > 0 && l.column() > 0) {
            region.put("startColumn", l.column());
        }
        return p;
    }

    /** SARIF message text: literal square brackets are escaped, so only the related-location links are links. */
    static String brackets(String s) {
        return s.replace("[", "\\[").replace("]", "\\]");
    }

    static String level(dev.preflight.rule.Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** "VPC DNS attributes" -> "VPCDNSAttributes": SARIF wants an identifier-like rule name. */
    static String identifier(String title) {
        StringBuilder sb = new StringBuilder();
        for (String w : title.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                sb.append(w.substring(0, 1).toUpperCase(Locale.ROOT)).append(w.substring(1));
            }
        }
        return sb.isEmpty() ? "Rule" : sb.toString();
    }
}
