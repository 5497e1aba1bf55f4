package dev.preflight.companion;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real companion tools for integration tests. On a developer machine without them the tests are skipped with a
 * message that says how to install them; in CI ({@code CI=true}) a missing tool fails the build instead, so a
 * green CI always means the real processes ran.
 */
final class RequiredTool {
    private RequiredTool() {
    }

    static Path cfnLint() {
        return require("cfn-lint", CfnLint.VARIABLE, "bash .ci/run installs it into .ci/.venv (pip install cfn-lint)", true);
    }

    /** cfn-lint as the command line finds it: on PATH or through PREFLIGHT_CFN_LINT, as a user has it. */
    static Path cfnLintAsUsersHaveIt() {
        return require("cfn-lint", CfnLint.VARIABLE, "put .ci/.venv/bin on PATH or set PREFLIGHT_CFN_LINT", false);
    }

    static Path opa() {
        return require("opa", "PREFLIGHT_OPA", "bash .ci/run installs it (go install github.com/open-policy-agent/opa)", false);
    }

    private static Path require(String name, String variable, String install, boolean venvFirst) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (venvFirst) {
            // the CI virtual environment, when present, wins over whatever else is on PATH
            Path venv = Path.of("..", ".ci", ".venv", "bin").toAbsolutePath().normalize();
            env.put("PATH", venv + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
        }
        ExecutableSearch.Found found = new ExecutableSearch(name, variable, env).find();
        if (found.executable().isPresent()) {
            return found.executable().get();
        }
        String message = name + " is not installed (" + found.problem() + "): " + install;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort("skipped: " + message);
        return null;
    }
}
