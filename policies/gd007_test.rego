package preflight.gd007_test

import data.preflight.gd007

workload(id, tags, sources) := {
	"id": id, "file": "t.yaml", "tags": tags, "unknownTagKeys": false, "tagSources": sources,
	"tagCarriers": {k: {"resource": id, "file": "t.yaml"} | some k, _ in tags},
}

source(key, value, carrier) := {"key": key, "value": value, "carrier": carrier, "carrierFile": "t.yaml"}

doc(workloads) := {"version": "1.0", "resources": [], "views": {"workloads": workloads}}

findings(set) := {[r.resource, object.get(r, "severity", "")] | some r in set}

test_an_exclusion_without_reason_is_an_error if {
	w := workload("Host", {"GuardDutyManaged": "false"}, [source("GuardDutyManaged", "false", "Host")])
	findings(gd007.deny) == {["Host", "error"]} with input as doc([w])
}

test_an_exclusion_with_a_reason_passes if {
	tags := {"GuardDutyManaged": "false", "GuardDutyExclusionReason": "batch nodes are scanned by the vendor agent"}
	w := workload("Host", tags, [])
	inp := doc([w])
	count(gd007.deny) == 0 with input as inp
	count(gd007.warn) == 0 with input as inp
}

test_an_empty_reason_is_an_error if {
	w := workload("Host", {"GuardDutyManaged": "false", "GuardDutyExclusionReason": "  "}, [])
	findings(gd007.deny) == {["Host", "error"]} with input as doc([w])
}

test_a_value_that_is_not_exactly_false_warns if {
	w := workload("Host", {"GuardDutyManaged": "False"}, [])
	findings(gd007.deny) == {["Host", "warning"]} with input as doc([w])
}

test_a_near_miss_key_warns_on_its_carrier if {
	w := workload("Host", {"guarddutymanaged": "false"}, [source("guarddutymanaged", "false", "Template")])
	findings(gd007.deny) == {["Template", "warning"]} with input as doc([w])
}

test_an_unknown_value_warns if {
	unknown := {"$unknown": {"reason": "PARAMETER_WITHOUT_VALUE", "detail": "parameter Managed has no value"}}
	w := workload("Host", {"GuardDutyManaged": unknown}, [])
	inp := doc([w])
	count(gd007.deny) == 0 with input as inp
	{r.resource | some r in gd007.warn} == {"Host"} with input as inp
}

test_no_tag_passes if {
	count(gd007.deny) == 0 with input as doc([workload("Host", {}, [])])
}

test_the_worst_workload_decides_a_shared_carrier if {
	shared := {"GuardDutyManaged": {"resource": "Template", "file": "t.yaml"}}
	a := object.union(workload("GroupA", {"GuardDutyManaged": "false"}, []), {"tagCarriers": shared})
	b := object.union(workload("GroupB", {"GuardDutyManaged": "false", "GuardDutyExclusionReason": "ok"}, []), {"tagCarriers": shared})
	findings(gd007.deny) == {["Template", "error"]} with input as doc([a, b])
}
