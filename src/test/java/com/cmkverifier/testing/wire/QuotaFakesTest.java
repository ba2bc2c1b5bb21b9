package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quota-enforcing fakes refuse what Azure refuses, with its status, Retry-After and error code. */
class QuotaFakesTest {

    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().sslContext(TestCertificate.clientContext()).build();

    @Test
    void keyVaultRefusesBeyondAVaultsWeightedBudgetAndBeyondItsSubscriptionsFiveFold() throws Exception {
        try (FakeKeyVault vault = new FakeKeyVault()) {
            KeyId soft = new KeyId("kv-a.vault.azure.net", "soft");
            KeyId hsm = new KeyId("kv-a.vault.azure.net", "hsm");
            vault.put(soft, List.of(SampleKeys.rsa(1, CREATED)));
            KeyVersion h = SampleKeys.rsa(2, CREATED);
            vault.put(hsm, List.of(new KeyVersion(h.version(), true, null, null, CREATED, CREATED, "Recoverable",
                    "RSA-HSM", 2048, h.keyOps())));
            KeyVaultLimits limits = new KeyVaultLimits(4, Duration.ofMinutes(1), Clock.systemUTC(), v -> "sub");
            vault.enforce(limits);

            // An HSM key costs twice a software key (2,000 against 4,000 per 10 s): 2 + 1 + 1 = 4 units.
            assertEquals(200, get(vault, hsm).statusCode());
            assertEquals(200, get(vault, soft).statusCode());
            assertEquals(200, get(vault, soft).statusCode());
            HttpResponse<String> refused = get(vault, soft);

            assertEquals(429, refused.statusCode());
            assertTrue(refused.headers().firstValue("Retry-After").orElseThrow().matches("[1-9]\\d*"));
            assertTrue(refused.body().contains("\"code\":\"Throttled\""), refused.body());
            assertEquals(4, limits.vaults().peak("kv-a.vault.azure.net"));
            assertEquals(1, limits.refused());
        }
        try (FakeKeyVault vault = new FakeKeyVault()) {
            KeyVaultLimits limits = new KeyVaultLimits(1, Duration.ofMinutes(1), Clock.systemUTC(), v -> "sub");
            vault.enforce(limits);
            for (int v = 0; v < 6; v++) {
                KeyId k = new KeyId("kv-" + v + ".vault.azure.net", "k");
                vault.put(k, List.of(SampleKeys.rsa(1, CREATED)));
                assertEquals(v < 5 ? 200 : 429, get(vault, k).statusCode(), "vault " + v);
            }
        }
    }

    @Test
    void logsQueueAUsersSixthQueryAndRefuseItOnceItsQueueWaitIsOver() {
        try (FakeLogAnalytics logs = new FakeLogAnalytics()) {
            LogAnalyticsLimits limits = new LogAnalyticsLimits(200, Duration.ofSeconds(30), 5, Duration.ofMillis(50),
                    Duration.ofMillis(500), Clock.systemUTC());
            logs.enforce(limits);
            List<CompletableFuture<HttpResponse<String>>> six = IntStream.range(0, 6)
                    .mapToObj(i -> http.sendAsync(query(logs), HttpResponse.BodyHandlers.ofString())).toList();
            List<Integer> statuses = six.stream().map(f -> f.join().statusCode()).toList();

            // Five served (this body's query is a syntax error: 400 from the service itself), one refused.
            assertEquals(1, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
            assertEquals(5, limits.running().peak());
        }
        try (FakeLogAnalytics logs = new FakeLogAnalytics()) {
            logs.enforce(new LogAnalyticsLimits(2, Duration.ofMinutes(1), 5, Duration.ofMinutes(3), Duration.ZERO,
                    Clock.systemUTC()));
            List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> http.sendAsync(query(logs),
                    HttpResponse.BodyHandlers.ofString()).join()).map(HttpResponse::statusCode).toList();
            assertEquals(List.of(false, false, true), statuses.stream().map(s -> s == 429).toList());
        }
    }

    private HttpResponse<String> get(FakeKeyVault vault, KeyId key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(vault.endpointFor(key.vaultHost()) + "/keys/"
                + key.keyName() + "/?api-version=7.5")).header("Authorization", "Bearer t").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest query(FakeLogAnalytics logs) {
        return HttpRequest.newBuilder(URI.create(logs.endpoint() + "/workspaces/w1/query"))
                .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"let vaults = dynamic([]);\"}")).build();
    }
}
