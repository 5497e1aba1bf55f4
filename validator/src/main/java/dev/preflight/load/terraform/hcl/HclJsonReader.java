package dev.preflight.load.terraform.hcl;

import dev.preflight.load.InputException;
import dev.preflight.load.SourceText;
import dev.preflight.load.document.JsonTreeReader;
import dev.preflight.load.terraform.hcl.HclExpression.Span;
import dev.preflight.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Terraform's JSON syntax ({@code hashicorp/hcl} {@code json/spec.md}, Terraform's "JSON Configuration Syntax")
 * into the same {@link HclBody} the native syntax gives. JSON cannot tell a nested block from an object
 * attribute without the provider's schema, so this reads the top-level block types and their labels as Terraform
 * does, the meta blocks ({@code lifecycle}, {@code dynamic}, {@code provisioner}, ...), and the nested blocks the
 * AWS resources checked here have ({@link #NESTED_BLOCKS}); any other object is an attribute. Strings are
 * templates ({@code "${aws_vpc.main.id}"}); a template's nodes are placed at the string. Variable files
 * ({@code .tfvars.json}) hold plain values: their strings are literal.
 */
public final class HclJsonReader {
    /** Top-level block types and how many labels each has. */
    private static final Map<String, Integer> TOP_LEVEL = Map.ofEntries(
            Map.entry("resource", 2), Map.entry("data", 2), Map.entry("ephemeral", 2), Map.entry("module", 1),
            Map.entry("variable", 1), Map.entry("output", 1), Map.entry("provider", 1), Map.entry("locals", 0),
            Map.entry("terraform", 0), Map.entry("moved", 0), Map.entry("import", 0), Map.entry("removed", 0),
            Map.entry("check", 1));

    /** Nested block types (with their label counts) read as blocks inside any block. */
    private static final Map<String, Integer> META_BLOCKS = Map.of("lifecycle", 0, "provisioner", 1,
            "connection", 0, "dynamic", 1, "content", 0, "validation", 0, "precondition", 0, "postcondition", 0,
            "backend", 1, "required_providers", 0);

    /** Nested blocks of AWS resources and data sources that the rules read. */
    static final Set<String> NESTED_BLOCKS = Set.of("ingress", "egress", "metadata_options", "launch_template",
            "mixed_instances_policy", "launch_template_specification", "override", "instances_distribution",
            "tag", "dns_options", "subnet_configuration", "root_block_device", "ebs_block_device",
            "network_interface", "network_interfaces", "block_device_mappings", "ebs", "iam_instance_profile",
            "tag_specifications", "default_tags", "statement", "principals", "not_principals", "condition",
            "datasources", "features", "additional_configuration", "filter", "private_dns_name_options",
            "assume_role", "warm_pool", "instance_refresh", "placement", "credit_specification",
            "maintenance_options", "capacity_reservation_specification", "cpu_options", "enclave_options",
            "hibernation_options", "monitoring", "license_specification", "instance_requirements", "entry",
            "route", "rule", "target");

    private final String file;

    private HclJsonReader(String file) {
        this.file = file;
    }

    /** A {@code .tf.json} file. */
    public static HclBody readConfiguration(SourceText source) throws InputException, HclSyntaxException {
        Value root = JsonTreeReader.read(source);
        HclJsonReader r = new HclJsonReader(source.displayPath());
        if (!(root instanceof Value.Struct s)) {
            throw new HclSyntaxException(root.location(), "a Terraform JSON file must be a JSON object");
        }
        List<HclBody.Block> blocks = new ArrayList<>();
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            String type = e.getKey();
            if (type.equals("//")) {
                continue;
            }
            Integer labels = TOP_LEVEL.get(type);
            if (labels == null) {
                throw new HclSyntaxException(e.getValue().location(), "unknown top-level block type \"" + type
                        + "\" in a Terraform JSON file");
            }
            r.blocks(type, labels, List.of(), e.getValue(), blocks);
        }
        return new HclBody(Map.of(), blocks, root.location());
    }

    /** A {@code .tfvars.json} file: one attribute per variable, plain JSON values. */
    public static HclBody readVariables(SourceText source) throws InputException, HclSyntaxException {
        Value root = JsonTreeReader.read(source);
        if (!(root instanceof Value.Struct s)) {
            throw new HclSyntaxException(root.location(), "a variables file must be a JSON object");
        }
        HclJsonReader r = new HclJsonReader(source.displayPath());
        Map<String, HclBody.Attribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            attributes.put(e.getKey(), new HclBody.Attribute(e.getKey(), r.literal(e.getValue()),
                    e.getValue().location()));
        }
        return new HclBody(attributes, List.of(), root.location());
    }

    /** Blocks of {@code type} with {@code labelsLeft} more labels to read as object keys. */
    private void blocks(String type, int labelsLeft, List<String> labels, Value v, List<HclBody.Block> out)
            throws HclSyntaxException {
        if (v instanceof Value.Seq seq) {
            for (Value item : seq.items()) {
                blocks(type, labelsLeft, labels, item, out);
            }
            return;
        }
        if (!(v instanceof Value.Struct s)) {
            throw new HclSyntaxException(v.location(), "block " + type + (labels.isEmpty() ? "" : " \""
                    + String.join("\" \"", labels) + "\"") + " must be a JSON object, not " + HclParser.brief(v.display()));
        }
        if (labelsLeft == 0) {
            out.add(new HclBody.Block(type, labels, body(s, type), s.location(), s.location().line()));
            return;
        }
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            if (e.getKey().equals("//")) {
                continue;
            }
            List<String> more = new ArrayList<>(labels);
            more.add(e.getKey());
            blocks(type, labelsLeft - 1, more, e.getValue(), out);
        }
    }

    private HclBody body(Value.Struct s, String blockType) throws HclSyntaxException {
        Map<String, HclBody.Attribute> attributes = new LinkedHashMap<>();
        List<HclBody.Block> blocks = new ArrayList<>();
        boolean justAttributes = blockType.equals("locals") || blockType.equals("required_providers");
        for (Map.Entry<String, Value> e : s.fields().entrySet()) {
            String k = e.getKey();
            Value v = e.getValue();
            if (k.equals("//")) {
                continue;
            }
            Integer meta = justAttributes ? null : META_BLOCKS.get(k);
            boolean nested = !justAttributes && NESTED_BLOCKS.contains(k) && (v instanceof Value.Struct
                    || (v instanceof Value.Seq seq && !seq.items().isEmpty()
                    && seq.items().stream().allMatch(i -> i instanceof Value.Struct)));
            if (meta != null || nested) {
                blocks(k, meta == null ? 0 : meta, List.of(), v, blocks);
            } else if (blockType.equals("variable") && k.equals("type") && v instanceof Value.Text t) {
                attributes.put(k, new HclBody.Attribute(k, HclParser.parseExpression(file, t.value(), t.location()),
                        v.location()));
            } else {
                attributes.put(k, new HclBody.Attribute(k, expression(v), v.location()));
            }
        }
        return new HclBody(attributes, blocks, s.location());
    }

    private Span span(Value v) {
        return new Span(v.location(), v.display(), 0, 0);
    }

    /** A JSON value as an expression: strings are templates. */
    private HclExpression expression(Value v) throws HclSyntaxException {
        if (v instanceof Value.Text t) {
            return HclParser.parseTemplate(file, t.value(), t.location());
        }
        if (v instanceof Value.Seq seq) {
            List<HclExpression> items = new ArrayList<>();
            for (Value i : seq.items()) {
                items.add(expression(i));
            }
            return new HclExpression.Tuple(items, span(v));
        }
        if (v instanceof Value.Struct st) {
            List<HclExpression.ObjectItem> items = new ArrayList<>();
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                if (e.getKey().equals("//")) {
                    continue;
                }
                items.add(new HclExpression.ObjectItem(
                        new HclExpression.Literal(e.getKey(), span(e.getValue())), expression(e.getValue())));
            }
            return new HclExpression.ObjectCons(items, span(v));
        }
        return literal(v);
    }

    /** A JSON value as a constant (variables files). */
    private HclExpression literal(Value v) {
        if (v instanceof Value.Text t) {
            return new HclExpression.Literal(t.value(), new Span(v.location(), t.value(), 0, t.value().length()));
        }
        if (v instanceof Value.Num n) {
            return new HclExpression.Literal(n.value(), new Span(v.location(), n.raw(), 0, n.raw().length()));
        }
        if (v instanceof Value.Bool b) {
            return new HclExpression.Literal(b.value(), span(v));
        }
        if (v instanceof Value.Seq seq) {
            List<HclExpression> items = new ArrayList<>();
            for (Value i : seq.items()) {
                items.add(literal(i));
            }
            return new HclExpression.Tuple(items, span(v));
        }
        if (v instanceof Value.Struct st) {
            List<HclExpression.ObjectItem> items = new ArrayList<>();
            for (Map.Entry<String, Value> e : st.fields().entrySet()) {
                items.add(new HclExpression.ObjectItem(new HclExpression.Literal(e.getKey(), span(e.getValue())),
                        literal(e.getValue())));
            }
            return new HclExpression.ObjectCons(items, span(v));
        }
        return new HclExpression.Literal(null, span(v));
    }
}
