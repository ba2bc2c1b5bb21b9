/**
 * The Azure clouds (public, China, US Government) and the hosts each one's services live at: the one place that
 * says which sign-in authority, Key Vault, Logs API, Resource Manager and storage hosts belong together. JDK only.
 */
package com.cmkverifier.evidence.cloud;
