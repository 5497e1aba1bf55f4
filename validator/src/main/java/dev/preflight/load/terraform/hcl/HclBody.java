package dev.preflight.load.terraform.hcl;

import dev.preflight.model.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes and blocks of a file or of a block, in source order. Attribute names are unique in a body (the
 * parser rejects a duplicate, as HCL does); blocks of one type may repeat.
 */
public record HclBody(Map<String, Attribute> attributes, List<Block> blocks, SourceLocation location) {
    public HclBody {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        blocks = List.copyOf(blocks);
    }

    public Attribute attribute(String name) {
        return attributes.get(name);
    }

    public List<Block> blocks(String type) {
        List<Block> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.type().equals(type)) {
                out.add(b);
            }
        }
        return out;
    }

    /** {@code name = expression}; {@code location} is where the name is written. */
    public record Attribute(String name, HclExpression expression, SourceLocation location) {
    }

    /**
     * {@code type "label" ... { body }}; {@code location} is where the type is written, {@code endLine} the line of
     * the closing brace.
     */
    public record Block(String type, List<String> labels, HclBody body, SourceLocation location, int endLine) {
        public Block {
            labels = List.copyOf(labels);
        }

        public String label(int k) {
            return k < labels.size() ? labels.get(k) : null;
        }
    }
}
