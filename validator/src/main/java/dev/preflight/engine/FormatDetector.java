package dev.preflight.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what a file is from its content: a CloudFormation template has a top-level {@code Resources} or
 * {@code AWSTemplateFormatVersion}; a Terraform plan has {@code format_version} with {@code planned_values} or
 * {@code resource_changes}. Cheap textual checks: the loader that follows parses for real and reports any fault.
 */
public final class FormatDetector {
    private static final Pattern YAML_CFN = Pattern.compile("(?m)^( *)[\"']?(Resources|AWSTemplateFormatVersion)[\"']?\\s*:");
    private static final Pattern JSON_CFN = Pattern.compile("\"(Resources|AWSTemplateFormatVersion)\"\\s*:");
    private static final Pattern TF_FORMAT = Pattern.compile("\"format_version\"\\s*:");
    private static final Pattern TF_BODY = Pattern.compile("\"(planned_values|resource_changes)\"\\s*:");
    private static final Pattern POLICY = Pattern.compile("\"Statement\"\\s*:");

    private FormatDetector() {
    }

    /** The kind, or empty with {@link #whyNot(String)} explaining it. */
    public static Optional<InputKind> detect(String text) {
        String head = stripLeading(text);
        boolean json = head.startsWith("{") || head.startsWith("[");
        if (json) {
            if (TF_FORMAT.matcher(text).find() && TF_BODY.matcher(text).find()) {
                return Optional.of(InputKind.TERRAFORM_PLAN);
            }
            if (JSON_CFN.matcher(text).find()) {
                return Optional.of(InputKind.CLOUDFORMATION);
            }
            if (TF_BODY.matcher(text).find()) {
                return Optional.of(InputKind.TERRAFORM_PLAN); // hand-trimmed plans without format_version
            }
            return Optional.empty();
        }
        // a top-level key: at the indentation of the document's first line (some templates indent everything)
        int indent = topLevelIndent(text);
        Matcher m = YAML_CFN.matcher(text);
        while (m.find()) {
            if (m.group(1).length() == indent) {
                return Optional.of(InputKind.CLOUDFORMATION);
            }
        }
        return Optional.empty();
    }

    public static String whyNot(String text) {
        String head = stripLeading(text);
        if (head.isEmpty()) {
            return "empty file";
        }
        if ((head.startsWith("{")) && POLICY.matcher(text).find()) {
            return "looks like a policy document; pass service control policies with --scp";
        }
        if (head.startsWith("{") && TF_FORMAT.matcher(text).find()) {
            return "Terraform JSON without planned_values or resource_changes (state or config?); give `terraform show -json PLANFILE` output";
        }
        return "not a CloudFormation template (no Resources) nor a Terraform plan";
    }

    private static int topLevelIndent(String text) {
        for (String line : text.split("\n", 200)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("---") || t.startsWith("%")) {
                continue;
            }
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') {
                n++;
            }
            return n;
        }
        return 0;
    }

    private static String stripLeading(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else {
                break;
            }
        }
        return text.substring(i, Math.min(text.length(), i + 16));
    }
}
