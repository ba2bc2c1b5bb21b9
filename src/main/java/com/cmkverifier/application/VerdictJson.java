package com.cmkverifier.application;

import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.output.JsonReport;
import com.cmkverifier.state.ChunkedText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A verdict as stored with its run: the report's verdict shape plus its window. A verdict too large for an
 * entity loses its findings' evidence first and its per-version report next, and says so, rather than failing
 * or cutting JSON in half.
 */
final class VerdictJson {

    private VerdictJson() {
    }

    static String of(Verdict v) {
        ObjectNode o = JsonReport.verdict(v);
        o.set("window", JsonReport.window(v.window()));
        String text = o.toString();
        if (ChunkedText.fits(text)) {
            return text;
        }
        for (JsonNode f : o.withArray("findings")) {
            ((ObjectNode) f).remove("evidence");
        }
        o.put("truncated", "finding evidence removed: the verdict exceeded the storage entity limit");
        text = o.toString();
        if (ChunkedText.fits(text)) {
            return text;
        }
        o.remove("keyVersions");
        o.put("truncated", "finding evidence and key versions removed: the verdict exceeded the storage entity limit");
        return o.toString();
    }
}
