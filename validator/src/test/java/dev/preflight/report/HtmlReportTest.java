package dev.preflight.report;

import dev.preflight.engine.Baseline;

import dev.preflight.coverage.CoverageReport;
import dev.preflight.engine.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML report's content for the cases the browser test does not reach: empty runs, baselines, expired waivers. */
class HtmlReportTest {
    @TempDir
    Path tmp;

    private static String render(HtmlReport report, RunOutcome o) throws Exception {
        StringWriter w = new StringWriter();
        report.write(o, w);
        return w.toString();
    }

    @Test
    void theIncident() throws Exception {
        String html = render(new HtmlReport(LocalDate.of(2026, 11, 26)), ReportScenarios.incidentWithBrokenInput());
        assertThat(html).contains("<div class=\"big bad\" id=\"coverage-figure\" data-check=\"coverage-figure\">0.0%</div>");
        assertThat(html).contains("data-check=\"coverage-statement\">0.0% (0 of 4 instances healthy; 3 unhealthy, 1 excluded)</div>")
                .contains("Basis: healthy instances / all instances x 100, as GuardDuty counts EC2 coverage")
                .contains("<td class=\"wrap\">3 instances (DesiredCapacity 3)</td>").contains("<td class=\"wrap\">1 instance</td>");
        assertThat(html).contains("Rule set: 5 rules (GD001–GD013)").contains("Generated 2026-11-26 14:00:00 UTC");
        assertThat(html).contains("<tr data-status=\"Unhealthy\">").contains("<tr data-status=\"Excluded\">");
        // the failing workload's path, hop by hop in traffic order, the failing hop marked with its rule and reason
        String picture = html.substring(html.indexOf("<figure class=\"path\""), html.indexOf("</figure>"));
        assertThat(picture).contains("fails: GD002 at EndpointSecurityGroup")
                .contains("<div class=\"hop s-fails mine\" data-check=\"hop\" data-status=\"fails\" data-rule=\"GD002\"")
                .contains("EndpointSecurityGroup admits TCP 443 only from BastionSecurityGroup").contains("✕ GD002 fails")
                .contains(">the default network ACL of Vpc<").contains(">Guard<wbr>Duty<wbr>Data<wbr>Endpoint<").contains("GD003 did not check it");
        String hops = picture.substring(picture.indexOf("<div class=\"hops\">"));
        assertThat(hops.indexOf("\"AppSecurityGroup\"")).isPositive().isLessThan(hops.indexOf("\"PrivateSubnetA\""));
        assertThat(hops.indexOf("\"PrivateSubnetA\"")).isLessThan(hops.indexOf("\"EndpointSecurityGroup\""));
        assertThat(hops.indexOf("\"EndpointSecurityGroup\"")).isLessThan(hops.indexOf("\"GuardDutyDataEndpoint\""));
        assertThat(html).contains("<tr data-rule=\"GD010\" data-verdict=\"UNKNOWN\" data-severity=\"warning\">")
                .contains("<tr data-rule=\"GD001\" data-verdict=\"PASS\" data-severity=\"\">");
        assertThat(html).contains("batch hosts run short jobs; covered by host IDS").contains("2027-03-31").doesNotContain("(expired)");
        assertThat(html).contains("<dd class=\"wrap\">Add <code>SecurityGroupIngress</code> for TCP 443.</dd>");
        assertThat(html).contains("broken.json:1:20: unexpected character &#39;}&#39;");
        assertThat(html).contains("script-src &#39;sha256-");
    }

    @Test
    void failuresAreOrderedByConsequenceThenSeverityAndEachCardCarriesItsFix() throws Exception {
        // results in the reverse order (GD013 first, as an input sorting first would put it): cards by what they cause
        RunOutcome o = ReportScenarios.incident();
        List<dev.preflight.rule.RuleResult> reversed = new java.util.ArrayList<>(o.results());
        java.util.Collections.reverse(reversed);
        String html = render(new HtmlReport(LocalDate.of(2026, 11, 26)), new RunOutcome(o.toolVersion(),
                o.startedAt(), o.inputs(), reversed, o.coverage(), o.rules(), o.failures(), o.faults()));
        int gd002 = html.indexOf("<h3>GD002 ");
        int gd007 = html.indexOf("<h3>GD007 ");
        int gd013 = html.indexOf("<h3>GD013 ");
        assertThat(gd002).isPositive().isLessThan(gd007);
        assertThat(gd007).as("Excluded after Unhealthy").isLessThan(gd013);
        String card = html.substring(gd002, gd007);
        assertThat(card).contains("→ Unhealthy").contains("<dl class=\"fix\" data-check=\"fix\">")
                .contains("<dt>Fix (CloudFormation)</dt><dd class=\"wrap\">Add <code>SecurityGroupIngress</code> for TCP 443.</dd>");
        assertThat(html.substring(gd007, gd013)).contains("→ Excluded");
        assertThat(html).doesNotContain("class=\"scroll\"").contains("@media print");
    }

    @Test
    void anExpiredWaiverIsMarked() throws Exception {
        String html = render(new HtmlReport(LocalDate.of(2027, 4, 1)), ReportScenarios.incident());
        assertThat(html).contains("<td class=\"expired\">2027-03-31 (expired)</td>");
    }

    @Test
    void aRunWithoutWorkloadsOrResults() throws Exception {
        RunOutcome o = ReportScenarios.incident();
        RunOutcome empty = new RunOutcome(o.toolVersion(), o.startedAt(), o.inputs(), List.of(),
                CoverageReport.of(List.of(), List.of()), List.of(), List.of(), List.of());
        String html = render(new HtmlReport(), empty);
        assertThat(html).contains("id=\"coverage-figure\" data-check=\"coverage-figure\">n/a</div>")
                .contains("The inputs create no EC2 workloads").contains("No rule failed.").contains("Rule set: no rules");
    }

    @Test
    void baselineFindingsAreMarkedExisting() throws Exception {
        Path file = tmp.resolve("b.json");
        AtomicFile.write(file, w -> new JsonReport().write(ReportScenarios.incident(), w));
        String html = render(new HtmlReport(), ReportScenarios.againstBaseline(ReportScenarios.incident(), Baseline.read(file)));
        assertThat(html).contains("<span class=\"badge b-existing\">existing</span>").contains("Existing (baseline)")
                .contains("Baseline: " + file);
    }

    @Test
    void fixTextKeepsCodeSpansAndEscapesTheRest() {
        assertThat(HtmlReport.codeSpans("Set `A<b>` & \"q\" `open")).isEqualTo("Set <code>A&lt;b&gt;</code> &amp; &quot;q&quot; `open");
    }
}
