package dev.preflight.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.preflight.model.Value;
import dev.preflight.rule.Rule;
import dev.preflight.rules.BuiltInRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the rule pack's names and package boundaries: {@code rule} is the framework (Rule, results, scenarios),
 * {@code rules.<domain>} hold the rules of one domain and their private helpers, {@code rules} itself only the
 * registry. Every class that implements {@link Rule} is named {@code ...Rule}.
 */
class RuleLayoutTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.preflight");
    }

    @Test
    void everyRuleIsNamedRule() {
        classes().that().implement(Rule.class)
                .should().haveSimpleNameEndingWith("Rule")
                .check(classes);
    }

    @Test
    void rulesLiveInTheirDomainPackage() {
        classes().that().implement(Rule.class)
                .should().resideInAnyPackage("dev.preflight.rules.network", "dev.preflight.rules.workload",
                        "dev.preflight.rules.policy", "dev.preflight.rules.guardduty")
                .andShould().bePublic()
                .because("a rule sits with the rules of its domain (design-review.md, 'A layout that answers them')")
                .check(classes);
    }

    @Test
    void aRulePackageHoldsRulesAndTheirPackagePrivateHelpers() {
        classes().that().resideInAnyPackage("dev.preflight.rules.network", "dev.preflight.rules.workload",
                        "dev.preflight.rules.policy", "dev.preflight.rules.guardduty")
                .and().arePublic().and().areTopLevelClasses()
                .should().implement(Rule.class)
                .because("what other packages need (views, the condition mechanism) belongs in infra/ or rule/")
                .check(classes);
    }

    @Test
    void theRulesPackageItselfIsTheRegistryOnly() {
        classes().that().resideInAPackage("dev.preflight.rules").and().areTopLevelClasses()
                .should().haveFullyQualifiedName(BuiltInRules.class.getName())
                .check(classes);
    }

    @Test
    void ruleDomainsDoNotDependOnEachOther() {
        slices().matching("dev.preflight.rules.(*)..")
                .should().notDependOnEachOther()
                .check(classes);
    }

    @Test
    void frameworkModelAndViewsKnowNoRule() {
        noClasses().that().resideInAnyPackage("dev.preflight.model..", "dev.preflight.rule..",
                        "dev.preflight.infra..", "dev.preflight.policy..", "dev.preflight.coverage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.preflight.rules..")
                .because("the rule pack builds on the framework and the domain views, never the other way round")
                .check(classes);
    }

    @Test
    void rulesAndViewsReadValuesThatAreNeverNull() {
        noClasses().that().resideInAnyPackage("dev.preflight.rules..", "dev.preflight.rule..", "dev.preflight.infra..",
                        "dev.preflight.policy..", "dev.preflight.coverage..", "dev.preflight.reconcile..")
                .should().callMethod(Value.class, "get", String.class)
                .orShould().callMethod(Value.Struct.class, "get", String.class)
                .because("Value.at gives Absent for a field that is not set, never null: one way to say absent, and no "
                        + "`v == null || v.isAbsent()` guards (raw get is the loaders' document access)")
                .check(classes);
    }

    @Test
    void theRegistryListsEveryRuleClass() {
        long ruleClasses = classes.stream()
                .filter(c -> c.isAssignableTo(Rule.class) && !c.isInterface()
                        && c.getPackageName().startsWith("dev.preflight.rules."))
                .count();
        assertThat(BuiltInRules.all()).hasSize((int) ruleClasses);
    }
}
