package dev.preflight.load.terraform;

import dev.preflight.load.terraform.ConfigExpression.BlockList;
import dev.preflight.load.terraform.ConfigExpression.Leaf;
import dev.preflight.load.terraform.ConfigExpression.Level;
import dev.preflight.load.terraform.ConfigExpression.NoConfig;
import dev.preflight.load.terraform.ConfigExpression.NotConfigured;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass 1 of reading a plan: builds each instance's properties from its planned values and leaves a placeholder
 * {@link Site} for every value marked in {@code after_unknown} (at any depth), paired with the configuration
 * expression that decides it, for {@link PlanReader} to replace once every instance is built. Known texts whose
 * expression references resources are remembered as {@link KnownSite}s. Inside a block that the plan has and the
 * configuration does not list (Terraform leaves {@code dynamic} blocks out of the configuration section), the
 * expression is {@link NoConfig}, never {@link NotConfigured}. {@code tags_all} unknown in the plan is computed
 * here from the provider's constant {@code default_tags} and the resource's known {@code tags}.
 */
final class UnknownMarker {
    /** An unknown value of the plan, to be replaced once every resource is read. */
    record Site(PlanInstance owner, String path, SourceLocation location, ConfigExpression expr, Shape shape,
                boolean topLevel) {
    }

    /** What kind of value an unknown site holds, from {@code after_sensitive} or the attribute name. */
    enum Shape { SCALAR, LIST, MAP }

    /** A known text whose configuration expression references resources. */
    record KnownSite(PlanInstance owner, Value expression) {
    }

    private final PlanConfiguration config;
    private final IdentityHashMap<Value, Site> sites = new IdentityHashMap<>();
    private final IdentityHashMap<Value, KnownSite> knownSites = new IdentityHashMap<>();
    /** Per instance: how many unknown parts each configuration expression decides. */
    private final IdentityHashMap<PlanInstance, IdentityHashMap<Value, Integer>> leafUse = new IdentityHashMap<>();
    private final IdentityHashMap<Value, Value> mergedBlocks = new IdentityHashMap<>();

    /** @param config the plan's configuration section, or null when the plan has none */
    UnknownMarker(PlanConfiguration config) {
        this.config = config;
    }

    /** The placeholder's site, or null when {@code v} is not a placeholder of this marker. */
    Site site(Value v) {
        return sites.get(v);
    }

    boolean isSite(Value v) {
        return sites.containsKey(v);
    }

    KnownSite knownSite(Value v) {
        return knownSites.get(v);
    }

    /** How many unknown parts of {@code owner} the expression decides (1 when it decides none). */
    int uses(PlanInstance owner, Value expression) {
        IdentityHashMap<Value, Integer> use = leafUse.get(owner);
        return use == null ? 1 : use.getOrDefault(expression, 1);
    }

    void buildProperties(PlanInstance i) {
        ConfigExpression expr = new NoConfig();
        Value.Struct configResource = null;
        if (config != null && i.address != null) {
            configResource = config.resource(i.address);
            if (configResource != null) {
                i.forEach = configResource.get("for_each_expression");
                expr = configResource.get("expressions") instanceof Value.Struct ex ? new Level(ex)
                        : new Level(new Value.Struct(Map.of(), configResource.location()));
            }
        }
        Value after = i.after == null ? new Value.Struct(Map.of(), i.location) : i.after;
        Value built = build(i, after, i.afterUnknown, i.afterSensitive, "", expr, i.location, true);
        Value.Struct props = built instanceof Value.Struct s ? s : new Value.Struct(Map.of(), i.location);
        i.properties = withTagsAll(i, props, configResource);
    }

    private Value build(PlanInstance owner, Value after, Value unknown, Value sensitive, String path, ConfigExpression expr,
                        SourceLocation fallback, boolean topLevel) {
        if (unknown instanceof Value.Bool b && b.value()) {
            return site(owner, path, unknown.location(), expr, shape(path, sensitive, after), topLevel);
        }
        if (unknown instanceof Value.Struct u && (after == null || after instanceof Value.Struct
                || after instanceof Value.Absent)) {
            Map<String, Value> fields = new LinkedHashMap<>();
            Value.Struct a = after instanceof Value.Struct s ? s : null;
            if (a != null) {
                for (Map.Entry<String, Value> e : a.fields().entrySet()) {
                    String k = e.getKey();
                    fields.put(k, build(owner, e.getValue(), u.get(k), field(sensitive, k), join(path, k),
                            descend(expr, k), e.getValue().location(), path.isEmpty()));
                }
            }
            for (Map.Entry<String, Value> e : u.fields().entrySet()) {
                String k = e.getKey();
                if (!fields.containsKey(k) && e.getValue() instanceof Value.Bool b && b.value()) {
                    fields.put(k, build(owner, null, e.getValue(), field(sensitive, k), join(path, k),
                            descend(expr, k), e.getValue().location(), path.isEmpty()));
                }
            }
            if (a == null && fields.isEmpty()) {
                return after == null ? new Value.Absent(fallback) : after;
            }
            return new Value.Struct(fields, a != null ? a.location() : u.location());
        }
        if (unknown instanceof Value.Seq u && after instanceof Value.Seq a) {
            List<Value> items = new ArrayList<>();
            int n = Math.max(a.items().size(), u.items().size());
            for (int k = 0; k < n; k++) {
                Value item = k < a.items().size() ? a.items().get(k) : null;
                Value itemUnknown = k < u.items().size() ? u.items().get(k) : null;
                if (item == null && !(itemUnknown instanceof Value.Bool)) {
                    continue;
                }
                items.add(build(owner, item, itemUnknown, element(sensitive, k), path + "[" + k + "]",
                        descendIndex(expr, k, a.items().size()), item == null ? u.location() : item.location(),
                        false));
            }
            return new Value.Seq(items, a.location());
        }
        if (after == null) {
            return new Value.Absent(fallback);
        }
        markKnown(owner, after, expr, 0);
        return after;
    }

    /**
     * Remembers known text values whose configuration expression references resources, so that pass 2 can link
     * them ({@code role = aws_iam_role.app.name} planned as {@code "app"}).
     */
    private void markKnown(PlanInstance owner, Value v, ConfigExpression expr, int depth) {
        if (depth > 32 || expr instanceof NotConfigured || expr instanceof NoConfig) {
            return;
        }
        if (v instanceof Value.Text && expr instanceof Leaf l && l.expression().get("references") != null) {
            knownSites.put(v, new KnownSite(owner, l.expression()));
        } else if (v instanceof Value.Seq seq) {
            for (int k = 0; k < seq.items().size(); k++) {
                markKnown(owner, seq.items().get(k), descendIndex(expr, k, seq.items().size()), depth + 1);
            }
        } else if (v instanceof Value.Struct st) {
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                markKnown(owner, e.getValue(), expr instanceof Leaf ? expr : descend(expr, e.getKey()), depth + 1);
            }
        }
    }

    private Value site(PlanInstance owner, String path, SourceLocation at, ConfigExpression expr, Shape shape, boolean topLevel) {
        Value placeholder = new Value.Unknown(new UnknownOrigin.KnownAfterApply(owner.printed, path), at);
        sites.put(placeholder, new Site(owner, path, at, expr, shape, topLevel));
        if (expr instanceof Leaf l) {
            leafUse.computeIfAbsent(owner, o -> new IdentityHashMap<>()).merge(l.expression(), 1, Integer::sum);
        }
        return placeholder;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Value field(Value v, String key) {
        return v instanceof Value.Struct s ? s.get(key) : null;
    }

    private static Value element(Value v, int k) {
        return v instanceof Value.Seq s && k < s.items().size() ? s.items().get(k) : null;
    }

    /**
     * Terraform 0.15+ marks collections in {@code after_sensitive} ({@code []} for lists and sets, {@code {}} for
     * maps and objects); older plans fall back to AWS provider naming of id lists.
     */
    private static Shape shape(String path, Value sensitive, Value after) {
        if (sensitive instanceof Value.Seq || after instanceof Value.Seq) {
            return Shape.LIST;
        }
        if (sensitive instanceof Value.Struct || after instanceof Value.Struct) {
            return Shape.MAP;
        }
        String name = path.substring(path.lastIndexOf('.') + 1);
        if (name.endsWith("]")) {
            return Shape.SCALAR;
        }
        return name.endsWith("_ids") || name.endsWith("_arns") || name.endsWith("_blocks")
                || name.endsWith("_groups") || name.equals("security_groups") || name.equals("vpc_zone_identifier")
                || name.equals("subnets") || name.equals("instances") || name.equals("load_balancers")
                ? Shape.LIST : Shape.SCALAR;
    }

    /**
     * Whether an unknown value in {@code slot} can be the referenced attributes themselves rather than a document
     * or text computed from them ({@code policy = jsonencode(...)}, {@code user_data = templatefile(...)}): an
     * id, ARN or name in any slot that does not hold documents, or the same attribute ({@code cidr_blocks} from
     * {@code cidr_block}). The plan does not show the expression, so this is decided from the names; anything
     * else stays unknown, naming what it is computed from.
     */
    private ConfigExpression descend(ConfigExpression expr, String key) {
        if (expr instanceof Level l) {
            Value e = l.expressions().get(key);
            if (e == null) {
                return new NotConfigured();
            }
            if (e instanceof Value.Seq blocks) {
                return new BlockList(blocks);
            }
            return new Leaf(e, false);
        }
        if (expr instanceof BlockList b) {
            return new Leaf(merged(b.blocks()), true);
        }
        if (expr instanceof Leaf l) {
            return new Leaf(l.expression(), true);
        }
        if (expr instanceof NotConfigured) {
            // the plan has this block but the configuration does not list it: a dynamic block (Terraform leaves
            // those out of the configuration section) or a block the provider computes; nothing is known
            return new NoConfig();
        }
        return expr;
    }

    private ConfigExpression descendIndex(ConfigExpression expr, int index, int count) {
        if (expr instanceof BlockList b) {
            if (b.blocks().items().size() == count && b.blocks().items().get(index) instanceof Value.Struct s) {
                return new Level(s);
            }
            // dynamic blocks or a count mismatch: the blocks cannot be paired with the plan's items
            return new Leaf(merged(b.blocks()), true);
        }
        if (expr instanceof Level) {
            return new NoConfig();
        }
        if (expr instanceof Leaf l) {
            return new Leaf(l.expression(), true);
        }
        if (expr instanceof NotConfigured) {
            return new NoConfig();
        }
        return expr;
    }

    /** One expression holding every reference of a list of blocks, shared by all its uses. */
    private Value merged(Value.Seq blocks) {
        return mergedBlocks.computeIfAbsent(blocks, b -> {
            List<Value> refs = new ArrayList<>();
            collectReferences(b, refs, 0);
            return new Value.Struct(Map.of("references", new Value.Seq(refs, b.location())), b.location());
        });
    }

    private static void collectReferences(Value v, List<Value> out, int depth) {
        if (depth > 32) {
            return;
        }
        if (v instanceof Value.Struct s) {
            for (Map.Entry<String, Value> e : s.fields().entrySet()) {
                if (e.getKey().equals("references")) {
                    out.addAll(e.getValue().items());
                } else {
                    collectReferences(e.getValue(), out, depth + 1);
                }
            }
        } else if (v instanceof Value.Seq s) {
            for (Value i : s.items()) {
                collectReferences(i, out, depth + 1);
            }
        }
    }

    // ---- tags_all from provider default_tags ----

    private Value.Struct withTagsAll(PlanInstance i, Value.Struct props, Value.Struct configResource) {
        Value tagsAll = props.get("tags_all");
        if (tagsAll == null || !sites.containsKey(tagsAll) || configResource == null || !i.type.startsWith("aws_")) {
            return props;
        }
        Value.Struct defaults = config.defaultTags(PlanInstances.text(configResource.get("provider_config_key")));
        if (defaults == null) {
            return props;
        }
        Value tags = props.get("tags");
        Map<String, Value> merged = new LinkedHashMap<>(defaults.fields());
        if (tags instanceof Value.Struct t) {
            for (Map.Entry<String, Value> e : t.fields().entrySet()) {
                if (sites.containsKey(e.getValue()) || !(e.getValue() instanceof Value.Text)) {
                    return props;
                }
                merged.put(e.getKey(), e.getValue());
            }
        } else if (tags != null && !(tags instanceof Value.Absent)) {
            return props;
        }
        Map<String, Value> fields = new LinkedHashMap<>(props.fields());
        fields.put("tags_all", new Value.Struct(merged, tagsAll.location()));
        sites.remove(tagsAll);
        return new Value.Struct(fields, props.location());
    }

}
