package com.cmkverifier.cli;

/** Bad arguments or unusable input: reported as one line on stderr with exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
