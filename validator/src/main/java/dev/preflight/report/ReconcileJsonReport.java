package dev.preflight.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.ReconcileOutcome;
import dev.preflight.reconcile.ConsoleResource;
import dev.preflight.reconcile.InstanceReconciliation;
import dev.preflight.reconcile.ReconcileSummary;
import dev.preflight.reconcile.Unseen;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The reconcile JSON report: a contract documented in {@code docs/reconcile-report.md} with the JSON Schema
 * {@code docs/reconcile-report.schema.json}: one entry per instance, the resources outside this check, the
 * summary, the inputs (code and account files), the errors and the rules.
 */
final class ReconcileJsonReport implements ReconcileReport {
    static final String SCHEMA_VERSION = "1";
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void write(ReconcileOutcome o, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schemaVersion", SCHEMA_VERSION);
            g.writeStringField("report", "reconcile");
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "preflight");
            g.writeStringField("version", o.run().toolVersion());
            g.writeEndObject();
            g.writeStringField("startedAt", o.run().startedAt().toString());
            g.writeArrayFieldStart("inputs");
            for (InputStatus s : o.run().inputs()) {
                input(g, s);
            }
            for (InputStatus s : o.accountInputs()) {
                input(g, s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("instances");
            for (InstanceReconciliation r : o.reconciliation().instances()) {
                instance(g, r, o.run().rules());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outsideCheck");
            for (ConsoleResource c : o.reconciliation().outsideCheck()) {
                g.writeStartObject();
                g.writeStringField("resourceId", c.resourceId());
                g.writeStringField("resourceType", c.resourceType());
                g.writeStringField("accountId", c.accountId());
                g.writeStringField("consoleStatus", c.statusLabel());
                g.writeStringField("consoleIssue", blankToNull(c.issue()));
                g.writeStringField("source", c.source());
                g.writeEndObject();
            }
            g.writeEndArray();
            summary(g, o.reconciliation().summary());
            g.writeArrayFieldStart("errors");
            for (String e : o.errors()) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rules");
            for (RuleMetadata m : o.run().rules()) {
                g.writeStartObject();
                g.writeStringField("id", m.id());
                g.writeStringField("title", m.title());
                g.writeStringField("severity", m.defaultSeverity().wireName());
                g.writeStringField("coverageIssue", m.coverageIssue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void input(JsonGenerator g, InputStatus s) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", s.file());
        g.writeStringField("format", s.format());
        g.writeNumberField("items", s.resources());
        g.writeStringField("skipped", s.skipped());
        g.writeStringField("error", s.error());
        g.writeEndObject();
    }

    private static void instance(JsonGenerator g, InstanceReconciliation r, List<RuleMetadata> rules) throws IOException {
        ConsoleResource c = r.console();
        g.writeStartObject();
        g.writeStringField("instanceId", r.instanceId());
        g.writeStringField("accountId", c == null ? null : c.accountId());
        g.writeStringField("consoleStatus", r.consoleStatus());
        g.writeStringField("consoleIssue", c == null ? null : blankToNull(c.issue()));
        g.writeStringField("consoleIssueType", r.issue().type());
        g.writeStringField("consoleSource", c == null ? null : c.source());
        g.writeStringField("updatedAt", c == null ? null : c.updatedAt());
        g.writeStringField("managementType", c == null ? null : c.managementType());
        g.writeStringField("clusterArn", c == null ? null : c.clusterArn());
        g.writeStringField("predictedStatus", r.predictedStatus());
        g.writeStringField("predictedIssue", r.predictedIssue());
        g.writeStringField("resource", r.workload() == null ? null : r.workload().id());
        g.writeStringField("resourceType", r.workload() == null ? null : r.workload().type());
        g.writeStringField("constructPath", r.workload() == null ? null : r.workload().constructPath());
        g.writeStringField("file", r.workload() == null ? null : r.workload().location().file());
        if (r.workload() == null) {
            g.writeNullField("line");
        } else {
            g.writeNumberField("line", r.workload().location().line());
        }
        g.writeStringField("link", r.link());
        g.writeStringField("agreement", r.agreement().wireName());
        g.writeArrayFieldStart("rules");
        for (String id : r.rules()) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("explainedBy");
        for (String id : r.explainedBy()) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("findings");
        for (RuleResult f : r.findings()) {
            g.writeStartObject();
            g.writeStringField("ruleId", f.ruleId());
            g.writeStringField("verdict", f.verdict().name());
            g.writeStringField("severity", f.severity().wireName());
            g.writeStringField("resource", f.subject().id());
            g.writeStringField("file", f.subject().location().file());
            g.writeNumberField("line", f.subject().location().line());
            g.writeNumberField("column", f.subject().location().column());
            g.writeStringField("message", f.message());
            g.writeStringField("reason", f.reason());
            g.writeStringField("fix", ReconcileReports.fix(f, rules));
            g.writeBooleanField("waived", f.waived());
            g.writeBooleanField("explains", r.explainedBy().contains(f.ruleId()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("unseen");
        for (Unseen u : r.unseen()) {
            g.writeStartObject();
            g.writeStringField("cause", u.code());
            g.writeStringField("hint", u.hint());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void summary(JsonGenerator g, ReconcileSummary s) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("instances", s.instances());
        g.writeNumberField("fromCode", s.fromCode());
        g.writeNumberField("notFromCode", s.notFromCode());
        g.writeNumberField("notInConsole", s.notInConsole());
        g.writeNumberField("outsideCheck", s.outsideCheck());
        g.writeObjectFieldStart("console");
        ratio(g, s.consoleHealthy(), s.instances());
        g.writeEndObject();
        g.writeObjectFieldStart("consoleForCode");
        ratio(g, s.consoleHealthyFromCode(), s.fromCode());
        g.writeEndObject();
        g.writeObjectFieldStart("predicted");
        ratio(g, s.predictedHealthy(), s.fromCode());
        g.writeNumberField("unhealthy", s.predictedUnhealthy());
        g.writeNumberField("excluded", s.predictedExcluded());
        g.writeNumberField("unknown", s.predictedUnknown());
        g.writeEndObject();
        g.writeObjectFieldStart("right");
        g.writeNumberField("right", s.right());
        g.writeNumberField("of", s.fromCode());
        g.writeObjectFieldStart("Healthy");
        g.writeNumberField("right", s.healthyRight());
        g.writeNumberField("of", s.consoleHealthyFromCode());
        g.writeEndObject();
        g.writeObjectFieldStart("Unhealthy");
        g.writeNumberField("right", s.unhealthyRight());
        g.writeNumberField("of", s.unhealthyFromCode());
        g.writeEndObject();
        g.writeObjectFieldStart("sameIssue");
        g.writeNumberField("right", s.issueRight());
        g.writeNumberField("of", s.unhealthyFromCode());
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("unhealthyExplained");
        g.writeNumberField("explained", s.unhealthyExplained());
        g.writeNumberField("of", s.unhealthyFromCode());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void ratio(JsonGenerator g, int healthy, int total) throws IOException {
        g.writeNumberField("healthy", healthy);
        g.writeNumberField("total", total);
        Double p = ReconcileSummary.percent(healthy, total);
        if (p == null) {
            g.writeNullField("percent");
        } else {
            g.writeNumberField("percent", p);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
