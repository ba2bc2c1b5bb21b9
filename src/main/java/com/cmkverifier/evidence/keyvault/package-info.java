/**
 * Key metadata live from Key Vault and Managed HSM through the Azure SDK, requested only on Key Vault hosts.
 * Uses the core and the Azure SDK; never the entry points.
 */
package com.cmkverifier.evidence.keyvault;
