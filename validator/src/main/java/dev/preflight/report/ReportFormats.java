package dev.preflight.report;

import java.util.List;
import java.util.Optional;

/** The report formats {@code --format} accepts. */
public final class ReportFormats {
    /** Options that change how some formats render. */
    public record Options(boolean color, boolean showPasses) {
    }

    private ReportFormats() {
    }

    public static List<String> names() {
        return List.of("text", "json");
    }

    public static Optional<Report> create(String name, Options options) {
        return switch (name) {
            case "text" -> Optional.of(new TextReport(options.color(), options.showPasses()));
            case "json" -> Optional.of(new JsonReport());
            default -> Optional.empty();
        };
    }
}
