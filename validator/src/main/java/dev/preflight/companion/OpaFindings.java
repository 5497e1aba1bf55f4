package dev.preflight.companion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RuleMetadata;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Subject;
import dev.preflight.rule.Verdict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the value of {@code data.preflight} into results. Every package {@code preflight.<name>} that defines
 * {@code deny} or {@code warn} contributes one FAIL per member: a string is the message (conftest style, rule id
 * {@code rego:preflight.<name>}); an object {@code {id, resource, message, severity}} may set the rule id, the
 * resource the finding is about (located at that resource), and the severity. {@code deny} defaults to error,
 * {@code warn} to warning.
 */
final class OpaFindings {
    static final String RULE_PREFIX = "rego:";

    private OpaFindings() {
    }

    /** @param policyFile where findings that name no resource are located (the first policy file) */
    static CompanionReport parse(JsonNode preflight, ResourceGraph graph, String policyFile) {
        List<RuleResult> results = new ArrayList<>();
        Map<String, RuleMetadata> rules = new LinkedHashMap<>();
        List<String> faults = new ArrayList<>();
        int sets = walk(preflight, "preflight", graph, policyFile, results, rules, faults);
        if (sets == 0) {
            faults.add("the Rego policies define no deny or warn rule in a package preflight.<name> (data.preflight "
                    + "holds " + String.join(", ", names(preflight)) + "); write deny or warn rules there, as "
                    + "policies/ shows");
        }
        return new CompanionReport(results, new ArrayList<>(rules.values()), faults);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out.isEmpty() ? List.of("nothing") : out;
    }

    /** The number of deny/warn sets found at and below {@code node}. */
    private static int walk(JsonNode node, String pkg, ResourceGraph graph, String policyFile,
                            List<RuleResult> results, Map<String, RuleMetadata> rules, List<String> faults) {
        if (node == null || !node.isObject()) {
            return 0;
        }
        int sets = 0;
        for (String set : List.of("deny", "warn")) {
            JsonNode members = node.get(set);
            if (members == null) {
                continue;
            }
            sets++;
            if (!members.isArray()) {
                faults.add("Rego policy " + pkg + ": " + set + " must be a set of strings or objects, not "
                        + members.getNodeType().name().toLowerCase(Locale.ROOT) + "; its results are missing");
                continue;
            }
            Severity defaultSeverity = set.equals("deny") ? Severity.ERROR : Severity.WARNING;
            for (JsonNode m : members) {
                if (!m.isTextual() && !m.isObject()) {
                    faults.add("Rego policy " + pkg + ": a member of " + set + " is " + m.getNodeType().name()
                            .toLowerCase(Locale.ROOT) + " (" + OpaClient.oneLine(m.toString()) + "); members must be "
                            + "messages or {id, resource, message, severity} objects");
                    continue;
                }
                results.add(result(m, pkg, defaultSeverity, graph, policyFile, rules));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isObject()) {
                sets += walk(e.getValue(), pkg + "." + e.getKey(), graph, policyFile, results, rules, faults);
            }
        }
        return sets;
    }

    private static RuleResult result(JsonNode m, String pkg, Severity defaultSeverity, ResourceGraph graph,
                                     String policyFile, Map<String, RuleMetadata> rules) {
        String ruleId = RULE_PREFIX + pkg;
        String message;
        String resource = null;
        String file = null;
        Severity severity = defaultSeverity;
        if (m.isObject()) {
            String id = m.path("id").asText("");
            if (!id.isBlank()) {
                ruleId = id.strip();
            }
            message = m.has("message") ? m.get("message").asText() : m.toString();
            resource = m.hasNonNull("resource") ? m.get("resource").asText() : null;
            file = m.hasNonNull("file") ? m.get("file").asText() : null;
            severity = severity(m.path("severity").asText(""), defaultSeverity);
        } else {
            message = m.isTextual() ? m.asText() : m.toString();
        }
        String finalRuleId = ruleId;
        Severity ruleSeverity = defaultSeverity;
        rules.computeIfAbsent(ruleId, k -> RuleMetadata.rule(finalRuleId)
                .title(finalRuleId.equals(RULE_PREFIX + pkg) ? "Rego policy " + pkg : finalRuleId + " (Rego policy " + pkg + ")")
                .severity(ruleSeverity).text("Custom policy evaluated by OPA: package " + pkg + ".", null, null, null)
                .tags("rego").build());
        return new RuleResult(ruleId, Verdict.FAIL, severity, subject(resource, file, graph, policyFile),
                message.replace('\n', ' ').strip(), null, List.of(), null);
    }

    private static Severity severity(String s, Severity fallback) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> Severity.ERROR;
            case "warning", "warn" -> Severity.WARNING;
            case "info", "informational" -> Severity.INFO;
            default -> fallback;
        };
    }

    /** The named resource (in the given file, or the first with that id), else the policy file. */
    private static Subject subject(String resource, String file, ResourceGraph graph, String policyFile) {
        if (resource != null) {
            Optional<Resource> r = file != null ? graph.get(new ResourceKey(file, resource))
                    : graph.resources().stream().filter(x -> x.id().equals(resource)).findFirst();
            if (r.isPresent()) {
                return Subject.of(r.get());
            }
            return new Subject(new ResourceKey(file != null ? file : policyFile, resource), Subject.INPUT_TYPE,
                    SourceLocation.ofFile(file != null ? file : policyFile), null);
        }
        return Subject.ofInput(policyFile);
    }
}
