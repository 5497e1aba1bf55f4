package dev.preflight.load.terraform.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints parsed HCL as a compact s-expression, so tests can state a whole tree in one line. */
final class HclAst {
    private HclAst() {
    }

    static String of(HclExpression e) {
        if (e instanceof HclExpression.Literal l) {
            return l.value() == null ? "null" : l.value() instanceof String s ? "'" + s + "'" : l.value().toString();
        }
        if (e instanceof HclExpression.Template t) {
            return "(tpl" + parts(t.parts()) + ")";
        }
        if (e instanceof HclExpression.Variable v) {
            return v.name();
        }
        if (e instanceof HclExpression.GetAttr g) {
            return "(. " + of(g.source()) + " " + g.name() + ")";
        }
        if (e instanceof HclExpression.Index i) {
            return "([] " + of(i.source()) + " " + of(i.key()) + ")";
        }
        if (e instanceof HclExpression.Splat s) {
            return "(" + (s.full() ? "[*]" : ".*") + " " + of(s.source()) + " " + of(s.each()) + ")";
        }
        if (e instanceof HclExpression.SplatItem) {
            return "@";
        }
        if (e instanceof HclExpression.Tuple t) {
            return "[" + String.join(" ", t.items().stream().map(HclAst::of).toList()) + "]";
        }
        if (e instanceof HclExpression.ObjectCons o) {
            List<String> items = new ArrayList<>();
            for (HclExpression.ObjectItem i : o.items()) {
                items.add(of(i.key()) + "=" + of(i.value()));
            }
            return "{" + String.join(" ", items) + "}";
        }
        if (e instanceof HclExpression.FunctionCall f) {
            return "(" + f.name() + (f.args().isEmpty() ? "" : " ")
                    + String.join(" ", f.args().stream().map(HclAst::of).toList()) + (f.expandFinal() ? "..." : "")
                    + ")";
        }
        if (e instanceof HclExpression.Conditional c) {
            return "(? " + of(c.condition()) + " " + of(c.whenTrue()) + " " + of(c.whenFalse()) + ")";
        }
        if (e instanceof HclExpression.Binary b) {
            return "(" + b.operator().symbol() + " " + of(b.left()) + " " + of(b.right()) + ")";
        }
        if (e instanceof HclExpression.Unary u) {
            return "(" + u.operator().symbol() + " " + of(u.operand()) + ")";
        }
        if (e instanceof HclExpression.Parenthesis p) {
            return "(paren " + of(p.expression()) + ")";
        }
        HclExpression.ForExpr f = (HclExpression.ForExpr) e;
        return "(for " + (f.keyVariable() == null ? "" : f.keyVariable() + ",") + f.valueVariable() + " "
                + of(f.collection()) + " : " + (f.keyResult() == null ? "" : of(f.keyResult()) + " => ")
                + of(f.valueResult()) + (f.grouping() ? "..." : "")
                + (f.condition() == null ? "" : " if " + of(f.condition())) + ")";
    }

    private static String parts(List<TemplatePart> parts) {
        StringBuilder b = new StringBuilder();
        for (TemplatePart p : parts) {
            b.append(' ');
            if (p instanceof TemplatePart.Literal l) {
                b.append("'").append(l.text().replace("\n", "\\n")).append("'");
            } else if (p instanceof TemplatePart.Interpolation i) {
                b.append("${").append(of(i.expression())).append("}");
            } else if (p instanceof TemplatePart.If i) {
                b.append("(%if ").append(of(i.condition())).append(parts(i.whenTrue())).append(" else")
                        .append(parts(i.whenFalse())).append(")");
            } else {
                TemplatePart.For f = (TemplatePart.For) p;
                b.append("(%for ").append(f.keyVariable() == null ? "" : f.keyVariable() + ",")
                        .append(f.valueVariable()).append(" ").append(of(f.collection())).append(parts(f.body()))
                        .append(")");
            }
        }
        return b.toString();
    }

    static String of(HclBody body) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, HclBody.Attribute> a : body.attributes().entrySet()) {
            out.add(a.getKey() + "=" + of(a.getValue().expression()));
        }
        for (HclBody.Block b : body.blocks()) {
            out.add(b.type() + (b.labels().isEmpty() ? "" : "(" + String.join(",", b.labels()) + ")") + "{"
                    + of(b.body()) + "}");
        }
        return String.join("; ", out);
    }
}
