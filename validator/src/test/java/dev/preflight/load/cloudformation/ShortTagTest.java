package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadedInputs;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.SourceLocation;
import dev.preflight.model.UnknownReason;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static dev.preflight.load.cloudformation.LoaderFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** Every short tag gives what the long form gives; each function's result checked once. */
class ShortTagTest {
    private static final String YAML = "load/cloudformation/equivalent/short-tags.yaml";
    private static final String JSON = "load/cloudformation/equivalent/long-form.json";

    private final LoadedInputs yaml = load(YAML);
    private final LoadedInputs json = load(JSON);

    private Value thing(String property) {
        return resource(yaml, "Thing").property(property);
    }

    /** The value without locations or input names, so the two files compare. */
    private static Object plain(Value v) {
        if (v instanceof Value.Struct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            s.fields().forEach((k, x) -> m.put(k, plain(x)));
            return m;
        }
        if (v instanceof Value.Seq s) {
            List<Object> l = new ArrayList<>();
            s.items().forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v instanceof Value.Template t) {
            List<Object> l = new ArrayList<>();
            t.parts().forEach(x -> l.add(plain(x)));
            return "template" + l;
        }
        if (v instanceof Value.Reference r) {
            return "ref " + r.target().id() + "." + r.attribute() + " -> " + plain(r.resolved());
        }
        if (v instanceof Value.Conditional c) {
            return "if " + c.condition() + " " + plain(c.whenTrue()) + " " + plain(c.whenFalse());
        }
        if (v instanceof Value.Unknown u) {
            return "unknown " + u.reason() + " " + u.describe();
        }
        if (v instanceof Value.Absent) {
            return "absent";
        }
        return v.getClass().getSimpleName() + " " + v.text().orElse("null");
    }

    @Test
    void shortTagsAndLongFormResolveAlike() {
        assertThat(yaml.failures()).isEmpty();
        assertThat(json.failures()).isEmpty();
        assertThat(plain(resource(yaml, "Thing").properties()))
                .isEqualTo(plain(resource(json, "Thing").properties()));
    }

    @Test
    void eachFunction() {
        assertThat(((Value.Reference) thing("Ref")).target()).isEqualTo(new ResourceKey(YAML, "Vpc"));
        assertThat(thing("GetAtt").text()).contains("10.0.0.0/16");
        assertThat(thing("GetAttList").text()).contains("10.0.0.0/16");
        assertThat(thing("Sub").text()).contains("prod-10.0.0.0/16");
        assertThat(thing("SubVars").text()).contains("prod-x");
        assertThat(thing("Join").text()).contains("a,prod");
        assertThat(thing("Select").text()).contains("b");
        assertThat(thing("Split").items()).extracting(v -> v.text().orElseThrow()).containsExactly("a", "b");
        assertThat(thing("FindInMap").text()).contains("large");
        assertThat(thing("Base64").text()).contains("plain");
        assertThat(thing("Cidr").items()).extracting(v -> v.text().orElseThrow())
                .containsExactly("10.0.0.0/28", "10.0.0.16/28");
        assertThat(((Value.Unknown) thing("GetAZs")).reason()).isEqualTo(UnknownReason.ASSIGNED_AT_DEPLOY);
        assertThat(thing("ToJsonString").text()).contains("{\"a\":1}");
        assertThat(thing("Length").integer()).contains(2L);
        assertThat(((Value.Unknown) thing("Import")).reason()).isEqualTo(UnknownReason.IMPORT_NOT_FOUND);
        assertThat(((Value.Unknown) thing("Transform")).describe()).isEqualTo("Fn::Transform macro Upper runs at deploy");
        assertThat(thing("Float")).isEqualTo(new Value.Num(new java.math.BigDecimal("1.50"), "1.50",
                new SourceLocation(YAML, 57, 14)));
    }

    @Test
    void conditionsWithOrAndNotDecideWhatTheyCan() {
        assertThat(thing("Either").text()).contains("yes-either");
        Value.Conditional both = (Value.Conditional) thing("Both");
        assertThat(both.condition()).isEqualTo("Both");
        assertThat(both.whenFalse()).isInstanceOf(Value.Absent.class);
        assertThat(thing("NotProd").text()).contains("prod");
    }

    @Test
    void noValueInsideAListUnderAnUndecidedConditionIsKeptAsAbsent() {
        List<Value> items = thing("Items").items();
        assertThat(items).hasSize(2);
        Value.Conditional east = (Value.Conditional) items.get(1);
        assertThat(east.condition()).isEqualTo("IsEast");
        assertThat(east.whenTrue().text()).contains("east");
        assertThat(east.whenFalse()).isInstanceOf(Value.Absent.class);
        assertThat(east.location()).isEqualTo(new SourceLocation(YAML, 47, 18));
    }

    @Test
    void anUndecidedPieceOfAStringGivesBothStrings() {
        Value.Conditional lifted = (Value.Conditional) thing("Lifted");
        assertThat(lifted.condition()).isEqualTo("IsEast");
        assertThat(lifted.whenTrue().text()).contains("east-suffix");
        assertThat(lifted.whenFalse().text()).contains("other-suffix");
    }

    @Test
    void pseudoParametersAndRefsThatReturnANameProperty() {
        assertThat(thing("Suffix").text()).contains("amazonaws.com");
        assertThat(((Value.Unknown) thing("StackId")).reason()).isEqualTo(UnknownReason.PSEUDO_PARAMETER);
        assertThat(((Value.Unknown) thing("Notifications")).reason()).isEqualTo(UnknownReason.PSEUDO_PARAMETER);
        Value.Reference profile = (Value.Reference) thing("Profile");
        assertThat(profile.target().id()).isEqualTo("Profile");
        assertThat(profile.text()).contains("app-profile");
    }
}
