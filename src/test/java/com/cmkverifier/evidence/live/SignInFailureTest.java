package com.cmkverifier.evidence.live;

import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.signin.AzureSignIn;
import com.cmkverifier.testing.signin.SignInFailures;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without a usable sign-in, what the Functions app's worker sees: the sources answer INCONCLUSIVE with the
 * actionable sentence (before: a NullPointerException text, because a credential failure is an
 * HttpResponseException without a response), and no request reaches Key Vault or Log Analytics with a token.
 */
class SignInFailureTest {

    private static final Instant AT = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyId KEY = new KeyId("kv-a.vault.azure.net", "stg-cmk");

    private final FakeKeyVault vault = new FakeKeyVault();
    private final FakeLogAnalytics logs = new FakeLogAnalytics();

    @AfterEach
    void stop() {
        vault.close();
        logs.close();
    }

    private LiveSources sources() {
        vault.put(KEY, List.of(SampleKeys.rsa(1, AT.minus(Duration.ofDays(9)))));
        LiveSettings settings = new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(3),
                Duration.ofSeconds(30), 200, 4, 0, Duration.ofMillis(10));
        return LiveSources.create(settings, SignInFailures.nothingFound(), WireServer.trustingClient(),
                VaultEndpoints.overriding(Map.of(KEY.vaultHost(), vault.endpointFor(KEY.vaultHost()))));
    }

    @Test
    void aVerificationWithoutSignInIsInconclusiveWithTheFixNotAnExceptionName() {
        ProtectedResource r = new ProtectedResource("st", "Microsoft.Storage/storageAccounts", null,
                KeyReference.parse(KEY.toString()), "6f9e5a4c-1c1e-4b7e-9a59-6d1f0c2f4d11", null, null,
                "11111111-1111-1111-1111-111111111111", null, null, null);
        LiveSources live = sources();

        Verdict v = new VerificationService(live.auditLogs(), live.keyMetadata(), VerificationSettings.DEFAULTS)
                .verify(new Registry(List.of(r)), List.of(r), Window.ending(AT, Duration.ofDays(1)), AT)
                .verdicts().get(0);

        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        String all = v.findings().toString();
        assertTrue(v.has(FindingCode.SOURCE_INCOMPLETE), all);
        assertTrue(all.contains("no Azure sign-in found") && all.contains("az login"), all);
        assertFalse(all.contains("Exception"), all);
        assertEquals(0, logs.server().count(x -> x.authenticated()) + vault.authenticatedRequests(),
                "no request carried a token");
    }

    @Test
    void thePreflightNamesTheFirstServiceWithoutAToken() {
        AzureSignIn.Unavailable e = assertThrows(AzureSignIn.Unavailable.class,
                () -> sources().requireSignIn(Set.of("kv-a.vault.azure.net", "hsm.managedhsm.azure.net"), false));

        assertTrue(e.getMessage().startsWith("no Azure sign-in found for https://vault.azure.net:")
                || e.getMessage().startsWith("no Azure sign-in found for https://managedhsm.azure.net:"), e.getMessage());
    }

    @Test
    void scopesFollowTheServiceHosts() {
        assertEquals("https://vault.azure.cn/.default", AzureSignIn.keyVaultScope("kv-x.vault.azure.cn"));
        assertEquals("https://managedhsm.azure.net/.default", AzureSignIn.keyVaultScope("hsm.managedhsm.azure.net"));
        assertEquals("https://api.loganalytics.us/.default",
                AzureSignIn.logsScope(URI.create("https://api.loganalytics.us/v1")));
    }
}
