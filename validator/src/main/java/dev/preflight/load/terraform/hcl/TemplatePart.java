package dev.preflight.load.terraform.hcl;

import java.util.List;

/** A piece of a template: literal text (escapes and strip markers already applied), an interpolation, a directive. */
public sealed interface TemplatePart {

    record Literal(String text) implements TemplatePart {
    }

    record Interpolation(HclExpression expression) implements TemplatePart {
    }

    /** {@code %{ if cond }...%{ else }...%{ endif }}. */
    record If(HclExpression condition, List<TemplatePart> whenTrue, List<TemplatePart> whenFalse)
            implements TemplatePart {
        public If {
            whenTrue = List.copyOf(whenTrue);
            whenFalse = List.copyOf(whenFalse);
        }
    }

    /** {@code %{ for k, v in coll }...%{ endfor }}; {@code keyVariable} null with one variable. */
    record For(String keyVariable, String valueVariable, HclExpression collection, List<TemplatePart> body)
            implements TemplatePart {
        public For {
            body = List.copyOf(body);
        }
    }
}
