package dev.preflight.cli;

import dev.preflight.load.InputBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.preflight.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every input within its budgets (InputBudget): each hostile file of issue 14 is one line naming the file and the
 * budget, exit code 2, in bounded time and memory (this JVM has -Xmx1g: an OutOfMemoryError would fail the test),
 * and the good input beside it is still checked.
 */
class InputBudgetTest {
    @TempDir
    Path dir;

    private Path good() throws IOException {
        return Files.writeString(dir.resolve("good.yaml"), HostileInputTest.VPC);
    }

    private CliTest.Run check(Path hostile) throws IOException {
        return run("check", "--cfn-lint", "off", "--fail-on", "never", hostile.toString(), good().toString());
    }

    private static void assertOneLineAndGoodChecked(CliTest.Run r, Path hostile, String budget) {
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.out().lines().filter(l -> l.startsWith("error: ")).toList()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("error: " + hostile).contains("over budget: ").contains(budget));
        assertThat(r.out()).contains("Checked 1 input (1 resources)").doesNotContain("Exception");
    }

    @Test
    @Timeout(120)
    void aliasesOfALongScalarInsideFnJoin() throws IOException {
        Path f = dir.resolve("aliases.yaml");
        String aliases = IntStream.range(0, 150_000).mapToObj(i -> "*a").collect(Collectors.joining(", "));
        Files.writeString(f, "Parameters:\n  P:\n    Type: String\n    Default: &a " + "xxxxxxx ".repeat(37_500) + "\n"
                + "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join ['', [" + aliases + "]]\n");
        assertThat(Files.size(f)).isLessThan(1024 * 1024);
        assertOneLineAndGoodChecked(check(f), f, "YAML aliases expand to more than 134,217,728 characters of text, the budget of text per input");
    }

    @Test
    @Timeout(120)
    void aliasesJoinedBelowTheTextBudgetStillMeetTheStringBudget() throws IOException {
        Path f = dir.resolve("join.yaml");
        String aliases = IntStream.range(0, 2_000).mapToObj(i -> "*a").collect(Collectors.joining(", "));
        Files.writeString(f, "Parameters:\n  P:\n    Type: String\n    Default: &a " + "x".repeat(10_000) + "\n"
                + "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Join ['', [" + aliases + "]]\n");
        assertOneLineAndGoodChecked(check(f), f, "Fn::Join or Fn::Sub builds a string of more than 4,194,304 characters, the budget of string length");
    }

    @Test
    @Timeout(120)
    void toJsonStringOfASharedValue() throws IOException {
        Path f = dir.resolve("json.yaml");
        String aliases = IntStream.range(0, 2_000).mapToObj(i -> "*a").collect(Collectors.joining(", "));
        Files.writeString(f, "Transform: AWS::LanguageExtensions\nParameters:\n  P:\n    Type: String\n    Default: &a "
                + "x".repeat(10_000) + "\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n"
                + "      CidrBlock: !ToJsonString [" + aliases + "]\n");
        assertOneLineAndGoodChecked(check(f), f, "Fn::ToJsonString builds a string of more than 4,194,304 characters");
    }

    @Test
    @Timeout(120)
    void forEachFiveLevelsOfThirty() throws IOException {
        String items = IntStream.range(0, 30).mapToObj(i -> "i" + i).collect(Collectors.joining(", "));
        StringBuilder b = new StringBuilder("Transform: AWS::LanguageExtensions\nResources:\n");
        String pad = "  ";
        for (int level = 1; level <= 5; level++) {
            b.append(pad).append(level == 1 ? "" : "- ").append("Fn::ForEach::L").append(level).append(":\n");
            pad += level == 1 ? "  " : "    ";
            b.append(pad).append("- X").append(level).append('\n').append(pad).append("- [").append(items).append("]\n");
        }
        b.append(pad).append("- Res${X1}${X2}${X3}${X4}${X5}:\n").append(pad).append("    Type: AWS::SNS::Topic\n");
        Path f = Files.writeString(dir.resolve("foreach.yaml"), b.toString());
        assertThat(Files.size(f)).isLessThan(2_000);
        assertOneLineAndGoodChecked(check(f), f, "Fn::ForEach loops expand to more than 2,000,000 values, the budget of values per input");
    }

    @Test
    @Timeout(60)
    void aVeryLongYamlTokenIsRefusedBeforeParsing() throws IOException {
        Path f = dir.resolve("token.yaml");
        Files.writeString(f, "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: " + "a".repeat(4 << 20) + "\n");
        CliTest.Run r = check(f);
        assertOneLineAndGoodChecked(r, f, "a YAML token longer than 131,072 characters");
        assertThat(r.out()).contains(f + ":5:18: over budget");
        // the same length with spaces is no single token, and JSON has no such cost: both are read
        Path spaced = Files.writeString(dir.resolve("spaced.yaml"), "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
                + "    Properties:\n      DisplayName: " + "abcdefg ".repeat(1 << 19) + "\n");
        Path json = Files.writeString(dir.resolve("token.json"), "{\"Resources\": {\"Topic\": {\"Type\": \"AWS::SNS::Topic\", "
                + "\"Properties\": {\"DisplayName\": \"" + "a".repeat(4 << 20) + "\"}}}}");
        CliTest.Run ok = run("check", "--cfn-lint", "off", "--fail-on", "never", spaced.toString(), json.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("Checked 2 inputs (2 resources)");
    }

    @Test
    @Timeout(120)
    void aPlainYamlOverTheValueBudgetIsNotCalledAnAliasBomb() throws IOException {
        Path f = dir.resolve("many.yaml");
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nMappings:\n  M:\n    K:\n      L:\n");
            for (int i = 0; i < 2_100_000; i++) {
                w.write("        - a\n");
            }
        }
        CliTest.Run r = check(f);
        assertOneLineAndGoodChecked(r, f, "the YAML has more than 2,000,000 values, the budget of values per input; split the input");
        assertThat(r.out()).doesNotContain("alias").contains("or raise the budget with PREFLIGHT_MAX_VALUES=N");
    }

    @Test
    void theBudgetOfValuesIsSetByPreflightMaxValuesAndAMistypedOneIsNamed() {
        assertThat(InputBudget.valuesFrom(null)).isEqualTo(2_000_000L);
        assertThat(InputBudget.valuesFrom("")).isEqualTo(2_000_000L);
        assertThat(InputBudget.valuesFrom("5000000")).isEqualTo(5_000_000L);
        assertThat(InputBudget.valuesFrom(" 5_000_000 ")).isEqualTo(5_000_000L);
        assertThat(InputBudget.valuesFrom("5,000,000")).isEqualTo(5_000_000L);
        for (String bad : new String[] {"5M", "0", "-1", "lots"}) {
            assertThatThrownBy(() -> InputBudget.valuesFrom(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PREFLIGHT_MAX_VALUES=" + bad + ": not a positive whole number (the budget of values "
                            + "per input; the default is 2,000,000)");
        }
    }

    @Test
    void numbersOverTheBudgetSayWhatTheyAre() throws IOException {
        Path exponent = Files.writeString(dir.resolve("exponent.json"), "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", "
                + "\"Properties\": {\"DisplayName\": 1e2147483648}}}}");
        Path digits = Files.writeString(dir.resolve("digits.json"), "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", "
                + "\"Properties\": {\"DisplayName\": " + "7".repeat(5_000) + "}}}}");
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"
                + "    Properties:\n      DisplayName: !ToJsonString [1e2147483647]\n");
        CliTest.Run r = run("check", "--cfn-lint", "off", "--fail-on", "never", exponent.toString(), digits.toString(),
                plain.toString(), good().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: " + exponent + ":1:79: the number 1e2147483648 cannot be read; write it as a plain decimal number")
                .contains("error: " + digits + ": over budget: a number with more than 1,000 digits, the budget of numbers")
                .contains("error: " + plain + ":5:35: over budget: the number 1e2147483647 has more than 1,000 digits or an exponent beyond 1,000")
                .doesNotContain("nested deeper").doesNotContain("Preflight bug").contains("Checked 1 input (1 resources)");
    }
}
