package dev.preflight.report;

import dev.preflight.rule.NetworkPath;
import dev.preflight.rule.NetworkPath.Hop;
import dev.preflight.rule.NetworkPath.Status;
import dev.preflight.rule.RuleResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The path pictures of the HTML report: for each workload, the paths its GD001-GD004 results carry, combined into one
 * (every hop with the status its own rule gave it), drawn as the hops in traffic order, one column per kind of hop.
 * A failure card shows the picture of each workload it is about, the hops of its rule emphasised. Text is plain; the
 * template escapes it.
 */
final class PathPictures {
    /** Pictures per failure card: a VPC's GD001 failure is about every workload in it; the rest are named. */
    static final int PER_CARD = 3;

    private final Map<String, List<NetworkPath>> byWorkload = new LinkedHashMap<>();

    PathPictures(List<RuleResult> results) {
        for (RuleResult r : results) {
            for (NetworkPath p : r.paths()) {
                byWorkload.computeIfAbsent(key(p.workload()), k -> new ArrayList<>()).add(p);
            }
        }
    }

    private static String key(Hop workload) {
        return (workload.location() == null ? "" : workload.location().file()) + "\u0000" + workload.label();
    }

    /** The pictures of a failure's workloads, at most {@link #PER_CARD}. */
    List<Map<String, Object>> of(RuleResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (NetworkPath p : r.paths()) {
            String k = key(p.workload());
            if (seen.add(k) && out.size() < PER_CARD) {
                out.add(picture(NetworkPath.combine(byWorkload.get(k)), r.ruleId()));
            }
        }
        return out;
    }

    /** The workloads of a failure beyond {@link #PER_CARD}, by name. */
    List<String> notDrawn(RuleResult r) {
        Set<String> names = new LinkedHashSet<>();
        for (NetworkPath p : r.paths()) {
            names.add(HtmlReport.plain(p.workload().label()));
        }
        return new ArrayList<>(names).subList(Math.min(PER_CARD, names.size()), names.size());
    }

    private static Map<String, Object> picture(NetworkPath path, String ruleId) {
        List<Map<String, Object>> columns = new ArrayList<>();
        List<Map<String, Object>> current = null;
        NetworkPath.Kind kind = null;
        List<String> failing = new ArrayList<>();
        for (Hop h : path.hops()) {
            if (h.kind() != kind) {
                kind = h.kind();
                current = new ArrayList<>();
                columns.add(map("kind", h.kind().label(), "hops", current));
            }
            current.add(hop(h, ruleId));
            if (h.status() == Status.FAILS) {
                failing.add(h.ruleId() + " at " + h.label());
            }
        }
        String workload = HtmlReport.plain(path.workload().label());
        return map("workload", workload, "columns", columns, "hopCount", path.hops().size(),
                "summary", HtmlReport.plain(failing.isEmpty() ? "no hop of " + path.workload().label() + " fails"
                        : "fails: " + String.join("; ", failing)));
    }

    private static Map<String, Object> hop(Hop h, String ruleId) {
        String status = h.ruleId() == null ? "start" : h.status().wireName();
        String verdict = switch (h.status()) {
            case OK -> "✓ " + h.ruleId() + " passes";
            case FAILS -> "✕ " + h.ruleId() + " fails";
            case UNKNOWN -> "? " + h.ruleId() + " unknown";
            case NOT_CHECKED -> h.ruleId() + " did not check it";
        };
        boolean said = h.status() == Status.FAILS || h.status() == Status.UNKNOWN;
        return map("kind", h.kind().wireName(), "label", HtmlReport.plain(h.label()), "labelParts", breakable(h.label()),
                "location", h.location() == null ? "not in the inputs" : HtmlReport.plain(shortLocation(h)),
                "fullLocation", h.location() == null ? "" : HtmlReport.plain(h.location().toString()),
                "status", status, "verdict", h.ruleId() == null ? null : verdict, "ruleId", h.ruleId(),
                "reason", said && h.reason() != null ? HtmlReport.plain(h.reason()) : null,
                "title", h.reason() == null ? "" : HtmlReport.plain(h.reason()),
                "mine", ruleId.equals(h.ruleId()));
    }

    /**
     * A label in pieces where a line may break (the template puts {@code <wbr>} between them): between a lower-case
     * letter and a capital, after . _ - / [ :, so "GuardDutyDataEndpoint" breaks as "GuardDutyData|Endpoint"
     * in a narrow column instead of at any letter, and is never cut.
     */
    static List<String> breakable(String label) {
        List<String> parts = new ArrayList<>();
        String s = HtmlReport.plain(label);
        int start = 0;
        for (int i = 1; i < s.length(); i++) {
            char prev = s.charAt(i - 1);
            boolean camel = Character.isLowerCase(prev) && Character.isUpperCase(s.charAt(i));
            if (camel || ".-_/[:".indexOf(prev) >= 0) {
                parts.add(s.substring(start, i));
                start = i;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** "network.yaml:45": the card lists the full paths; a hop box keeps the file name whole. */
    private static String shortLocation(Hop h) {
        String file = h.location().file();
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return h.location().line() == 0 ? name : name + ":" + h.location().line();
    }

    private static Map<String, Object> map(Object... kv) {
        return HtmlReport.map(kv);
    }
}
