package com.cmkverifier.core.activity;

/** A malformed line or record that was skipped: where it was and why. {@code line} is 1-based, 0 if unknown. */
public record SkippedInput(String file, long line, String reason) {
}
