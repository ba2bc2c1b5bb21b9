/**
 * The one shared Jackson mapper. Used by adapters and entry points; the core never sees JSON.
 */
package com.cmkverifier.json;
