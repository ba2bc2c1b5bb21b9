/**
 * The disable-and-observe probe (spec section 11): its guards, the restore record, the version switch it drives,
 * what it observes and one rule class per outcome. Part of the core: the JDK and the other core packages only.
 */
package com.cmkverifier.core.probe;
