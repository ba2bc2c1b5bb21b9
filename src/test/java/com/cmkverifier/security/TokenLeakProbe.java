package com.cmkverifier.security;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.output.JsonReport;
import com.cmkverifier.output.TableReport;
import com.cmkverifier.reliability.Estate;
import com.cmkverifier.testing.wire.Reply;
import reactor.core.publisher.Mono;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Run in its own JVM by {@link SecretsNeverLeakTest} with the Azure SDK's logging at its most verbose: verifies
 * an estate whose sources fail in several ways, with a credential that hands out {@link #TOKEN}, and prints the
 * reports; then prints whether the token really went out on the wire.
 */
public final class TokenLeakProbe {

    static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.cmkv-probe-token-5f1c0d.sig";
    static final String SENT = "probe: token sent on the wire = ";

    private TokenLeakProbe() {
    }

    public static void main(String[] args) {
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        try (Estate estate = new Estate(4)) {
            estate.vault.server().failNext(Estate.vaultOf(0), 100, Reply.error(500, "InternalError", "boom"));
            estate.vault.server().dropNext(Estate.vaultOf(1), 100);
            estate.vault.server().failNext(Estate.vaultOf(2), 100, Reply.error(401, "Unauthorized", "bad token")
                    .withHeader("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/t\", "
                            + "resource=\"https://vault.azure.net\""));
            estate.logs.server().failNext(Estate.activityQueriesOf(Estate.workspace(0)), 100,
                    Reply.error(403, "InsufficientAccessError", "The provided credentials have insufficient access"));
            estate.logs.server().failNext(Estate.activityQueriesOf(Estate.workspace(1)), 100,
                    Reply.json(200, "{\"tables\": [tru"));
            LiveSources sources = estate.sources(1, Duration.ofSeconds(5), Duration.ofSeconds(5), credential);

            VerificationReport report = estate.verify(sources);

            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println(JsonReport.write(report));
            out.println(TableReport.write(report, false));
            out.println(SENT + (estate.vault.server().count(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")))
                    + estate.logs.server().count(r -> ("Bearer " + TOKEN).equals(r.header("Authorization"))) > 0));
            out.flush();
        }
    }
}
