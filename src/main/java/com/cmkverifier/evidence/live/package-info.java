/**
 * The live sources wired together from their settings (DefaultAzureCredential, endpoints, timeouts). Uses the
 * Key Vault and Log Analytics adapters and the core; never the entry points.
 */
package com.cmkverifier.evidence.live;
