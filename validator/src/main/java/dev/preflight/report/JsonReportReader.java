package dev.preflight.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.coverage.ConsoleStatus;
import dev.preflight.coverage.CoverageReport;
import dev.preflight.coverage.InstanceCount;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.InputStatus;
import dev.preflight.engine.PreflightEngine;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;
import dev.preflight.rule.Waiver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSON reports (docs/json-report.md) back into a run outcome and merges several of them, for
 * {@code preflight merge} after a sharded CI matrix. Rule metadata comes from the catalogue given (the JSON report
 * keeps only id, title, severity and link); results appearing in several shards (SCP files go to every shard) count once.
 */
public final class JsonReportReader {
    private static final Pattern LOCATED = Pattern.compile("^(.*?):(\\d+):(\\d+): (.*)$", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RuleMetadata> catalogue;

    public JsonReportReader(Map<String, RuleMetadata> catalogue) {
        this.catalogue = catalogue;
    }

    /** Reads and merges the reports; an unreadable or foreign file is an IOException naming it. */
    public RunOutcome merge(List<Path> reports) throws IOException {
        String version = "merged";
        OffsetDateTime started = null;
        Map<String, InputStatus> inputs = new LinkedHashMap<>();
        Map<String, RuleResult> results = new LinkedHashMap<>();
        Map<String, WorkloadCoverage> workloads = new LinkedHashMap<>();
        Set<String> assumptions = new LinkedHashSet<>();
        Map<String, RuleMetadata> rules = new LinkedHashMap<>();
        Set<String> errors = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        String baseline = null;
        for (Path p : reports) {
            JsonNode root;
            try {
                root = JSON.readTree(p.toFile());
            } catch (IOException e) {
                throw new IOException(p + ": not a readable JSON report (" + e.getClass().getSimpleName() + ")", e);
            }
            if (root == null || !"preflight".equals(root.path("tool").path("name").asText())
                    || !Set.of("1", JsonReport.SCHEMA_VERSION).contains(root.path("schemaVersion").asText())) {
                throw new IOException(p + ": not a Preflight JSON report of schema version 1 or " + JsonReport.SCHEMA_VERSION
                        + " (make it with --format json=FILE)");
            }
            version = root.path("tool").path("version").asText(version);
            OffsetDateTime s = OffsetDateTime.parse(root.path("startedAt").asText());
            started = started == null || s.isBefore(started) ? s : started;
            for (JsonNode in : root.path("inputs")) {
                InputStatus st = new InputStatus(in.path("file").asText(), text(in, "format"), in.path("resources").asInt(),
                        text(in, "skipped"), text(in, "error"), text(in, "symlink"));
                inputs.merge(st.file(), st, (a, b) -> a.format() == null && a.error() == null ? b : a);
            }
            for (JsonNode r : root.path("results")) {
                RuleResult rr = result(r);
                results.putIfAbsent(r.path("fingerprint").asText() + "\u0000" + rr.verdict(), rr);
            }
            JsonNode cov = root.path("coverage");
            for (JsonNode w : cov.path("workloads")) {
                WorkloadCoverage wc = workload(w);
                workloads.putIfAbsent(wc.workload().location().file() + "\u0000" + wc.workload().id(), wc);
            }
            cov.path("assumptions").forEach(a -> assumptions.add(a.asText()));
            for (JsonNode m : root.path("rules")) {
                String id = m.path("id").asText();
                rules.putIfAbsent(id, catalogue.getOrDefault(id, RuleMetadata.rule(id).title(m.path("title").asText(id))
                        .severity(Severity.parse(m.path("severity").asText("warning")))
                        .documentation(text(m, "documentation")).build()));
            }
            root.path("errors").forEach(e -> errors.add(e.asText()));
            root.path("warnings").forEach(e -> warnings.add(e.asText()));
            if (root.path("baseline").isTextual()) {
                baseline = root.path("baseline").asText();
            }
        }
        List<InputFailure> failures = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        for (String e : errors) {
            Matcher m = LOCATED.matcher(e);
            InputFailure f = null;
            if (m.matches() && inputs.containsKey(m.group(1))) {
                f = new InputFailure(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
            } else {
                for (String file : inputs.keySet()) {
                    if (e.startsWith(file + ": ") && inputs.get(file).error() != null) {
                        f = new InputFailure(file, 0, 0, e.substring(file.length() + 2));
                        break;
                    }
                }
            }
            if (f != null) {
                failures.add(f);
            } else {
                faults.add(e);
            }
        }
        List<RuleResult> sorted = new ArrayList<>(results.values());
        sorted.sort(PreflightEngine.RESULT_ORDER);
        return new RunOutcome(version, started == null ? OffsetDateTime.now() : started, new ArrayList<>(inputs.values()),
                sorted, CoverageReport.of(new ArrayList<>(workloads.values()), new ArrayList<>(assumptions)),
                new ArrayList<>(rules.values()), failures, faults, baseline, new ArrayList<>(warnings));
    }

    private static RuleResult result(JsonNode r) {
        SourceLocation at = location(r);
        Subject subject = new Subject(new ResourceKey(at.file(), r.path("resource").asText()), r.path("resourceType").asText(),
                at, text(r, "constructPath"));
        List<RelatedLocation> related = new ArrayList<>();
        for (JsonNode rel : r.path("related")) {
            related.add(new RelatedLocation(rel.path("resource").asText(), location(rel), text(rel, "message")));
        }
        Waiver waiver = null;
        JsonNode w = r.path("waiver");
        if (w.isObject()) {
            String exp = text(w, "expires");
            waiver = new Waiver(w.path("reason").asText(), exp == null ? null : LocalDate.parse(exp), w.path("source").asText());
        }
        return new RuleResult(r.path("ruleId").asText(), Verdict.valueOf(r.path("verdict").asText()),
                Severity.parse(r.path("severity").asText()), subject, r.path("message").asText(), text(r, "reason"),
                related, waiver).withExisting("existing".equals(text(r, "baseline"))).withPaths(paths(r.path("paths")));
    }

    private static List<NetworkPath> paths(JsonNode paths) {
        List<NetworkPath> out = new ArrayList<>();
        for (JsonNode p : paths) {
            List<NetworkPath.Hop> hops = new ArrayList<>();
            for (JsonNode h : p.path("hops")) {
                String kind = h.path("kind").asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                String status = h.path("status").asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                hops.add(new NetworkPath.Hop(NetworkPath.Kind.valueOf(kind), text(h, "resource"), h.path("label").asText(),
                        h.path("file").isTextual() ? location(h) : null, NetworkPath.Status.valueOf(status), text(h, "reason")));
            }
            out.add(new NetworkPath(hops));
        }
        return out;
    }

    private static WorkloadCoverage workload(JsonNode w) {
        SourceLocation at = location(w);
        Subject subject = new Subject(new ResourceKey(at.file(), w.path("resource").asText()), w.path("resourceType").asText(), at, null);
        ConsoleStatus status = ConsoleStatus.UNKNOWN;
        for (ConsoleStatus c : ConsoleStatus.values()) {
            if (c.label().equals(w.path("status").asText())) {
                status = c;
            }
        }
        List<String> rules = new ArrayList<>();
        w.path("rules").forEach(x -> rules.add(x.asText()));
        JsonNode n = w.path("instanceCount");
        InstanceCount instances;
        if (n.isObject()) {
            instances = n.path("low").isInt()
                    ? new InstanceCount(n.path("low").asInt(), n.path("high").asInt(), n.path("basis").asText("instance"), text(n, "unknown"))
                    : new InstanceCount(null, null, n.path("basis").asText("instances"), text(n, "unknown"));
        } else {
            // schema version 1 had only the count as text
            String t = w.path("instances").asText("1");
            instances = t.matches("\\d+") ? InstanceCount.exactly(Integer.parseInt(t), t.equals("1") ? "instance" : "desired capacity " + t)
                    : new InstanceCount(null, null, "desired capacity", "the capacity of " + subject.id() + " is " + t);
        }
        return new WorkloadCoverage(subject, status, text(w, "issueType"), text(w, "explanation"), rules, instances);
    }

    private static SourceLocation location(JsonNode n) {
        return new SourceLocation(n.path("file").asText(), Math.max(0, n.path("line").asInt()), Math.max(0, n.path("column").asInt()));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
