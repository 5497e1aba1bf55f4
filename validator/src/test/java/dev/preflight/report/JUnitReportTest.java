package dev.preflight.report;

import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JUnit XML read back with a real XML parser: suites per input, cases per rule x subject, counts that add up. */
class JUnitReportTest {
    @TempDir
    Path tmp;

    private static Document render(boolean unknownFails) throws Exception {
        StringWriter w = new StringWriter();
        new JUnitReport(unknownFails).write(ReportScenarios.incidentWithBrokenInput(), w);
        return ReportParsers.xml(w.toString());
    }

    @Test
    void suitesCasesAndOutcomes() throws Exception {
        Document doc = render(false);
        NodeList suites = doc.getElementsByTagName("testsuite");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < suites.getLength(); i++) {
            names.add(((Element) suites.item(i)).getAttribute("name"));
        }
        assertThat(names).containsExactly(ReportScenarios.NETWORK, ReportScenarios.APP, ReportScenarios.ORG, "broken.json",
                "predicted coverage");
        Element coverage = (Element) suites.item(4);
        assertThat(coverage.getAttribute("tests")).isEqualTo("0");
        NodeList props = coverage.getElementsByTagName("property");
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            properties.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
        }
        assertThat(properties).contains("coverage=0.0% (0 of 4 instances healthy; 3 unhealthy, 1 excluded)",
                "coverage.basis=healthy instances / all instances x 100, as GuardDuty counts EC2 coverage");
        assertThat(properties).anyMatch(p -> p.startsWith("coverage.workload=") && p.contains("AppGroup: 3 instances (DesiredCapacity 3): Unhealthy (No Agent Reporting)"));

        Element app = (Element) suites.item(1);
        List<String> cases = new ArrayList<>();
        NodeList tc = app.getElementsByTagName("testcase");
        for (int i = 0; i < tc.getLength(); i++) {
            Element c = (Element) tc.item(i);
            String outcome = c.getElementsByTagName("failure").getLength() > 0 ? "failure"
                    : c.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "passed";
            cases.add(c.getAttribute("name") + " " + outcome);
            assertThat(c.getAttribute("classname")).isEqualTo(ReportScenarios.APP);
        }
        assertThat(cases).containsExactly("GD002 AppGroup failure", "GD002 BatchHost passed", "GD007 BatchHost skipped",
                "GD010 AppGroup skipped");
        Element failure = (Element) app.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("error");
        assertThat(failure.getAttribute("message")).startsWith("no ingress rule of EndpointSecurityGroup");
        assertThat(failure.getTextContent()).contains("samples/cloudformation/incident/app.yaml:52:3")
                .contains("related: samples/cloudformation/incident/network.yaml:40:3 EndpointSecurityGroup");
        Element waived = (Element) ((Element) tc.item(2)).getElementsByTagName("skipped").item(0);
        assertThat(waived.getAttribute("message")).startsWith("waived: batch hosts run short jobs; covered by host IDS (until 2027-03-31)");
        Element unknown = (Element) ((Element) tc.item(3)).getElementsByTagName("skipped").item(0);
        assertThat(unknown.getAttribute("message")).contains("parameter InstanceRoleArn has no value or default");
        Element org = (Element) suites.item(2);
        Element gd013 = (Element) org.getElementsByTagName("testcase").item(0);
        assertThat(gd013.getAttribute("name")).startsWith("GD013");
        assertThat(gd013.getElementsByTagName("failure").getLength()).as("info-level advice is not a failure").isZero();
        assertThat(((Element) gd013.getElementsByTagName("skipped").item(0)).getAttribute("message")).startsWith("info: no EventBridge rule");
        assertThat(org.getAttribute("failures")).isEqualTo("0");

        assertCountsAddUp(doc);
        Element broken = (Element) suites.item(3);
        assertThat(broken.getElementsByTagName("error").getLength()).isEqualTo(1);
        assertThat(((Element) broken.getElementsByTagName("error").item(0)).getAttribute("message")).isEqualTo("unexpected character '}'");
    }

    @Test
    void unknownIsAFailureWithFailOnUnknown() throws Exception {
        Document doc = render(true);
        Element app = (Element) doc.getElementsByTagName("testsuite").item(1);
        Element unknownCase = (Element) app.getElementsByTagName("testcase").item(3);
        Element failure = (Element) unknownCase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("unknown");
        assertThat(app.getAttribute("failures")).isEqualTo("2");
        assertCountsAddUp(doc);
    }

    @Test
    void theSamplesProduceAParsableReportWithMatchingCounts() throws Exception {
        Path out = tmp.resolve("junit.xml");
        int code = PreflightCommand.execute(new String[] {"check", "--format", "junit=" + out, "--fail-on", "never", "../samples"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(0);
        Document doc = ReportParsers.xml(Files.readString(out));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        assertCountsAddUp(doc);
    }

    /** Each suite's and the root's tests/failures/errors/skipped equal the elements they hold. */
    static void assertCountsAddUp(Document doc) {
        int[] total = new int[4];
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            int[] c = {s.getElementsByTagName("testcase").getLength(), s.getElementsByTagName("failure").getLength(),
                    s.getElementsByTagName("error").getLength(), s.getElementsByTagName("skipped").getLength()};
            assertThat(new int[] {Integer.parseInt(s.getAttribute("tests")), Integer.parseInt(s.getAttribute("failures")),
                    Integer.parseInt(s.getAttribute("errors")), Integer.parseInt(s.getAttribute("skipped"))})
                    .as(s.getAttribute("name")).containsExactly(c);
            for (int k = 0; k < 4; k++) {
                total[k] += c[k];
            }
        }
        Element root = doc.getDocumentElement();
        assertThat(new int[] {Integer.parseInt(root.getAttribute("tests")), Integer.parseInt(root.getAttribute("failures")),
                Integer.parseInt(root.getAttribute("errors")), Integer.parseInt(root.getAttribute("skipped"))}).containsExactly(total);
    }
}
