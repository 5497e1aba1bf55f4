# Reading Preflight's input values (docs/opa-input.md): known JSON values as they are, and objects that say what
# a value is when it is not plainly known: {"$if": ...} (an undecided condition), {"$ref": ...} (a reference to
# another resource), {"$unknown": ...}, {"$template": ...} and {"$absent": true}.
package preflight.lib.values

# The values v may take at deploy: every branch of nested {"$if"} objects (Rego has no recursion, so walk).
leaves(v) := {x |
	walk(v, [path, x])
	branch_path(path)
	not x["$if"]
}

branch_path(path) if {
	every i, step in path {
		branch_step(i, step)
	}
}

branch_step(i, "$if") if i % 2 == 0

branch_step(i, step) if {
	i % 2 == 1
	step in {"then", "else"}
}

# A reference stands for the value it resolves to, where the inputs decide it.
deref(x) := x["$ref"].value if x["$ref"]

else := x

# Absent: not written (or AWS::NoValue in a branch), JSON null, or a Terraform attribute the configuration does not
# set (the provider default applies).
absent(x) if x == null

absent(x) if x["$absent"] == true

# The text of a known scalar, as CloudFormation and Terraform read it; undefined when not known before deploy.
text(x) := s if {
	s := deref(x)
	is_string(s)
}

text(x) := sprintf("%v", [n]) if {
	n := deref(x)
	is_number(n)
}

text(x) := sprintf("%v", [b]) if {
	b := deref(x)
	is_boolean(b)
}

# A known boolean (true/false in any case, as CloudFormation reads strings); d when absent; undefined when unknown.
truth(x, d) := d if absent(x)

truth(x, _) := true if lower(trim_space(text(x))) == "true"

truth(x, _) := false if lower(trim_space(text(x))) == "false"

# True when truth(x, d) is known. (Use "not decided(x, d)": OPA evaluates a call nested in a negated expression
# outside the negation, so "not is_boolean(truth(x, d))" would be undefined rather than true.)
decided(x, d) if is_boolean(truth(x, d))
