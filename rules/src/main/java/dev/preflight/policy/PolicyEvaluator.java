package dev.preflight.policy;

import dev.preflight.model.Value;
import dev.preflight.policy.PolicyDecision.Decision;
import dev.preflight.policy.PolicyStatement.Effect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates IAM-language policies (SCPs, VPC endpoint policies) for one request, in three values: a statement
 * applies, does not apply, or cannot be decided from the inputs (naming the condition key or element).
 *
 * <p>Semantics follow the IAM evaluation logic: an explicit Deny that applies wins; otherwise an Allow that applies
 * allows; with no Allow the request is implicitly denied. A Deny that <em>might</em> apply makes the result UNKNOWN
 * (never ALLOW), unless nothing allows anyway. Action names match case-insensitively with {@code *}/{@code ?}
 * anywhere; NotAction/NotResource/NotPrincipal invert; the elements of a Condition block are ANDed, the values of one
 * key are ORed (for negated operators: none may match).
 */
public final class PolicyEvaluator {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ROOT = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):root");
    private static final Pattern IAM_ARN = Pattern.compile("arn:aws[a-z-]*:(?:iam|sts)::(\\d{12}|\\*):.*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private PolicyEvaluator() {
    }

    /** Whether one statement applies to the request (its effect aside). */
    public record Match(State state, String undecided, String reason) {
        public enum State { YES, NO, UNKNOWN }

        static final Match YES = new Match(State.YES, null, null);
        static final Match NO = new Match(State.NO, null, null);

        static Match unknown(String key, String reason) {
            return new Match(State.UNKNOWN, key, reason);
        }

        Match not() {
            return switch (state) {
                case YES -> NO;
                case NO -> YES;
                case UNKNOWN -> this;
            };
        }

        /** AND: NO wins, then the first UNKNOWN. */
        static Match all(List<Match> ms) {
            Match firstUnknown = null;
            for (Match m : ms) {
                if (m.state == State.NO) {
                    return NO;
                }
                if (m.state == State.UNKNOWN && firstUnknown == null) {
                    firstUnknown = m;
                }
            }
            return firstUnknown != null ? firstUnknown : YES;
        }

        /** OR: YES wins, then the first UNKNOWN. */
        static Match any(List<Match> ms) {
            Match firstUnknown = null;
            for (Match m : ms) {
                if (m.state == State.YES) {
                    return YES;
                }
                if (m.state == State.UNKNOWN && firstUnknown == null) {
                    firstUnknown = m;
                }
            }
            return firstUnknown != null ? firstUnknown : NO;
        }
    }

    public static PolicyDecision evaluate(PolicyDocument document, PolicyRequest request) {
        return evaluate(List.of(document), request);
    }

    /** Evaluates several documents as one set (the policies attached at one place, or an endpoint's policy). */
    public static PolicyDecision evaluate(List<PolicyDocument> documents, PolicyRequest request) {
        PolicyDecision denyUnknown = null;
        PolicyDecision allowYes = null;
        PolicyDecision allowUnknown = null;
        for (PolicyDocument d : documents) {
            for (PolicyStatement s : d.statements()) {
                Match m = matches(s, request);
                if (m.state() == Match.State.NO) {
                    continue;
                }
                if (s.effect() == null) {
                    PolicyDecision u = new PolicyDecision(Decision.UNKNOWN, s, d, "Effect",
                            s.describe() + " has an Effect that is not known before deploy");
                    denyUnknown = denyUnknown == null ? u : denyUnknown;
                    allowUnknown = allowUnknown == null ? u : allowUnknown;
                    continue;
                }
                if (s.effect() == Effect.DENY) {
                    if (m.state() == Match.State.YES) {
                        return new PolicyDecision(Decision.DENY, s, d, null,
                                s.describe() + " denies " + request.action() + because(s, request));
                    }
                    if (denyUnknown == null) {
                        denyUnknown = new PolicyDecision(Decision.UNKNOWN, s, d, m.undecided(),
                                s.describe() + " may deny " + request.action() + ": " + m.reason());
                    }
                } else if (m.state() == Match.State.YES) {
                    allowYes = allowYes == null ? new PolicyDecision(Decision.ALLOW, s, d, null,
                            s.describe() + " allows " + request.action() + because(s, request)) : allowYes;
                } else if (allowUnknown == null) {
                    allowUnknown = new PolicyDecision(Decision.UNKNOWN, s, d, m.undecided(),
                            s.describe() + " may allow " + request.action() + ": " + m.reason());
                }
            }
        }
        if (allowYes == null && allowUnknown == null) {
            return new PolicyDecision(Decision.DENY, null, null, null,
                    "no statement allows " + request.action() + " (implicit deny)");
        }
        if (denyUnknown != null) {
            return denyUnknown;
        }
        return allowYes != null ? allowYes : allowUnknown;
    }

    /** Why a statement applied: its action element and the condition that held for the request. */
    private static String because(PolicyStatement s, PolicyRequest r) {
        List<String> parts = new ArrayList<>();
        parts.add((s.notAction() ? "NotAction " : "Action ") + new Value.Seq(s.actions(), s.location()).display());
        if (s.condition() != null) {
            String known = String.join(", ", r.context().entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.join("|", e.getValue())).sorted().toList());
            parts.add("condition " + s.conditionText() + " holds" + (known.isEmpty() ? "" : " for " + known));
        }
        return " (" + String.join("; ", parts) + ")";
    }

    /** Whether the statement applies to the request: action, resource, principal and condition all match. */
    public static Match matches(PolicyStatement s, PolicyRequest r) {
        Match action = actionMatch(s, r);
        if (action.state() == Match.State.NO) {
            return Match.NO;
        }
        return Match.all(List.of(action, resourceMatch(s, r), principalMatch(s, r), conditionMatch(s.condition(), r)));
    }

    // ---- Action / NotAction ----

    private static Match actionMatch(PolicyStatement s, PolicyRequest r) {
        List<Match> ms = new ArrayList<>();
        for (Value v : s.actions()) {
            ms.add(known(v).map(p -> Glob.matches(p, r.action(), true) ? Match.YES : Match.NO)
                    .orElseGet(() -> Match.unknown(s.notAction() ? "NotAction" : "Action",
                            (s.notAction() ? "NotAction" : "Action") + " pattern " + v.display() + " is not known")));
        }
        Match any = Match.any(ms);
        return s.notAction() ? any.not() : any;
    }

    // ---- Resource / NotResource ----

    private static Match resourceMatch(PolicyStatement s, PolicyRequest r) {
        if (s.resources() == null) {
            return Match.YES;
        }
        String element = s.notResource() ? "NotResource" : "Resource";
        List<Match> ms = new ArrayList<>();
        for (Value v : s.resources()) {
            var p = known(v);
            if (p.isEmpty()) {
                ms.add(Match.unknown(element, element + " pattern " + v.display() + " is not known"));
            } else if (p.get().equals("*")) {
                ms.add(Match.YES);
            } else if (r.resource() != null) {
                ms.add(Glob.matches(p.get(), r.resource(), false) ? Match.YES : Match.NO);
            } else {
                ms.add(Match.unknown(element, "the request's resource ARN, not known before deploy, matches "
                        + element + " " + p.get()));
            }
        }
        Match any = Match.any(ms);
        return s.notResource() ? any.not() : any;
    }

    // ---- Principal / NotPrincipal (endpoint policies; SCPs have none) ----

    private static Match principalMatch(PolicyStatement s, PolicyRequest r) {
        Value p = s.principal();
        if (p == null) {
            return Match.YES;
        }
        String element = s.notPrincipal() ? "NotPrincipal" : "Principal";
        Match m;
        if (p instanceof Value.Struct st) {
            List<Match> ms = new ArrayList<>();
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                if (!e.getKey().equals("AWS")) {
                    ms.add(Match.NO); // Service, Federated, CanonicalUser: not the agent's instance credentials
                    continue;
                }
                List<Value> ids = e.getValue() instanceof Value.Seq seq ? seq.items() : List.of(e.getValue());
                for (Value id : ids) {
                    ms.add(awsPrincipal(id, r, element));
                }
            }
            m = Match.any(ms);
        } else {
            m = awsPrincipal(p, r, element);
        }
        return s.notPrincipal() ? m.not() : m;
    }

    private static Match awsPrincipal(Value id, PolicyRequest r, String element) {
        var t = known(id);
        if (t.isEmpty()) {
            return Match.unknown(element, element + " " + id.display() + " is not known");
        }
        String p = t.get();
        if (p.equals("*")) {
            return Match.YES;
        }
        Matcher root = ACCOUNT_ROOT.matcher(p);
        String account = ACCOUNT.matcher(p).matches() ? p : root.matches() ? root.group(1) : null;
        if (account != null) {
            if (r.principalAccount() == null) {
                return Match.unknown(element, element + " names account " + account
                        + " and the workload account is not known (give --account)");
            }
            return account.equals(r.principalAccount()) ? Match.YES : Match.NO;
        }
        Matcher arn = IAM_ARN.matcher(p);
        if (arn.matches() && r.principalAccount() != null && !arn.group(1).equals("*")
                && !arn.group(1).equals(r.principalAccount())) {
            return Match.NO;
        }
        return Match.unknown(element, element + " " + p + " may or may not be the agent's principal, whose ARN is not known before deploy");
    }

    // ---- Condition ----

    private static Match conditionMatch(Value condition, PolicyRequest r) {
        if (condition == null) {
            return Match.YES;
        }
        if (!(condition instanceof Value.Struct block)) {
            return Match.unknown("Condition", "Condition block " + condition.display() + " is not known");
        }
        List<Match> ms = new ArrayList<>();
        for (Map.Entry<String, Value> op : block.fields().entrySet()) {
            if (!(op.getValue() instanceof Value.Struct keys)) {
                ms.add(Match.unknown(op.getKey(), "condition " + op.getKey() + " is " + op.getValue().display()));
                continue;
            }
            for (Map.Entry<String, Value> k : keys.fields().entrySet()) {
                ms.add(condition(op.getKey(), k.getKey(), k.getValue(), r));
            }
        }
        return Match.all(ms);
    }

    private static Match condition(String operator, String key, Value values, PolicyRequest r) {
        String op = operator;
        String set = null;
        if (op.regionMatches(true, 0, "ForAnyValue:", 0, 12)) {
            set = "any";
            op = op.substring(12);
        } else if (op.regionMatches(true, 0, "ForAllValues:", 0, 13)) {
            set = "all";
            op = op.substring(13);
        }
        if (op.endsWith("IfExists")) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        String phrase = key + " " + operator + " " + values.display();
        List<String> ctx = r.contextValues(key);
        if (ctx == null) {
            return Match.unknown(key, phrase + " cannot be decided: " + key + " is not known ("
                    + PolicyRequest.originOf(key) + ")");
        }
        List<Value> wanted = values instanceof Value.Seq seq ? seq.items() : List.of(values);
        if (op.equals("Null")) {
            // The key has a known value, so it is present: Null=true is false, Null=false is true.
            return Match.any(wanted.stream().map(w -> known(w)
                    .map(t -> t.equalsIgnoreCase("false") ? Match.YES : Match.NO)
                    .orElseGet(() -> Match.unknown(key, phrase + ": the policy value is " + w.display()))).toList());
        }
        boolean negated = op.contains("Not");
        String base = op.replace("Not", "");
        if (!List.of("StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool")
                .contains(base)) {
            return Match.unknown(key, phrase + ": operator " + operator + " is not evaluated by Preflight");
        }
        List<Match> perContextValue = new ArrayList<>();
        for (String actual : ctx) {
            List<Match> any = new ArrayList<>();
            for (Value w : wanted) {
                any.add(valueMatch(base, actual, w, r, key, phrase));
            }
            Match m = Match.any(any);
            perContextValue.add(negated ? m.not() : m);
        }
        if (perContextValue.isEmpty()) {
            // An empty set: ForAllValues is true, anything else false.
            return "all".equals(set) ? Match.YES : Match.NO;
        }
        return "all".equals(set) ? Match.all(perContextValue) : Match.any(perContextValue);
    }

    private static Match valueMatch(String base, String actual, Value wanted, PolicyRequest r, String key, String phrase) {
        var w = known(wanted);
        if (w.isEmpty()) {
            return Match.unknown(key, phrase + ": the policy value is " + wanted.display());
        }
        String pattern = w.get();
        if (!base.equals("Bool")) {
            Matcher vars = VARIABLE.matcher(pattern);
            StringBuilder sb = new StringBuilder();
            while (vars.find()) {
                String name = vars.group(1);
                String replacement;
                if (name.equals("*") || name.equals("?") || name.equals("$")) {
                    replacement = name;
                } else {
                    List<String> v = r.contextValues(name);
                    if (v == null || v.size() != 1) {
                        return Match.unknown(name, phrase + ": policy variable ${" + name + "} is not known ("
                                + PolicyRequest.originOf(name) + ")");
                    }
                    replacement = v.get(0);
                }
                vars.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            }
            vars.appendTail(sb);
            pattern = sb.toString();
        }
        boolean hit = switch (base) {
            case "StringEquals" -> actual.equals(pattern);
            case "StringEqualsIgnoreCase", "Bool" -> actual.equalsIgnoreCase(pattern);
            case "StringLike" -> Glob.matches(pattern, actual, false);
            default -> arnLike(pattern, actual); // ArnEquals and ArnLike behave the same in IAM
        };
        return hit ? Match.YES : Match.NO;
    }

    /** ARN patterns match segment by segment (partition, service, region, account, resource). */
    private static boolean arnLike(String pattern, String actual) {
        String[] p = pattern.split(":", 6);
        String[] a = actual.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return Glob.matches(pattern, actual, false);
        }
        for (int i = 0; i < 6; i++) {
            if (!Glob.matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }

    /** The text of a known scalar, through references; empty for unknown or conditional values. */
    private static java.util.Optional<String> known(Value v) {
        if (v == null || !v.isKnown() || v instanceof Value.Struct || v instanceof Value.Seq) {
            return java.util.Optional.empty();
        }
        return v.text();
    }
}
