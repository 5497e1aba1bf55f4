package dev.preflight.report;

import dev.preflight.cli.PreflightCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report as a reader gets it: opened offline in headless Chromium, no console message (a script error or
 * a Content-Security-Policy violation would print one), and the rendered DOM shows the coverage figure, the
 * workload table and a failure's diagram as visible elements. Skipped without Chromium locally; fails in CI.
 */
class HtmlReportBrowserTest {
    private static Path chromium;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findChromium() {
        Stream<String> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(d -> !d.isBlank())
                .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> d + "/" + n));
        chromium = Stream.concat(Stream.of(System.getenv("PREFLIGHT_CHROMIUM"), "/usr/bin/chromium"), onPath)
                .filter(s -> s != null && !s.isBlank()).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null && "true".equals(System.getenv("CI"))) {
            fail("Chromium is required in CI for the HTML report test: apt-get install -y chromium (.ci/run does)");
        }
    }

    private record Page(String dom, String log) {
    }

    private Page open(Path html, String fragment) throws Exception {
        assumeTrue(chromium != null, "Chromium not found (/usr/bin/chromium); install it with apt-get install -y chromium");
        Path profile = Files.createTempDirectory(tmp, "profile");
        Path out = tmp.resolve("dom-" + System.nanoTime() + ".html");
        Path err = tmp.resolve("log-" + System.nanoTime() + ".txt");
        String url = html.toUri() + fragment;
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=1280,1000", "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish rendering " + url);
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        return new Page(Files.readString(out, StandardCharsets.UTF_8), log);
    }

    private static List<String> consoleMessages(String log) {
        return log.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")
                || l.toLowerCase(Locale.ROOT).contains("content security policy")).toList();
    }

    private Path samplesReport() {
        Path html = tmp.resolve("samples report.html");
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--format", "html=" + html, "--fail-on", "never", "../samples"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return html;
    }

    @Test
    void theSamplesReportRendersOfflineWithoutConsoleErrors() throws Exception {
        Page page = open(samplesReport(), "");
        assertThat(consoleMessages(page.log())).isEmpty();
        String dom = page.dom();
        assertThat(dom).containsPattern("<body[^>]*data-ready=\"true\"");

        Matcher figure = Pattern.compile("id=\"coverage-figure\"[^>]*data-visible=\"true\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(figure.find()).as("a visible coverage figure").isTrue();
        // one number, or a range when some workloads are Unknown (the samples run has them: incident + fixed together)
        assertThat(figure.group(1).strip()).matches("\\d{1,3}\\.\\d%|\\d{1,3}\\.\\d–\\d{1,3}\\.\\d%");

        assertThat(dom).containsPattern("id=\"workload-table\"[^>]*data-visible=\"true\"");
        String table = dom.substring(dom.indexOf("id=\"workload-table\""), dom.indexOf("</table>", dom.indexOf("id=\"workload-table\"")));
        assertThat(count(table, "<tr data-status=")).as("a row per workload").isGreaterThan(1);
        assertThat(table).contains("Unhealthy");

        assertPathPictures(dom, "AppGroup");
        assertThat(dom).doesNotContainPattern("data-check=\"[^\"]*\"[^>]*data-visible=\"false\"");
    }

    /**
     * The path picture of a failing workload, as drawn: visible, every hop inside the picture with its text inside its
     * box (data-fits, measured by the report's script), the hops in traffic order, the failing hop marked with its
     * rule and reason.
     */
    private static void assertPathPictures(String dom, String workload) {
        Matcher pictures = Pattern.compile("<figure class=\"path\"([^>]*)>(.*?)</figure>", Pattern.DOTALL).matcher(dom);
        int drawn = 0;
        String picture = null;
        while (pictures.find()) {
            drawn++;
            assertThat(pictures.group(1)).as("picture %d is visible and fits", drawn)
                    .contains("data-visible=\"true\"").contains("data-fits=\"true\"");
            String text = pictures.group(2).replace("<wbr>", "");
            if (picture == null && text.contains("Path of <span class=\"res\">" + workload + "</span>")) {
                picture = text;
            }
        }
        assertThat(drawn).as("path pictures").isPositive();
        assertThat(picture).as("the path picture of " + workload).isNotNull();
        List<String> order = List.of(">" + workload + "<", ">AppSg<", ">PrivateSubnetA<", "the default network ACL of Vpc",
                ">EndpointSg<", ">GuardDutyDataEndpoint<");
        int at = -1;
        for (String hop : order) {
            int next = picture.indexOf(hop, at + 1);
            assertThat(next).as("hop %s after the one before it", hop).isGreaterThan(at);
            at = next;
        }
        Matcher failing = Pattern.compile("<div class=\"hop s-fails[^\"]*\" data-check=\"hop\" data-status=\"fails\" "
                + "data-rule=\"(GD00\\d)\"[^>]*data-visible=\"true\"[^>]*>(.*?)</div>\\s*</div>", Pattern.DOTALL).matcher(picture);
        List<String> failingRules = new java.util.ArrayList<>();
        while (failing.find()) {
            failingRules.add(failing.group(1));
            if (failing.group(1).equals("GD002")) {
                assertThat(failing.group(2)).contains(">EndpointSg<").contains("GD002 fails").contains("only from BastionSg");
            }
        }
        assertThat(failingRules).as("the failing hops of " + workload).containsExactly("GD002", "GD001");
        assertThat(picture).contains("data-status=\"ok\" data-rule=\"GD003\"");
    }

    @Test
    void theTerraformIncidentDrawsItsPathsToo() throws Exception {
        Path html = tmp.resolve("terraform.html");
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--format", "html=" + html, "--fail-on", "never",
                "../samples/terraform/incident"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        Page page = open(html, "");
        assertThat(consoleMessages(page.log())).isEmpty();
        Matcher pictures = Pattern.compile("<figure class=\"path\"([^>]*)>(.*?)</figure>", Pattern.DOTALL).matcher(page.dom());
        assertThat(pictures.find()).as("a path picture from the Terraform inputs").isTrue();
        assertThat(pictures.group(1)).contains("data-visible=\"true\"").contains("data-fits=\"true\"");
        assertThat(pictures.group(2)).contains("data-status=\"fails\"").contains("aws_");
    }

    @Test
    void theLayoutHoldsAtAThousandTemplates() throws Exception {
        // 1,000 templates: 500 teams, each with the incident's application and network stacks (its exports renamed so
        // each team's application imports its own network): 1,000 workloads, each failing with a path picture
        Path infra = Files.createDirectories(tmp.resolve("infra"));
        for (int i = 0; i < 500; i++) {
            Path team = Files.createDirectories(infra.resolve(String.format("team%03d", i)));
            for (String stack : List.of("app.yaml", "network.yaml")) {
                String text = Files.readString(Path.of("../samples/cloudformation/incident", stack));
                Files.writeString(team.resolve(stack), text.replace("payments-", "payments-team" + i + "-"));
            }
        }
        Path html = tmp.resolve("thousand.html");
        StringWriter err = new StringWriter();
        int code = PreflightCommand.execute(new String[] {"check", "--cfn-lint", "off", "--format", "html=" + html,
                "--fail-on", "never", infra.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        Page page = open(html, "");
        assertThat(consoleMessages(page.log())).isEmpty();
        String dom = page.dom();
        assertThat(dom).containsPattern("<body[^>]*data-ready=\"true\"");
        String table = dom.substring(dom.indexOf("id=\"workload-table\""), dom.indexOf("</table>", dom.indexOf("id=\"workload-table\"")));
        assertThat(count(table, "<tr data-status=")).isEqualTo(1000);
        Matcher why = Pattern.compile("data-check=\"why-column\"[^>]*data-width=\"(\\d+)\"").matcher(dom);
        assertThat(why.find()).isTrue();
        assertThat(Integer.parseInt(why.group(1))).as("the Why column keeps a readable width at 1280 px").isGreaterThan(300);
        assertThat(dom).doesNotContain("class=\"scroll\"");
        assertThat(count(dom, "<figure class=\"path\"")).as("a picture per failing workload on each network card")
                .isEqualTo(2000);
        assertPathPictures(dom, "BatchHost");
    }

    @Test
    void filtersFromTheAddressHideOtherResults() throws Exception {
        Page page = open(samplesReport(), "#verdict=FAIL");
        assertThat(consoleMessages(page.log())).isEmpty();
        String dom = page.dom();
        Matcher rows = Pattern.compile("<tr data-rule=\"[^\"]*\" data-verdict=\"([A-Z_]+)\"[^>]*?( hidden=\"\")?>").matcher(dom);
        int shown = 0;
        int hidden = 0;
        while (rows.find()) {
            boolean isHidden = rows.group(2) != null;
            assertThat(isHidden).as("row %s", rows.group(0)).isEqualTo(!rows.group(1).equals("FAIL"));
            if (isHidden) {
                hidden++;
            } else {
                shown++;
            }
        }
        assertThat(shown).isPositive();
        assertThat(hidden).isPositive();
        assertThat(dom).contains(shown + " of " + (shown + hidden) + " results shown");
    }

    @Test
    void hostileTextDoesNotRunInTheBrowser() throws Exception {
        Path html = tmp.resolve("hostile.html");
        AtomicFile.write(html, w -> new HtmlReport().write(ReportScenarios.hostile(HostileTextTest.HOSTILE + HostileTextTest.LONG), w));
        Page page = open(html, "");
        assertThat(consoleMessages(page.log())).as("no alert, no blocked script").isEmpty();
        assertThat(page.dom()).containsPattern("<body[^>]*data-ready=\"true\"");
        assertThat(count(page.dom().toLowerCase(Locale.ROOT), "<script")).isEqualTo(1);
        assertThat(page.dom()).doesNotContain("<img");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

}
