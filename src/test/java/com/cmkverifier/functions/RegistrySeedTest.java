package com.cmkverifier.functions;

import com.cmkverifier.application.AppSettings;
import com.cmkverifier.core.model.ProtectedResource;
import com.microsoft.azure.functions.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 12: the configured registry file seeds the registry once per version; API deletions and edits stick. */
class RegistrySeedTest {

    @TempDir
    Path dir;

    private static int status(TestApp app, AppContext context, String name) {
        return FunctionCall.of(new ResourceFunctions(() -> context).get(
                app.call.request(HttpMethod.GET, "/api/resources/" + name, null), name, app.call.context)).code();
    }

    @Test
    void aDeletedSeededEntryStaysDeletedAfterAColdStartEvenWhenTheFileChanges() throws Exception {
        SweepTest sweeps = new SweepTest();
        sweeps.dir = dir;
        Path file = sweeps.registry(3);
        TestApp app = new TestApp(dir, Map.of(AppSettings.REGISTRY_SEED_FILE, file.toString()));
        assertEquals(204, FunctionCall.of(app.resources.delete(app.call.request(HttpMethod.DELETE,
                "/api/resources/st0001", null), "st0001", app.call.context)).code());

        AppContext coldStart = new AppContext(AppSettings.from(app.env), Clock.systemUTC(), () -> app.evidence);
        assertEquals(404, status(app, coldStart, "st0001"), "the same file version is not seeded again");
        assertEquals(200, status(app, coldStart, "st0000"));

        // A redeploy that only changes line endings, then one that adds an entry: both new file versions.
        Files.writeString(file, Files.readString(file).replace(",", ",\r\n"));
        AppContext crlf = new AppContext(AppSettings.from(app.env), Clock.systemUTC(), () -> app.evidence);
        assertEquals(404, status(app, crlf, "st0001"), "a deleted entry comes back only by an explicit PUT");
        Files.writeString(file, Files.readString(file).replace("st0002", "st0099"));
        Map<String, String> env = new HashMap<>(app.env);
        AppContext newVersion = new AppContext(AppSettings.from(env), Clock.systemUTC(), () -> app.evidence);
        assertEquals(200, status(app, newVersion, "st0099"), "a new file version adds its new entries");
        assertEquals(404, status(app, newVersion, "st0001"), "and still not the deleted one");
    }

    @Test
    void twoColdStartsSeedingAChangedFileAtOnceAddEachEntryOnceAndNeverADeletedOne() throws Exception {
        SweepTest sweeps = new SweepTest();
        sweeps.dir = dir;
        Path file = sweeps.registry(150);
        TestApp app = new TestApp(dir, Map.of(AppSettings.REGISTRY_SEED_FILE, file.toString()));
        assertEquals(204, FunctionCall.of(app.resources.delete(app.call.request(HttpMethod.DELETE,
                "/api/resources/st0001", null), "st0001", app.call.context)).code());
        Files.writeString(file, Files.readString(file).replace(",", ",\r\n").replace("st0149", "st0999"));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppContext>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starts.add(pool.submit(() -> {
                go.await();
                return new AppContext(AppSettings.from(app.env), Clock.systemUTC(), () -> app.evidence);
            }));
        }
        go.countDown();
        AppContext first = starts.get(0).get();
        starts.get(1).get();
        pool.shutdown();

        List<String> names = first.resources().list().registry().resources().stream()
                .map(ProtectedResource::name).sorted().toList();
        assertEquals(150, names.size(), "149 seeded before (one deleted) plus the new st0999, none twice: " + names.size());
        assertEquals(404, status(app, first, "st0001"));
        assertEquals(200, status(app, first, "st0999"));
        assertEquals(200, status(app, first, "st0149"), "dropped from the file, kept in the registry");
    }
}
