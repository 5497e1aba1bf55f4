package dev.preflight.load.terraform;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TerraformAddressTest {
    @Test
    void parsesAddressesAsTerraformPrintsThem() {
        TerraformAddress a = TerraformAddress.parse("module.net[0].module.sub[\"a.b[c]\"].data.aws_vpc.main[\"x\"]");
        assertThat(a).isNotNull();
        assertThat(a.modules()).extracting(TerraformAddress.ModuleStep::name).containsExactly("net", "sub");
        assertThat(a.modules()).extracting(TerraformAddress.ModuleStep::key).containsExactly("[0]", "[\"a.b[c]\"]");
        assertThat(a.data()).isTrue();
        assertThat(a.type()).isEqualTo("aws_vpc");
        assertThat(a.name()).isEqualTo("main");
        assertThat(a.key()).isEqualTo("[\"x\"]");
        assertThat(a.localName()).isEqualTo("data.aws_vpc.main");
        assertThat(a.modulePath()).isEqualTo("module.net[0].module.sub[\"a.b[c]\"]");
        assertThat(a).hasToString("module.net[0].module.sub[\"a.b[c]\"].data.aws_vpc.main[\"x\"]");

        TerraformAddress b = TerraformAddress.parse("aws_subnet.private[\"a\\\"q\"]");
        assertThat(b.key()).isEqualTo("[\"a\\\"q\"]");
        assertThat(TerraformAddress.parse("aws_instance.app").key()).isNull();
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : List.of("", "aws_vpc", "aws_vpc.", ".a.b", "a.b.c", "a[0][1].b", "a.b[0", "module.x",
                "data.aws_vpc", "a..b")) {
            assertThat(TerraformAddress.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void splitsReferenceTraversals() {
        List<String> names = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        assertThat(TerraformAddress.split("module.net.subnet_ids[0]", names, keys)).isTrue();
        assertThat(names).containsExactly("module", "net", "subnet_ids");
        assertThat(keys).containsExactly(null, null, "[0]");
    }
}
