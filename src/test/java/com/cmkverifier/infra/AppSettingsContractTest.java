package com.cmkverifier.infra;

import com.cmkverifier.application.AppSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The settings the deployment gives the app are, name for name, the settings the code reads
 * ({@link AppSettings#ALL}) and the ones {@code local.settings.json.example} lists, apart from the platform
 * differences named below.
 */
class AppSettingsContractTest {

    private static final Path EXAMPLE = Path.of("local.settings.json.example");

    /**
     * Platform differences, each deliberate:
     * FUNCTIONS_WORKER_RUNTIME - on Flex Consumption the runtime is functionAppConfig.runtime; the platform rejects
     * the app setting. AzureWebJobsStorage - in Azure it is the identity-based AzureWebJobsStorage__* family
     * (AppSettings.STORAGE_IDENTITY), since the account has shared keys (so connection strings) disabled.
     */
    private static final Set<String> CODE_ONLY_IN_AZURE = Set.of(AppSettings.WORKER_RUNTIME, AppSettings.STORAGE);

    /** Read by the Functions host and its Application Insights integration, not by our code. */
    private static final Set<String> PLATFORM_ONLY = Set.of(
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

    /** Values that differ by environment on purpose (a local emulator, a local identity, a runtime name). */
    private static final Set<String> ENVIRONMENT_SPECIFIC =
            Set.of(AppSettings.STORAGE, AppSettings.WORKER_RUNTIME, AppSettings.AZURE_CLIENT_ID);

    private static final Pattern PARAM_REFERENCE = Pattern.compile("^(?:string\\()?(\\w+)\\)?$");

    private static Map<String, String> bicepSettings() {
        return BicepText.read(DeploymentFiles.API_BICEP).varObject("appSettings")
                .orElseThrow(() -> new AssertionError("api.bicep has no `var appSettings = {...}`"));
    }

    private static Map<String, String> exampleValues() throws Exception {
        JsonNode values = new ObjectMapper().readTree(EXAMPLE.toFile()).get("Values");
        Map<String, String> settings = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return settings;
    }

    @Test
    void theExampleFileListsExactlyTheSettingsTheCodeReads() throws Exception {
        assertEquals(new TreeSet<>(AppSettings.ALL), new TreeSet<>(exampleValues().keySet()));
    }

    @Test
    void bicepSetsEverySettingTheCodeReadsApartFromTheDocumentedPlatformDifferences() {
        Set<String> expected = new TreeSet<>(AppSettings.ALL);
        expected.removeAll(CODE_ONLY_IN_AZURE);
        expected.addAll(AppSettings.STORAGE_IDENTITY);
        expected.addAll(PLATFORM_ONLY);
        assertEquals(expected, new TreeSet<>(bicepSettings().keySet()));
    }

    @Test
    void theWorkerRuntimeComesFromFunctionAppConfigAndNeverFromAnAppSetting() {
        BicepText api = BicepText.read(DeploymentFiles.API_BICEP);
        assertFalse(api.code().contains(AppSettings.WORKER_RUNTIME));
        String site = api.declared("Microsoft.Web/sites").get(0).body().replaceAll("\\s+", " ");
        assertTrue(site.contains("runtime: { name: 'java' version: '17' }"), site);
    }

    @Test
    void hostStorageIsReachedWithTheAppIdentityAndNoConnectionString() {
        Map<String, String> settings = bicepSettings();
        assertEquals("'managedidentity'", settings.get(AppSettings.STORAGE_CREDENTIAL));
        assertEquals("identityClientId", settings.get(AppSettings.STORAGE_CLIENT_ID));
        assertEquals("identityClientId", settings.get(AppSettings.AZURE_CLIENT_ID));
        assertFalse(settings.containsKey(AppSettings.STORAGE));
    }

    /**
     * Every setting whose Bicep value is a parameter default (in api.bicep, and in main.bicep where main passes
     * its own parameter through) equals the example's value: the code's defaults and the deployment's do not drift.
     */
    @Test
    void bicepDefaultsEqualTheExampleValues() throws Exception {
        BicepText api = BicepText.read(DeploymentFiles.API_BICEP);
        BicepText main = BicepText.read(DeploymentFiles.MAIN_BICEP);
        Map<String, String> passedByMain = main.moduleParams(main.statements("module").stream()
                .filter(m -> m.name().equals("api")).findFirst().orElseThrow());
        Map<String, String> example = exampleValues();
        List<String> compared = new java.util.ArrayList<>();
        Set<String> drift = new LinkedHashSet<>();
        bicepSettings().forEach((setting, value) -> {
            Matcher param = PARAM_REFERENCE.matcher(value);
            if (ENVIRONMENT_SPECIFIC.contains(setting) || !example.containsKey(setting) || !param.matches()) {
                return;
            }
            String name = param.group(1);
            List<String> defaults = new java.util.ArrayList<>();
            api.paramDefault(name).ifPresent(defaults::add);
            if (name.equals(passedByMain.get(name))) {
                main.paramDefault(name).ifPresent(defaults::add);
            }
            for (String d : defaults) {
                compared.add(setting);
                if (!d.replace("'", "").equals(example.get(setting))) {
                    drift.add(setting + ": Bicep default " + d + ", example \"" + example.get(setting) + "\"");
                }
            }
        });
        assertTrue(compared.size() >= 15, () -> "compared only " + compared);
        assertEquals(Set.of(), drift);
    }
}
