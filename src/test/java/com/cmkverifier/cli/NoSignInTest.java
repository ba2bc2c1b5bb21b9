package com.cmkverifier.cli;

import com.azure.core.credential.TokenCredential;
import com.cmkverifier.testing.signin.SignInFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cmkv verify --live} without a usable Azure sign-in: exit 2 and one actionable line, before any request
 * to Key Vault or Log Analytics, with real azure-identity credentials that cannot reach the network.
 */
class NoSignInTest {

    static final String REGISTRY = """
            {"resources": [{"name": "stcmkdata", "type": "Microsoft.Storage/storageAccounts",
              "key": "https://kv-cmk-prod.vault.azure.net/keys/stg-cmk",
              "identity": {"principalId": "6f9e5a4c-1c1e-4b7e-9a59-6d1f0c2f4d11"},
              "workspaceId": "11111111-1111-1111-1111-111111111111"}]}
            """;

    /** The CLI with {@code --live}'s credential replaced; everything else as in production. */
    static int cmkv(Supplier<TokenCredential> credential, PrintWriter out, PrintWriter err, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == EvidenceOptions.class) {
                    return cls.cast(new EvidenceOptions(credential));
                }
                if (cls == ActivityCommand.class) {
                    return cls.cast(new ActivityCommand(credential));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        return Cmkv.run(args, out, err, factory);
    }

    /** Run in a fresh JVM, so that SLF4J initialises here as it does for a user: its warnings would show. */
    public static void main(String[] args) throws IOException {
        Path registry = Files.createTempFile("registry", ".json");
        Files.writeString(registry, REGISTRY);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = cmkv(SignInFailures::nothingFound, out, err,
                "verify", "--registry", registry.toString(), "--resource", "stcmkdata", "--live");
        Files.delete(registry);
        System.exit(code);
    }

    @Test
    void noCredentialAnywhereExitsTwoWithOneActionableLineAndNothingFromSlf4j(@TempDir Path tmp) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), NoSignInTest.class.getName())
                .redirectError(tmp.resolve("err").toFile()).redirectOutput(tmp.resolve("out").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the CLI finished");

        List<String> err = Files.readAllLines(tmp.resolve("err"));
        assertEquals(2, p.exitValue(), String.join("\n", err));
        assertEquals("", Files.readString(tmp.resolve("out")));
        assertEquals(1, err.size(), "one line on stderr, got:\n" + String.join("\n", err));
        String line = err.get(0);
        assertTrue(line.startsWith("cmkv: no Azure sign-in found for https://api.loganalytics.azure.com"), line);
        assertTrue(line.contains("az login") && line.contains("AZURE_CLIENT_ID") && line.contains("managed identity"), line);
        assertFalse(line.contains("Exception") || line.contains("SLF4J"), line);
    }

    @Test
    void anUnreachableSignInEndpointExitsTwoSayingSo(@TempDir Path tmp) throws IOException {
        Path registry = tmp.resolve("registry.json");
        Files.writeString(registry, REGISTRY);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = cmkv(SignInFailures::unreachableAuthority, new PrintWriter(out), new PrintWriter(err),
                "verify", "--registry", registry.toString(), "--resource", "stcmkdata", "--live", "--verbose");

        assertEquals(2, code, err.toString());
        assertEquals("", out.toString());
        String last = err.toString().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("cmkv: the Azure sign-in endpoint could not be reached"), err.toString());
        assertTrue(last.contains("az login"), last);
    }

    @Test
    void activityLiveChecksTheSignInFirstToo() {
        StringWriter err = new StringWriter();

        int code = cmkv(SignInFailures::nothingFound, new PrintWriter(new StringWriter()), new PrintWriter(err),
                "activity", "--live", "--workspace", "11111111-1111-1111-1111-111111111111");

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().startsWith("cmkv: no Azure sign-in found for https://api.loganalytics.azure.com"),
                err.toString());
    }
}
