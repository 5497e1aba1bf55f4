package dev.preflight.companion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns cfn-lint's {@code --format json} output (an array of matches) into results. Each match is a FAIL with rule id
 * {@code cfn-lint:<Id>} at cfn-lint's own position (1-based line and column, as ours); its subject is the resource
 * named by the match path ({@code Resources/<LogicalId>/...}) when that resource is in the graph, so waivers and
 * reports name it, otherwise the template itself.
 */
final class CfnLintFindings {
    static final String RULE_PREFIX = "cfn-lint:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** cfn-lint printed something that is not its JSON report. */
    static final class NotCfnLintJson extends Exception {
        NotCfnLintJson(String message) {
            super(message);
        }
    }

    private CfnLintFindings() {
    }

    /**
     * @param displayPaths the file names as given to cfn-lint, mapped to the paths reports show
     */
    static CompanionReport parse(String stdout, Map<String, String> displayPaths, ResourceGraph graph)
            throws NotCfnLintJson {
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (JsonProcessingException e) {
            throw new NotCfnLintJson("output is not JSON (" + excerpt(stdout) + ")");
        }
        if (root == null || !root.isArray()) {
            throw new NotCfnLintJson("output is not a JSON array of matches (" + excerpt(stdout) + ")");
        }
        List<RuleResult> results = new ArrayList<>();
        Map<String, RuleMetadata> rules = new LinkedHashMap<>();
        for (JsonNode m : root) {
            JsonNode rule = m.path("Rule");
            String id = rule.path("Id").asText("");
            if (!m.isObject() || id.isEmpty()) {
                throw new NotCfnLintJson("a match has no Rule.Id (" + excerpt(m.toString()) + ")");
            }
            String ruleId = RULE_PREFIX + id;
            Severity severity = severity(m.path("Level").asText(""), id);
            rules.computeIfAbsent(ruleId, k -> metadata(k, id, rule));
            String file = m.path("Filename").asText("");
            String display = displayPaths.getOrDefault(file, file);
            JsonNode start = m.path("Location").path("Start");
            SourceLocation at = new SourceLocation(display, Math.max(0, start.path("LineNumber").asInt(0)),
                    Math.max(0, start.path("ColumnNumber").asInt(0)));
            Subject subject = subject(display, m.path("Location").path("Path"), at, graph);
            String message = m.path("Message").asText("").replace('\n', ' ').strip();
            if (message.isEmpty()) {
                message = rule.path("ShortDescription").asText(id);
            }
            results.add(new RuleResult(ruleId, Verdict.FAIL, severity, subject, message, null, List.of(), null));
        }
        return new CompanionReport(results, new ArrayList<>(rules.values()), List.of());
    }

    /** cfn-lint levels are Error, Warning and Informational; the rule id's letter decides when a level is odd. */
    static Severity severity(String level, String id) {
        return switch (level) {
            case "Error" -> Severity.ERROR;
            case "Warning" -> Severity.WARNING;
            case "Informational" -> Severity.INFO;
            default -> id.startsWith("W") ? Severity.WARNING : id.startsWith("I") ? Severity.INFO : Severity.ERROR;
        };
    }

    private static RuleMetadata metadata(String ruleId, String id, JsonNode rule) {
        String title = rule.path("ShortDescription").asText("");
        String source = rule.path("Source").asText("");
        return RuleMetadata.rule(ruleId).title(title.isEmpty() ? ruleId : title).severity(severity("", id))
                .text(rule.path("Description").asText(null), null, null, null)
                .documentation(source.isEmpty() ? null : source).tags("cfn-lint").build();
    }

    private static Subject subject(String display, JsonNode path, SourceLocation at, ResourceGraph graph) {
        if (path.isArray() && path.size() >= 2 && "Resources".equals(path.get(0).asText())) {
            String logicalId = path.get(1).asText();
            Optional<Resource> r = graph.get(new ResourceKey(display, logicalId));
            if (r.isPresent()) {
                return new Subject(r.get().key(), r.get().type(), at, r.get().constructPath());
            }
        }
        return new Subject(new ResourceKey(display, display), Subject.INPUT_TYPE, at, null);
    }

    static String excerpt(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        if (one.isEmpty()) {
            return "nothing was printed";
        }
        return "starts with '" + (one.length() > 80 ? one.substring(0, 80) + "..." : one) + "'";
    }
}
