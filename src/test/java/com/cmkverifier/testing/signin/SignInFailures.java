package com.cmkverifier.testing.signin;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Real azure-identity credentials that fail the way a workstation without a sign-in does, without any network:
 * nothing found in an empty environment, and an Entra endpoint that cannot be reached (a closed loopback port,
 * never login.microsoftonline.com).
 */
public final class SignInFailures {

    private SignInFailures() {
    }

    /** A chain whose one credential reads the AZURE_* variables of an empty environment: it finds nothing. */
    public static TokenCredential nothingFound() {
        Configuration empty = new ConfigurationBuilder(path -> Map.of(), path -> Map.of(), path -> Map.of()).build();
        return new ChainedTokenCredentialBuilder()
                .addLast(new EnvironmentCredentialBuilder().configuration(empty).build()).build();
    }

    /** A service principal whose tenant's sign-in endpoint is a closed port on 127.0.0.1. */
    public static TokenCredential unreachableAuthority() {
        return new ClientSecretCredentialBuilder().tenantId("00000000-0000-0000-0000-000000000001")
                .clientId("00000000-0000-0000-0000-000000000002").clientSecret("not-a-secret")
                .authorityHost("https://127.0.0.1:" + closedPort()).disableInstanceDiscovery().build();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
