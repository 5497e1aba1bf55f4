package dev.preflight.cdk;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Severity;
import dev.preflight.rule.Verdict;

import java.util.List;

/** Results as lines for test reports and annotations: verdict, rule, construct path and location first. */
final class ResultLines {
    private ResultLines() {
    }

    /** "AppAsg (MyStack/App/Asg/ASG)", or the logical id alone when no construct path is known. */
    static String subject(RuleResult r) {
        String path = r.subject().constructPath();
        return path == null ? r.subject().id() : r.subject().id() + " (" + path + ")";
    }

    /** One result as an indented block: a headline and the message, the reason, the waiver, related locations. */
    static String block(RuleResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(pad(r.verdict().name(), 8)).append(r.ruleId()).append("  ")
                .append(pad(r.verdict() == Verdict.FAIL || r.verdict() == Verdict.UNKNOWN
                        ? r.severity().wireName() : "", 8))
                .append(subject(r)).append("  at ").append(r.subject().location()).append('\n');
        sb.append("      ").append(r.message()).append('\n');
        if (r.reason() != null && !r.message().contains(r.reason())) {
            sb.append("      unknown because: ").append(r.reason()).append('\n');
        }
        if (r.waived()) {
            sb.append("      waived: ").append(r.waiver().reason())
                    .append(r.waiver().expires() == null ? "" : " (until " + r.waiver().expires() + ")")
                    .append(" [").append(r.waiver().source()).append("]\n");
        }
        for (RelatedLocation rel : r.related()) {
            sb.append("      related: ").append(rel.resource()).append(" at ").append(rel.location())
                    .append(rel.message() == null || rel.message().isBlank() ? "" : ": " + rel.message()).append('\n');
        }
        return sb.toString();
    }

    static String blocks(List<RuleResult> results) {
        StringBuilder sb = new StringBuilder();
        results.forEach(r -> sb.append(block(r)));
        return sb.toString();
    }

    /** Counts per verdict, input problems and the predicted coverage: the context under a failure. */
    static String summary(RunOutcome o, List<RuleResult> scoped) {
        return summary(o, scoped, Severity.INFO);
    }

    /**
     * As {@link #summary(RunOutcome, List)}, counting as failed what fails at {@code atLeast} (the head line of an
     * assertion counts the same way), and naming the failures below it apart.
     */
    static String summary(RunOutcome o, List<RuleResult> scoped, Severity atLeast) {
        long fail = scoped.stream().filter(r -> r.verdict() == Verdict.FAIL && !r.waived() && r.severity().atLeast(atLeast)).count();
        long below = scoped.stream().filter(r -> r.verdict() == Verdict.FAIL && !r.waived() && !r.severity().atLeast(atLeast)).count();
        long unknown = scoped.stream().filter(r -> r.verdict() == Verdict.UNKNOWN && !r.waived()).count();
        long pass = scoped.stream().filter(r -> r.verdict() == Verdict.PASS).count();
        long waived = scoped.stream().filter(RuleResult::waived).count();
        StringBuilder sb = new StringBuilder();
        sb.append("Preflight results: ").append(fail).append(" failed")
                .append(below == 0 ? "" : " (and " + below + " below " + atLeast.wireName() + ", not failing)")
                .append(", ").append(unknown).append(" unknown, ")
                .append(pass).append(" passed, ").append(waived).append(" waived\n");
        for (InputFailure f : o.failures()) {
            sb.append("  input error: ").append(f.oneLine()).append('\n');
        }
        for (String f : o.faults()) {
            sb.append("  fault: ").append(f).append('\n');
        }
        CoverageReport c = o.coverage();
        if (c.total() > 0) {
            sb.append("Predicted coverage: ").append(c.statistic().statement()).append('\n');
            for (var w : c.workloads()) {
                sb.append("  ").append(w.workload().id()).append("  ").append(w.instances().describe()).append("  ")
                        .append(w.status().label()).append(w.issueType() == null ? "" : " (" + w.issueType() + ")").append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int n) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < n) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
