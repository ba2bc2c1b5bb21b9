/**
 * One small class per ARM resource type: where its encryption names the key and the identity, and what says that
 * CMK is off. Uses the discovery model, the core model and Jackson; nothing else.
 */
package com.cmkverifier.discovery.types;
