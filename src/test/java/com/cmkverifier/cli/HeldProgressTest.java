package com.cmkverifier.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeldProgressTest {

    @Test
    void filesReadBeforeItIsShownAreNotPassedOn() {
        List<String> passed = new ArrayList<>();
        HeldProgress progress = new HeldProgress((done, total) -> passed.add(done + "/" + total));
        progress.filesRead(1, 40);
        progress.filesRead(2, 40);
        progress.show();
        progress.filesRead(3, 40);
        progress.filesRead(40, 40);
        assertEquals(List.of("3/40", "40/40"), passed);
    }
}
