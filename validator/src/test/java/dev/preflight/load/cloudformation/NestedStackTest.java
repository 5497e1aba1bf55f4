package dev.preflight.load.cloudformation;

import dev.preflight.load.LoadedInputs;
import dev.preflight.model.InputDocument;
import dev.preflight.model.InputFormat;
import dev.preflight.model.Resource;
import dev.preflight.model.ResourceKey;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

/** Local nested stacks ({@code TemplateURL: ./network.yaml}) get their parameters from the parent. */
class NestedStackTest {
    private static final String MAIN = "load/cloudformation/nested/main.yaml";
    private static final String NETWORK = "load/cloudformation/nested/network.yaml";

    private static Resource resource(LoadedInputs l, String file, String id) {
        return l.resources().stream().filter(r -> r.key().equals(new ResourceKey(file, id))).findFirst()
                .orElseThrow(() -> new NoSuchElementException(file + " " + id));
    }

    @Test
    void aNestedTemplateNotAmongTheInputsIsReadAndGetsTheParentsParameters() {
        LoadedInputs l = load(MAIN);
        assertThat(l.failures()).isEmpty();
        assertThat(l.inputs()).containsExactly(new InputDocument(MAIN, InputFormat.CLOUDFORMATION),
                new InputDocument(NETWORK, InputFormat.CLOUDFORMATION));
        assertThat(resource(l, NETWORK, "Vpc").property("CidrBlock").text()).contains("10.5.0.0/16");
        assertThat(resource(l, NETWORK, "Subnet").property("CidrBlock").text()).contains("10.5.0.0/24");
    }

    @Test
    void nestedOutputsAreReferencesIntoTheNestedTemplate() {
        LoadedInputs l = load(MAIN);
        Resource server = resource(l, MAIN, "Server");
        assertThat(((Value.Reference) server.property("SubnetId")).target())
                .isEqualTo(new ResourceKey(NETWORK, "Subnet"));
        Value.Reference sg = (Value.Reference) server.property("SecurityGroupIds").items().get(0);
        assertThat(sg.target()).isEqualTo(new ResourceKey(NETWORK, "Sg"));
        assertThat(sg.attribute()).isEqualTo("GroupId");
    }

    @Test
    void aNestedTemplateAmongTheInputsIsLoadedOnce() {
        LoadedInputs l = load(NETWORK, MAIN);
        assertThat(l.inputs()).extracting(InputDocument::file).containsExactly(NETWORK, MAIN);
        assertThat(l.resources()).filteredOn(r -> r.id().equals("Vpc")).hasSize(1);
        assertThat(resource(l, NETWORK, "Vpc").property("CidrBlock").text()).contains("10.5.0.0/16");
    }
}
