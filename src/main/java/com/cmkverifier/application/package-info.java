/**
 * The application layer: the use cases of the Functions app (start and poll a verification, run a sweep, edit
 * the registry, check queued jobs) and its settings. It may use the core, the registry reader and the state
 * stores; it never imports the Azure Functions library, {@code functions} or {@code cli}.
 */
package com.cmkverifier.application;
