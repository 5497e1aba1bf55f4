package dev.preflight.engine;

import dev.preflight.config.WaiverEntry;
import dev.preflight.load.DeclaredWaiver;
import dev.preflight.load.InputFailure;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Waiver;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides, once per run, how each finding stands: waived (by a waiver written beside the resource or in the
 * configuration file, with where it came from), existing (already in the {@code --baseline}) or new. It runs after
 * the rules and the configured severities and before the coverage prediction, the reports and the exit code, which
 * only read {@link RuleResult#standing()}. A waiver beside the resource wins over one in the configuration file; an
 * expired waiver does not apply and the finding says so. Waivers that match no finding are reported as warnings,
 * naming them; a resource waiver naming a rule that does not exist is an input error, as in the configuration file.
 */
public final class Acceptance {
    private final List<WaiverEntry> configured;
    private final List<DeclaredWaiver> declared;
    private final Baseline baseline;
    private final java.util.function.Supplier<LocalDate> today;

    /** What acceptance decided: the results with their standing, unused waivers, and waivers that cannot apply. */
    public record Decision(List<RuleResult> results, List<String> warnings, List<InputFailure> failures) {
        public Decision {
            results = List.copyOf(results);
            warnings = List.copyOf(warnings);
            failures = List.copyOf(failures);
        }
    }

    /** {@code today}: asked only when a waiver has an expiry date. */
    public Acceptance(List<WaiverEntry> configured, List<DeclaredWaiver> declared, Baseline baseline,
                      java.util.function.Supplier<LocalDate> today) {
        this.configured = List.copyOf(configured);
        this.declared = List.copyOf(declared);
        this.baseline = baseline;
        this.today = today;
    }

    /** {@code ruleIds}: the rules of the run (built-in and companions), to tell a mistyped waiver id from a real one. */
    public Decision decide(List<RuleResult> results, Set<String> ruleIds) {
        List<InputFailure> failures = new ArrayList<>();
        List<DeclaredWaiver> usable = new ArrayList<>();
        for (DeclaredWaiver d : declared) {
            if (knownRule(d.ruleId(), ruleIds)) {
                usable.add(d);
            } else {
                failures.add(new InputFailure(d.at().file(), d.at().line(), d.at().column(), "the waiver in Metadata of "
                        + d.resource().id() + " names unknown rule '" + d.ruleId() + "' (see `preflight rules`); it does not apply"));
            }
        }
        Set<Object> used = new LinkedHashSet<>();
        List<RuleResult> out = new ArrayList<>(results.size());
        for (RuleResult r : results) {
            RuleResult c = r;
            if (r.finding()) {
                Object from = null;
                Waiver w = null;
                for (DeclaredWaiver d : usable) {
                    if (d.resource().equals(r.subject().key()) && d.ruleId().equalsIgnoreCase(r.ruleId())) {
                        from = d;
                        w = new Waiver(d.reason(), d.expires(), d.source());
                        break;
                    }
                }
                if (w == null) {
                    for (WaiverEntry e : configured) {
                        if (e.matches(r.ruleId(), r.subject().id())) {
                            from = e;
                            w = new Waiver(e.reason(), e.expires(), e.source());
                            break;
                        }
                    }
                }
                if (w != null) {
                    used.add(from);
                    if (w.expires() != null && w.expiredOn(today.get())) {
                        c = c.withVerdict(c.verdict(), c.message() + " (waiver expired on " + w.expires() + ": " + w.reason()
                                + "; renew it or fix the finding)");
                    } else {
                        c = c.withWaiver(w);
                    }
                }
                c = c.withExisting(baseline.existing(c));
            }
            out.add(c);
        }
        List<String> warnings = new ArrayList<>();
        for (DeclaredWaiver d : usable) {
            if (!used.contains(d)) {
                warnings.add(d.at() + ": unused waiver: " + d.ruleId() + " in Metadata of " + d.resource().id()
                        + " matches no failing or unknown result; remove it");
            }
        }
        for (WaiverEntry e : configured) {
            if (!used.contains(e)) {
                warnings.add(e.source() + ": unused waiver: rule " + e.rule() + " for resource " + e.resource()
                        + " matches no failing or unknown result; remove it or fix the resource name");
            }
        }
        return new Decision(out, warnings, failures);
    }

    private static boolean knownRule(String id, Set<String> ruleIds) {
        if (id.contains(":")) {
            return true; // companion ids (cfn-lint:W2001, opa:...) are named by the tool that reports them
        }
        return ruleIds.contains(id.toUpperCase(Locale.ROOT));
    }
}
