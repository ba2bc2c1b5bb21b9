/**
 * Reads and validates registry files and entries, naming every invalid field, and writes entries back with
 * their unknown fields. Uses the core model and Jackson; never the entry points.
 */
package com.cmkverifier.registry;
