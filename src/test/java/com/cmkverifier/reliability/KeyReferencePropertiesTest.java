package com.cmkverifier.reliability;

import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVaultHosts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KeyReference#parse}: any text is either a Key Vault key URL or rejected with a reason, never a crash. */
class KeyReferencePropertiesTest {

    @Property(tries = 2000)
    void anyTextIsAcceptedOnAKeyVaultHostOrRejectedWithAReason(@ForAll("urlLike") String text) {
        try {
            KeyReference k = KeyReference.parse(text);
            assertTrue(KeyVaultHosts.isKeyVaultHost(k.vaultHost()), k.vaultHost());
            assertTrue(k.vaultHost().chars().allMatch(c -> c < 128), "ASCII only: " + k.vaultHost());
            assertEquals(k, KeyReference.parse(k.url()), "an accepted URL reads back the same");
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejection says why");
        }
    }

    @Property(tries = 1000)
    void everyWellFormedKeyUrlIsAccepted(@ForAll("validUrls") String url) {
        KeyReference k = KeyReference.parse(url);
        assertEquals(url.toLowerCase(java.util.Locale.ROOT), k.url().toLowerCase(java.util.Locale.ROOT));
    }

    @Provide
    Arbitrary<String> validUrls() {
        List<String> suffixes = new ArrayList<>(KeyVaultHosts.VAULT_SUFFIXES);
        suffixes.addAll(KeyVaultHosts.MANAGED_HSM_SUFFIXES);
        Arbitrary<String> vault = Combinators.combine(Arbitraries.chars().range('a', 'z'),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(22),
                Arbitraries.of('a', 'k', 'z', '0', '9'))
                .as((first, middle, last) -> first + middle + last);
        Arbitrary<String> name = Arbitraries.strings().withChars("ABCabcxyzXYZ0123456789-").ofMinLength(1).ofMaxLength(127);
        Arbitrary<String> version = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(v -> "/" + v));
        return Combinators.combine(vault, Arbitraries.of(suffixes), name, version)
                .as((v, s, n, ver) -> "https://" + v + "." + s + "/keys/" + n + ver);
    }

    /** Valid URLs, mutated: characters replaced, inserted or cut, including hostile and look-alike ones. */
    @Provide
    Arbitrary<String> urlLike() {
        Arbitrary<Character> hostile = Arbitraries.of('|', '"', '\'', '\n', '@', ':', '?', '#', '%', '/', '\\', ' ',
                '\u0430', '\u0435', '\u2028', '\u0000', '.', '-', 'A', '9');
        return Combinators.combine(validUrls(), Arbitraries.integers().between(0, 200), hostile,
                Arbitraries.of("replace", "insert", "cut")).as((url, at, c, how) -> {
                    int i = Math.min(at, url.length());
                    return switch (how) {
                        case "replace" -> i < url.length() ? url.substring(0, i) + c + url.substring(i + 1) : url + c;
                        case "insert" -> url.substring(0, i) + c + url.substring(i);
                        default -> url.substring(0, i);
                    };
                });
    }
}
