package com.cmkverifier.archfixture.cli;

import com.cmkverifier.archfixture.evidence.CallsTheCli;

/** An entry point using an adapter, as it may: with {@code CallsTheCli} it forms a cycle. */
public final class Command {

    public String name() {
        return "command";
    }

    public String run() {
        return new CallsTheCli().read();
    }
}
