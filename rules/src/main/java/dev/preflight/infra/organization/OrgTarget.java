package dev.preflight.infra.organization;

import dev.preflight.model.Resource;
import dev.preflight.model.ResourceGraph;
import dev.preflight.model.Value;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A place in an AWS Organization that policies attach to: the root, an OU or an account, written as a literal id
 * ({@code r-ab12}, {@code ou-ab12-cdef3456}, {@code 111122223333}), as a reference to a resource of the inputs
 * ({@code !Ref ProdOu}, {@code aws_organizations_organizational_unit.prod.id}), or not known before deploy.
 *
 * @param id       the literal id when known, else null
 * @param resource the OU / account / organization resource of the inputs, else null
 * @param unknown  for {@link Kind#UNKNOWN}: why the target cannot be known ("parameter TargetOu has no value")
 */
public record OrgTarget(Kind kind, String id, Resource resource, String unknown) {
    public enum Kind { ROOT, OU, ACCOUNT, UNKNOWN }

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    static final java.util.Set<String> OU_TYPES = java.util.Set.of("AWS::Organizations::OrganizationalUnit",
            "aws_organizations_organizational_unit");
    static final java.util.Set<String> ACCOUNT_TYPES = java.util.Set.of("AWS::Organizations::Account",
            "aws_organizations_account");
    static final java.util.Set<String> ORGANIZATION_TYPES = java.util.Set.of("aws_organizations_organization");

    /** The target a value designates. */
    public static OrgTarget of(ResourceGraph graph, Value v) {
        if (v instanceof Value.Reference r) {
            Resource res = graph.resolve(r).orElse(null);
            String known = r.resolved().isKnown() ? r.resolved().text().orElse(null) : null;
            if (res != null) {
                Kind k = OU_TYPES.contains(res.type()) ? Kind.OU : ACCOUNT_TYPES.contains(res.type()) ? Kind.ACCOUNT
                        : ORGANIZATION_TYPES.contains(res.type()) ? Kind.ROOT : null;
                if (k != null) {
                    return new OrgTarget(k, known, res, null);
                }
            }
            if (known != null) {
                return literal(graph, known);
            }
            return new OrgTarget(Kind.UNKNOWN, null, res, r.display() + " ("
                    + (r.resolved() instanceof Value.Unknown u ? u.describe() : "not known before deploy") + ")");
        }
        if (v != null && v.isKnown() && v.text().isPresent()) {
            return literal(graph, v.text().get());
        }
        return new OrgTarget(Kind.UNKNOWN, null, null, v == null ? "not set" : v.display());
    }

    private static OrgTarget literal(ResourceGraph graph, String id) {
        String s = id.trim();
        Resource res = graph.byPhysicalId(s).orElse(null);
        String lower = s.toLowerCase(Locale.ROOT);
        Kind k = lower.startsWith("r-") ? Kind.ROOT : lower.startsWith("ou-") ? Kind.OU
                : ACCOUNT_ID.matcher(s).matches() ? Kind.ACCOUNT : Kind.UNKNOWN;
        return new OrgTarget(k, s, res, k == Kind.UNKNOWN ? "\"" + s + "\" is not a root, OU or account id" : null);
    }

    /** Identity for grouping the policies attached at one place. */
    public String identity() {
        if (resource != null) {
            return "resource:" + resource.key().input() + "#" + resource.key().id();
        }
        if (id != null) {
            return "id:" + id.toLowerCase(Locale.ROOT);
        }
        return "unknown:" + unknown;
    }

    /** "OU ProdOu", "account 111122223333", "root r-ab12", "an unknown target (parameter X has no value)". */
    public String display() {
        String name = resource != null ? resource.id() + (id != null ? " (" + id + ")" : "") : id;
        return switch (kind) {
            case ROOT -> "root " + name;
            case OU -> "OU " + name;
            case ACCOUNT -> "account " + name;
            case UNKNOWN -> "target " + unknown;
        };
    }
}
