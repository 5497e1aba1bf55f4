package dev.preflight.load.cloudformation;

import dev.preflight.load.InputException;
import dev.preflight.load.InputFailure;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.preflight.load.cloudformation.LoaderFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad and hostile templates give one line with the file and position; the other inputs still load. */
class HostileInputTest {
    private static final String DIR = "load/cloudformation/hostile/";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alias-bomb.yaml        | 0 | 0  | Number of aliases for non-scalar nodes exceeds the specified max=50",
            "doubling-bomb.yaml     | 22 | 12  | over budget: YAML aliases expand to more than 2,000,000 values, the budget of values per input",
            "deep.yaml              | 0 | 0  | Nesting Depth exceeded max 200",
            "deep.json              | 1 | 266  | JSON nested deeper than 200 levels",
            "recursive-alias.yaml   | 5 | 13 | recursive YAML alias",
            "duplicate-keys.yaml    | 6 | 3  | duplicate key 'Topic' (first at line 2); remove one of them",
            "duplicate-keys.json    | 4 | 12 | invalid JSON: Duplicate field 'Topic'",
            "malformed.yaml         | 3 | 1  | invalid YAML: while scanning for the next token, found character '\\t(TAB)' that cannot start any token",
            "resources-list.yaml    | 3 | 3  | Resources is a list; it must be a mapping of logical ids",
            "no-type.yaml           | 2 | 3  | resource Topic has no Type; add Type: AWS::<service>::<resource>",
            "top-level-list.yaml    | 1 | 1  | the template is a list, not a mapping",
            "two-documents.yaml     | 2 | 1  | invalid YAML: expected a single document in the stream, but found another document",
            "empty.yaml             | 1 | 1  | empty file; expected a CloudFormation template",
    })
    void failsInOneLineWithThePosition(String name, int line, int column, String message) {
        LoadedInputs loaded = load(DIR + name, "load/cloudformation/intrinsics.yaml");
        assertThat(loaded.failures()).hasSize(1);
        InputFailure f = loaded.failures().get(0);
        assertThat(f.file()).isEqualTo(DIR + name);
        assertThat(f.message()).contains(message).doesNotContain("\n");
        assertThat(f.line()).isEqualTo(line);
        assertThat(f.column()).isEqualTo(column);
        // the good template next to it is still loaded
        assertThat(loaded.inputs()).hasSize(1);
        assertThat(loaded.resources()).isNotEmpty();
    }

    @Test
    void invalidUtf8IsRefusedWhenTheFileIsRead() {
        assertThatThrownBy(() -> SourceFiles.read(LoaderFixtures.path(DIR + "invalid-utf8.yaml"), "bad.yaml"))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.failure().line()).isEqualTo(5);
                    assertThat(e.failure().message()).startsWith("invalid UTF-8");
                });
    }

    @Test
    void circularGetAttAndImportsBecomeUnknownInsteadOfLooping() {
        LoadedInputs loaded = load("load/cloudformation/cycle.yaml");
        assertThat(loaded.failures()).isEmpty();
        Value.Reference a = (Value.Reference) LoaderFixtures.resource(loaded, "A").property("Value");
        Value.Reference back = (Value.Reference) a.resolved();
        assertThat(back.target().id()).isEqualTo("A");
        assertThat(back.resolved().display()).isEqualTo("unknown (circular reference through A.Value)");
        Value.Reference own = (Value.Reference) LoaderFixtures.resource(loaded, "B").property("Own");
        assertThat(own.resolved().display()).isEqualTo("unknown (circular reference through B.Own)");
        assertThat(LoaderFixtures.resource(loaded, "B").property("Loop").display())
                .isEqualTo("unknown (circular reference through output Loop of load/cloudformation/cycle.yaml)");
    }
}
