package com.cmkverifier.cli;

public final class Cmkv {
    public static void main(String[] args) {
    }
}
