package dev.preflight.report;

import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.reconcile.ReconcileSummary;
import dev.preflight.reconcile.Unseen;
import dev.preflight.rule.RuleResult;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation as one self-contained HTML page (the audit report's stylesheet, no script, no network):
 * the figures, then each instance with the console beside the prediction, its deciding findings with the path
 * picture of the failing hop ({@link PathDiagram}), and what Preflight could not see. Pebble escapes every value.
 */
final class ReconcileHtmlReport implements ReconcileReport {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
            + "base-uri 'none'; form-action 'none'";
    private static final PebbleTemplate TEMPLATE = compile();

    @Override
    public String name() {
        return "html";
    }

    @Override
    public void write(ReconcileOutcome o, Writer out) throws IOException {
        TEMPLATE.evaluate(out, model(o));
        out.write('\n');
    }

    private static PebbleTemplate compile() {
        ClasspathLoader loader = new ClasspathLoader(ReconcileHtmlReport.class.getClassLoader());
        loader.setPrefix("dev/preflight/report");
        PebbleEngine engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true)
                .defaultEscapingStrategy("html").strictVariables(true).cacheActive(false).build();
        return engine.getTemplate("reconcile-report.peb");
    }

    private static Map<String, Object> model(ReconcileOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("css", HtmlReport.CSS);
        m.put("csp", CSP);
        m.put("version", o.run().toolVersion());
        m.put("started", o.run().startedAt().toString());
        ReconcileSummary s = o.reconciliation().summary();
        m.put("summary", map("instances", s.instances(), "fromCode", s.fromCode(), "notFromCode", s.notFromCode(),
                "console", ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthy(), s.instances())),
                "consoleHealthy", s.consoleHealthy(),
                "consoleForCode", ReconcileReports.percent(ReconcileSummary.percent(s.consoleHealthyFromCode(), s.fromCode())),
                "predicted", ReconcileReports.percent(ReconcileSummary.percent(s.predictedHealthy(), s.fromCode())),
                "predictedHealthy", s.predictedHealthy(), "predictedUnhealthy", s.predictedUnhealthy(),
                "predictedExcluded", s.predictedExcluded(), "predictedUnknown", s.predictedUnknown(),
                "right", s.right(), "healthyRight", s.healthyRight(), "healthyOf", s.consoleHealthyFromCode(),
                "unhealthyRight", s.unhealthyRight(), "unhealthyOf", s.unhealthyFromCode(), "issueRight", s.issueRight(),
                "explained", s.unhealthyExplained(), "outside", s.outsideCheck()));
        List<Map<String, Object>> instances = new ArrayList<>();
        int diagrams = 0;
        for (InstanceReconciliation r : o.reconciliation().instances()) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (RuleResult f : r.findings()) {
                boolean explains = r.explainedBy().contains(f.ruleId());
                Object diagram = explains ? PathDiagram.of(f).map(HtmlReport::diagram).orElse(null) : null;
                findings.add(map("ruleId", f.ruleId(), "verdict", f.verdict().name(), "resource", HtmlReport.plain(f.subject().id()),
                        "location", HtmlReport.plain(f.subject().location().toString()),
                        "message", HtmlReport.plain(f.reason() != null ? f.reason() : f.message()),
                        "fix", HtmlReport.plain(explains ? ReconcileReports.fix(f, o.run().rules()) : null),
                        "explains", explains, "diagram", diagram, "id", "d" + (++diagrams)));
            }
            List<Map<String, Object>> unseen = new ArrayList<>();
            for (Unseen u : r.unseen()) {
                unseen.add(map("cause", u.code(), "hint", u.hint()));
            }
            instances.add(map("id", HtmlReport.plain(r.instanceId()),
                    "workload", r.workload() == null ? null : HtmlReport.plain(r.workload().id()),
                    "location", r.workload() == null ? null : HtmlReport.plain(r.workload().location().toString()),
                    "console", HtmlReport.plain(ReconcileReports.consoleLabel(r)),
                    "consoleCls", r.console() == null ? "unknown" : r.console().healthy() ? "pass" : "fail",
                    "predicted", HtmlReport.plain(ReconcileReports.predictedLabel(r)),
                    "verdict", HtmlReport.plain(ReconcileReports.verdict(r)), "agreement", r.agreement().wireName(),
                    "link", HtmlReport.plain(r.link()), "findings", findings, "unseen", unseen));
        }
        m.put("instances", instances);
        List<Map<String, Object>> outside = new ArrayList<>();
        o.reconciliation().outsideCheck().forEach(c -> outside.add(map("id", HtmlReport.plain(c.resourceId()),
                "type", c.resourceType(), "status", c.statusLabel(), "issue", HtmlReport.plain(c.issue()))));
        m.put("outside", outside);
        m.put("errors", o.errors().stream().map(HtmlReport::plain).toList());
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
