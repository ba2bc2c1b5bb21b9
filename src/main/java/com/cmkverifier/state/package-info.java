/**
 * The Functions app's state in Azure Storage: runs, sweeps and the registry in tables, jobs on a queue. Uses the
 * core, the registry reader and the Azure Storage SDKs; never the entry points.
 */
package com.cmkverifier.state;
