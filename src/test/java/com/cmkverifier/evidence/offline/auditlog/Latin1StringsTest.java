package com.cmkverifier.evidence.offline.auditlog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class Latin1StringsTest {

    /**
     * Far more distinct texts than the table has slots, from a small alphabet and of similar lengths, so that
     * texts share slots and replace each other: every answer is still exactly the text's bytes.
     */
    @Property(tries = 20)
    void answersTheTextOfTheBytesWhateverWasAskedBefore(@ForAll("texts") List<String> texts) {
        Latin1Strings strings = new Latin1Strings();
        byte[] buffer = new byte[Latin1Strings.MAX_LENGTH + 20];
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            // At an offset in a larger buffer, as lines are read, with other bytes around it.
            int at = text.length() % 7;
            Arrays.fill(buffer, (byte) 'x');
            System.arraycopy(bytes, 0, buffer, at, bytes.length);
            assertEquals(text, strings.of(buffer, at, at + bytes.length));
        }
    }

    @Provide
    Arbitrary<List<String>> texts() {
        // Short texts of six letters repeat and share lengths; long ones reach past what the table keeps.
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.strings().withChars("ab/-09").ofMaxLength(10)),
                Tuple.of(1, Arbitraries.strings().withChars("ab/-09")
                        .ofMaxLength(Latin1Strings.MAX_LENGTH + 10)));
        return text.list().ofMinSize(Latin1Strings.SLOTS).ofMaxSize(Latin1Strings.SLOTS * 2);
    }

    @Property(tries = 50)
    void answersTheSameStringForTheSameBytesAskedAgain(@ForAll("anyText") String text) {
        Latin1Strings strings = new Latin1Strings();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertSame(strings.of(bytes, 0, bytes.length), strings.of(bytes.clone(), 0, bytes.length));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().ascii().ofMaxLength(Latin1Strings.MAX_LENGTH);
    }
}
