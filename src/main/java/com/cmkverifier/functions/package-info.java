/**
 * The Azure Functions adapter: triggers and HTTP mapping (status codes, problem+json, headers, JSON views) over
 * the {@code application} use cases, and the production wiring {@link com.cmkverifier.functions.AppContext}.
 */
package com.cmkverifier.functions;
