/**
 * Audit activity live from Log Analytics: the readable KQL of docs/kql with validated values, run through the
 * Azure SDK. Uses the core and the Azure SDK; never the entry points.
 */
package com.cmkverifier.evidence.loganalytics;
