/**
 * What each CMK-capable resource type does with its key (services.md): proof operations, first-party callers,
 * accepted keys. JDK only.
 */
package com.cmkverifier.core.types;
