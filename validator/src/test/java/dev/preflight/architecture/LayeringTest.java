package dev.preflight.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the layers honest: a pure core, rules that see only the model, reports that see only results. */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.preflight");
    }

    @Test
    void theCoreDoesNoIoAndKnowsNoParserOrCli() {
        noClasses().that().resideInAnyPackage("dev.preflight.model..", "dev.preflight.rule..", "dev.preflight.rules..",
                        "dev.preflight.infra..", "dev.preflight.policy..", "dev.preflight.coverage..", "dev.preflight.reconcile..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "org.yaml..", "picocli..",
                        "java.io..", "java.nio.file..", "java.net..", "dev.preflight.load..", "dev.preflight.engine..",
                        "dev.preflight.report..", "dev.preflight.cli..", "dev.preflight.config..")
                .because("rules/ is the pure core: model, analyses and rules, without file, process or network I/O")
                .check(classes);
    }

    @Test
    void theCoreNeverStartsProcesses() {
        noClasses().that().resideInAnyPackage("dev.preflight.model..", "dev.preflight.rule..", "dev.preflight.rules..",
                        "dev.preflight.infra..", "dev.preflight.policy..", "dev.preflight.coverage..", "dev.preflight.reconcile..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .check(classes);
    }

    @Test
    void rulesSeeOnlyTheModel() {
        noClasses().that().resideInAnyPackage("dev.preflight.rules..", "dev.preflight.infra..", "dev.preflight.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.preflight.load..", "dev.preflight.engine..",
                        "dev.preflight.report..", "dev.preflight.cli..", "dev.preflight.config..")
                .check(classes);
    }

    @Test
    void reportsSeeOnlyResults() {
        noClasses().that().resideInAPackage("dev.preflight.report..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.preflight.infra..", "dev.preflight.load.cloudformation..", "dev.preflight.load.terraform..",
                        "dev.preflight.load.cdk..", "dev.preflight.load.document..", "dev.preflight.rules..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.preflight.model.Resource")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.preflight.model.ResourceGraph")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.preflight.model.Value")
                .because("reports render findings (results, inputs, coverage), never the infrastructure graph")
                .check(classes);
    }

    @Test
    void loadersDoNotKnowRulesOrReports() {
        noClasses().that().resideInAPackage("dev.preflight.load..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.preflight.rules..", "dev.preflight.rule..",
                        "dev.preflight.report..", "dev.preflight.cli..", "dev.preflight.engine..")
                .check(classes);
    }
}
