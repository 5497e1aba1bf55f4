# GD001 as a Rego policy, an example of a custom policy over Preflight's input document (docs/opa-input.md).
# A VPC of the inputs that hosts monitored compute (a workload runs in it, in some branch of the undecided
# conditions, or a GuardDuty data endpoint is placed in it) needs both DNS support and DNS hostnames, or GuardDuty
# cannot create its endpoint with private DNS.
#   deny: in some branch an attribute is false (written, or by default: hostnames default to false).
#   warn: no branch is false but some attribute is not known before deploy; or a workload's VPC is not in the inputs.
package preflight.gd001

import data.preflight.lib.values

attributes := ["enableDnsSupport", "enableDnsHostnames"]

hosted contains [v.file, v.resource] if {
	some w in input.views.workloads
	some v in w.vpcs
	v.resource != null
}

hosted contains [e.vpc.file, e.vpc.resource] if {
	some e in input.views.endpoints
	data_endpoint(e)
	e.vpc.resource != null
}

data_endpoint(e) if endswith(values.text(e.serviceName), ".guardduty-data")

data_endpoint(e) if endswith(e.serviceName["$template"].pattern, ".guardduty-data")

default_of(vpc, "enableDnsSupport") := vpc.enableDnsSupportDefault

default_of(vpc, "enableDnsHostnames") := vpc.enableDnsHostnamesDefault

disabled(vpc, attr) if {
	some x in values.leaves(vpc[attr])
	values.truth(x, default_of(vpc, attr)) == false
}

undecided(vpc, attr) if {
	some x in values.leaves(vpc[attr])
	not values.decided(x, default_of(vpc, attr))
}

deny contains {"resource": vpc.id, "file": vpc.file, "message": msg} if {
	some vpc in input.views.vpcs
	[vpc.file, vpc.id] in hosted
	off := [attr | some attr in attributes; disabled(vpc, attr)]
	count(off) > 0
	msg := sprintf("VPC %s hosts monitored compute but %s is not true in every case: GuardDuty cannot create its endpoint with private DNS (both enableDnsSupport and enableDnsHostnames are needed)", [vpc.id, concat(" and ", off)])
}

warn contains {"resource": vpc.id, "file": vpc.file, "message": msg} if {
	some vpc in input.views.vpcs
	[vpc.file, vpc.id] in hosted
	not any_disabled(vpc)
	open := [attr | some attr in attributes; undecided(vpc, attr)]
	count(open) > 0
	msg := sprintf("VPC %s hosts monitored compute and %s is not known before deploy", [vpc.id, concat(" and ", open)])
}

warn contains {"resource": w.id, "file": w.file, "message": msg} if {
	some w in input.views.workloads
	some v in w.vpcs
	v.resource == null
	v.outside != null
	msg := sprintf("the VPC of %s is not in the inputs, so its DNS attributes cannot be checked: %s", [w.id, v.outside])
}

any_disabled(vpc) if {
	some attr in attributes
	disabled(vpc, attr)
}
