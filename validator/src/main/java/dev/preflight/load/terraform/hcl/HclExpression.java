package dev.preflight.load.terraform.hcl;

import dev.preflight.model.SourceLocation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An expression of HCL's expression sub-language (native syntax, or a JSON string read as a template), as
 * written: nothing is evaluated here. Every node knows its {@link Span}: where it starts and the source text it
 * was written as, so messages can name the expression ({@code aws_vpc.main.id}) exactly.
 */
public sealed interface HclExpression {

    Span span();

    default SourceLocation location() {
        return span().location();
    }

    /** The expression as written in the source. */
    default String text() {
        return span().text();
    }

    /** A string, number, boolean or {@code null} literal. */
    record Literal(Object value, Span span) implements HclExpression {
        /** {@code value} is a {@link String}, a {@link BigDecimal}, a {@link Boolean} or null. */
        public Literal {
            if (value != null && !(value instanceof String || value instanceof BigDecimal || value instanceof Boolean)) {
                throw new IllegalArgumentException("not a literal: " + value.getClass());
            }
        }
    }

    /**
     * A quoted or heredoc template. A template that is one interpolation and nothing else ({@code "${var.x}"})
     * evaluates to the interpolated value itself, not its string form (see {@link #singleInterpolation()}).
     */
    record Template(List<TemplatePart> parts, Span span) implements HclExpression {
        public Template {
            parts = List.copyOf(parts);
        }

        public HclExpression singleInterpolation() {
            return parts.size() == 1 && parts.get(0) instanceof TemplatePart.Interpolation i ? i.expression() : null;
        }
    }

    /** A root variable: {@code var}, {@code aws_vpc}, {@code each}, ... */
    record Variable(String name, Span span) implements HclExpression {
    }

    /** {@code source.name} (also the legacy {@code source.0}, read as an index). */
    record GetAttr(HclExpression source, String name, Span span) implements HclExpression {
    }

    /** {@code source[key]}. */
    record Index(HclExpression source, HclExpression key, Span span) implements HclExpression {
    }

    /**
     * A splat: {@code source[*].each} ({@code full}) or the attribute-only {@code source.*.each}. {@code each} is
     * written against {@link SplatItem}, which stands for one element.
     */
    record Splat(HclExpression source, HclExpression each, boolean full, Span span) implements HclExpression {
    }

    /** The element a {@link Splat}'s {@code each} expression is applied to. */
    record SplatItem(Span span) implements HclExpression {
    }

    record Tuple(List<HclExpression> items, Span span) implements HclExpression {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    /**
     * An object constructor. A key written as a bare identifier is a {@link Literal} string (HCL reads
     * {@code {a = 1}} as the key "a"); {@code (a) = 1} is the value of {@code a}.
     */
    record ObjectCons(List<ObjectItem> items, Span span) implements HclExpression {
        public ObjectCons {
            items = List.copyOf(items);
        }
    }

    record ObjectItem(HclExpression key, HclExpression value) {
    }

    /** {@code name(args)}, {@code expandFinal} when the last argument is followed by {@code ...}. */
    record FunctionCall(String name, List<HclExpression> args, boolean expandFinal, Span span)
            implements HclExpression {
        public FunctionCall {
            args = List.copyOf(args);
        }
    }

    record Conditional(HclExpression condition, HclExpression whenTrue, HclExpression whenFalse, Span span)
            implements HclExpression {
    }

    enum Operator {
        OR("||"), AND("&&"), EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"),
        GREATER_OR_EQUAL(">="), ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), NOT("!"),
        NEGATE("-");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    record Binary(Operator operator, HclExpression left, HclExpression right, Span span) implements HclExpression {
    }

    record Unary(Operator operator, HclExpression operand, Span span) implements HclExpression {
    }

    /** {@code (expression)}: kept so that {@code (a) = 1} in an object is told from {@code a = 1}. */
    record Parenthesis(HclExpression expression, Span span) implements HclExpression {
    }

    /**
     * {@code [for k, v in coll : value if cond]} ({@code keyResult} null) or
     * {@code {for k, v in coll : key => value... if cond}}; {@code keyVariable} is null when only one variable is named.
     */
    record ForExpr(String keyVariable, String valueVariable, HclExpression collection, HclExpression keyResult,
                   HclExpression valueResult, HclExpression condition, boolean grouping, Span span)
            implements HclExpression {
        public ForExpr {
            Objects.requireNonNull(valueVariable, "valueVariable");
        }
    }

    /** Where an expression starts and the text it covers ({@code [start, end)} of {@code source}). */
    record Span(SourceLocation location, String source, int start, int end) {
        public String text() {
            return source == null ? "" : source.substring(Math.max(0, start), Math.min(source.length(), end));
        }
    }
}
