package com.cmkverifier.functions;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.registry.RegistryException;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.state.RegistryStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The registry API: list, read, create or replace, delete; entries validated as registry files are. */
public final class Resources {

    static final String PATH = "/api/resources/";

    private final RegistryStore registry;

    public Resources(RegistryStore registry) {
        this.registry = registry;
    }

    /** Adds the entries of a registry file that are not registered yet; returns how many were added. */
    public int seed(Path file) {
        Registry seed = RegistryReader.read(file);
        int added = 0;
        for (ProtectedResource r : seed.resources()) {
            added += registry.addIfAbsent(r) ? 1 : 0;
        }
        return added;
    }

    public ApiResponse list() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode list = o.putArray("resources");
        registry.registry().resources().forEach(r -> list.add(RegistryReader.toJson(r)));
        return ApiResponse.json(200, o);
    }

    public ApiResponse get(String name) {
        return ApiResponse.json(200, RegistryReader.toJson(existing(name)));
    }

    public ApiResponse put(String name, Optional<String> body) {
        checkName(name);
        JsonNode entry = RequestBody.object(body);
        JsonNode bodyName = entry.get("name");
        if (bodyName == null || bodyName.isNull()) {
            ((ObjectNode) entry).put("name", name);
        } else if (!bodyName.isTextual() || !bodyName.asText().equalsIgnoreCase(name)) {
            throw Problem.invalid("name", "must equal the name in the URL, '" + name + "'");
        }
        ProtectedResource r;
        try {
            r = RegistryReader.parseEntry(entry, "");
        } catch (RegistryException e) {
            throw Problem.invalid(e.errors());
        }
        boolean created = registry.put(r);
        ApiResponse answer = ApiResponse.json(created ? 201 : 200, RegistryReader.toJson(r));
        return created ? answer.with("Location", PATH + r.name()) : answer;
    }

    public ApiResponse delete(String name) {
        checkName(name);
        if (!registry.delete(name)) {
            throw Problem.notFound("resource '" + name + "' is not registered");
        }
        return new ApiResponse(204, Map.of(), null);
    }

    private ProtectedResource existing(String name) {
        checkName(name);
        return registry.find(name).orElseThrow(() -> Problem.notFound("resource '" + name + "' is not registered"));
    }

    private static void checkName(String name) {
        if (name == null || !RegistryReader.NAME.matcher(name).matches()) {
            throw Problem.invalid("name", "must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
