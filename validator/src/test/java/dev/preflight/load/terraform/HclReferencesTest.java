package dev.preflight.load.terraform;

import dev.preflight.load.terraform.hcl.HclParser;
import dev.preflight.model.SourceLocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** References as Terraform lists them in a plan's configuration section (checked against the committed plans). */
class HclReferencesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "try(aws_vpc_ipv4_cidr_block_association.this[0].vpc_id, aws_vpc.this[0].id, \"\")"
            + "|aws_vpc_ipv4_cidr_block_association.this[0].vpc_id,aws_vpc.this[0].id",
        "aws_subnet.private[count.index].id|aws_subnet.private,count.index",
        "aws_subnet.private[\"a\"].id|aws_subnet.private[\"a\"].id",
        "[for s in aws_subnet.private : s.id if s.map_public_ip_on_launch]|aws_subnet.private",
        "\"${var.name}-${local.suffix}\"|var.name,local.suffix",
        "var.on ? module.net.vpc_id : data.aws_vpc.shared.id|var.on,module.net.vpc_id,data.aws_vpc.shared.id",
        "aws_subnet.private[*].id|aws_subnet.private",
        "{ Name = each.key, Vpc = local.vpc_id }|each.key,local.vpc_id",
        "\"literal\"|",
    })
    void listsTheTraversalsOfAnExpression(String expression, String expected) throws Exception {
        List<String> refs = HclReferences.of(HclParser.parseExpression("x.tf", expression, new SourceLocation("x.tf", 1, 1)));
        assertThat(refs).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(",")));
    }
}
