/**
 * The report formats (table, JSON of spec section 7, JUnit, activity CSV/JSON) shared by the CLI and the HTTP
 * API. Uses the core and Jackson; never the entry points.
 */
package com.cmkverifier.output;
