package com.cmkverifier.state;

/** How the app reaches its storage account (setting {@code AzureWebJobsStorage} or its identity-based form). */
public sealed interface StorageAccess {

    /** A connection string: Azurite locally ({@code UseDevelopmentStorage=true}) or an account key. */
    record ConnectionString(String value) implements StorageAccess {
        @Override
        public String toString() {
            return "ConnectionString[redacted]";
        }
    }

    /**
     * An account reached with an Entra token; {@code clientId} picks a user-assigned identity, or is null. The
     * endpoints and the sign-in authority are those of the account's cloud (AppSettings derives them).
     */
    record Identity(String accountName, String clientId, String tableEndpoint, String queueEndpoint,
                    String authorityHost) implements StorageAccess {
    }
}
