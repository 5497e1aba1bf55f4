# GD007 as a Rego policy, an example of a custom policy over Preflight's input document (docs/opa-input.md).
# An exclusion tag (GuardDutyManaged=false) must be justified by a non-empty GuardDutyExclusionReason tag that
# reaches the same instances. Near misses fail at warning: a key that differs only in case or surrounding spaces,
# and a value that is not exactly "true" or "false". The finding is on the resource that carries the tag.
#   deny: some branch of the undecided conditions fails (severity error for an unjustified exclusion, else warning)
#   warn: no branch fails but the tag (or the reason) is not known before deploy
package preflight.gd007

import data.preflight.lib.values

tag := "GuardDutyManaged"

reason_tag := "GuardDutyExclusionReason"

has_tag(w, k) if k in object.keys(w.tags)

near_keys(w) := [t |
	some t in w.tagSources
	t.key != null
	t.key != tag
	lower(trim_space(t.key)) == lower(tag)
]

near(w) if count(near_keys(w)) > 0

# The values the tags may take at deploy (null: the tag does not reach the instances).
leaves_of(w, k) := values.leaves(w.tags[k]) if has_tag(w, k)

leaves_of(w, k) := {null} if not has_tag(w, k)

has_text(x) if is_string(values.text(x))

# Outcome of one branch of the GuardDutyManaged value: "error" or "warning" (fails), "unknown" or "pass".
outcome(w, x) := "warning" if {
	values.absent(x)
	near(w)
}

outcome(w, x) := "unknown" if {
	values.absent(x)
	not near(w)
	w.unknownTagKeys
}

outcome(w, x) := "pass" if {
	values.absent(x)
	not near(w)
	not w.unknownTagKeys
}

outcome(_, x) := "unknown" if {
	not values.absent(x)
	not has_text(x)
}

outcome(w, x) := with_near(w, "pass") if values.text(x) == "true"

outcome(_, x) := "warning" if {
	t := values.text(x)
	t != "true"
	t != "false"
}

outcome(w, x) := with_near(w, worst({reason(r) | some r in leaves_of(w, reason_tag)})) if values.text(x) == "false"

reason(r) := "error" if values.absent(r)

reason(r) := "unknown" if {
	not values.absent(r)
	not has_text(r)
}

reason(r) := "error" if trim_space(values.text(r)) == ""

reason(r) := "pass" if trim_space(values.text(r)) != ""

# A near-miss key next to an otherwise passing tag still deserves the warning.
with_near(w, "pass") := "warning" if near(w)

with_near(w, "pass") := "pass" if not near(w)

with_near(_, o) := o if o != "pass"

worst(s) := "error" if s.error

worst(s) := "warning" if {
	not s.error
	s.warning
}

worst(s) := "unknown" if {
	not s.error
	not s.warning
	s.unknown
}

worst(s) := "pass" if {
	not s.error
	not s.warning
	not s.unknown
}

# The resource that carries the tag: the GuardDutyManaged tag's, else the near miss's, else the workload.
carrier(w) := w.tagCarriers[tag] if has_tag(w, tag)

carrier(w) := {"resource": n.carrier, "file": n.carrierFile} if {
	not has_tag(w, tag)
	n := near_keys(w)[0]
}

carrier(w) := {"resource": w.id, "file": w.file} if {
	not has_tag(w, tag)
	not near(w)
}

# One outcome per carrier: the worst over the workloads it reaches (two groups sharing a launch template).
by_carrier[c] contains o if {
	some w in input.views.workloads
	c := carrier(w)
	o := worst({outcome(w, x) | some x in leaves_of(w, tag)})
}

messages := {
	"error": "an instance is excluded from Runtime Monitoring by GuardDutyManaged=false without a non-empty GuardDutyExclusionReason tag",
	"warning": "a GuardDutyManaged tag that does not do what it looks like: the key differs in case or spaces, or the value is not exactly true or false",
}

deny contains {"resource": c.resource, "file": c.file, "severity": o, "message": sprintf("%s: %s", [c.resource, messages[o]])} if {
	some c, outcomes in by_carrier
	o := worst(outcomes)
	o in {"error", "warning"}
}

warn contains {"resource": c.resource, "file": c.file, "message": sprintf("%s: whether the GuardDutyManaged exclusion is justified is not known before deploy", [c.resource])} if {
	some c, outcomes in by_carrier
	worst(outcomes) == "unknown"
}
