package dev.preflight.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The picocli-free binding of plain {@code check} lines gives exactly the fields picocli gives, and hands every line it
 * does not fully understand back to picocli.
 */
class PlainCommandLineTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "a.yaml",
            "--cfn-lint off a.yaml",
            "--cfn-lint=off -q a.yaml b.json dir",
            "-f json -f sarif=out.sarif --format=junit=j.xml -o report.json a.yaml",
            "-p Env=prod --parameter Size=3 -p Url=http://x/?a=b a.yaml",
            "--region eu-west-1 --account 123456789012 --shard 1/2 a.yaml",
            "--scp scp1.json --scp scp2.json --config c.yaml --fail-on warning --baseline base.json a.yaml",
            "--show-passes --no-color --quiet a.yaml",
            "--progress a.yaml",
            "--no-progress a.yaml",
            "--cfn-lint-timeout 30 --opa-timeout=5 --policy p1 --policy p2 --opa-url http://127.0.0.1:8181 a.yaml",
            "a.yaml -- -odd-name.yaml --region",
            "- a.yaml",
    })
    void bindsPlainLinesAsPicocliDoes(String line) throws Exception {
        List<String> args = Arrays.asList(line.split(" "));
        CheckCommand byPicocli = new CheckCommand();
        new CommandLine(byPicocli).parseArgs(args.toArray(String[]::new));
        CheckCommand plain = new CheckCommand();
        assertThat(PlainCommandLine.bind(plain, args)).as(line).isTrue();
        assertThat(fields(plain)).isEqualTo(fields(byPicocli));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                             // no path: picocli says one is needed
            "--help",
            "-h a.yaml",
            "--version a.yaml",
            "--bogus a.yaml",
            "-qf json a.yaml",              // clustered short options
            "-fjson a.yaml",                // value attached to a short option
            "--region eu-west-1 --region us-east-1 a.yaml",
            "--quiet --quiet a.yaml",
            "--progress --no-progress a.yaml",
            "--quiet=true a.yaml",
            "--region",                     // missing value
            "--region --quiet a.yaml",      // an option where the value should be
            "-p novalue a.yaml",            // a map entry without '='
            "--cfn-lint-timeout soon a.yaml",
            "@args.txt",                    // picocli's argument files
    })
    void leavesEverythingElseToPicocli(String line) {
        List<String> args = line.isEmpty() ? List.of() : Arrays.asList(line.split(" "));
        assertThat(PlainCommandLine.bind(new CheckCommand(), args)).as(line).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a.yaml",
            "--terraform main.tf modules/net/vpc.tf",
            "--fail-on warning --cfn-lint auto a.yaml b.json",
            "--cfn-lint=on --fail-on=never a.yaml",
    })
    void bindsThePreCommitHooksLinesAsPicocliDoes(String line) throws Exception {
        List<String> args = Arrays.asList(line.split(" "));
        PreCommitCommand byPicocli = new PreCommitCommand();
        new CommandLine(byPicocli).parseArgs(args.toArray(String[]::new));
        PreCommitCommand plain = new PreCommitCommand();
        assertThat(PlainCommandLine.bind(plain, args)).as(line).isTrue();
        assertThat(fields(plain)).isEqualTo(fields(byPicocli));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--terraform --terraform a.tf", "--fail-on", "--bogus a.yaml"})
    void leavesOtherHookLinesToPicocli(String line) {
        assertThat(PlainCommandLine.bind(new PreCommitCommand(), Arrays.asList(line.split(" ")))).as(line).isFalse();
    }

    /** Every option and parameter field of the command and its mixins, by name. */
    private static Map<String, Object> fields(Object command) throws IllegalAccessException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : command.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                fields(f.get(command)).forEach((k, v) -> out.put(f.getName() + "." + k, v));
            } else if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                out.put(f.getName(), f.get(command));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
