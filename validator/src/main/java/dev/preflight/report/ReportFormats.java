package dev.preflight.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The report formats {@code --format} accepts. */
public final class ReportFormats {
    /**
     * Options that change how some formats render.
     *
     * @param unknownFails     true with {@code --fail-on unknown}: JUnit reports UNKNOWN as a failure, not as skipped
     * @param workingDirectory where the run's relative paths start (SARIF makes them relative to the repository root)
     */
    public record Options(boolean color, boolean showPasses, boolean unknownFails, Path workingDirectory) {
        public Options {
            Objects.requireNonNull(workingDirectory, "workingDirectory");
        }

        public Options(boolean color, boolean showPasses) {
            this(color, showPasses, false, Path.of("").toAbsolutePath());
        }
    }

    private ReportFormats() {
    }

    public static List<String> names() {
        return List.of("text", "json", "sarif", "junit", "github", "markdown", "html");
    }

    public static Optional<Report> create(String name, Options options) {
        return switch (name) {
            case "text" -> Optional.of(new TextReport(options.color(), options.showPasses()));
            case "json" -> Optional.of(new JsonReport());
            case "sarif" -> Optional.of(new SarifReport(RepositoryRoot.of(options.workingDirectory())));
            case "junit" -> Optional.of(new JUnitReport(options.unknownFails()));
            case "github" -> Optional.of(new GithubReport(RepositoryRoot.of(options.workingDirectory()),
                    stepSummary(environment().get("GITHUB_STEP_SUMMARY"))));
            case "markdown" -> Optional.of(new MarkdownReport(RepositoryRoot.of(options.workingDirectory()),
                    MarkdownReport.blobBase(environment())));
            case "html" -> Optional.of(new HtmlReport());
            default -> Optional.empty();
        };
    }

    static Map<String, String> environment() {
        return System.getenv();
    }

    private static Path stepSummary(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
