/**
 * Verification that needs no caller: Azure's Event Grid events (resource writes, new key versions, expiring
 * keys) turned into verifications and rotation follow-ups. Uses the application use cases, the core and the state
 * stores; never the Azure Functions library, {@code functions} or {@code cli}.
 */
package com.cmkverifier.application.events;
