package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadedInputs;
import dev.preflight.model.Resource;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Subnet lists exported as a joined string and split again by the consumer keep pointing at the subnets. */
class SplitOfJoinedReferencesTest {
    @Test
    void splittingAJoinOfReferencesGivesTheReferencesBack() {
        LoadedInputs loaded = LoaderFixtures.load("load/cloudformation/split/producer.yaml", "load/cloudformation/split/consumer.yaml");
        Resource group = LoaderFixtures.resource(loaded, "Group");
        Value subnets = group.property("VPCZoneIdentifier");
        assertThat(subnets.items()).hasSize(2);
        assertThat(subnets.items()).allSatisfy(v -> assertThat(v).isInstanceOf(Value.Reference.class));
        assertThat(subnets.items()).extracting(v -> ((Value.Reference) v).target().id()).containsExactly("SubnetA", "SubnetB");
        assertThat(subnets.items()).extracting(v -> ((Value.Reference) v).target().input())
                .containsOnly("load/cloudformation/split/producer.yaml");

        Value local = group.property("Local");
        assertThat(local.items()).hasSize(2);
        assertThat(local.items().get(0)).isInstanceOf(Value.Reference.class);
        assertThat(local.items().get(1).text()).contains("subnet-123");
    }

    @Test
    void anUnknownParameterInTheJoinKeepsTheListUnknown() {
        LoadedInputs loaded = LoaderFixtures.load("load/cloudformation/split/producer.yaml", "load/cloudformation/split/consumer.yaml");
        Value other = LoaderFixtures.resource(loaded, "Group").property("Other");
        assertThat(other).isNotInstanceOf(Value.Seq.class);
        assertThat(other.isKnown()).isFalse();
    }
}
