package preflight.gd001_test

import data.preflight.gd001

vpc(id, support, hostnames) := {
	"id": id, "type": "AWS::EC2::VPC", "file": "t.yaml", "line": 1, "column": 3,
	"enableDnsSupport": support, "enableDnsHostnames": hostnames,
	"enableDnsSupportDefault": true, "enableDnsHostnamesDefault": false,
}

workload_in(id, vpc_id) := {"id": id, "file": "t.yaml", "vpcs": [{"resource": vpc_id, "file": "t.yaml", "outside": null, "when": ""}]}

absent := {"$absent": true}

doc(vpcs, workloads) := {"version": "1.0", "resources": [], "views": {"vpcs": vpcs, "workloads": workloads, "endpoints": []}}

resources(set) := {r.resource | some r in set}

test_absent_hostnames_default_to_false if {
	r := gd001.deny with input as doc([vpc("Vpc", true, absent)], [workload_in("App", "Vpc")])
	resources(r) == {"Vpc"}
}

test_both_true_passes if {
	inp := doc([vpc("Vpc", true, "true")], [workload_in("App", "Vpc")])
	count(gd001.deny) == 0 with input as inp
	count(gd001.warn) == 0 with input as inp
}

test_a_vpc_without_compute_is_not_checked if {
	count(gd001.deny) == 0 with input as doc([vpc("Vpc", false, false)], [])
}

test_the_worst_branch_of_a_condition_fails if {
	cond := {"$if": {"condition": "IsProd", "then": true, "else": false}}
	r := gd001.deny with input as doc([vpc("Vpc", true, cond)], [workload_in("App", "Vpc")])
	resources(r) == {"Vpc"}
}

test_an_unknown_attribute_warns if {
	unknown := {"$unknown": {"reason": "PARAMETER_WITHOUT_VALUE", "detail": "parameter Dns has no value or default"}}
	inp := doc([vpc("Vpc", true, unknown)], [workload_in("App", "Vpc")])
	count(gd001.deny) == 0 with input as inp
	resources(gd001.warn) == {"Vpc"} with input as inp
}

test_a_reference_stands_for_its_resolved_value if {
	ref := {"$ref": {"resource": "Flag", "file": "t.yaml", "attribute": null, "value": "false"}}
	r := gd001.deny with input as doc([vpc("Vpc", ref, true)], [workload_in("App", "Vpc")])
	resources(r) == {"Vpc"}
}

test_a_workload_outside_the_inputs_warns_on_itself if {
	w := {"id": "Legacy", "file": "t.yaml", "vpcs": [{"resource": null, "file": null, "outside": "subnet parameter has no value", "when": ""}]}
	resources(gd001.warn) == {"Legacy"} with input as doc([], [w])
}

test_a_data_endpoint_makes_its_vpc_hosted if {
	e := {"id": "Endpoint", "serviceName": {"$template": {"pattern": "com.amazonaws.*.guardduty-data", "parts": []}}, "vpc": {"resource": "Vpc", "file": "t.yaml"}}
	inp := {"version": "1.0", "resources": [], "views": {"vpcs": [vpc("Vpc", true, false)], "workloads": [], "endpoints": [e]}}
	resources(gd001.deny) == {"Vpc"} with input as inp
}
