package com.cmkverifier.functions;

import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.Rotation;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The follow-ups of a key as JSON (openapi.json's {@code KeyRotations}), newest first. */
final class RotationView {

    private RotationView() {
    }

    static ApiResponse of(List<Rotation> rotations) {
        ObjectNode body = Jackson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("rotations");
        for (Rotation r : rotations) {
            ObjectNode o = list.addObject().put("key", r.key()).put("oldVersion", r.oldVersion())
                    .put("newVersion", r.newVersion()).put("openedAt", r.openedAt().toString())
                    .put("state", r.open() ? "open" : "done");
            o.put("outcome", r.outcome());
            o.put("oldVersionState", r.oldVersionState());
            o.put("reason", r.reason());
            o.put("nextCheckAt", r.nextCheckAt() == null ? null : r.nextCheckAt().toString());
            o.put("deadline", r.deadline().toString());
            ArrayNode resources = o.putArray("resources");
            for (Rotation.Tracked t : r.resources()) {
                resources.addObject().put("name", t.name()).put("type", t.type()).put("pickup", t.pickup().toString())
                        .put("dueAt", t.dueAt().toString()).put("state", t.state().name())
                        .put("checkedAt", t.checkedAt() == null ? null : t.checkedAt().toString())
                        .put("detail", t.detail());
            }
        }
        return ApiResponse.json(200, body);
    }
}
