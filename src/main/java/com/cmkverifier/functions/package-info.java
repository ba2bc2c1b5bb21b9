/**
 * The Azure Functions entry point: HTTP, queue and timer functions, settings, problems and the use cases behind
 * them. Uses everything below it (core, evidence, state, output, registry); nothing depends on it.
 */
package com.cmkverifier.functions;
