package com.cmkverifier;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.rules.FindingRule;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency rule as tests: the core depends on the JDK only, adapters never on entry points, no cycles
 * between top-level packages, one small final class per finding rule named after its code. Each rule is a
 * function of the root package, so that the same rule runs on the production classes and, to prove it bites,
 * on deliberately bad classes under {@code com.cmkverifier.archfixture}. Only the rule on the application layer,
 * a package that may not exist yet, accepts finding no classes to check; the others fail on an empty import.
 */
class ArchitectureTest {

    private static final String ROOT = "com.cmkverifier";
    private static final String FIXTURE = "com.cmkverifier.archfixture";
    /** The largest rule today is about 55 lines; a rule that needs more is doing two things. */
    private static final int RULE_LINE_BUDGET = 80;

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    static ArchRule coreDependsOnlyOnTheJdk(String root) {
        return classes().that().resideInAPackage(root + ".core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".core..")
                .as("the core (" + root + ".core..) depends only on the JDK and itself");
    }

    static ArchRule adaptersNeverDependOnEntryPoints(String root) {
        return noClasses().that().resideInAnyPackage(root + ".evidence..", root + ".state..", root + ".output..",
                        root + ".registry..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".functions..", root + ".cli..")
                .as("evidence, state, output and registry never depend on functions or cli");
    }

    static ArchRule applicationNeverDependsOnEntryPoints(String root) {
        return noClasses().that().resideInAPackage(root + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".functions..", root + ".cli..")
                .allowEmptyShould(true)
                .as("the application layer never depends on functions or cli");
    }

    static ArchRule noCyclesBetweenTopLevelPackages(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule findingRulesAreSmallFinalAndNamedAfterTheirCode(String root, int lineBudget) {
        return classes().that().resideInAPackage(root + ".core.rules..").and().implement(FindingRule.class)
                .and(notAbstract())
                .should().haveModifier(JavaModifier.FINAL)
                .andShould(beNamedAfterTheirFindingCode())
                .andShould(haveAtMostLines(lineBudget));
    }

    private static DescribedPredicate<JavaClass> notAbstract() {
        return DescribedPredicate.describe("are concrete", c -> !c.isInterface()
                && !c.getModifiers().contains(JavaModifier.ABSTRACT));
    }

    /** {@code KEY_USE_CONFIRMED} -> {@code KeyUseConfirmed}. */
    static String pascalCase(String code) {
        return Stream.of(code.split("_"))
                .map(w -> w.charAt(0) + w.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
    }

    /** The name must match the FindingCode constant(s) that the rule's code() method reads. */
    private static ArchCondition<JavaClass> beNamedAfterTheirFindingCode() {
        return new ArchCondition<>("be named after the finding code their code() returns") {
            @Override
            public void check(JavaClass rule, ConditionEvents events) {
                Set<String> codes = rule.getMethods().stream().filter(m -> m.getName().equals("code"))
                        .flatMap(m -> m.getFieldAccesses().stream())
                        .filter(a -> a.getTargetOwner().isEquivalentTo(FindingCode.class))
                        .map(JavaFieldAccess::getName).collect(Collectors.toSet());
                boolean ok = codes.size() == 1 && pascalCase(codes.iterator().next()).equals(rule.getSimpleName());
                String expected = codes.stream().map(ArchitectureTest::pascalCase).collect(Collectors.joining(", "));
                events.add(new SimpleConditionEvent(rule, ok, rule.getName() + " returns " + codes
                        + " from code(), so it should be named " + (expected.isEmpty() ? "after one code" : expected)));
            }
        };
    }

    private static ArchCondition<JavaClass> haveAtMostLines(int budget) {
        return new ArchCondition<>("have at most " + budget + " source lines") {
            @Override
            public void check(JavaClass rule, ConditionEvents events) {
                long lines = sourceLines(rule);
                events.add(new SimpleConditionEvent(rule, lines <= budget,
                        rule.getName() + " has " + lines + " source lines (budget " + budget + ")"));
            }
        };
    }

    private static long sourceLines(JavaClass c) {
        String relative = c.getPackageName().replace('.', '/') + "/"
                + c.getSourceCodeLocation().getSourceFileName();
        for (String dir : List.of("src/main/java", "src/test/java")) {
            Path file = Path.of(dir, relative);
            if (Files.isRegularFile(file)) {
                try (Stream<String> lines = Files.lines(file)) {
                    return lines.count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no source file for " + c.getName() + " (" + relative + ")");
    }

    // --- the production classes --------------------------------------------------------------------------

    @Test
    void theCoreDependsOnlyOnTheJdk() {
        coreDependsOnlyOnTheJdk(ROOT).check(PRODUCTION);
    }

    @Test
    void adaptersNeverDependOnEntryPoints() {
        adaptersNeverDependOnEntryPoints(ROOT).check(PRODUCTION);
    }

    @Test
    void theApplicationLayerNeverDependsOnEntryPoints() {
        applicationNeverDependsOnEntryPoints(ROOT).check(PRODUCTION);
    }

    @Test
    void thereAreNoCyclesBetweenTopLevelPackages() {
        noCyclesBetweenTopLevelPackages(ROOT).check(PRODUCTION);
    }

    @Test
    void eachFindingRuleIsASmallFinalClassNamedAfterItsCode() {
        findingRulesAreSmallFinalAndNamedAfterTheirCode(ROOT, RULE_LINE_BUDGET).check(PRODUCTION);
    }

    /** docs/design.md: every package has a package-info.java saying what it owns and what it may use. */
    @Test
    void everyPackageSaysWhatItOwns() {
        List<String> without = PRODUCTION.stream().map(JavaClass::getPackageName).distinct()
                .filter(p -> !Files.exists(Path.of("src/main/java", p.replace('.', '/'), "package-info.java")))
                .sorted().toList();
        assertEquals(List.of(), without, "packages without package-info.java");
    }

    // --- the rules bite: the same rules on deliberately bad classes ----------------------------------------

    private static final JavaClasses BAD = new ClassFileImporter().importPackages(FIXTURE);

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(BAD);
        assertTrue(result.hasViolation(), () -> "the rule did not bite: " + rule.getDescription());
        return result.getFailureReport().getDetails();
    }

    private static void assertNamed(List<String> violations, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(violations.stream().anyMatch(v -> v.contains(fragment)),
                    () -> "no violation names '" + fragment + "' in " + violations);
        }
    }

    @Test
    void aCoreClassUsingJacksonIsAViolation() {
        assertNamed(violations(coreDependsOnlyOnTheJdk(FIXTURE)),
                "archfixture.core.ParsesJsonInTheCore", "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void anEvidenceClassReachingIntoTheCliIsAViolation() {
        assertNamed(violations(adaptersNeverDependOnEntryPoints(FIXTURE)),
                "archfixture.evidence.CallsTheCli", "archfixture.cli.Command");
    }

    @Test
    void anApplicationClassReachingIntoFunctionsIsAViolation() {
        assertNamed(violations(applicationNeverDependsOnEntryPoints(FIXTURE)),
                "archfixture.application.AnswersHttp", "archfixture.functions.HttpAdapter");
    }

    @Test
    void twoTopLevelPackagesUsingEachOtherAreACycle() {
        assertNamed(violations(noCyclesBetweenTopLevelPackages(FIXTURE)), "Cycle detected", "archfixture.evidence",
                "archfixture.cli");
    }

    @Test
    void aMisnamedOpenOrLongFindingRuleIsAViolation() {
        List<String> found = violations(findingRulesAreSmallFinalAndNamedAfterTheirCode(FIXTURE, 10));
        assertNamed(found, "DisabledKeyCheck", "should be named KeyDisabled", "modifier FINAL", "budget 10");
    }
}
