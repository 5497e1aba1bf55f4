package dev.preflight.report;

import dev.preflight.engine.RunOutcome;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from the inputs reaches a terminal or CI log only escaped, and never starts a workflow command. */
class TerminalTextTest {
    @Test
    void controlCharactersAreVisibleEscapes() {
        assertThat(TerminalText.escape("a\u001b]52;c;cHduZWQ=\u0007b\r\n::error::x\u0000\u007f\u009b\u202eevil"))
                .isEqualTo("a\\x1b]52;c;cHduZWQ=\\x07b\\r\\n::error::x\\x00\\x7f\\x9b\\u202eevil");
        assertThat(TerminalText.escape("plain text, ünïcödé and emoji \uD83D\uDE00")).isEqualTo("plain text, ünïcödé and emoji \uD83D\uDE00");
        assertThat(TerminalText.line("::error file=x::pwned")).isEqualTo("\\x3a:error file=x::pwned");
        assertThat(TerminalText.line("  ::add-mask::x")).isEqualTo("  \\x3a:add-mask::x");
        assertThat(TerminalText.path("::error::x.yaml")).isEqualTo("./::error::x.yaml");
    }

    @Test
    void theTextReportPrintsNoControlCharacterAndNoWorkflowCommand() throws Exception {
        RunOutcome o = ReportScenarios.hostile(HostileTextTest.HOSTILE);
        StringWriter w = new StringWriter();
        new TextReport(false, true).write(o, w);
        for (String line : w.toString().split("\n")) {
            assertThat(line).doesNotStartWith("::");
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f).count()).as(line).isZero();
        }
        assertThat(w.toString()).contains("\\x1b[31mred\\x1b[0m").contains("\\r\\n::error::injected");
    }
}
