package com.cmkverifier.archfixture.application;

import com.cmkverifier.archfixture.functions.HttpAdapter;

/** Bad: the application layer depending on the Functions adapter. */
public final class AnswersHttp {

    public String answer() {
        return HttpAdapter.status();
    }
}
