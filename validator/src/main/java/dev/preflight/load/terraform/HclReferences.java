package dev.preflight.load.terraform;

import dev.preflight.load.terraform.hcl.HclExpression;
import dev.preflight.load.terraform.hcl.TemplatePart;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The references of an HCL expression written as Terraform lists them in a plan's {@code configuration} section:
 * each traversal from a root name ({@code aws_vpc.this[0].id}, {@code local.vpc_id}, {@code var.cidr}), with
 * literal index keys kept ({@code [0]}, {@code ["a"]}) and other index expressions listed on their own
 * ({@code aws_subnet.x[count.index]} is {@code aws_subnet.x} and {@code count.index}); names bound by a {@code for}
 * expression are not references.
 */
final class HclReferences {
    private static final int MAX_DEPTH = 64;
    /** Marks a traversal ended by a computed index: what follows it is not part of the reference. */
    private static final String END = "\u0000";

    private HclReferences() {
    }

    static List<String> of(HclExpression e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, Set.of(), out, 0);
        return new ArrayList<>(out);
    }

    private static void collect(HclExpression e, Set<String> bound, Set<String> out, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        String traversal = traversal(e, bound, keys, depth);
        if (traversal != null) {
            out.add(traversal.endsWith(END) ? traversal.substring(0, traversal.length() - END.length()) : traversal);
            out.addAll(keys);
            return;
        }
        if (e instanceof HclExpression.Template t) {
            parts(t.parts(), bound, out, depth);
        } else if (e instanceof HclExpression.Tuple t) {
            t.items().forEach(i -> collect(i, bound, out, depth + 1));
        } else if (e instanceof HclExpression.ObjectCons o) {
            o.items().forEach(i -> {
                collect(i.key(), bound, out, depth + 1);
                collect(i.value(), bound, out, depth + 1);
            });
        } else if (e instanceof HclExpression.FunctionCall f) {
            f.args().forEach(a -> collect(a, bound, out, depth + 1));
        } else if (e instanceof HclExpression.Conditional c) {
            collect(c.condition(), bound, out, depth + 1);
            collect(c.whenTrue(), bound, out, depth + 1);
            collect(c.whenFalse(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.Binary b) {
            collect(b.left(), bound, out, depth + 1);
            collect(b.right(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.Unary u) {
            collect(u.operand(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.Parenthesis p) {
            collect(p.expression(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.ForExpr f) {
            collect(f.collection(), bound, out, depth + 1);
            Set<String> inner = withBound(bound, f.keyVariable(), f.valueVariable());
            collect(f.keyResult(), inner, out, depth + 1);
            collect(f.valueResult(), inner, out, depth + 1);
            collect(f.condition(), inner, out, depth + 1);
        } else if (e instanceof HclExpression.Splat sp) {
            collect(sp.source(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.Index i) {
            collect(i.source(), bound, out, depth + 1);
            collect(i.key(), bound, out, depth + 1);
        } else if (e instanceof HclExpression.GetAttr g) {
            collect(g.source(), bound, out, depth + 1);
        }
    }

    private static Set<String> withBound(Set<String> bound, String key, String value) {
        Set<String> inner = new LinkedHashSet<>(bound);
        inner.add(value);
        if (key != null) {
            inner.add(key);
        }
        return inner;
    }

    private static void parts(List<TemplatePart> parts, Set<String> bound, Set<String> out, int depth) {
        for (TemplatePart p : parts) {
            if (p instanceof TemplatePart.Interpolation i) {
                collect(i.expression(), bound, out, depth + 1);
            } else if (p instanceof TemplatePart.If f) {
                collect(f.condition(), bound, out, depth + 1);
                parts(f.whenTrue(), bound, out, depth + 1);
                parts(f.whenFalse(), bound, out, depth + 1);
            } else if (p instanceof TemplatePart.For f) {
                collect(f.collection(), bound, out, depth + 1);
                parts(f.body(), withBound(bound, f.keyVariable(), f.valueVariable()), out, depth + 1);
            }
        }
    }

    /**
     * The printed traversal when {@code e} is one ({@code a.b[0].c}), else null. A non-literal index ends the
     * traversal before it, and its key's references are added to {@code out}.
     */
    private static String traversal(HclExpression e, Set<String> bound, Set<String> out, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (e instanceof HclExpression.Variable v) {
            return bound.contains(v.name()) ? null : v.name();
        }
        if (e instanceof HclExpression.GetAttr g) {
            String s = traversal(g.source(), bound, out, depth + 1);
            return s == null ? null : s.endsWith(END) ? s : s + "." + g.name();
        }
        if (e instanceof HclExpression.Index i) {
            String s = traversal(i.source(), bound, out, depth + 1);
            if (s == null || s.endsWith(END)) {
                return s;
            }
            String key = literalKey(i.key());
            if (key == null) {
                collect(i.key(), bound, out, depth + 1);
                return s + END;
            }
            return s + key;
        }
        return null;
    }

    private static String literalKey(HclExpression key) {
        if (key instanceof HclExpression.Literal l) {
            if (l.value() instanceof BigDecimal n) {
                return "[" + n.toPlainString() + "]";
            }
            if (l.value() instanceof String s) {
                return "[\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
            }
        }
        if (key instanceof HclExpression.Template t && t.parts().size() == 1
                && t.parts().get(0) instanceof TemplatePart.Literal l) {
            return "[\"" + l.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return null;
    }
}
