package dev.preflight.load.terraform.hcl;

import dev.preflight.model.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The constructs of HCL's native syntax specification ({@code hclsyntax/spec.md}), their positions and errors. */
class HclParserTest {

    private static String expr(String source) throws HclSyntaxException {
        return HclAst.of(HclParser.parse("t.tf", "a = " + source + "\n").attribute("a").expression());
    }

    private static String body(String source) throws HclSyntaxException {
        return HclAst.of(HclParser.parse("t.tf", source));
    }

    private static String error(String source) {
        try {
            HclParser.parse("t.tf", source);
        } catch (HclSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + source);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', value = {
        "1 ==> 1",
        "1.5e3 ==> 1.5E+3",
        "true ==> true",
        "null ==> null",
        "\"x\" ==> (tpl 'x')",
        "1 + 2 * 3 ==> (+ 1 (* 2 3))",
        "(1 + 2) * 3 ==> (* (paren (+ 1 2)) 3)",
        "a || b && c == d ==> (|| a (&& b (== c d)))",
        "a < b == c >= d ==> (== (< a b) (>= c d))",
        "1 - 2 - 3 ==> (- (- 1 2) 3)",
        "10 % 3 / 2 ==> (/ (% 10 3) 2)",
        "!a && -b > 1 ==> (&& (! a) (> (- b) 1))",
        "a ? b : c ? d : e ==> (? a b (? c d e))",
        "x == 1 ? \"y\" : null ==> (? (== x 1) (tpl 'y') null)",
        "aws_vpc.main.id ==> (. (. aws_vpc main) id)",
        "aws_subnet.a[0].id ==> (. ([] (. aws_subnet a) 0) id)",
        "x.0.y ==> (. ([] x 0) y)",
        "m[\"k\"] ==> ([] m (tpl 'k'))",
        "aws_subnet.a[*].id ==> ([*] (. aws_subnet a) (. @ id))",
        "aws_subnet.a.*.id ==> (.* (. aws_subnet a) (. @ id))",
        "a[*].b[0].c ==> ([*] a (. ([] (. @ b) 0) c))",
        "a.*.b[0] ==> ([] (.* a (. @ b)) 0)",
        "a[*] ==> ([*] a @)",
        "[] ==> []",
        "[1, 2,] ==> [1 2]",
        "[⏎ 1,⏎ 2⏎] ==> [1 2]",
        "{} ==> {}",
        "{a = 1, b: 2} ==> {'a'=1 'b'=2}",
        "{⏎ a = 1⏎ \"b\" = 2⏎} ==> {'a'=1 (tpl 'b')=2}",
        "{(k) = 1} ==> {(paren k)=1}",
        "f() ==> (f)",
        "max(1, 2) ==> (max 1 2)",
        "concat(a, b...) ==> (concat a b...)",
        "provider::aws::arn_parse(x) ==> (provider::aws::arn_parse x)",
        "[for x in xs : x] ==> (for x xs : x)",
        "[for i, x in xs : x if i > 0] ==> (for i,x xs : x if (> i 0))",
        "{for k, v in m : k => v} ==> (for k,v m : k => v)",
        "{for v in l : v.k => v...} ==> (for v l : (. v k) => v...)",
        "{for = 1} ==> {'for'=1}",
        "\"a${b}c\" ==> (tpl 'a' ${b} 'c')",
        "\"$${x} %%{y}\" ==> (tpl '${x} %{y}')",
        "\"a\\n\\t\\\"\\\\\\u00e9\" ==> `(tpl 'a\\n\t\"\\é')`",
        "\"${ x ~} b ${~ y}\" ==> (tpl ${x} 'b' ${y})",
        "\"%{ if c }yes%{ else }no%{ endif }\" ==> (tpl (%if c 'yes' else 'no'))",
        "\"%{ for k, v in m }${k}=${v},%{ endfor }\" ==> (tpl (%for k,v m ${k} '=' ${v} ','))",
        "\"${f(\"${x}\")}\" ==> (tpl ${(f (tpl ${x}))})",
    })
    void expressions(String source, String tree) throws HclSyntaxException {
        assertThat(expr(source.replace("⏎", "\n"))).isEqualTo(tree);
    }

    @Test
    void bodiesBlocksAndComments() throws HclSyntaxException {
        assertThat(body("""
                # comment
                // comment
                /* inline
                   comment */ a = 1 # trailing
                resource "aws_vpc" "main" {
                  cidr_block = "10.0.0.0/16" // x
                  tags = {
                    Name = "main"
                  }
                  lifecycle {
                    ignore_changes = [tags]
                  }
                }
                locals { x = 1 }
                empty {}
                legacy unquoted "mixed" {
                }
                """)).isEqualTo("a=1; resource(aws_vpc,main){cidr_block=(tpl '10.0.0.0/16'); tags={'Name'=(tpl 'main')}; "
                + "lifecycle{ignore_changes=[tags]}}; locals{x=1}; empty{}; legacy(unquoted,mixed){}");
    }

    @Test
    void windowsLineEndingsAndNoFinalNewline() throws HclSyntaxException {
        assertThat(body("a = 1\r\nb {\r\n  c = [\r\n 1,\r\n ]\r\n}")).isEqualTo("a=1; b{c=[1]}");
    }

    @Test
    void newlinesInsideBracketsAndCalls() throws HclSyntaxException {
        assertThat(expr("merge(\n  a,\n  b\n)")).isEqualTo("(merge a b)");
        assertThat(expr("(a\n ? b\n : c)")).isEqualTo("(paren (? a b c))");
        assertThat(expr("[for x in xs :\n x\n if x != null\n]")).isEqualTo("(for x xs : x if (!= x null))");
    }

    @Test
    void heredocsAsTheSpecSuiteHasThem() throws HclSyntaxException {
        assertThat(expr("<<EOT\nFoo\nBar\nEOT")).isEqualTo("(tpl 'Foo\\nBar\\n')");
        assertThat(expr("<<EOT\n    Foo\n      Bar\n  EOT")).isEqualTo("(tpl '    Foo\\n      Bar\\n')");
        assertThat(expr("<<EOT\n    NOT EOT\n  EOT")).isEqualTo("(tpl '    NOT EOT\\n')");
        assertThat(expr("<<-EOT\n    Foo\n      Bar\n    Baz\n  EOT")).isEqualTo("(tpl 'Foo\\n  Bar\\nBaz\\n')");
        assertThat(expr("<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT")).isEqualTo("(tpl '  Foo\\nBar\\n  Baz\\n')");
        assertThat(expr("<<-EOT\n    Foo\n  ${space_bar}\n    Baz\n  EOT"))
                .isEqualTo("(tpl '  Foo\\n' ${space_bar} '\\n  Baz\\n')");
        assertThat(expr("<<-EOT\n\tFoo\n  Bar\n  EOT")).isEqualTo("(tpl 'Foo\\n Bar\\n')");
        assertThat(expr("<<-EOT\n    Foo\n\n    Bar\n  EOT")).isEqualTo("(tpl 'Foo\\n\\nBar\\n')");
        assertThat(expr("<<EOT\n%{ for x in xs ~}\n${x}\n%{ endfor ~}\nEOT"))
                .isEqualTo("(tpl (%for x xs ${x} '\\n'))");
        assertThat(body("a = <<EOF\n${b}\nEOF\nc = 2\n")).isEqualTo("a=(tpl ${b} '\\n'); c=2");
    }

    @Test
    void positionsOfEveryNode() throws HclSyntaxException {
        HclBody b = HclParser.parse("m.tf", "\n\nresource \"aws_vpc\" \"main\" {\n  cidr_block = var.cidr\n"
                + "  tags = { Name = \"${local.name}-vpc\" }\n}\n");
        HclBody.Block r = b.blocks().get(0);
        assertThat(r.location()).isEqualTo(new SourceLocation("m.tf", 3, 1));
        assertThat(r.endLine()).isEqualTo(6);
        HclBody.Attribute cidr = r.body().attribute("cidr_block");
        assertThat(cidr.location()).isEqualTo(new SourceLocation("m.tf", 4, 3));
        assertThat(cidr.expression().location()).isEqualTo(new SourceLocation("m.tf", 4, 16));
        assertThat(cidr.expression().text()).isEqualTo("var.cidr");
        HclExpression.ObjectCons tags = (HclExpression.ObjectCons) r.body().attribute("tags").expression();
        HclExpression.Template t = (HclExpression.Template) tags.items().get(0).value();
        HclExpression inner = ((TemplatePart.Interpolation) t.parts().get(0)).expression();
        assertThat(inner.location()).isEqualTo(new SourceLocation("m.tf", 5, 22));
        assertThat(inner.text()).isEqualTo("local.name");
        assertThat(t.text()).isEqualTo("\"${local.name}-vpc\"");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', value = {
        "a = ⏎ ==> t.tf:1:5: expected an expression, found newline",
        "a = 1 b = 2⏎ ==> t.tf:1:7: expected a newline after the value of attribute \"a\", found \"b\"",
        "a = 1⏎a = 2⏎ ==> t.tf:2:1: attribute \"a\" is already defined at line 1",
        "b {⏎ a = 1⏎ ==> t.tf:1:3: block \"b\" is not closed: missing }",
        "b⏎{⏎}⏎ ==> t.tf:1:2: expected = or a block after \"b\", found newline",
        "b \"${x}\" {}⏎ ==> t.tf:1:3: a block label cannot contain interpolations or directives",
        "a = \"abc⏎ ==> t.tf:1:5: string is not closed on its line (a quoted string cannot span lines; use a heredoc <<EOT for text on several lines)",
        "a = \"\\q\"⏎ ==> t.tf:1:6: invalid escape sequence \\q (use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN)",
        "a = <<EOT⏎x⏎ ==> t.tf:1:5: heredoc <<EOT is not closed: no line with EOT alone follows",
        "a = f(1 2)⏎ ==> t.tf:1:9: expected , or ) in the arguments of f(), found \"2\"",
        "a = [1 2]⏎ ==> t.tf:1:8: expected , or ] in the list, found \"2\"",
        "a = {b = 1 c = 2}⏎ ==> t.tf:1:12: expected , or a newline between object items, found \"c\"",
        "a = x ? y⏎ ==> t.tf:1:10: expected the : of a conditional expression (cond ? a : b), found newline",
        "a = \"%{ if x }y\"⏎ ==> t.tf:1:6: %{ if } is not closed with %{ endif }",
        "a = \"%{ endfor }\"⏎ ==> t.tf:1:6: unexpected %{ endfor }",
        "a = \"${x\"⏎ ==> t.tf:1:9: expected } to close the interpolation ${ at 1:6, found \"\"\"",
        "a = x.⏎ ==> t.tf:1:7: expected an attribute name after \".\", found newline",
        "! ⏎ ==> t.tf:1:1: expected an attribute name or a block type, found \"!\"",
        "/* x⏎ ==> t.tf:1:1: comment /* is not closed with */",
        "a = 1x⏎ ==> t.tf:1:5: invalid number 1x",
        "a = [for x in y]⏎ ==> t.tf:1:16: expected : after the collection of the for expression, found \"]\"",
    })
    void errorsAreOneLineWithPosition(String source, String message) {
        String m = error(source.replace("⏎", "\n"));
        assertThat(m).isEqualTo(message);
        assertThat(m).doesNotContain("\n");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "a = " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(error(deep)).startsWith("t.tf:1:").contains("nested too deeply");
        String unterminated = "a = {" + "b = {".repeat(3000);
        assertThat(error(unterminated)).contains("nested too deeply");
    }

    @Test
    void standaloneExpressionForVariableValues() throws HclSyntaxException {
        SourceLocation at = new SourceLocation("--var", 0, 0);
        assertThat(HclAst.of(HclParser.parseExpression("--var", "[\"a\", \"b\"]", at))).isEqualTo("[(tpl 'a') (tpl 'b')]");
        assertThat(HclAst.of(HclParser.parseExpression("--var", "{ x = 1 }", at))).isEqualTo("{'x'=1}");
        assertThatThrownBy(() -> HclParser.parseExpression("--var", "1 2", at))
                .hasMessage("--var: unexpected \"2\" after the expression");
    }
}
