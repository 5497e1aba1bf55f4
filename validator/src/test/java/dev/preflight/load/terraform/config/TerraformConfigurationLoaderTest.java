package dev.preflight.load.terraform.config;

import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration evaluated into the resource graph: addresses, values, references and unknowns as plans have them. */
class TerraformConfigurationLoaderTest {
    @TempDir
    Path tmp;

    private Path write(String file, String text) throws IOException {
        Path p = tmp.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private TerraformConfigurationLoader.Result load(LoadOptions options, TerraformVariables vars, Path... folders) {
        return new TerraformConfigurationLoader(options, vars).load(List.of(folders), Set.of(),
                p -> tmp.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/'));
    }

    private LoadedInputs load(Path... folders) {
        return load(LoadOptions.none(), TerraformVariables.none(), folders).loaded();
    }

    private static Resource resource(LoadedInputs in, String address) {
        return in.resources().stream().filter(r -> r.id().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in " + in.resources().stream().map(Resource::id)
                        .toList()));
    }

    @Test
    void countForEachAndModuleInstancesAreAddressedAsPlansPrintThem() throws IOException {
        write("root/main.tf", """
                locals { names = toset(["b", "a"]) }
                resource "aws_subnet" "private" {
                  count      = 2
                  vpc_id     = aws_vpc.main.id
                  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
                }
                resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
                resource "aws_security_group" "by_name" {
                  for_each = local.names
                  name     = "sg-${each.key}"
                  vpc_id   = aws_vpc.main.id
                }
                module "net" {
                  source = "./modules/net"
                  count  = 1
                  cidr   = "10.1.0.0/16"
                }
                module "zones" {
                  source   = "./modules/net"
                  for_each = { east = "10.2.0.0/16" }
                  cidr     = each.value
                }
                """);
        write("root/modules/net/main.tf", """
                variable "cidr" { type = string }
                resource "aws_vpc" "this" { cidr_block = var.cidr }
                resource "aws_subnet" "s" {
                  count      = 2
                  vpc_id     = aws_vpc.this.id
                  cidr_block = cidrsubnet(var.cidr, 8, count.index)
                }
                output "subnet_ids" { value = aws_subnet.s[*].id }
                """);
        LoadedInputs in = load(tmp.resolve("root"), tmp.resolve("root/modules/net"));
        assertThat(in.inputs()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("root");
            assertThat(d.format()).isEqualTo(InputFormat.TERRAFORM_CONFIGURATION);
        });
        assertThat(in.resources().stream().map(Resource::id)).containsExactlyInAnyOrder(
                "aws_subnet.private[0]", "aws_subnet.private[1]", "aws_vpc.main",
                "aws_security_group.by_name[\"a\"]", "aws_security_group.by_name[\"b\"]",
                "module.net[0].aws_vpc.this", "module.net[0].aws_subnet.s[0]", "module.net[0].aws_subnet.s[1]",
                "module.zones[\"east\"].aws_vpc.this", "module.zones[\"east\"].aws_subnet.s[0]",
                "module.zones[\"east\"].aws_subnet.s[1]");
        Resource s1 = resource(in, "aws_subnet.private[1]");
        assertThat(s1.property("cidr_block").text()).contains("10.0.1.0/24");
        assertThat(s1.location()).isEqualTo(new SourceLocation("root/main.tf", 2, 1));
        Value vpc = s1.property("vpc_id");
        assertThat(vpc).isInstanceOfSatisfying(Value.Reference.class, r -> {
            assertThat(r.target().id()).isEqualTo("aws_vpc.main");
            assertThat(r.target().input()).isEqualTo("root");
            assertThat(r.attribute()).isEqualTo("id");
            assertThat(r.resolved()).isInstanceOfSatisfying(Value.Unknown.class, u -> {
                assertThat(u.reason()).isEqualTo(UnknownReason.KNOWN_AFTER_APPLY);
                assertThat(u.describe()).isEqualTo("aws_vpc.main.id is known after apply");
            });
        });
        assertThat(resource(in, "module.zones[\"east\"].aws_subnet.s[1]").property("cidr_block").text())
                .contains("10.2.1.0/24");
        assertThat(resource(in, "module.net[0].aws_subnet.s[0]").location().file()).isEqualTo("root/modules/net/main.tf");
        assertThat(resource(in, "aws_security_group.by_name[\"b\"]").property("name").text()).contains("sg-b");
    }

    @Test
    void localsTryAndModuleOutputsLandSubnetsInTheirVpcLikeTheVpcModule() throws IOException {
        // terraform-aws-modules/vpc: vpc_id = local.vpc_id = try(association[0].vpc_id, aws_vpc.this[0].id, "")
        write("root/main.tf", """
                module "vpc" {
                  source = "./vpc"
                  cidr   = "10.0.0.0/16"
                }
                resource "aws_instance" "web" {
                  ami       = "ami-123"
                  subnet_id = module.vpc.private_subnets[0]
                }
                """);
        write("root/vpc/main.tf", """
                variable "cidr" {}
                variable "create_vpc" { default = true }
                variable "secondary_cidr_blocks" { default = [] }
                locals {
                  vpc_id = try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, "")
                }
                resource "aws_vpc" "this" {
                  count      = var.create_vpc ? 1 : 0
                  cidr_block = var.cidr
                }
                resource "aws_vpc_ipv4_cidr_block_association" "this" {
                  count      = length(var.secondary_cidr_blocks)
                  vpc_id     = aws_vpc.this[0].id
                  cidr_block = var.secondary_cidr_blocks[count.index]
                }
                resource "aws_subnet" "private" {
                  count      = 2
                  vpc_id     = local.vpc_id
                  cidr_block = cidrsubnet(var.cidr, 4, count.index)
                }
                output "private_subnets" { value = aws_subnet.private[*].id }
                """);
        LoadedInputs in = load(tmp.resolve("root"), tmp.resolve("root/vpc"));
        Value vpcId = resource(in, "module.vpc.aws_subnet.private[1]").property("vpc_id");
        assertThat(vpcId).isInstanceOfSatisfying(Value.Reference.class,
                r -> assertThat(r.target().id()).isEqualTo("module.vpc.aws_vpc.this[0]"));
        Value subnet = resource(in, "aws_instance.web").property("subnet_id");
        assertThat(subnet).isInstanceOfSatisfying(Value.Reference.class, r -> {
            assertThat(r.target().id()).isEqualTo("module.vpc.aws_subnet.private[0]");
            assertThat(r.attribute()).isEqualTo("id");
        });
    }

    @Test
    void variablesFollowTerraformsOrder() throws IOException {
        write("root/main.tf", """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                variable "d" { default = "default" }
                variable "e" { default = "default" }
                variable "ports" { type = list(number) }
                variable "nothing" {}
                resource "aws_vpc" "v" {
                  tags = { a = var.a, b = var.b, c = var.c, d = var.d, e = var.e, p = var.ports[1] }
                  cidr_block = var.nothing
                }
                """);
        write("root/terraform.tfvars", "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\n");
        write("root/x.auto.tfvars", "b = \"auto\"\nc = \"auto\"\n");
        write("root/given.tfvars.json", "{\"c\": \"var-file\", \"d\": \"var-file\"}");
        TerraformVariables vars = new TerraformVariables(List.of(tmp.resolve("root/given.tfvars.json")),
                Map.of("d", "--var", "ports", "[80, 443]"), Map.of("TF_VAR_e", "env", "TF_VAR_a", "env"));
        LoadedInputs in = load(LoadOptions.none(), vars, tmp.resolve("root")).loaded();
        Value tags = resource(in, "aws_vpc.v").property("tags");
        assertThat(tags.get("a").text()).contains("tfvars");
        assertThat(tags.get("b").text()).contains("auto");
        assertThat(tags.get("c").text()).contains("var-file");
        assertThat(tags.get("d").text()).contains("--var");
        assertThat(tags.get("e").text()).contains("env");
        assertThat(tags.get("p").text()).contains("443");
        assertThat(resource(in, "aws_vpc.v").property("cidr_block")).isInstanceOfSatisfying(Value.Unknown.class,
                u -> assertThat(u.describe()).startsWith("var.nothing has no value or default"));
    }

    @Test
    void dynamicBlocksDefaultTagsAndOverrides() throws IOException {
        write("root/provider.tf", """
                provider "aws" {
                  region = "eu-west-1"
                  default_tags {
                    tags = { Team = "core", Env = "dev" }
                  }
                }
                """);
        write("root/main.tf", """
                variable "ports" { default = [80, 443] }
                resource "aws_security_group" "web" {
                  name = "web"
                  dynamic "ingress" {
                    for_each = var.ports
                    iterator = port
                    content {
                      from_port   = port.value
                      to_port     = port.value
                      protocol    = "tcp"
                      cidr_blocks = ["10.0.0.0/8"]
                    }
                  }
                  egress {
                    from_port = 0
                    to_port   = 0
                    protocol  = "-1"
                  }
                  tags = { Env = "prod" }
                }
                resource "aws_instance" "i" {
                  ami = "ami-1"
                  metadata_options { http_tokens = "optional" }
                }
                """);
        write("root/main_override.tf", """
                resource "aws_instance" "i" {
                  instance_type = "t3.micro"
                  metadata_options { http_tokens = "required" }
                }
                """);
        LoadedInputs in = load(tmp.resolve("root"));
        Resource sg = resource(in, "aws_security_group.web");
        assertThat(sg.property("ingress").items()).hasSize(2);
        assertThat(sg.property("ingress").items().get(1).get("from_port").text()).contains("443");
        assertThat(sg.property("egress").items()).singleElement()
                .satisfies(e -> assertThat(e.get("protocol").text()).contains("-1"));
        Value tagsAll = sg.property("tags_all");
        assertThat(tagsAll.get("Team").text()).contains("core");
        assertThat(tagsAll.get("Env").text()).contains("prod");
        Resource i = resource(in, "aws_instance.i");
        assertThat(i.property("instance_type").text()).contains("t3.micro");
        assertThat(i.property("metadata_options").items()).singleElement()
                .satisfies(m -> assertThat(m.get("http_tokens").text()).contains("required"));
        assertThat(i.property("ami").text()).contains("ami-1");
    }

    @Test
    void dataSourcesAreUnknownNamingThemExceptTheOnesTheConfigurationDecides() throws IOException {
        write("root/main.tf", """
                data "aws_ami" "al2023" { most_recent = true }
                data "aws_region" "current" {}
                data "aws_caller_identity" "me" {}
                resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
                data "aws_vpc" "same" { id = aws_vpc.main.id }
                data "aws_iam_policy_document" "p" {
                  statement {
                    actions   = ["guardduty:SendSecurityTelemetry"]
                    resources = ["*"]
                    principals {
                      type        = "*"
                      identifiers = ["*"]
                    }
                  }
                }
                resource "aws_vpc_endpoint" "gd" {
                  vpc_id       = data.aws_vpc.same.id
                  service_name = "com.amazonaws.${data.aws_region.current.name}.guardduty-data"
                  policy       = data.aws_iam_policy_document.p.json
                  tags         = { cidr = data.aws_vpc.same.cidr_block, account = data.aws_caller_identity.me.account_id }
                }
                resource "aws_instance" "i" { ami = data.aws_ami.al2023.id }
                """);
        LoadedInputs in = load(LoadOptions.none(), TerraformVariables.none(), tmp.resolve("root")).loaded();
        assertThat(in.resources().stream().filter(r -> !r.dataSource()).map(Resource::id))
                .containsExactlyInAnyOrder("aws_vpc.main", "aws_vpc_endpoint.gd", "aws_instance.i");
        // data sources are in the graph as in a plan, with the arguments the configuration gives them
        assertThat(in.resources().stream().filter(Resource::dataSource).map(Resource::id)).containsExactlyInAnyOrder(
                "data.aws_ami.al2023", "data.aws_region.current", "data.aws_caller_identity.me", "data.aws_vpc.same",
                "data.aws_iam_policy_document.p");
        assertThat(resource(in, "data.aws_ami.al2023").property("most_recent").bool()).contains(true);
        Resource gd = resource(in, "aws_vpc_endpoint.gd");
        assertThat(gd.property("vpc_id")).isInstanceOfSatisfying(Value.Reference.class,
                r -> assertThat(r.target().id()).isEqualTo("aws_vpc.main"));
        assertThat(gd.property("tags").get("cidr").text()).contains("10.0.0.0/16");
        assertThat(gd.property("service_name")).isInstanceOf(Value.Template.class);
        assertThat(gd.property("tags").get("account").display()).contains("give --account");
        assertThat(gd.property("policy").text()).contains("{\"Statement\":[{\"Action\":"
                + "\"guardduty:SendSecurityTelemetry\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}],"
                + "\"Version\":\"2012-10-17\"}");
        assertThat(resource(in, "aws_instance.i").property("ami").display())
                .contains("data.aws_ami.al2023.id is read by data source data.aws_ami.al2023 at plan time");
        LoadedInputs withRegion = load(new LoadOptions(Map.of(), Optional.of("us-east-2"), Optional.of("111122223333")),
                TerraformVariables.none(), tmp.resolve("root")).loaded();
        assertThat(resource(withRegion, "aws_vpc_endpoint.gd").property("service_name").text())
                .contains("com.amazonaws.us-east-2.guardduty-data");
    }

    @Test
    void registryModulesComeFromTerraformInitAndAMissingOneIsUnknownNamingTheCall() throws IOException {
        write("root/main.tf", """
                module "vpc" {
                  source  = "terraform-aws-modules/vpc/aws"
                  version = "~> 5.0"
                }
                module "gone" {
                  source = "terraform-aws-modules/security-group/aws"
                }
                resource "aws_instance" "i" {
                  subnet_id              = module.vpc.subnet
                  vpc_security_group_ids = [module.gone.security_group_id]
                }
                """);
        write("root/.terraform/modules/vpc/main.tf", """
                resource "aws_subnet" "a" { cidr_block = "10.0.0.0/24" }
                output "subnet" { value = aws_subnet.a.id }
                """);
        write("root/.terraform/modules/modules.json", """
                {"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.21.0","Dir":".terraform/modules/vpc"}]}
                """);
        LoadedInputs in = load(tmp.resolve("root"));
        assertThat(resource(in, "module.vpc.aws_subnet.a").location().file()).isEqualTo("root/.terraform/modules/vpc/main.tf");
        Resource i = resource(in, "aws_instance.i");
        assertThat(i.property("subnet_id")).isInstanceOfSatisfying(Value.Reference.class,
                r -> assertThat(r.target().id()).isEqualTo("module.vpc.aws_subnet.a"));
        assertThat(i.property("vpc_security_group_ids").items().get(0).display())
                .contains("module.gone (source terraform-aws-modules/security-group/aws) is not installed; run terraform "
                        + "init in root");
    }

    @Test
    void foldersThatAreNotTerraformAreSkippedAndSyntaxErrorsAreOneLine() throws IOException {
        write("packer/build.tf", "source \"amazon-ebs\" \"x\" {\n}\nbuild {\n  sources = [\"source.amazon-ebs.x\"]\n}\n");
        write("broken/main.tf", "resource \"aws_vpc\" \"v\" {\n  cidr_block = \n}\n");
        write("broken/ok.tf", "resource \"aws_vpc\" \"w\" {}\n");
        TerraformConfigurationLoader.Result r = load(LoadOptions.none(), TerraformVariables.none(),
                tmp.resolve("packer"), tmp.resolve("broken"));
        assertThat(r.skipped()).containsOnlyKeys("packer");
        assertThat(r.skipped().get("packer")).contains("not Terraform").contains("source, build");
        assertThat(r.loaded().failures()).singleElement().satisfies(f ->
                assertThat(f.oneLine()).isEqualTo("broken/main.tf:2:16: expected an expression, found newline"));
        assertThat(r.loaded().resources().stream().map(Resource::id).collect(Collectors.toList()))
                .containsExactly("aws_vpc.w");
    }

    @Test
    void optionalObjectAttributesGetTheirDefaults() throws IOException {
        write("root/main.tf", """
                module "m" {
                  source   = "./m"
                  settings = { name = "x", ports = [443] }
                }
                """);
        write("root/m/main.tf", """
                variable "settings" {
                  type = object({
                    name     = string
                    dns      = optional(bool, true)
                    ports    = optional(list(string), [])
                    tags     = optional(map(string))
                  })
                }
                resource "aws_vpc" "v" {
                  enable_dns_hostnames = var.settings.dns
                  tags                 = { name = var.settings.name, port = var.settings.ports[0] }
                  cidr_block           = var.settings.tags == null ? "10.0.0.0/16" : "bad"
                }
                """);
        Resource v = resource(load(tmp.resolve("root"), tmp.resolve("root/m")), "module.m.aws_vpc.v");
        assertThat(v.property("enable_dns_hostnames").bool()).contains(true);
        assertThat(v.property("tags").get("port")).isInstanceOf(Value.Text.class);
        assertThat(v.property("cidr_block").text()).contains("10.0.0.0/16");
    }
}
