package com.cmkverifier.lab;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Archive-format evidence of a requested size for benchmarks: one blob per vault and hour of the day before
 * {@link SampleLab#EVALUATION_TIME}, a registry of {@code resources} entries spread over the vaults, and their
 * key metadata (one REST key bundle array per vault). Everything is streamed to disk as it is made: memory
 * use does not grow with the size.
 *
 * <p>The mix follows what a busy vault logs: mostly token challenges, secret reads, Resource Graph key reads
 * and other keys' unwraps; about one record in seven is a registered resource unwrapping or wrapping its key.
 */
final class SyntheticEvidence {

    static final int HOURS = 24;
    /** Rough size of one archive line, to spread a blob's records over its hour. */
    private static final int TYPICAL_LINE_BYTES = 900;
    private static final int APPLICATIONS = 50;
    private static final List<String> TYPES = List.of("Microsoft.Storage/storageAccounts",
            "Microsoft.Sql/servers", "Microsoft.Compute/diskEncryptionSets", "Microsoft.DBforPostgreSQL/flexibleServers",
            "Microsoft.ServiceBus/namespaces", "Microsoft.EventHub/namespaces", "Microsoft.DataFactory/factories");

    /** @param sizeBytes approximate total size of the archive blobs */
    record Settings(long sizeBytes, int resources, int vaults, long seed) {
        Settings {
            if (sizeBytes <= 0 || resources <= 0 || vaults <= 0) {
                throw new IllegalArgumentException("--size-mb, --resources and --vaults must be positive");
            }
            if (vaults > 1000) {
                throw new IllegalArgumentException("--vaults must be at most 1000 (vault names kv-synth-000..999)");
            }
        }
    }

    private final Settings settings;
    private final Random random;
    private final PrintStream progress;
    private final String subscription;
    private final Instant firstHour = SampleLab.EVALUATION_TIME.minus(Duration.ofHours(HOURS));

    SyntheticEvidence(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.progress = progress;
        this.subscription = Identifiers.guid("synthetic/" + settings.seed() + "/subscription");
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out);
        JsonOutput.write(out.resolve("lab.json"), Map.of("evaluationTime", SampleLab.EVALUATION_TIME.toString(),
                "window", SampleLab.WINDOW));
        writeRegistry(out.resolve("registry.json"));
        writeKeys(out.resolve("keys"));
        writeBlobs(out.resolve("logs"));
    }

    // --- the estate, computed from indexes so that nothing is held in memory --------------------------------

    private Vault vault(int v) {
        return new Vault(subscription, "rg-synth-" + (v % 10), String.format(Locale.ROOT, "kv-synth-%03d", v));
    }

    private int resourcesIn(int v) {
        return (settings.resources() - v + settings.vaults() - 1) / settings.vaults();
    }

    /** The {@code n}-th resource whose key lives in vault {@code v}. */
    private int resourceIndex(int v, int n) {
        return v + n * settings.vaults();
    }

    private String resourceName(int i) {
        return String.format(Locale.ROOT, "res-%05d", i);
    }

    private String resourceId(int i) {
        String type = TYPES.get(i % TYPES.size());
        return "/subscriptions/" + subscription + "/resourceGroups/rg-app-" + (i % 50) + "/providers/" + type + "/"
                + resourceName(i);
    }

    private LabKey key(int i) {
        Vault v = vault(i % settings.vaults());
        String name = String.format(Locale.ROOT, "cmk-%05d", i);
        Instant created = SampleLab.EVALUATION_TIME.minus(Duration.ofDays(30 + i % 300));
        return new LabKey(v, name, Identifiers.keyVersion(v.name() + "/" + name + "/" + settings.seed()), "RSA", 2048,
                List.of("wrapKey", "unwrapKey"), true, created, created, null, LabKey.RECOVERABLE);
    }

    private CallerIdentity identity(int i) {
        return CallerIdentity.managed(principalId(i), Identifiers.guid("synthetic/" + settings.seed() + "/app/" + i),
                resourceId(i).replace("/resourceGroups/", "/resourcegroups/"), "20.38." + (i % 250) + "." + (i % 200 + 1),
                "azsdk-net-Security.KeyVault.Keys/4.5.0");
    }

    private String principalId(int i) {
        return Identifiers.guid("synthetic/" + settings.seed() + "/principal/" + i);
    }

    private CallerIdentity application(int n) {
        return CallerIdentity.managed(Identifiers.guid("synthetic/" + settings.seed() + "/other/" + n),
                Identifiers.guid("synthetic/" + settings.seed() + "/other-app/" + n), null,
                "51.105." + n + ".10", "azsdk-java-azure-security-keyvault-secrets/4.9.0");
    }

    // --- the files ------------------------------------------------------------------------------------------

    private void writeRegistry(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator g = JsonOutput.prettyGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("resources");
            for (int i = 0; i < settings.resources(); i++) {
                g.writeObject(new RegistryEntry(resourceName(i), TYPES.get(i % TYPES.size()), resourceId(i),
                        key(i).versionlessUrl(), Map.of("principalId", principalId(i)),
                        Identifiers.guid("synthetic/" + settings.seed() + "/workspace"),
                        Map.of("owner", "team-" + i % 20)).toJson());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private void writeKeys(Path dir) throws IOException {
        Files.createDirectories(dir);
        KeyMetadataWriter keys = new KeyMetadataWriter(random);
        for (int v = 0; v < settings.vaults(); v++) {
            try (Writer w = Files.newBufferedWriter(dir.resolve(vault(v).name() + ".json"), StandardCharsets.UTF_8);
                 JsonGenerator g = JsonOutput.prettyGenerator(w)) {
                g.writeStartArray();
                for (int n = 0; n < resourcesIn(v); n++) {
                    g.writeObject(keys.restBundle(key(resourceIndex(v, n))));
                }
                g.writeEndArray();
                g.writeRaw('\n');
            }
        }
    }

    private void writeBlobs(Path dir) throws IOException {
        long perBlob = Math.max(1, settings.sizeBytes() / ((long) settings.vaults() * HOURS));
        long written = 0;
        long records = 0;
        for (int h = 0; h < HOURS; h++) {
            Instant hour = firstHour.plus(Duration.ofHours(h));
            for (int v = 0; v < settings.vaults(); v++) {
                Path file = dir.resolve(vault(v).blobPath(hour));
                Files.createDirectories(file.getParent());
                try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    long[] blob = fillBlob(w, v, hour, perBlob);
                    written += blob[0];
                    records += blob[1];
                }
            }
            progress.printf(Locale.ROOT, "synthetic: hour %d/%d, %.1f MB, %d records%n", h + 1, HOURS,
                    written / 1e6, records);
        }
    }

    /** Writes records into one blob until it holds {@code budget} bytes; returns {bytes, records}. */
    private long[] fillBlob(BufferedWriter w, int v, Instant hour, long budget) {
        long[] counts = new long[2];
        long expected = Math.max(1, budget / TYPICAL_LINE_BYTES);
        long hourNanos = Duration.ofHours(1).toNanos();
        long stepNanos = hourNanos / expected;
        AuditEvents events = new AuditEvents(random, e -> {
            String line = ArchiveRecordWriter.line(e) + "\n";
            try {
                w.write(line);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            counts[0] += line.length();
            counts[1]++;
        });
        for (long n = 0; counts[0] < budget; n++) {
            // Spread over the hour at the 100 ns resolution of audit timestamps; a blob that overfills its
            // estimate piles its last records into the hour's last tick rather than spill into the next blob.
            long offset = Math.min(n * stepNanos + random.nextInt(10_000) * 100L, hourNanos - 100);
            oneRecord(events, v, hour.plusNanos(offset / 100 * 100));
        }
        return counts;
    }

    private void oneRecord(AuditEvents events, int v, Instant t) {
        Vault vault = vault(v);
        int roll = random.nextInt(100);
        int mine = resourcesIn(v);
        if (roll < 14 && mine > 0) {
            int i = resourceIndex(v, random.nextInt(mine));
            events.keyOp(t, key(i), identity(i), roll < 12 ? "KeyUnwrap" : "KeyWrap", 200, null);
        } else if (roll < 40) {
            events.challenge(t, vault, vault.url() + "/secrets/app-secret-" + random.nextInt(40) + "/",
                    application(random.nextInt(APPLICATIONS)));
        } else if (roll < 60) {
            events.secretGet(t, vault, "app-secret-" + random.nextInt(40), application(random.nextInt(APPLICATIONS)),
                    roll < 58 ? 200 : 404);
        } else if (roll < 78 && mine > 0) {
            events.keyGet(t, key(resourceIndex(v, random.nextInt(mine))), PlatformCallers.RESOURCE_GRAPH);
        } else if (roll < 94) {
            int other = random.nextInt(APPLICATIONS);
            LabKey otherKey = new LabKey(vault, "app-key-" + other, Identifiers.keyVersion(vault.name() + other), "RSA",
                    2048, List.of(), true, firstHour, firstHour, null, LabKey.RECOVERABLE);
            events.keyOp(t, otherKey, application(other), roll < 90 ? "KeyUnwrap" : "KeyWrap", 200, null);
        } else if (roll < 98) {
            events.listKeys(t, vault, PlatformCallers.POLICY_INSIGHTS);
        } else {
            events.vaultGet(t, vault, application(random.nextInt(APPLICATIONS)).withLongObjectIdClaim());
        }
    }
}
