package dev.preflight.companion;

import java.nio.file.Path;

/** A CloudFormation template cfn-lint checks: its real path, and the path reports show for it. */
public record CfnLintTarget(Path path, String displayPath) {
}
