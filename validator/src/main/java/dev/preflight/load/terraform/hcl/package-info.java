/**
 * HCL, as Terraform writes it: the native syntax ({@link dev.preflight.load.terraform.hcl.HclParser}, per
 * {@code hashicorp/hcl} {@code hclsyntax/spec.md}) and the JSON syntax
 * ({@link dev.preflight.load.terraform.hcl.HclJsonReader}, {@code json/spec.md}), both into one tree of
 * {@link dev.preflight.load.terraform.hcl.HclBody} blocks and attributes and
 * {@link dev.preflight.load.terraform.hcl.HclExpression} expressions with the file, line and column of every node.
 * Nothing is evaluated here.
 *
 * <p>Why a hand-written recursive-descent parser: it is how HCL's own parser is built, so the spec's context rules
 * (newlines that end an attribute but not inside brackets, templates nested in interpolations, heredoc
 * indentation, strip markers) map one to one onto code; it reads characters directly without a token list or a
 * generated parser's runtime (no dependency, no start-up cost for a pre-commit hook: the whole corpus of 1,434
 * files parses in about a second); and its errors are written for users ({@code main.tf:4:15: expected an
 * expression, found newline}). hcl4j, the only JVM HCL2 library, prints to standard output and misparses real files
 * ({@code terraform.md} section 4); ANTLR 4 would add a runtime and a grammar whose lexer modes for templates and
 * heredocs are harder to keep exact than this code.
 */
package dev.preflight.load.terraform.hcl;
