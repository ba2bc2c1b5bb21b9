/**
 * Transport only: rows to Azure Monitor's Logs Ingestion API through azure-core's pipeline, in bounded gzip batches,
 * with its settings validated once. Knows nothing of verdicts; uses azure-core and the JDK only.
 */
package com.cmkverifier.publish.loganalytics;
