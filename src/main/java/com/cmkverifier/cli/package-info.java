/**
 * The cmkv command line: verify, sweep, demo, activity. An entry point like functions: uses the core and the
 * adapters; nothing depends on it.
 */
package com.cmkverifier.cli;
