package com.cmkverifier.cli;

/** Whether a person is watching: colour and progress only then. */
final class Terminal {

    private Terminal() {
    }

    static boolean isInteractive() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(term);
    }
}
