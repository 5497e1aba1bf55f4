package dev.preflight.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.InstanceCount;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.Fingerprint;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;

import java.io.IOException;
import java.io.Writer;

/**
 * The JSON report: a stable contract documented in {@code docs/json-report.md} with the JSON Schema
 * {@code docs/json-report.schema.json}. {@code results} holds every rule x subject evaluation, passes included.
 * It is also the input of {@code --baseline}.
 */
public final class JsonReport implements Report {
    public static final String SCHEMA_VERSION = "2";
    private static final JsonFactory FACTORY = new JsonFactory();

    public JsonReport() {
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schemaVersion", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "preflight");
            g.writeStringField("version", o.toolVersion());
            g.writeEndObject();
            g.writeStringField("startedAt", o.startedAt().toString());
            g.writeStringField("baseline", o.baseline());
            g.writeArrayFieldStart("inputs");
            for (InputStatus s : o.inputs()) {
                g.writeStartObject();
                g.writeStringField("file", s.file());
                g.writeStringField("format", s.format());
                g.writeNumberField("resources", s.resources());
                g.writeStringField("skipped", s.skipped());
                g.writeStringField("error", s.error());
                if (s.symlink() != null) {
                    g.writeStringField("symlink", s.symlink());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("results");
            for (RuleResult r : o.results()) {
                writeResult(g, r, o.baseline() != null);
            }
            g.writeEndArray();
            writeCoverage(g, o.coverage());
            g.writeArrayFieldStart("errors");
            for (InputFailure f : o.failures()) {
                g.writeString(f.oneLine());
            }
            for (String f : o.faults()) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : o.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rules");
            for (RuleMetadata m : o.rules()) {
                g.writeStartObject();
                g.writeStringField("id", m.id());
                g.writeStringField("title", m.title());
                g.writeStringField("severity", m.defaultSeverity().wireName());
                g.writeStringField("documentation", m.documentationUrl());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeResult(JsonGenerator g, RuleResult r, boolean baselineActive) throws IOException {
        SourceLocation l = r.subject().location();
        g.writeStartObject();
        g.writeStringField("ruleId", r.ruleId());
        g.writeStringField("verdict", r.verdict().name());
        g.writeStringField("severity", r.severity().wireName());
        g.writeStringField("resource", r.subject().id());
        g.writeStringField("resourceType", r.subject().type());
        g.writeStringField("constructPath", r.subject().constructPath());
        g.writeStringField("file", l.file());
        g.writeNumberField("line", l.line());
        g.writeNumberField("column", l.column());
        g.writeStringField("message", r.message());
        g.writeStringField("reason", r.reason());
        g.writeArrayFieldStart("related");
        for (RelatedLocation rel : r.related()) {
            g.writeStartObject();
            g.writeStringField("resource", rel.resource());
            g.writeStringField("file", rel.location().file());
            g.writeNumberField("line", rel.location().line());
            g.writeNumberField("column", rel.location().column());
            g.writeStringField("message", rel.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!r.paths().isEmpty()) {
            writePaths(g, r.paths());
        }
        g.writeBooleanField("waived", r.waived());
        if (r.waived()) {
            g.writeObjectFieldStart("waiver");
            g.writeStringField("reason", r.waiver().reason());
            g.writeStringField("expires", r.waiver().expires() == null ? null : r.waiver().expires().toString());
            g.writeStringField("source", r.waiver().source());
            g.writeEndObject();
        } else {
            g.writeNullField("waiver");
        }
        g.writeStringField("fingerprint", Fingerprint.of(r));
        // the standing the engine's acceptance step decided; "baseline" only with --baseline, as before
        g.writeStringField("standing", r.standing() == null ? null : r.standing().wireName());
        if (baselineActive && r.finding()) {
            g.writeStringField("baseline", r.existing() ? "existing" : "new");
        }
        g.writeEndObject();
    }

    /** The network rules' paths, hop by hop (docs/json-report.md, "paths"). */
    private static void writePaths(JsonGenerator g, java.util.List<NetworkPath> paths) throws IOException {
        g.writeArrayFieldStart("paths");
        for (NetworkPath p : paths) {
            g.writeStartObject();
            g.writeArrayFieldStart("hops");
            for (NetworkPath.Hop h : p.hops()) {
                g.writeStartObject();
                g.writeStringField("kind", h.kind().wireName());
                g.writeStringField("resource", h.resource());
                g.writeStringField("label", h.label());
                if (h.location() == null) {
                    g.writeNullField("file");
                    g.writeNullField("line");
                    g.writeNullField("column");
                } else {
                    g.writeStringField("file", h.location().file());
                    g.writeNumberField("line", h.location().line());
                    g.writeNumberField("column", h.location().column());
                }
                g.writeStringField("status", h.status().wireName());
                g.writeStringField("ruleId", h.ruleId());
                g.writeStringField("reason", h.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    /** {"low": n, "high": m}, or null when the count cannot be computed. */
    private static void count(JsonGenerator g, String field, CoverageStatistic.Count c) throws IOException {
        if (c == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeNumberField("low", c.low());
        g.writeNumberField("high", c.high());
        g.writeEndObject();
    }

    private static void writeCoverage(JsonGenerator g, CoverageReport c) throws IOException {
        CoverageStatistic st = c.statistic();
        g.writeObjectFieldStart("coverage");
        number(g, "percent", st.percent());
        if (st.computed()) {
            g.writeObjectFieldStart("percentRange");
            g.writeNumberField("low", st.low());
            g.writeNumberField("high", st.high());
            g.writeEndObject();
        } else {
            g.writeNullField("percentRange");
        }
        g.writeStringField("notComputed", st.notComputed());
        g.writeStringField("statement", st.statement());
        g.writeStringField("basis", st.basis());
        g.writeObjectFieldStart("instances");
        count(g, "total", st.instances());
        count(g, "healthy", st.healthy());
        count(g, "unhealthy", st.unhealthy());
        count(g, "excluded", st.excluded());
        count(g, "unknown", st.unknown());
        g.writeEndObject();
        g.writeNumberField("total", c.total());
        g.writeNumberField("healthy", c.healthy());
        g.writeNumberField("unhealthy", c.unhealthy());
        g.writeNumberField("excluded", c.excluded());
        g.writeNumberField("unknown", c.unknown());
        g.writeArrayFieldStart("workloads");
        for (WorkloadCoverage w : c.workloads()) {
            SourceLocation l = w.workload().location();
            g.writeStartObject();
            g.writeStringField("resource", w.workload().id());
            g.writeStringField("resourceType", w.workload().type());
            g.writeStringField("file", l.file());
            g.writeNumberField("line", l.line());
            g.writeNumberField("column", l.column());
            g.writeStringField("status", w.status().label());
            g.writeStringField("issueType", w.issueType());
            g.writeStringField("explanation", w.explanation());
            InstanceCount n = w.instances();
            g.writeStringField("instances", n.display());
            g.writeObjectFieldStart("instanceCount");
            if (n.computable()) {
                g.writeNumberField("low", n.low());
                g.writeNumberField("high", n.high());
            } else {
                g.writeNullField("low");
                g.writeNullField("high");
            }
            g.writeStringField("basis", n.basis());
            g.writeStringField("unknown", n.unknown());
            g.writeEndObject();
            g.writeArrayFieldStart("rules");
            for (String id : w.decidingRules()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("assumptions");
        for (String a : c.assumptions()) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
