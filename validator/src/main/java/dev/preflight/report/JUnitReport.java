package dev.preflight.report;

import dev.preflight.coverage.CoverageStatistic;
import dev.preflight.coverage.WorkloadCoverage;
import dev.preflight.engine.RunOutcome;
import dev.preflight.load.InputFailure;
import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleResult;
import dev.preflight.rule.Verdict;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML as CI test reporters read it: one {@code <testsuite>} per input file, one {@code <testcase>} per rule
 * x subject (classname = file, name = {@code GD002 AppInstance}). FAIL at error or warning is a {@code <failure>},
 * at info (advice) {@code <skipped>} with an "info:" message; UNKNOWN a failure
 * with {@code --fail-on unknown}, otherwise {@code <skipped>} with its reason; waived findings and findings the
 * baseline already had are skipped with the reason; not-applicable evaluations are left out. An input that could
 * not be read is a test case with an {@code <error>}.
 */
public final class JUnitReport implements Report {
    private final boolean unknownFails;
    public JUnitReport(boolean unknownFails) {
        this.unknownFails = unknownFails;
    }

    @Override
    public String name() {
        return "junit";
    }

    private enum Outcome { PASSED, FAILED, SKIPPED, ERROR }

    private record Case(String name, String classname, SourceLocation at, Outcome outcome, String message, String type,
                        String body) {
    }

    @Override
    public void write(RunOutcome o, Writer out) throws IOException {
        Map<String, List<Case>> suites = new LinkedHashMap<>();
        for (RuleResult r : o.results()) {
            if (r.verdict() == Verdict.NOT_APPLICABLE) {
                continue;
            }
            String file = r.subject().location().file();
            suites.computeIfAbsent(file, k -> new ArrayList<>()).add(testCase(r));
        }
        for (InputFailure f : o.failures()) {
            suites.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(new Case("load " + f.file(), f.file(),
                    new SourceLocation(f.file(), Math.max(0, f.line()), Math.max(0, f.column())), Outcome.ERROR,
                    f.message(), "input-error", f.oneLine()));
        }
        for (String fault : o.faults()) {
            suites.computeIfAbsent("preflight", k -> new ArrayList<>()).add(new Case("run", "preflight", null,
                    Outcome.ERROR, fault, "fault", fault));
        }
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            int[] all = count(suites.values().stream().flatMap(List::stream).toList());
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "preflight");
            writeCounts(x, all);
            x.writeAttribute("time", "0");
            x.writeCharacters("\n");
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                int[] c = count(suite.getValue());
                x.writeCharacters("  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", XmlText.attribute(suite.getKey()));
                writeCounts(x, c);
                x.writeAttribute("time", "0");
                x.writeAttribute("timestamp", o.startedAt().toLocalDateTime().withNano(0).toString());
                x.writeCharacters("\n");
                for (Case k : suite.getValue()) {
                    writeCase(x, k);
                }
                x.writeCharacters("  ");
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            writeCoverage(x, o);
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }

    /**
     * The predicted coverage as a suite of properties (no test cases, so the counts CI shows stay those of the
     * rules): the statistic with its basis, then each workload with the instances it stands for and its status.
     */
    private static void writeCoverage(XMLStreamWriter x, RunOutcome o) throws XMLStreamException {
        CoverageStatistic st = o.coverage().statistic();
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "predicted coverage");
        writeCounts(x, new int[4]);
        x.writeAttribute("time", "0");
        x.writeAttribute("timestamp", o.startedAt().toLocalDateTime().withNano(0).toString());
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "coverage", st.statement());
        property(x, "coverage.basis", st.basis());
        for (WorkloadCoverage w : o.coverage().workloads()) {
            property(x, "coverage.workload", w.workload().location() + " " + w.workload().id() + ": "
                    + w.instances().describe() + ": " + w.status().label()
                    + (w.issueType() == null ? "" : " (" + w.issueType() + ")")
                    + (w.explanation() == null ? "" : ": " + w.explanation()));
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
        x.writeCharacters("\n  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", XmlText.attribute(value));
    }

    private Case testCase(RuleResult r) {
        SourceLocation l = r.subject().location();
        String name = r.ruleId() + " " + Tally.subjectName(r);
        StringBuilder body = new StringBuilder();
        body.append(l).append(": ").append(r.ruleId()).append(' ').append(r.severity().wireName()).append(": ").append(r.message());
        if (r.reason() != null) {
            body.append("\nunknown because: ").append(r.reason());
        }
        for (RelatedLocation rel : r.related()) {
            body.append("\nrelated: ").append(rel.location()).append(' ').append(rel.resource())
                    .append(rel.message() == null ? "" : ": " + rel.message());
        }
        String message = r.verdict() == Verdict.UNKNOWN ? "unknown: " + r.message() + " (" + r.reason() + ")" : r.message();
        if (r.verdict() == Verdict.PASS) {
            return new Case(name, l.file(), l, Outcome.PASSED, null, null, null);
        }
        if (r.waived()) {
            String why = "waived: " + r.waiver().reason() + (r.waiver().expires() == null ? "" : " (until " + r.waiver().expires() + ")")
                    + " [" + r.waiver().source() + "]; " + message;
            return new Case(name, l.file(), l, Outcome.SKIPPED, why, null, null);
        }
        if (r.existing()) {
            return new Case(name, l.file(), l, Outcome.SKIPPED, "existing (in the baseline): " + message, null, null);
        }
        if (r.verdict() == Verdict.UNKNOWN && !unknownFails) {
            return new Case(name, l.file(), l, Outcome.SKIPPED, message, null, null);
        }
        if (r.verdict() == Verdict.FAIL && r.severity() == dev.preflight.rule.Severity.INFO) {
            // advice (GD013), never a reason to fail a build: reported, not failed
            return new Case(name, l.file(), l, Outcome.SKIPPED, "info: " + message, null, null);
        }
        return new Case(name, l.file(), l, Outcome.FAILED, message,
                r.verdict() == Verdict.UNKNOWN ? "unknown" : r.severity().wireName(), body.toString());
    }

    private static int[] count(List<Case> cases) {
        int[] c = new int[4];
        c[0] = cases.size();
        for (Case k : cases) {
            switch (k.outcome()) {
                case FAILED -> c[1]++;
                case ERROR -> c[2]++;
                case SKIPPED -> c[3]++;
                case PASSED -> { }
            }
        }
        return c;
    }

    private static void writeCounts(XMLStreamWriter x, int[] c) throws XMLStreamException {
        x.writeAttribute("tests", Integer.toString(c[0]));
        x.writeAttribute("failures", Integer.toString(c[1]));
        x.writeAttribute("errors", Integer.toString(c[2]));
        x.writeAttribute("skipped", Integer.toString(c[3]));
    }

    private static void writeCase(XMLStreamWriter x, Case k) throws XMLStreamException {
        x.writeCharacters("    ");
        boolean empty = k.outcome() == Outcome.PASSED;
        if (empty) {
            x.writeEmptyElement("testcase");
        } else {
            x.writeStartElement("testcase");
        }
        x.writeAttribute("name", XmlText.attribute(k.name()));
        x.writeAttribute("classname", XmlText.attribute(k.classname()));
        if (k.at() != null) {
            x.writeAttribute("file", XmlText.attribute(k.at().file()));
            if (k.at().line() > 0) {
                x.writeAttribute("line", Integer.toString(k.at().line()));
            }
        }
        x.writeAttribute("time", "0");
        if (!empty) {
            switch (k.outcome()) {
                case FAILED, ERROR -> {
                    x.writeStartElement(k.outcome() == Outcome.FAILED ? "failure" : "error");
                    x.writeAttribute("message", XmlText.attribute(k.message()));
                    x.writeAttribute("type", k.type());
                    x.writeCharacters(XmlText.legal(k.body()));
                    x.writeEndElement();
                }
                case SKIPPED -> {
                    x.writeEmptyElement("skipped");
                    x.writeAttribute("message", XmlText.attribute(k.message()));
                }
                case PASSED -> { }
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n");
    }
}
