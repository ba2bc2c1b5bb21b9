/**
 * The verdict history: final verdicts kept in an outbox, then sent to the Log Analytics table, best effort and never
 * in the way of a verdict. Uses the application layer, state, output and the ingestion transport; never the
 * Functions library.
 */
package com.cmkverifier.application.history;
