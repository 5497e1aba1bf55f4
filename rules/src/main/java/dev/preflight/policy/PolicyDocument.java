package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An IAM-language policy document (SCP, VPC endpoint policy) read from the model: a struct, or a JSON string
 * (CloudFormation {@code Content} as a string, Terraform {@code jsonencode}). {@code Statement} may be one object
 * or a list; {@code Action}/{@code NotAction}/{@code Resource}/{@code NotResource} one string or a list.
 */
public record PolicyDocument(List<PolicyStatement> statements, SourceLocation location) {
    private static final Set<String> STATEMENT_ELEMENTS = Set.of("sid", "effect", "action", "notaction", "resource",
            "notresource", "principal", "notprincipal", "condition");

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /**
     * Reads a known document. The caller handles {@link Value.Unknown} and {@link Value.Conditional} documents
     * (see {@link PolicySource}); here they are format errors.
     */
    public static PolicyDocument from(Value document) throws PolicyFormatException {
        Value v = document;
        if (v instanceof Value.Reference r) {
            v = r.resolved();
        }
        if (v instanceof Value.Text t) {
            try {
                v = PolicyJson.parse(t.value(), t.location());
            } catch (PolicyJson.SyntaxException e) {
                throw new PolicyFormatException("policy string is not valid JSON: " + e.getMessage()
                        + " of the string");
            }
        }
        if (!(v instanceof Value.Struct s)) {
            throw new PolicyFormatException("policy document must be a JSON object, found " + kind(v));
        }
        Value statement = field(s, "Statement");
        if (statement.isAbsent()) {
            throw new PolicyFormatException("policy document has no Statement");
        }
        List<Value> raw;
        if (statement instanceof Value.Seq seq) {
            raw = seq.items();
        } else if (statement instanceof Value.Struct) {
            raw = List.of(statement);
        } else {
            throw new PolicyFormatException("Statement must be an object or a list of objects, found " + kind(statement));
        }
        List<PolicyStatement> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(statement(raw.get(i), i));
        }
        return new PolicyDocument(out, s.location());
    }

    private static PolicyStatement statement(Value v, int index) throws PolicyFormatException {
        String where = "statement " + (index + 1);
        if (!(v instanceof Value.Struct s)) {
            throw new PolicyFormatException(where + " must be an object, found " + kind(v));
        }
        for (String key : s.fields().keySet()) {
            if (!STATEMENT_ELEMENTS.contains(key.toLowerCase(Locale.ROOT))) {
                throw new PolicyFormatException(where + " has an unknown element \"" + key + "\"");
            }
        }
        Value sidV = field(s, "Sid");
        String sid = sidV.text().orElse(null);
        where = sid == null ? where : where + " \"" + sid + "\"";

        Value effectV = field(s, "Effect");
        PolicyStatement.Effect effect = null;
        if (effectV.isAbsent()) {
            throw new PolicyFormatException(where + " has no Effect");
        }
        if (effectV.isKnown()) {
            String e = effectV.text().orElse("");
            if (e.equals("Allow")) {
                effect = PolicyStatement.Effect.ALLOW;
            } else if (e.equals("Deny")) {
                effect = PolicyStatement.Effect.DENY;
            } else {
                throw new PolicyFormatException(where + " has Effect \"" + e + "\"; it must be Allow or Deny");
            }
        }

        Value action = field(s, "Action");
        Value notAction = field(s, "NotAction");
        if (action.isAbsent() == notAction.isAbsent()) {
            throw new PolicyFormatException(where + (action.isAbsent() ? " has neither Action nor NotAction"
                    : " has both Action and NotAction"));
        }
        List<Value> actions = patterns(!action.isAbsent() ? action : notAction, where,
                !action.isAbsent() ? "Action" : "NotAction");

        Value resource = field(s, "Resource");
        Value notResource = field(s, "NotResource");
        if (!resource.isAbsent() && !notResource.isAbsent()) {
            throw new PolicyFormatException(where + " has both Resource and NotResource");
        }
        List<Value> resources = resource.isAbsent() && notResource.isAbsent() ? null
                : patterns(!resource.isAbsent() ? resource : notResource, where,
                !resource.isAbsent() ? "Resource" : "NotResource");

        Value principal = field(s, "Principal");
        Value notPrincipal = field(s, "NotPrincipal");
        if (!principal.isAbsent() && !notPrincipal.isAbsent()) {
            throw new PolicyFormatException(where + " has both Principal and NotPrincipal");
        }
        Value condition = field(s, "Condition");
        if (condition.isKnown() && !(condition instanceof Value.Struct)
                && !(condition instanceof Value.Reference) && !condition.isAbsent()) {
            throw new PolicyFormatException(where + " has a Condition that is not an object");
        }
        return new PolicyStatement(sid, index, effect, actions, !notAction.isAbsent(), resources, !notResource.isAbsent(),
                !principal.isAbsent() ? principal : notPrincipal.isAbsent() ? null : notPrincipal, !notPrincipal.isAbsent(),
                condition.isAbsent() ? null : condition, s.location());
    }

    private static List<Value> patterns(Value v, String where, String element) throws PolicyFormatException {
        if (v instanceof Value.Seq seq) {
            for (Value item : seq.items()) {
                if (item instanceof Value.Struct || item instanceof Value.Seq) {
                    throw new PolicyFormatException(where + " " + element + " must list strings");
                }
            }
            return seq.items();
        }
        if (v instanceof Value.Struct) {
            throw new PolicyFormatException(where + " " + element + " must be a string or a list of strings");
        }
        return List.of(v);
    }

    /**
     * The element as AWS spells it, else written in another case: being lenient here only risks evaluating a
     * document AWS might reject, while being strict would report a misleading verdict.
     */
    private static Value field(Value.Struct s, String name) {
        Value v = s.at(name);
        if (!v.isAbsent()) {
            return v;
        }
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return v;
    }

    private static String kind(Value v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Value.Text) {
            return "a string";
        }
        if (v instanceof Value.Num) {
            return "a number";
        }
        if (v instanceof Value.Bool) {
            return "a boolean";
        }
        if (v instanceof Value.Absent) {
            return "null";
        }
        if (v instanceof Value.Seq) {
            return "a list";
        }
        if (v instanceof Value.Struct) {
            return "an object";
        }
        return v.display();
    }
}
