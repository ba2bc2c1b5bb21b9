/**
 * Discovery (spec section 9): Azure's description of an estate (offline files or live) turned into registry
 * entries and merged into an existing registry, and the configuration source that drift rules read. Uses the core,
 * the registry reader and Jackson; never the entry points.
 */
package com.cmkverifier.discovery;
