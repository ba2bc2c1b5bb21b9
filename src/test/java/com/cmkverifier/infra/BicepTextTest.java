package com.cmkverifier.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scanner under the deployment checks tells code from strings and comments. */
class BicepTextTest {

    @Test
    void aDoubleSlashInsideAStringIsNotAComment() {
        BicepText bicep = BicepText.of("t.bicep", "var uri = 'https://example.com' // trailing comment\n");
        assertTrue(bicep.code().contains("'https://example.com'"));
        assertFalse(bicep.code().contains("trailing comment"));
    }

    @Test
    void bracesInsideInterpolatedStringsDoNotEndTheResourceBody() {
        BicepText bicep = BicepText.of("t.bicep", """
                resource app 'Microsoft.Web/sites@2024-04-01' = {
                  name: '${prefix}-{literal}-${take(uniqueString('a}'), 4)}'
                  properties: {
                    httpsOnly: true
                  }
                }
                output x string = 'y'
                """);
        BicepText.Resource app = bicep.declared("Microsoft.Web/sites").get(0);
        assertTrue(app.body().contains("httpsOnly: true"), app.body());
        assertFalse(app.body().contains("output"), app.body());
    }

    @Test
    void objectKeysAreReadAtTheFirstLevelOnly() {
        BicepText bicep = BicepText.of("t.bicep", """
                var settings = {
                  A: 'x'
                  'quoted-key': union(tags, {
                    Nested: 1
                  })
                  B: {
                    Inner: 2
                  }
                  // C: 'commented out'
                }
                """);
        Map<String, String> entries = bicep.varObject("settings").orElseThrow();
        assertEquals(Set.of("A", "quoted-key", "B"), entries.keySet());
        assertEquals("'x'", entries.get("A"));
    }

    @Test
    void statementsAreSplitAtTopLevelKeywordsOnly() {
        BicepText bicep = BicepText.of("t.bicep", """
                param required string
                @description('has a default')
                param optional int = 3
                module m 'm.bicep' = {
                  name: 'm'
                  params: {
                    output: 'not an output statement'
                  }
                }
                output result string = m.outputs.value
                """);
        assertEquals(List.of("required", "optional", "m", "result"),
                bicep.statements().stream().map(BicepText.Statement::name).toList());
        assertEquals(Map.of("required", false, "optional", true), bicep.params());
        assertEquals(Set.of("output"), bicep.moduleParams(bicep.statements("module").get(0)).keySet());
    }
}
