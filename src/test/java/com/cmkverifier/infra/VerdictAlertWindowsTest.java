package com.cmkverifier.infra;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict alerts do not flap: the verdict rule looks back at least two sweep intervals (a late sweep never
 * leaves a resource without a verdict in the window), and a heartbeat rule fires when verdicts stop arriving.
 * Both queries go through Kusto.Language in {@code KqlAnalyzerTest}.
 */
class VerdictAlertWindowsTest {

    /** The default SWEEP_SCHEDULE ("0 0 2 * * *") sweeps once a day. */
    private static final Duration SWEEP_INTERVAL = Duration.ofDays(1);
    private static final Path MONITOR = DeploymentFiles.INTEGRATIONS.resolve("monitor");
    private static final Pattern RULE = Pattern.compile(
            "resource \\w+ 'Microsoft.Insights/scheduledQueryRules@[^']+' = \\{(.*?)\\n}", Pattern.DOTALL);
    private static final Pattern AGO = Pattern.compile("ago\\((\\d+)([dh])\\)");

    private static List<String> rules() {
        List<String> rules = new ArrayList<>();
        Matcher m = RULE.matcher(DeploymentFiles.read(MONITOR.resolve("verdict-alert.bicep")));
        while (m.find()) {
            rules.add(m.group(1));
        }
        return rules;
    }

    private static String rule(String query) {
        return rules().stream().filter(r -> r.contains("loadTextContent('" + query + "')")).findFirst()
                .orElseThrow(() -> new AssertionError("no alert rule runs " + query));
    }

    private static Duration field(String rule, String name) {
        Matcher m = Pattern.compile(name + ": '([^']+)'").matcher(rule);
        assertTrue(m.find(), name);
        return Duration.parse(m.group(1));
    }

    private static Duration lookBack(String query) {
        Matcher m = AGO.matcher(DeploymentFiles.read(MONITOR.resolve(query)));
        assertTrue(m.find(), query + " filters by time itself");
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }

    @Test
    void theVerdictRuleLooksBackAtLeastTwoSweepIntervals() {
        String rule = rule("verdicts-not-passing.kql");

        assertTrue(field(rule, "windowSize").compareTo(SWEEP_INTERVAL.multipliedBy(2)) >= 0, rule);
        assertTrue(lookBack("verdicts-not-passing.kql").compareTo(SWEEP_INTERVAL.multipliedBy(2)) >= 0);
    }

    @Test
    void theRotationRuleReportsEachEndedFollowUpOnce() {
        String rule = rule("rotation-outcomes.kql");
        assertEquals(field(rule, "evaluationFrequency"), lookBack("rotation-outcomes.kql"));
        assertEquals(field(rule, "windowSize"), lookBack("rotation-outcomes.kql"));
        assertTrue(rule.contains("autoMitigate: false"), rule);
    }

    @Test
    void aHeartbeatRuleFiresWhenNoVerdictArrivedForMoreThanOneSweepInterval() {
        String rule = rule("verdicts-missing.kql");
        Duration lookBack = lookBack("verdicts-missing.kql");

        assertTrue(lookBack.compareTo(SWEEP_INTERVAL) > 0, "a sweep that is a little late does not fire it");
        assertTrue(field(rule, "windowSize").compareTo(lookBack) >= 0, "the rule's window holds the query's look-back");
        assertTrue(rule.contains("metricMeasureColumn: 'verdicts'") && rule.contains("operator: 'LessThan'")
                && rule.contains("threshold: 1"), rule);
        assertEquals(3, rules().size(), "the verdict rule, the heartbeat rule and the rotation rule");
    }
}
