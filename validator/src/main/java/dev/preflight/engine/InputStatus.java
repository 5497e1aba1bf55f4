package dev.preflight.engine;

/**
 * One row of the report's input list. {@code format} is the wire name (cloudformation, terraform-plan,
 * cdk-assembly, scp) or null when the file was skipped or unreadable before its format was known.
 */
public record InputStatus(String file, String format, int resources, String skipped, String error) {
}
