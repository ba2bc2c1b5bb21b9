/**
 * The evidence adapters: offline files, Key Vault and Log Analytics behind the core's source ports, and
 * what they share. May use the core and the shared JSON mapper; never the entry points (functions, cli).
 */
package com.cmkverifier.evidence;
