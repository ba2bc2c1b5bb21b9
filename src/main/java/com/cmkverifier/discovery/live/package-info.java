/**
 * Live discovery: Azure Resource Graph (paged, within its announced quota) and the few ARM reads it lacks, with
 * validated ids before anything reaches a query. Uses the Azure SDK, discovery and the core; never the entry points.
 */
package com.cmkverifier.discovery.live;
