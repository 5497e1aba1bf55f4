package dev.preflight.engine;

/**
 * One row of the report's input list. {@code format} is the wire name (cloudformation, terraform-plan,
 * cdk-assembly, scp) or null when the file was skipped or unreadable before its format was known.
 * {@code symlink} is where the input really is when it was reached through a symbolic link, else null.
 */
public record InputStatus(String file, String format, int resources, String skipped, String error, String symlink) {
    public InputStatus(String file, String format, int resources, String skipped, String error) {
        this(file, format, resources, skipped, error, null);
    }

    public InputStatus withSymlink(String target) {
        return new InputStatus(file, format, resources, skipped, error, target);
    }
}
