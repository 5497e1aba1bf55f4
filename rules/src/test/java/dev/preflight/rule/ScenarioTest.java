package dev.preflight.rule;

import dev.preflight.infra.network.TestModel;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioTest {
    private final TestModel m = TestModel.cfn();

    @Test
    void runsOnceWithoutConditions() {
        List<Scenario.Run<String>> runs = Scenario.explore(s -> s.pick(m.v("x")).text().orElseThrow());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).scenario().describe()).isEmpty();
    }

    @Test
    void exploresEveryCombinationOfTheConditionsRead() {
        Value a = m.when("A", "a1", "a2");
        Value b = m.when("B", "b1", m.when("C", "c1", "c2"));
        List<Scenario.Run<String>> runs = Scenario.explore(s -> s.pick(a).text().orElseThrow() + "/"
                + s.pick(b).text().orElseThrow());
        assertThat(runs).extracting(Scenario.Run::result)
                .containsExactlyInAnyOrder("a1/b1", "a1/c1", "a1/c2", "a2/b1", "a2/c1", "a2/c2");
        Scenario.Run<String> c2 = runs.stream().filter(r -> r.result().equals("a2/c2")).findFirst().orElseThrow();
        assertThat(c2.scenario().describe()).isEqualTo("when A is false and B is false and C is false");
    }

    @Test
    void sameConditionIsDecidedOnceAcrossValues() {
        Value a = m.when("IsProd", "x", "y");
        Value b = m.when("IsProd", "x", "y");
        List<Scenario.Run<Boolean>> runs = Scenario.explore(s -> s.pick(a).text().equals(s.pick(b).text()));
        assertThat(runs).hasSize(2).allMatch(Scenario.Run::result);
    }

    @Test
    void listItemsDropNoValueBranches() {
        Value list = m.v(List.of("a", m.when("Extra", "b", m.noValue())));
        List<Scenario.Run<Integer>> runs = Scenario.explore(s -> s.items(list).size());
        assertThat(runs).extracting(Scenario.Run::result).containsExactlyInAnyOrder(2, 1);
    }

    @Test
    void givesUpBeyondTheLimit() {
        List<Value> many = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add(m.when("C" + i, "t", "f"));
        }
        assertThat(Scenario.explore(s -> {
            many.forEach(s::pick);
            return 1;
        })).isNull();
    }

    @Test
    void candidatesAreExploredLikeConditionsAndNamedOnlyWhenTheyDiffer() {
        List<Scenario.Run<String>> runs = Scenario.explore(s -> List.of("a", "b", "c")
                .get(s.choose("the subnet of app", List.of("a", "b", "c"))));
        assertThat(runs).extracting(Scenario.Run::result).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(runs).extracting(r -> r.scenario().describe())
                .contains("when the subnet of app is b");
        // a candidate choice combines with a condition in one decision tree
        List<Scenario.Run<String>> both = Scenario.explore(s -> s.holds("IsProd") + "/"
                + s.choose("the group", List.of("g1", "g2")));
        assertThat(both).hasSize(4);
        assertThat(both).extracting(r -> r.scenario().describe())
                .contains("when IsProd is false and the group is g2");
    }
}
