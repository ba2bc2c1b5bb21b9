package com.cmkverifier.archfixture.evidence;

import com.cmkverifier.archfixture.cli.Command;

/** Bad: an evidence adapter that depends on an entry point (and so closes a cycle with it). */
public final class CallsTheCli {

    public String read() {
        return new Command().name();
    }
}
