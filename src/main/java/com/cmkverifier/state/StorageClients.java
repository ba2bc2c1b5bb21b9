package com.cmkverifier.state;

import com.azure.core.credential.TokenCredential;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;

/**
 * Builds the Table and Queue clients from the app's storage connection. Build once per process: the clients
 * are thread-safe and hold the connection pool.
 */
public final class StorageClients {

    private final StorageAccess access;
    private final TokenCredential credential;

    public StorageClients(StorageAccess access) {
        this.access = access;
        this.credential = access instanceof StorageAccess.Identity id ? credential(id) : null;
    }

    private static TokenCredential credential(StorageAccess.Identity id) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().authorityHost(id.authorityHost());
        if (id.clientId() != null) {
            builder.managedIdentityClientId(id.clientId());
        }
        return builder.build();
    }

    public TableServiceClient tables() {
        TableServiceClientBuilder builder = new TableServiceClientBuilder();
        if (access instanceof StorageAccess.Identity id) {
            builder.endpoint(id.tableEndpoint()).credential(credential);
        } else {
            builder.connectionString(((StorageAccess.ConnectionString) access).value());
        }
        return builder.buildClient();
    }

    /** A queue client whose messages are Base64, the encoding the Functions queue trigger expects. */
    public QueueClient queue(String name) {
        QueueClientBuilder builder = new QueueClientBuilder().queueName(name).messageEncoding(QueueMessageEncoding.BASE64);
        if (access instanceof StorageAccess.Identity id) {
            builder.endpoint(id.queueEndpoint()).credential(credential);
        } else {
            builder.connectionString(((StorageAccess.ConnectionString) access).value());
        }
        return builder.buildClient();
    }
}
