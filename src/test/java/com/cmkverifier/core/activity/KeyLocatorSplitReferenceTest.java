package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.KeyId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.Locale;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link KeyLocator#locate} walks indexes instead of splitting the text (it runs for every audit record); this
 * holds it to the split-and-regex reading it replaced, kept here as the reference, on ids and URIs put together
 * from the pieces that decide the answer.
 */
class KeyLocatorSplitReferenceTest {

    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{32}");
    private static final String V = "0123456789abcdef0123456789abcdef";

    @Property(tries = 5000)
    void locatesWhatTheSplitReadingLocates(@ForAll("idsAndUris") String text) {
        KeyLocator.Located expected = bySplitting(text);
        Statistics.collect(expected == null ? "no key" : expected.version() == null ? "key" : "key and version");
        assertEquals(expected, KeyLocator.locate(text), text);
        Statistics.coverage(c -> {
            c.check("key").percentage(p -> p >= 3);
            c.check("key and version").percentage(p -> p >= 0.3);
        });
    }

    @Provide
    Arbitrary<String> idsAndUris() {
        Arbitrary<String> scheme = Arbitraries.of(" https://", "https://", "HTTP://", "://", "https:/", "");
        Arbitrary<String> host = Arbitraries.of("kv-a.vault.azure.net", "KV-A.Vault.Azure.Net", "host", "",
                "kv-a.vault.azure.net:443", "kv:443.x", ".", "\u212a.vault", "h?.x", "h#.x");
        Arbitrary<String> kind = Arbitraries.of("/keys/", "/KEYS/", "/deletedkeys/", "/secrets/", "/keys", "//keys/",
                "/keys//", "/", "/keys?/");
        Arbitrary<String> name = Arbitraries.of("stg-cmk", "Stg-Cmk", "\u0130x", "", "a.b", "k#", "k?x");
        Arbitrary<String> rest = Arbitraries.of("/", "/x/", "//", "/unwrapkey", "?api-version=7.4", "#f", " ", "/?",
                "\t", "/" + V.substring(1), "/" + V + "0", "/" + V.toUpperCase(Locale.ROOT), "/" + V, "/" + V + "?x",
                "?/" + V, "").list().ofMaxSize(4).map(l -> String.join("", l));
        Arbitrary<String> structured = Combinators.combine(scheme, host, kind, name, rest)
                .as((a, b, c, d, e) -> a + b + c + d + e);
        Arbitrary<String> loose = Arbitraries.of("https://", "://", "kv-a.vault.azure.net", ":443", ":", ".", "/",
                "keys", "deletedkeys", "stg-cmk", V, "?", "#", " ", "\u212a", "").list().ofMinSize(1).ofMaxSize(10)
                .map(l -> String.join("", l));
        return Arbitraries.frequencyOf(Tuple.of(4, structured), Tuple.of(1, loose));
    }

    /** The reading before indexes: lower-case, cut, split on slashes, a regex per segment. */
    private static KeyLocator.Located bySplitting(String idOrUri) {
        if (idOrUri == null || idOrUri.isEmpty()) {
            return null;
        }
        String s = idOrUri.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        s = s.substring(scheme + 3);
        int q = s.indexOf('?');
        int h = s.indexOf('#');
        int cut = q < 0 ? h : (h < 0 ? q : Math.min(q, h));
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int slash = s.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String host = s.substring(0, slash);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.isEmpty() || host.indexOf('.') < 0) {
            return null;
        }
        String[] seg = s.substring(slash + 1).split("/");
        if (seg.length < 2 || !(seg[0].equals("keys") || seg[0].equals("deletedkeys")) || seg[1].isEmpty()) {
            return null;
        }
        String version = null;
        for (int i = 2; i < seg.length; i++) {
            if (VERSION.matcher(seg[i]).matches()) {
                version = seg[i];
                break;
            }
        }
        return new KeyLocator.Located(new KeyId(host, seg[1]), version);
    }
}
