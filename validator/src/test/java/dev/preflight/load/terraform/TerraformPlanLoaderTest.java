package dev.preflight.load.terraform;

import dev.preflight.load.InputException;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.model.Dialect;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.UnknownOrigin;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TerraformPlanLoaderTest {
    static final Path CASES = Path.of("src/test/resources/load/terraform");

    static LoadedInputs load(String caseName) throws InputException {
        String display = "load/terraform/" + caseName + "/plan.json";
        SourceText text = SourceFiles.read(CASES.resolve(caseName).resolve("plan.json"), display);
        return new TerraformPlanLoader(LoadOptions.none()).load(List.of(text));
    }

    static Map<String, Resource> byAddress(LoadedInputs in) {
        return in.resources().stream().collect(Collectors.toMap(Resource::id, r -> r));
    }

    static Value.Reference ref(Value v) {
        assertThat(v).isInstanceOf(Value.Reference.class);
        return (Value.Reference) v;
    }

    static List<String> targets(Value v) {
        return v.items().stream().map(i -> ref(i).target().id()).toList();
    }

    @Test
    void loadsEveryResourceWithAddressTypeDialectAndPlanPosition() throws Exception {
        LoadedInputs in = load("references");
        assertThat(in.failures()).isEmpty();
        assertThat(in.inputs()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("load/terraform/references/plan.json");
            assertThat(d.format()).isEqualTo(InputFormat.TERRAFORM_PLAN);
        });
        Map<String, Resource> r = byAddress(in);
        assertThat(r.keySet()).containsExactlyInAnyOrder("aws_instance.app[0]", "aws_instance.app[1]",
                "aws_security_group.app", "aws_security_group.bastion", "aws_security_group.endpoint",
                "aws_security_group_rule.app_egress", "aws_subnet.private[\"a\"]", "aws_subnet.private[\"b\"]",
                "aws_vpc.main", "aws_vpc_endpoint.guardduty", "aws_vpc_security_group_ingress_rule.endpoint_from_app");
        Resource vpc = r.get("aws_vpc.main");
        assertThat(vpc.type()).isEqualTo("aws_vpc");
        assertThat(vpc.dialect()).isEqualTo(Dialect.TERRAFORM);
        assertThat(vpc.dataSource()).isFalse();
        assertThat(vpc.key()).isEqualTo(new ResourceKey("load/terraform/references/plan.json", "aws_vpc.main"));
        // the configuration is beside the plan: the resource block in main.tf, the plan's resource_changes entry kept
        assertThat(vpc.location()).hasToString("load/terraform/references/main.tf:6:1");
        assertThat(in.alsoAt().get(vpc.key())).extracting(a -> a.location() + " " + a.message())
                .containsExactly("load/terraform/references/plan.json:935:3 planned in plan.json");
        assertThat(vpc.property("enable_dns_hostnames").bool()).contains(true);
        // values are at the .tf attributes that set them; what the configuration does not write stays in the plan
        assertThat(vpc.property("cidr_block").location()).hasToString("load/terraform/references/main.tf:7:3");
        assertThat(vpc.property("enable_dns_support").location().file()).isEqualTo("load/terraform/references/plan.json");
    }

    @Test
    void plannedValueTypes() throws Exception {
        Map<String, Resource> r = byAddress(load("references"));
        Resource app = r.get("aws_instance.app[0]");
        assertThat(app.property("metadata_options")).isInstanceOf(Value.Seq.class);
        assertThat(app.property("metadata_options").items().get(0).get("instance_metadata_tags").text())
                .contains("enabled");
        assertThat(app.property("tags").get("Name").text()).contains("app-0");
        assertThat(app.property("source_dest_check")).isInstanceOf(Value.Bool.class);
        Resource rule = r.get("aws_vpc_security_group_ingress_rule.endpoint_from_app");
        assertThat(rule.property("from_port")).isInstanceOf(Value.Num.class);
        assertThat(rule.property("from_port").integer()).contains(443L);
        assertThat(r.get("aws_vpc_endpoint.guardduty").property("policy").text()).hasValueSatisfying(p ->
                assertThat(p).startsWith("{\"Statement\":[{"));
    }

    @Test
    void knownAfterApplyIdsBecomeReferencesToTheResourcesTheConfigurationNames() throws Exception {
        Map<String, Resource> r = byAddress(load("references"));
        Value.Reference vpcId = ref(r.get("aws_security_group.app").property("vpc_id"));
        assertThat(vpcId.target()).isEqualTo(new ResourceKey("load/terraform/references/plan.json", "aws_vpc.main"));
        assertThat(vpcId.attribute()).isEqualTo("id");
        assertThat(vpcId.resolved()).isInstanceOfSatisfying(Value.Unknown.class, u -> {
            assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY);
            assertThat(u.describe()).isEqualTo("aws_vpc.main.id is known after apply");
        });
        // instance -> security group list, in expression order
        assertThat(targets(r.get("aws_instance.app[1]").property("vpc_security_group_ids")))
                .containsExactly("aws_security_group.app", "aws_security_group.bastion");
        // standalone rule -> group, and its source group
        Resource rule = r.get("aws_vpc_security_group_ingress_rule.endpoint_from_app");
        assertThat(ref(rule.property("security_group_id")).target().id()).isEqualTo("aws_security_group.endpoint");
        assertThat(ref(rule.property("referenced_security_group_id")).target().id())
                .isEqualTo("aws_security_group.app");
        assertThat(ref(r.get("aws_security_group_rule.app_egress").property("security_group_id")).target().id())
                .isEqualTo("aws_security_group.app");
        // a literal for_each key
        assertThat(ref(r.get("aws_instance.app[0]").property("subnet_id")).target().id())
                .isEqualTo("aws_subnet.private[\"a\"]");
        // [for s in aws_subnet.private : s.id]: every instance
        Resource endpoint = r.get("aws_vpc_endpoint.guardduty");
        assertThat(targets(endpoint.property("subnet_ids")))
                .containsExactly("aws_subnet.private[\"a\"]", "aws_subnet.private[\"b\"]");
        assertThat(targets(endpoint.property("security_group_ids"))).containsExactly("aws_security_group.endpoint");
    }

    @Test
    void unknownInsideNestedBlocksIsLinkedToo() throws Exception {
        Resource sg = byAddress(load("references")).get("aws_security_group.endpoint");
        Value ingress = sg.property("ingress").items().get(0);
        assertThat(ingress.get("from_port").integer()).contains(443L);
        assertThat(targets(ingress.get("security_groups"))).containsExactly("aws_security_group.bastion");
    }

    @Test
    void computedAttributesTheConfigurationDoesNotSetAreNotConfigured() throws Exception {
        Map<String, Resource> r = byAddress(load("references"));
        Value egress = r.get("aws_security_group.app").property("egress");
        // not set in the configuration: absent, the provider default applies
        assertThat(egress).isInstanceOf(Value.Absent.class);
        assertThat(egress.isAbsent()).isTrue();
        Value privateDns = r.get("aws_vpc_endpoint.guardduty").property("private_dns_enabled");
        assertThat(privateDns).isInstanceOf(Value.Absent.class);
        // nested: metadata_options is configured, http_tokens inside it is not
        Value tokens = r.get("aws_instance.app[0]").property("metadata_options").items().get(0).get("http_tokens");
        assertThat(tokens).isInstanceOf(Value.Absent.class);
        // ids stay "known after apply"
        assertThat(r.get("aws_vpc.main").property("id")).isInstanceOfSatisfying(Value.Unknown.class,
                u -> assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY));
    }

    @Test
    void modulesResolveThroughOutputsVariablesAndInstanceKeys() throws Exception {
        Map<String, Resource> r = byAddress(load("modules"));
        assertThat(r).containsKeys("module.net.aws_vpc.this", "module.edge[\"blue\"].aws_vpc.this",
                "module.net.module.subnets.aws_subnet.this[1]", "module.edge[\"blue\"].module.subnets.aws_subnet.this[0]");
        // root -> module output -> resource in the module
        assertThat(ref(r.get("aws_security_group.app").property("vpc_id")).target().id())
                .isEqualTo("module.net.aws_vpc.this");
        // module.net.subnet_ids[count.index]: the instance with the same index
        assertThat(ref(r.get("aws_instance.app[0]").property("subnet_id")).target().id())
                .isEqualTo("module.net.module.subnets.aws_subnet.this[0]");
        assertThat(ref(r.get("aws_instance.app[1]").property("subnet_id")).target().id())
                .isEqualTo("module.net.module.subnets.aws_subnet.this[1]");
        // module.net.subnet_ids[0]
        assertThat(ref(r.get("aws_instance.untagged").property("subnet_id")).target().id())
                .isEqualTo("module.net.module.subnets.aws_subnet.this[0]");
        // var.vpc_id inside a nested module follows the call argument in the right module instance
        assertThat(ref(r.get("module.edge[\"blue\"].module.subnets.aws_subnet.this[0]").property("vpc_id")).target()
                .id()).isEqualTo("module.edge[\"blue\"].aws_vpc.this");
        assertThat(ref(r.get("module.net.module.subnets.aws_subnet.this[1]").property("vpc_id")).target().id())
                .isEqualTo("module.net.aws_vpc.this");
        Resource endpoint = r.get("module.edge[\"blue\"].aws_vpc_endpoint.guardduty");
        assertThat(targets(endpoint.property("security_group_ids")))
                .containsExactly("module.edge[\"blue\"].aws_security_group.endpoint");
        assertThat(targets(endpoint.property("subnet_ids")))
                .containsExactly("module.edge[\"blue\"].module.subnets.aws_subnet.this[0]");
    }

    @Test
    void providerDefaultTagsFlowIntoTagsAll() throws Exception {
        Map<String, Resource> r = byAddress(load("modules"));
        // planned by Terraform
        assertThat(r.get("aws_instance.app[0]").property("tags_all").get("GuardDutyManaged").text()).contains("true");
        assertThat(r.get("aws_instance.app[0]").property("tags_all").get("Team").text()).contains("platform");
        assertThat(r.get("aws_instance.untagged").property("tags_all").get("Environment").text()).contains("prod");
        assertThat(r.get("module.net.aws_vpc.this").property("tags_all").get("Name").text()).contains("net");
    }

    @Test
    void deletedResourcesAreLeftOutReplacedAndUnchangedOnesKept() throws Exception {
        Map<String, Resource> r = byAddress(load("lifecycle"));
        // aws_security_group.legacy: actions ["delete"] (and still in prior_state)
        assertThat(r).doesNotContainKey("aws_security_group.legacy");
        // replaced: the new values
        assertThat(r.get("aws_instance.app").property("ami").text()).contains("ami-0bbbbbbbbbbbbbbbb");
        // no-op: the existing values, physical id known
        Resource vpc = r.get("aws_vpc.main");
        assertThat(vpc.property("id").text()).contains("vpc-0aaaaaaaaaaaaaaaa");
        assertThat(vpc.property("enable_dns_hostnames").bool()).contains(false);
        assertThat(r.get("aws_vpc.edge").property("enable_dns_hostnames")).isInstanceOf(Value.Absent.class);
    }

    @Test
    void dataSourcesReadDuringApplyAreUnknownNeverNotConfigured() throws Exception {
        Map<String, Resource> r = byAddress(load("lifecycle"));
        Resource data = r.get("data.aws_vpc.edge");
        assertThat(data.dataSource()).isTrue();
        assertThat(data.type()).isEqualTo("aws_vpc");
        assertThat(ref(data.property("id")).target().id()).isEqualTo("aws_vpc.edge");
        assertThat(data.property("enable_dns_hostnames")).isInstanceOfSatisfying(Value.Unknown.class, u -> {
            assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY);
            assertThat(u.describe()).isEqualTo("data.aws_vpc.edge.enable_dns_hostnames is known after apply");
        });
        assertThat(ref(r.get("aws_security_group.edge").property("vpc_id")).target().id())
                .isEqualTo("data.aws_vpc.edge");
        assertThat(r.get("aws_security_group.edge").dataSource()).isFalse();
    }

    @Test
    void unknownValuesComputedFromAReferenceAreNotMistakenForIt() throws Exception {
        Map<String, Resource> r = byAddress(load("default-tags"));
        // tags = { Role = aws_iam_role.app.arn }: a map built from the reference, not the reference
        assertThat(r.get("aws_instance.computed_tag").property("tags")).isInstanceOfSatisfying(Value.Unknown.class,
                u -> assertThat(u.describe()).isEqualTo("aws_instance.computed_tag.tags is known after apply; "
                        + "it is computed from aws_iam_role.app.arn"));
        // its tags_all cannot be computed either
        assertThat(r.get("aws_instance.computed_tag").property("tags_all")).isInstanceOfSatisfying(
                Value.Unknown.class, u -> assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY));
    }

    @Test
    void defaultTagsFromAVariable() throws Exception {
        Map<String, Resource> r = byAddress(load("default-tags"));
        assertThat(r.get("aws_instance.untagged").property("tags_all").get("GuardDutyManaged").text())
                .contains("true");
        assertThat(r.get("aws_instance.tagged").property("tags_all").get("GuardDutyManaged").text())
                .contains("false");
        // default_tags do not flow into launch template tag specifications
        assertThat(r.get("aws_launch_template.app").property("tag_specifications").items().get(0).get("tags")
                .get("GuardDutyManaged")).isNull();
    }

    @Test
    void tagsAllUnknownInThePlanIsComputedFromDefaultTagsAndTags() throws Exception {
        // older AWS providers leave tags_all unknown at plan: simulate that on the real plan
        String text = Files.readString(CASES.resolve("default-tags/plan.json"));
        ObjectMapper json = new ObjectMapper();
        JsonNode plan = json.readTree(text);
        for (JsonNode rc : plan.get("resource_changes")) {
            ObjectNode change = (ObjectNode) rc.get("change");
            ((ObjectNode) change.get("after")).remove("tags_all");
            ((ObjectNode) change.get("after_unknown")).put("tags_all", true);
        }
        ((ObjectNode) plan).remove("planned_values");
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(
                new SourceText("old.json", Path.of("old.json"), json.writeValueAsString(plan))));
        Map<String, Resource> r = byAddress(in);
        Value tagged = r.get("aws_instance.tagged").property("tags_all");
        assertThat(tagged).isInstanceOf(Value.Struct.class);
        assertThat(((Value.Struct) tagged).fields().keySet())
                .containsExactlyInAnyOrder("GuardDutyManaged", "CostCenter", "Name");
        assertThat(tagged.get("GuardDutyManaged").text()).contains("false");
        assertThat(r.get("aws_instance.untagged").property("tags_all").get("GuardDutyManaged").text())
                .contains("true");
        assertThat(r.get("aws_instance.computed_tag").property("tags_all")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void dataSourcesReadAtPlanTimeComeFromPriorState() throws Exception {
        Path corpus = TerraformPlanCorpusTest.corpus();
        Assumptions.assumeTrue(corpus != null, "shared corpus not present; skipped");
        Path plan = corpus.resolve(
                "bridgecrewio__checkov/tests/common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json");
        Assumptions.assumeTrue(Files.isRegularFile(plan), "corpus plan not present; skipped");
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(SourceFiles.read(plan, "p.json")));
        Map<String, Resource> r = byAddress(in);
        Resource vpc = r.get("data.aws_vpc.sandbox");
        assertThat(vpc.dataSource()).isTrue();
        assertThat(vpc.type()).isEqualTo("aws_vpc");
        assertThat(vpc.property("enable_dns_hostnames").bool()).contains(true);
        assertThat(vpc.property("id").text()).contains("vpc-123456abc");
        assertThat(r.get("data.aws_subnet.private").property("vpc_id").text()).contains("vpc-123456abc");
        assertThat(r).containsKeys("module.sg[\"bad_example\"].aws_security_group.bad",
                "aws_route53_zone.example[\"example.com\"]");
    }

    @Test
    void nestedBlocksLaunchTemplatesAndAutoScalingGroups() throws Exception {
        Map<String, Resource> r = byAddress(load("nested-blocks"));
        Resource lt = r.get("aws_launch_template.app");
        Value nic = lt.property("network_interfaces").items().get(0);
        assertThat(targets(nic.get("security_groups")))
                .containsExactly("aws_security_group.tier[0]", "aws_security_group.bastion");
        assertThat(ref(nic.get("subnet_id")).target().id()).isEqualTo("aws_subnet.private[\"b\"]");
        assertThat(lt.property("metadata_options").items().get(0).get("instance_metadata_tags").text())
                .contains("enabled");
        // tags = { ..., Subnet = aws_subnet.private["a"].id }: Terraform marks the whole map unknown
        assertThat(lt.property("tag_specifications").items().get(0).get("tags"))
                .isInstanceOf(Value.Unknown.class);
        Resource asg = r.get("aws_autoscaling_group.app");
        assertThat(ref(asg.property("launch_template").items().get(0).get("id")).target().id())
                .isEqualTo("aws_launch_template.app");
        assertThat(asg.property("launch_template").items().get(0).get("version").text()).contains("$Latest");
        assertThat(targets(asg.property("vpc_zone_identifier")))
                .containsExactly("aws_subnet.private[\"a\"]", "aws_subnet.private[\"b\"]");
        Value tag = asg.property("tag").items().get(0);
        assertThat(tag.get("key").text()).contains("GuardDutyManaged");
        assertThat(tag.get("propagate_at_launch").bool()).contains(true);
    }

    @Test
    void countAndForEachTargets() throws Exception {
        Map<String, Resource> r = byAddress(load("nested-blocks"));
        // aws_security_group.tier[count.index].id
        assertThat(ref(r.get("aws_security_group_rule.tier_https[1]").property("security_group_id")).target().id())
                .isEqualTo("aws_security_group.tier[1]");
        assertThat(ref(r.get("aws_security_group_rule.tier_https[0]").property("security_group_id")).target().id())
                .isEqualTo("aws_security_group.tier[0]");
        // aws_security_group.tier[var.pick].id: one of two, not decided
        assertThat(r.get("aws_security_group_rule.picked").property("security_group_id"))
                .isInstanceOfSatisfying(Value.Unknown.class, u -> {
                    assertThat(u.describe()).isEqualTo("aws_security_group_rule.picked.security_group_id is known "
                            + "after apply; it is one of aws_security_group.tier[0], aws_security_group.tier[1]");
                    // the facts, typed: rules read these, never the phrase
                    assertThat(u.origin()).isEqualTo(new UnknownOrigin.KnownAfterApply(
                            "aws_security_group_rule.picked", "security_group_id",
                            UnknownOrigin.KnownAfterApply.Relation.ONE_OF,
                            List.of(new UnknownOrigin.Address("aws_security_group.tier[0]", "id"),
                                    new UnknownOrigin.Address("aws_security_group.tier[1]", "id"))));
                });
        // for_each = aws_subnet.private; subnet_id = each.value.id
        assertThat(ref(r.get("aws_network_interface.per_subnet[\"b\"]").property("subnet_id")).target().id())
                .isEqualTo("aws_subnet.private[\"b\"]");
        // aws_security_group.tier[*].id
        assertThat(targets(r.get("aws_network_interface.per_subnet[\"a\"]").property("security_groups")))
                .containsExactly("aws_security_group.tier[0]", "aws_security_group.tier[1]");
    }

    @Test
    void securityGroupIngressBlocks() throws Exception {
        Map<String, Resource> r = byAddress(load("nested-blocks"));
        // one block with the VPC CIDR, one with a group: the group goes to the block whose groups are unknown
        List<Value> mixed = r.get("aws_security_group.mixed").property("ingress").items();
        assertThat(mixed.get(0).get("cidr_blocks").items().get(0).text()).contains("10.0.0.0/16");
        assertThat(mixed.get(1).get("from_port").integer()).contains(22L);
        assertThat(targets(mixed.get(1).get("security_groups"))).containsExactly("aws_security_group.bastion");
        // a dynamic block: not in the configuration section, so unknown, never "not configured"
        for (Value block : r.get("aws_security_group.dynamic").property("ingress").items()) {
            assertThat(block.get("security_groups")).isInstanceOfSatisfying(Value.Unknown.class,
                    u -> assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY));
        }
        // two blocks with two groups: the plan's set order does not tell which is which, so neither is guessed
        for (Value block : r.get("aws_security_group.two_sources").property("ingress").items()) {
            assertThat(block.get("security_groups")).isInstanceOfSatisfying(Value.Unknown.class, u -> {
                assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY);
                assertThat(u.describe()).contains("refers to aws_security_group.bastion, aws_security_group.lb");
            });
        }
    }

    @Test
    void knownValuesKeepTheirTextAndNameTheResourceTheyCameFrom() throws Exception {
        Map<String, Resource> r = byAddress(load("references"));
        // cidr_blocks = [aws_vpc.main.cidr_block], known at plan
        Value cidr = r.get("aws_security_group_rule.app_egress").property("cidr_blocks").items().get(0);
        assertThat(cidr.text()).contains("10.0.0.0/16");
        assertThat(ref(cidr).target().id()).isEqualTo("aws_vpc.main");
        assertThat(ref(cidr).attribute()).isEqualTo("cidr_block");
        // constants stay plain values
        assertThat(r.get("aws_vpc.main").property("cidr_block")).isInstanceOf(Value.Text.class);

        Path sample = Path.of("../samples/terraform/fixed/plan.json");
        Map<String, Resource> s = byAddress(new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(SourceFiles.read(sample, "samples/terraform/fixed/plan.json"))));
        Value profile = s.get("aws_instance.batch").property("iam_instance_profile");
        assertThat(profile.text()).contains("payments-api");
        assertThat(ref(profile).target().id()).isEqualTo("aws_iam_instance_profile.app");
        assertThat(ref(s.get("aws_iam_role_policy_attachment.app_ssm").property("role")).target().id())
                .isEqualTo("aws_iam_role.app");
        Value endpointCidr = s.get("module.network.aws_vpc_security_group_ingress_rule.endpoint_from_vpc")
                .property("cidr_ipv4");
        assertThat(endpointCidr.text()).contains("10.30.0.0/16");
        assertThat(ref(endpointCidr).target().id()).isEqualTo("module.network.aws_vpc.this");
    }

    @Test
    void oddReferencesAndAddressesLoadWhatTheyCanWithoutEscapingExceptions() {
        String plan = """
                {"format_version": "1.0",
                 "resource_changes": [
                   {"address": "aws_vpc.b", "type": "aws_vpc", "change": {"actions": ["create"], "after": {},
                     "after_unknown": {"x": true, "y": [true, {"z": true}]}}},
                   {"address": "weird address", "change": {"actions": ["create"], "after": {"a": 1}}},
                   {"address": "aws_vpc.old", "deposed": "00000001", "change": {"actions": ["delete"]}}],
                 "planned_values": {"root_module": {"child_modules": [{"resources": []}]}},
                 "configuration": {"root_module": {
                   "resources": [{"address": "aws_vpc.b", "expressions": {"x": {"references": [
                     "module.m.out", "var.v", "each.value", "aws_vpc.b.id", "a[1][2]", "[", "module", "data",
                     "module.m", "module.nope.out", "local.x", "count.index"]}}}],
                   "module_calls": {"m": {"module": {"outputs": {"out": {"expression": {"references": [
                     "module.m.out", "module.m.out", "var.v"]}}},
                     "module_calls": {"m": {"module": {"outputs": {"out": {"expression": {"references": [
                       "module.m.out"]}}}}}}}}}}}}
                """;
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(new SourceText("odd.json", Path.of("odd.json"), plan)));
        assertThat(in.failures()).isEmpty();
        Map<String, Resource> r = byAddress(in);
        assertThat(r.keySet()).containsExactlyInAnyOrder("aws_vpc.b", "weird address");
        assertThat(r.get("aws_vpc.b").property("x")).isInstanceOf(Value.Unknown.class);
        assertThat(r.get("weird address").type()).isEqualTo("unknown");
        assertThat(r.get("weird address").property("a").integer()).contains(1L);
    }

    @Test
    void terraform012PlansListReferencesWithoutAttributes() throws Exception {
        Path corpus = TerraformPlanCorpusTest.corpus();
        Assumptions.assumeTrue(corpus != null, "shared corpus not present; skipped");
        Path plan = corpus.resolve("bridgecrewio__checkov/tests/terraform/runner/tfplan2.json");
        Assumptions.assumeTrue(Files.isRegularFile(plan), "corpus plan not present; skipped");
        Map<String, Resource> r = byAddress(new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(SourceFiles.read(plan, "p.json"))));
        // "aws_iam_role.iam_for_eks" only: the slot asks for the ARN
        Value.Reference role = ref(r.get("aws_eks_cluster.eks_cluster").property("role_arn"));
        assertThat(role.target().id()).isEqualTo("aws_iam_role.iam_for_eks");
        assertThat(role.attribute()).isEqualTo("arn");
        // no after_sensitive in 0.12 plans: list attributes known by name
        assertThat(targets(r.get("aws_elb.weblb").property("instances"))).containsExactly("aws_instance.web_host");
        // a known name linked to the profile that has it
        Value profile = r.get("aws_instance.db_app").property("iam_instance_profile");
        assertThat(ref(profile).target().id()).isEqualTo("aws_iam_instance_profile.ec2profile");
        assertThat(ref(profile).attribute()).isEqualTo("name");
    }

    @Test
    void theIncidentSampleCarriesItsFaultsIntoTheModel() throws Exception {
        Path sample = Path.of("../samples/terraform/incident/plan.json");
        Map<String, Resource> r = byAddress(new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(SourceFiles.read(sample, "samples/terraform/incident/plan.json"))));
        assertThat(r.get("module.network.aws_vpc.this").property("enable_dns_hostnames").isAbsent()).isTrue();
        Resource rule = r.get("module.network.aws_vpc_security_group_ingress_rule.endpoint_from_bastion");
        assertThat(ref(rule.property("security_group_id")).target().id())
                .isEqualTo("module.network.aws_security_group.guardduty_endpoint");
        assertThat(ref(rule.property("referenced_security_group_id")).target().id())
                .isEqualTo("module.network.aws_security_group.bastion");
        Resource endpoint = r.get("module.network.aws_vpc_endpoint.guardduty_data");
        assertThat(endpoint.property("service_name").text()).contains("com.amazonaws.us-east-1.guardduty-data");
        assertThat(targets(endpoint.property("security_group_ids")))
                .containsExactly("module.network.aws_security_group.guardduty_endpoint");
        assertThat(targets(r.get("aws_launch_template.app").property("vpc_security_group_ids")))
                .containsExactly("aws_security_group.app");
        assertThat(r.get("aws_instance.batch").property("tags_all").get("GuardDutyManaged").text())
                .contains("false");
        assertThat(r.get("aws_instance.batch").property("tags_all").get("GuardDutyExclusionReason")).isNull();
        assertThat(r.get("aws_organizations_policy.security_tooling").property("content").text())
                .hasValueSatisfying(c -> assertThat(c).contains("\"guardduty:*\""));
        assertThat(ref(r.get("aws_organizations_policy_attachment.security_tooling").property("policy_id"))
                .target().id()).isEqualTo("aws_organizations_policy.security_tooling");
    }

    @Test
    void aModuleResourceIsPlacedInTheModulesOwnFileWithTheModuleCallsAsAlsoAt() throws Exception {
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none())
                .load(List.of(SourceFiles.read(CASES.resolve("modules/plan.json"), "m/plan.json")));
        Map<String, Resource> r = byAddress(in);
        Resource subnet = r.get("module.net.module.subnets.aws_subnet.this[1]");
        assertThat(subnet.location()).hasToString("m/modules/subnets/main.tf:13:1");
        assertThat(in.alsoAt().get(subnet.key())).extracting(a -> a.location().file() + ":" + a.location().line()
                + " " + a.message()).containsExactly(
                "m/plan.json:" + planLine("module.net.module.subnets.aws_subnet.this[1]") + " planned in plan.json",
                "m/main.tf:1 module call module.net", "m/modules/network/main.tf:17 module call module.subnets");
        // for_each module instances and count instances map to their one block
        assertThat(r.get("module.edge[\"blue\"].aws_vpc.this").location()).hasToString("m/modules/network/main.tf:9:1");
        assertThat(r.get("aws_instance.app[1]").location()).hasToString("m/main.tf:25:1");
        assertThat(in.resources()).allSatisfy(x -> assertThat(x.location().file()).endsWith(".tf"));
    }

    @Test
    void aPlanWithoutItsConfigurationBesideItKeepsItsPlanPositions(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path plan = tmp.resolve("plan.json");
        Files.copy(CASES.resolve("modules/plan.json"), plan);
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(SourceFiles.read(plan, "plan.json")));
        assertThat(in.resources()).isNotEmpty().allSatisfy(x -> assertThat(x.location().file()).isEqualTo("plan.json"));
        assertThat(in.alsoAt()).isEmpty();
    }

    /** The line of the first resource_changes entry of an address in the committed modules plan. */
    private static int planLine(String address) throws Exception {
        List<String> lines = Files.readAllLines(CASES.resolve("modules/plan.json"));
        String wanted = "\"address\": " + new ObjectMapper().writeValueAsString(address);
        int inChanges = lines.indexOf(lines.stream().filter(l -> l.contains("\"resource_changes\"")).findFirst().orElseThrow());
        for (int k = inChanges; k < lines.size(); k++) {
            if (lines.get(k).contains(wanted)) {
                return k; // the entry's opening brace is on the line before its address
            }
        }
        throw new AssertionError(address);
    }

    @Test
    void aPlanThatCannotBeReadIsAOneLineFailureAndTheOthersStillLoad() throws Exception {
        SourceText bad = new SourceText("bad.json", Path.of("bad.json"), "{\"format_version\": \"1.0\", ");
        SourceText notPlan = new SourceText("x.json", Path.of("x.json"), "{\"Resources\": {}}");
        SourceText wrong = new SourceText("w.json", Path.of("w.json"),
                "{\"format_version\": \"1.0\",\n \"resource_changes\": \"nope\"}");
        SourceText good = SourceFiles.read(CASES.resolve("references/plan.json"), "good.json");
        LoadedInputs in = new TerraformPlanLoader(LoadOptions.none()).load(List.of(bad, notPlan, wrong, good));
        assertThat(in.inputs()).extracting(d -> d.file()).containsExactly("good.json");
        assertThat(in.resources()).hasSize(11);
        assertThat(in.failures()).extracting(f -> f.oneLine()).containsExactly(
                "bad.json:1:27: invalid JSON: Unexpected end-of-input within/between Object entries",
                "x.json:1:1: not a Terraform plan: no planned_values or resource_changes (write it with terraform show -json PLANFILE)",
                "w.json:2:22: not a valid Terraform plan: resource_changes: expected a list, found a string");
    }
}
