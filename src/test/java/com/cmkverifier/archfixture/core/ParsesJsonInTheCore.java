package com.cmkverifier.archfixture.core;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Bad: the core reaching for a JSON library. */
public final class ParsesJsonInTheCore {

    public Object parse(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
