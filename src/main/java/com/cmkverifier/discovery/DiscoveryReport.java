package com.cmkverifier.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Comparator;

/** What a discovery did: entries added / changed / kept / reverted / gone, notes and skipped rows; table or JSON. */
public final class DiscoveryReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DiscoveryReport() {
    }

    public static String table(Discovery.Result r) {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(5, r.changes().stream().mapToInt(c -> c.name().length()).max().orElse(0));
        sb.append(String.format("%-" + width + "s  %-8s  %s%n", "ENTRY", "OUTCOME", "DETAIL"));
        r.changes().stream().sorted(Comparator.comparing(Discovery.Change::outcome))
                .forEach(c -> sb.append(String.format("%-" + width + "s  %-8s  %s%n", c.name(), c.outcome(), c.detail())));
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        for (AzureDescription.Skipped s : r.skipped()) {
            sb.append("skipped: ").append(s.where()).append(": ").append(s.reason()).append('\n');
        }
        sb.append(String.format("%nDiscovered: %d added, %d changed, %d kept, %d reverted, %d gone   (rows read: %d, skipped: %d)%n",
                r.count(Discovery.Outcome.ADDED), r.count(Discovery.Outcome.CHANGED), r.count(Discovery.Outcome.KEPT),
                r.count(Discovery.Outcome.REVERTED), r.count(Discovery.Outcome.GONE), r.rows(), r.skipped().size()));
        return sb.toString();
    }

    public static String json(Discovery.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode changes = root.putArray("entries");
        for (Discovery.Change c : r.changes()) {
            ObjectNode o = changes.addObject().put("name", c.name()).put("outcome", c.outcome().name().toLowerCase())
                    .put("detail", c.detail());
            if (c.resourceId() != null) {
                o.put("resourceId", c.resourceId());
            }
        }
        ObjectNode summary = root.putObject("summary");
        for (Discovery.Outcome o : Discovery.Outcome.values()) {
            summary.put(o.name().toLowerCase(), r.count(o));
        }
        r.notes().forEach(root.putArray("notes")::add);
        ArrayNode skipped = root.putArray("skipped");
        r.skipped().forEach(s -> skipped.addObject().put("where", s.where()).put("reason", s.reason()));
        root.putObject("inputs").put("rows", r.rows()).put("skipped", r.skipped().size());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
