package dev.preflight.load.terraform.config;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code data "aws_iam_policy_document"}: a pure function of its arguments, so its {@code json} is computed here as
 * the AWS provider writes it (Version, Statement with Sid, Effect, Action/NotAction, Resource/NotResource,
 * Principal/NotPrincipal, Condition; a single value as a string). {@code source_policy_documents} statements come
 * first, {@code override_policy_documents} replace statements with the same Sid. Unknown arguments make the document
 * unknown, as in a plan.
 */
final class PolicyDocumentData {
    private PolicyDocumentData() {
    }

    static Value json(Map<String, Value> args, SourceLocation at) {
        for (Value v : args.values()) {
            Value u = ConfigValues.firstUnknown(v);
            if (u != null) {
                return ConfigValues.at(ConfigValues.deref(u), at);
            }
        }
        List<Value> statements = new ArrayList<>();
        for (Value src : ConfigValues.items(args.get("source_policy_documents"))) {
            statements.addAll(parsedStatements(src, at));
        }
        for (Value s : ConfigValues.items(args.get("statement"))) {
            statements.add(statement(s, at));
        }
        for (Value src : ConfigValues.items(args.get("override_policy_documents"))) {
            for (Value o : parsedStatements(src, at)) {
                String sid = ConfigValues.string(o.get("Sid")).orElse(null);
                boolean replaced = false;
                for (int i = 0; sid != null && i < statements.size(); i++) {
                    if (sid.equals(ConfigValues.string(statements.get(i).get("Sid")).orElse(null))) {
                        statements.set(i, o);
                        replaced = true;
                    }
                }
                if (!replaced) {
                    statements.add(o);
                }
            }
        }
        Map<String, Value> doc = new LinkedHashMap<>();
        Value version = args.get("version");
        doc.put("Version", version != null && !ConfigValues.isNull(version) ? version
                : ConfigValues.text("2012-10-17", at));
        Value id = args.get("policy_id");
        if (id != null && !ConfigValues.isNull(id)) {
            doc.put("Id", id);
        }
        doc.put("Statement", new Value.Seq(statements, at));
        try {
            return TerraformFunctions.call("jsonencode", List.of(new Value.Struct(doc, at)), at, null, null);
        } catch (EvaluationError e) {
            return ConfigValues.failed("data.aws_iam_policy_document", e.getMessage(), at);
        }
    }

    private static List<Value> parsedStatements(Value doc, SourceLocation at) {
        try {
            Value parsed = TerraformFunctions.jsonDecode(ConfigValues.string(doc).orElse("{}"), at);
            Value st = parsed.get("Statement");
            if (st instanceof Value.Seq s) {
                return s.items();
            }
            return st == null ? List.of() : List.of(st);
        } catch (EvaluationError e) {
            return List.of();
        }
    }

    private static Value statement(Value s, SourceLocation at) {
        Map<String, Value> out = new LinkedHashMap<>();
        put(out, "Sid", s.get("sid"));
        Value effect = s.get("effect");
        out.put("Effect", effect == null || ConfigValues.isNull(effect) ? ConfigValues.text("Allow", at) : effect);
        put(out, "Action", single(s.get("actions")));
        put(out, "NotAction", single(s.get("not_actions")));
        put(out, "Resource", single(s.get("resources")));
        put(out, "NotResource", single(s.get("not_resources")));
        put(out, "Principal", principals(s.get("principals"), at));
        put(out, "NotPrincipal", principals(s.get("not_principals"), at));
        Value conditions = s.get("condition");
        if (conditions != null && !ConfigValues.items(conditions).isEmpty()) {
            Map<String, Map<String, Value>> byTest = new LinkedHashMap<>();
            for (Value c : ConfigValues.items(conditions)) {
                String test = ConfigValues.string(c.get("test")).orElse("");
                String variable = ConfigValues.string(c.get("variable")).orElse("");
                byTest.computeIfAbsent(test, k -> new LinkedHashMap<>()).put(variable, single(c.get("values")));
            }
            Map<String, Value> cond = new LinkedHashMap<>();
            byTest.forEach((k, v) -> cond.put(k, new Value.Struct(v, at)));
            out.put("Condition", new Value.Struct(cond, at));
        }
        return new Value.Struct(out, at);
    }

    private static void put(Map<String, Value> out, String key, Value v) {
        if (v != null && !ConfigValues.isNull(v)) {
            out.put(key, v);
        }
    }

    private static Value single(Value list) {
        if (list == null || ConfigValues.isNull(list)) {
            return null;
        }
        List<Value> items = ConfigValues.items(list);
        if (!(ConfigValues.deref(list) instanceof Value.Seq)) {
            return list;
        }
        return items.size() == 1 ? items.get(0) : list;
    }

    private static Value principals(Value blocks, SourceLocation at) {
        List<Value> items = ConfigValues.items(blocks);
        if (items.isEmpty()) {
            return null;
        }
        Map<String, List<Value>> byType = new LinkedHashMap<>();
        for (Value p : items) {
            String type = ConfigValues.string(p.get("type")).orElse("AWS");
            byType.computeIfAbsent(type, k -> new ArrayList<>()).addAll(ConfigValues.items(p.get("identifiers")));
        }
        if (byType.size() == 1 && byType.containsKey("*")) {
            return ConfigValues.text("*", at);
        }
        Map<String, Value> out = new LinkedHashMap<>();
        byType.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : new Value.Seq(v, at)));
        return new Value.Struct(out, at);
    }
}
