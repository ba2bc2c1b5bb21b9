package com.cmkverifier.archfixture.functions;

/** An entry point, harmless on its own. */
public final class HttpAdapter {

    public static String status() {
        return "202";
    }
}
