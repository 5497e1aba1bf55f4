package dev.preflight.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The option index the build writes (option-index's annotation processor) says what the annotations say, read here by
 * reflection: the plain binding relies on it instead of the annotations.
 */
class OptionIndexTest {
    @ParameterizedTest
    @ValueSource(classes = {CheckCommand.class, RunOptions.class, CompanionOptions.class, PreCommitCommand.class,
            MergeCommand.class, ReconcileCommand.class, InitCommand.class, ExplainCommand.class})
    void indexMatchesTheAnnotations(Class<?> type) throws Exception {
        List<String> expected = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            CommandLine.Parameters p = f.getAnnotation(CommandLine.Parameters.class);
            boolean mixin = f.getAnnotation(CommandLine.Mixin.class) != null;
            if (o == null && p == null && !mixin) {
                continue;
            }
            if (Modifier.isStatic(f.getModifiers())) {
                expected.add("unsupported " + f.getName());
            } else if (mixin) {
                expected.add("mixin " + f.getName());
            } else if (o != null) {
                expected.add("option " + f.getName() + " " + String.join(",", o.names()) + " " + o.defaultValue() + " "
                        + o.negatable() + " [" + o.split() + "] [" + o.arity() + "] " + o.usageHelp() + " "
                        + o.versionHelp());
            } else {
                expected.add("parameters " + f.getName() + " [" + p.index() + "] [" + p.arity() + "]");
            }
        }
        List<OptionIndex.Member> index = OptionIndex.of(type);
        assertThat(index).as("the build wrote META-INF/preflight/options/" + type.getName() + ".tsv").isNotNull();
        List<String> actual = new ArrayList<>();
        for (OptionIndex.Member m : index) {
            actual.add(switch (m.kind) {
                case "option" -> "option " + m.field + " " + String.join(",", m.names) + " " + m.defaultValue + " "
                        + m.negatable + " [" + m.split + "] [" + m.arity + "] " + m.usageHelp + " " + m.versionHelp;
                case "parameters" -> "parameters " + m.field + " [" + m.index + "] [" + m.arity + "]";
                default -> m.kind + " " + m.field;
            });
        }
        // fields in declaration order: getDeclaredFields gives no order guarantee, so compare as sets of lines
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
    }
}
