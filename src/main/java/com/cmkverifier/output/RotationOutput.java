package com.cmkverifier.output;

import com.cmkverifier.json.Jackson;
import com.cmkverifier.core.rotation.RotationReport;
import com.cmkverifier.core.rotation.VersionReadiness;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders rotation readiness ({@code cmkv versions}, {@code GET /api/keys/.../versions}) as a table or JSON. */
public final class RotationOutput {

    private static final String[] COLUMNS = {"version", "state", "enabled", "created", "expires", "uses",
            "lastUse", "configured"};

    private RotationOutput() {
    }

    public static ObjectNode tree(RotationReport r) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.put("key", r.key());
        o.set("lookBack", JsonReport.window(r.lookBack()));
        o.put("evidenceFrom", text(r.evidenceFrom()));
        o.put("complete", r.complete());
        ArrayNode issues = o.putArray("issues");
        r.issues().forEach(issues::add);
        ArrayNode versions = o.putArray("versions");
        for (VersionReadiness v : r.versions()) {
            ObjectNode vo = versions.addObject();
            vo.put("version", v.version());
            vo.put("state", v.state().name());
            vo.put("reason", v.reason());
            if (v.enabled() == null) {
                vo.putNull("enabled");
            } else {
                vo.put("enabled", v.enabled());
            }
            vo.put("created", text(v.created()));
            vo.put("expires", text(v.expires()));
            ArrayNode configured = vo.putArray("configuredResources");
            v.configuredResources().forEach(configured::add);
            vo.put("successfulUses", v.uses());
            vo.put("lastSuccessfulUse", text(v.lastUse()));
            ArrayNode callers = vo.putArray("callers");
            for (VersionReadiness.CallerUse c : v.callers()) {
                callers.addObject().put("caller", c.caller()).put("uses", c.uses()).put("lastUse", text(c.lastUse()));
            }
        }
        return o;
    }

    public static String json(RotationReport r) {
        try {
            return Jackson.MAPPER.writeValueAsString(tree(r)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String table(RotationReport r) {
        List<String[]> rows = new ArrayList<>();
        for (VersionReadiness v : r.versions()) {
            rows.add(new String[] {v.version(), v.state().name(), v.enabled() == null ? "?" : v.enabled().toString(),
                    orDash(v.created()), orDash(v.expires()), Long.toString(v.uses()), orDash(v.lastUse()),
                    String.join(", ", v.configuredResources())});
        }
        int[] width = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            final int col = i;
            width[i] = Math.max(COLUMNS[i].length(), rows.stream().mapToInt(c -> c[col].length()).max().orElse(0));
        }
        StringBuilder sb = new StringBuilder("Versions of ").append(r.key()).append(", look-back ")
                .append(r.lookBack().from()).append(" .. ").append(r.lookBack().to()).append("\n\n");
        ActivityOutput.appendRow(sb, COLUMNS, width);
        rows.forEach(c -> ActivityOutput.appendRow(sb, c, width));
        sb.append('\n');
        for (VersionReadiness v : r.versions()) {
            sb.append(v.version()).append(": ").append(v.reason()).append('\n');
        }
        r.issues().forEach(i -> sb.append("incomplete evidence: ").append(i).append('\n'));
        return sb.toString();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String orDash(Instant t) {
        return t == null ? "-" : t.toString();
    }
}
