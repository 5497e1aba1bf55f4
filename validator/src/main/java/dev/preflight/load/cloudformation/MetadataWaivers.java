package dev.preflight.load.cloudformation;

import dev.preflight.load.DeclaredWaiver;
import dev.preflight.load.InputFailure;
import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Reads the waivers of a CloudFormation resource's {@code Metadata: {preflight: {ignore: [...]}}}. The same mistakes
 * as in {@code .preflight.yaml} are the same kind of error: a waiver without a reason, a date that is not
 * {@code YYYY-MM-DD} or an unknown key is one line naming the file, line and column (the resource is still checked;
 * the waiver does not apply). Whether the rule id exists is decided by the engine, which knows the rules.
 */
final class MetadataWaivers {
    private static final Set<String> KEYS = Set.of("id", "reason", "expires");

    private MetadataWaivers() {
    }

    static void read(Resource r, List<DeclaredWaiver> waivers, List<InputFailure> failures) {
        Value preflight = r.metadata().at("preflight");
        if (preflight.isAbsent()) {
            return;
        }
        String where = "Metadata.preflight of " + r.id();
        if (!(preflight instanceof Value.Struct p)) {
            failures.add(failure(preflight.location(), where + " must be a mapping with 'ignore: [{id, reason, expires}]'"));
            return;
        }
        for (String k : p.fields().keySet()) {
            if (!k.equals("ignore")) {
                failures.add(failure(p.get(k).location(), "unknown key '" + k + "' in " + where + " (ignore)"));
            }
        }
        Value ignore = p.at("ignore");
        if (ignore.isAbsent()) {
            return;
        }
        if (!(ignore instanceof Value.Seq seq)) {
            failures.add(failure(ignore.location(), where + ".ignore must be a list of {id, reason, expires}"));
            return;
        }
        for (Value item : seq.items()) {
            if (!(item instanceof Value.Struct s)) {
                failures.add(failure(item.location(), "a waiver in " + where + ".ignore must be a mapping {id, reason, expires}"));
                continue;
            }
            boolean ok = true;
            for (String k : s.fields().keySet()) {
                if (!KEYS.contains(k)) {
                    failures.add(failure(s.get(k).location(), "unknown key '" + k + "' in a waiver of " + where
                            + " (id, reason, expires)"));
                    ok = false;
                }
            }
            String id = s.at("id").text().orElse("").trim();
            if (id.isEmpty()) {
                failures.add(failure(s.location(), "a waiver in " + where + " needs 'id' (the rule it waives, e.g. GD007)"));
                continue;
            }
            String reason = s.at("reason").text().orElse("").trim();
            if (reason.isEmpty()) {
                failures.add(failure(s.location(), "the waiver of " + id + " in " + where + " needs a non-empty reason "
                        + "(a waiver without a reason does not apply)"));
                continue;
            }
            LocalDate expires = null;
            Value e = s.at("expires");
            if (!e.isAbsent()) {
                String d = e.text().orElse(e.display()).trim();
                try {
                    expires = LocalDate.parse(d);
                } catch (DateTimeParseException ex) {
                    failures.add(failure(e.location(), "expires of the waiver of " + id + " in " + where
                            + " must be a date YYYY-MM-DD, got '" + d + "'"));
                    continue;
                }
            }
            if (ok) {
                waivers.add(new DeclaredWaiver(id, r.key(), reason, expires, item.location()));
            }
        }
    }

    private static InputFailure failure(SourceLocation at, String message) {
        return new InputFailure(at.file(), at.line(), at.column(), message);
    }
}
