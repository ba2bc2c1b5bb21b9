package com.cmkverifier.application;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.registry.RegistryException;
import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.state.RegistryChange;
import com.cmkverifier.state.RegistryStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * The registry: list, read, create or replace, delete; entries validated as registry files are. Every write
 * records who made it and when.
 */
public final class Resources {

    /** The read-only field that answers carry: who last wrote the entry, and when. */
    public static final String CHANGED = "changed";

    private final RegistryStore registry;
    private final Clock clock;
    private final String appIdentity;

    /** @param appIdentity who the app is when it writes entries itself (from the seed file) */
    public Resources(RegistryStore registry, Clock clock, String appIdentity) {
        this.registry = registry;
        this.clock = clock;
        this.appIdentity = appIdentity;
    }

    /** What a put did: the entry as stored, whether it was new, and who wrote it when. */
    public record Stored(ProtectedResource resource, boolean created, RegistryChange change) {
    }

    /**
     * Adds the entries of a registry file that are not registered yet, once per version of the file (its
     * content's SHA-256): entries deleted or edited through the API stay so across restarts, until the file
     * itself changes. Returns how many were added.
     *
     * @throws BadSetting naming {@link AppSettings#REGISTRY_SEED_FILE} when the file cannot be read or is invalid
     */
    public int seed(Path file) {
        byte[] content;
        Registry seed;
        try {
            content = Files.readAllBytes(file);
            seed = RegistryReader.read(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new BadSetting("setting " + AppSettings.REGISTRY_SEED_FILE + ": cannot read " + file);
        } catch (RegistryException e) {
            throw new BadSetting("setting " + AppSettings.REGISTRY_SEED_FILE + ": " + file + " is not a valid registry: "
                    + e.getMessage());
        }
        String version = HexFormat.of().formatHex(sha256(content));
        if (registry.seeded(version)) {
            return 0;
        }
        int added = registry.addAllIfAbsent(seed.resources(), new RegistryChange(appIdentity, clock.instant()));
        registry.markSeeded(version);
        return added;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public List<RegistryStore.Entry> list() {
        return registry.entries();
    }

    public RegistryStore.Entry get(String name) {
        checkName(name);
        return registry.entry(name).orElseThrow(() -> notRegistered(name));
    }

    /**
     * Creates or replaces the entry {@code name} from a JSON object whose own name, if any, must match.
     *
     * @param by the caller's object id, recorded with the entry
     */
    public Stored put(String name, JsonNode entry, String by) {
        checkName(name);
        // Set by the app, never by a body: a read-edit-write round trip brings the last writer's back.
        ((ObjectNode) entry).remove(CHANGED);
        JsonNode bodyName = entry.get("name");
        if (bodyName == null || bodyName.isNull()) {
            ((ObjectNode) entry).put("name", name);
        } else if (!bodyName.isTextual() || !bodyName.asText().equalsIgnoreCase(name)) {
            throw new InvalidRequest("name", "must equal the name in the URL, '" + name + "'");
        }
        ProtectedResource r;
        try {
            r = RegistryReader.parseEntry(entry, "");
        } catch (RegistryException e) {
            throw new InvalidRequest(e.errors());
        }
        RegistryChange change = new RegistryChange(by, clock.instant());
        return new Stored(r, registry.put(r, change), change);
    }

    /** Deletes the entry; answers who deleted it and when, for the log (the entry itself is gone). */
    public RegistryChange delete(String name, String by) {
        checkName(name);
        if (!registry.delete(name)) {
            throw notRegistered(name);
        }
        return new RegistryChange(by, clock.instant());
    }

    private static NotFound notRegistered(String name) {
        return new NotFound("resource '" + name + "' is not registered");
    }

    private static void checkName(String name) {
        if (name == null || !RegistryReader.NAME.matcher(name).matches()) {
            throw new InvalidRequest("name", "must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
