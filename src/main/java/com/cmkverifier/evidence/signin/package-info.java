/**
 * Entra sign-in for the live sources: the token scope of each Azure service, a token check before any work, and
 * one actionable sentence when sign-in fails. Uses Azure Identity and the JDK; never the entry points.
 */
package com.cmkverifier.evidence.signin;
