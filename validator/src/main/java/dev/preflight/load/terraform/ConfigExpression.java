package dev.preflight.load.terraform;

import dev.preflight.model.Value;

/**
 * Where the plan's {@code configuration} section stands for a value being built: a level of attribute
 * expressions, one expression that decides everything below, a list of nested blocks, or nothing.
 */
sealed interface ConfigExpression {

    /** A map of attribute name to expression: a resource's {@code expressions} or one nested block. */
    record Level(Value.Struct expressions) implements ConfigExpression {
    }

    /**
     * One expression ({@code constant_value} and/or {@code references}) that decides everything below it;
     * {@code wide} when it covers more than the unknown value (a whole {@code ingress} attribute, several blocks).
     */
    record Leaf(Value expression, boolean wide) implements ConfigExpression {
    }

    /** Nested blocks written in the configuration, in order. */
    record BlockList(Value.Seq blocks) implements ConfigExpression {
    }

    /** The configuration is present and does not set this attribute. */
    record NotConfigured() implements ConfigExpression {
    }

    /** Nothing is known about the configuration here. */
    record NoConfig() implements ConfigExpression {
    }
}
